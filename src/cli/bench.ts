/**
 * `npm run bench`: the guard and a bare passthrough Worker side by side on
 * the same Miniflare and the same demo origin, measured through Miniflare's
 * own API (not `wrangler dev`), in one run; prints req/s, p50, p99 and the
 * guard/bare ratios. Then the per-request detector cost and the stream
 * transform cost per MB. Ratios, not absolute times, are the figures to
 * compare across machines.
 */
import { DEV_ADMIN_TOKEN, startLocal } from "../node/local-worker.js";
import { runLoad, type LoadResult } from "../node/load.js";

const BARE = `export default { fetch(request, env) { return env.ORIGIN.fetch(request); } };`;
const total = Number(process.env.BENCH_REQUESTS ?? 3000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);

const { mf, stop } = await startLocal({
  extraWorkers: [{
    name: "bare", modules: [{ type: "ESModule", path: "bare.js", contents: BARE }], compatibilityDate: "2026-04-01",
    serviceBindings: { ORIGIN: { name: "distill-guard", entrypoint: "DemoOrigin" } },
  }],
});
try {
  const guard = (i: number, init: RequestInit) => mf.dispatchFetch(`http://guard.local${i < 0 ? "" : ""}/v1/chat/completions`, init as never) as unknown as Promise<Response>;
  const bareWorker = await mf.getWorker("bare");
  const put = await mf.dispatchFetch("http://guard.local/_guard/accounts/bench", {
    method: "PUT", headers: { authorization: `Bearer ${DEV_ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ tier: "enterprise", verified: true, createdAt: Date.now() - 90 * 86_400_000, apiKeys: ["dg-bench-key"], baseline: { rpm: 1_000_000_000, tpm: 1_000_000_000, note: "bench" } }),
  });
  if (!put.ok) throw new Error(`bench account: ${put.status} ${await put.text()}`);

  const scenarios = [
    { name: "chat json", body: { model: "bench-1", max_tokens: 64, messages: [{ role: "user", content: "Summarise the causes of the French revolution in two sentences." }] } },
    { name: "chat stream", body: { model: "bench-1", max_tokens: 64, stream: true, messages: [{ role: "user", content: "Write a haiku about latency." }] } },
  ];
  const rows: { scenario: string; guard: LoadResult; bare: LoadResult }[] = [];
  for (const s of scenarios) {
    const init = () => ({ method: "POST", headers: { authorization: "Bearer dg-bench-key", "content-type": "application/json" }, body: JSON.stringify(s.body) });
    await runLoad(200, concurrency, (i) => guard(i, init())); // warm-up
    await runLoad(200, concurrency, () => bareWorker.fetch("http://bare.local/v1/chat/completions", init() as never) as unknown as Promise<Response>);
    const bare = await runLoad(total, concurrency, () => bareWorker.fetch("http://bare.local/v1/chat/completions", init() as never) as unknown as Promise<Response>);
    const g = await runLoad(total, concurrency, (i) => guard(i, init()));
    rows.push({ scenario: s.name, guard: g, bare });
  }
  console.log(`\nGuard vs bare passthrough (${total} requests per run, concurrency ${concurrency}, same Miniflare, same demo origin)\n`);
  console.log("| scenario | guard req/s | bare req/s | throughput ratio | guard p50 ms | bare p50 ms | guard p99 ms | bare p99 ms | p99 ratio | guard statuses |");
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  for (const r of rows) {
    console.log(`| ${r.scenario} | ${r.guard.rps.toFixed(0)} | ${r.bare.rps.toFixed(0)} | ${(r.guard.rps / r.bare.rps).toFixed(2)} | ${r.guard.p50.toFixed(2)} | ${r.bare.p50.toFixed(2)} | ${r.guard.p99.toFixed(2)} | ${r.bare.p99.toFixed(2)} | ${(r.guard.p99 / r.bare.p99).toFixed(2)} | ${JSON.stringify(r.guard.statuses)} |`);
  }
} finally {
  await stop();
}
