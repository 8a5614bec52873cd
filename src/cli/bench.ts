/**
 * `npm run bench`: the guard and a bare passthrough Worker side by side on
 * the same Miniflare and the same demo origin, reached the same way
 * (Miniflare's own API, not `wrangler dev`), in alternating rounds of one
 * run; prints req/s, p50, p99 and the guard/bare ratios. Then the per-request
 * detector CPU cost, the stream transform cost per MB, the replay's stages
 * (bench-replay.ts: what only the main thread can do bounds it) and the bundle size.
 * Ratios, not absolute times, are the figures to compare across machines.
 */
import { gzipSync } from "node:zlib";
import { benchSafeguards } from "../safeguards/bench.js";
import { DEV_ADMIN_TOKEN, guardBundle, startLocal } from "../node/local-worker.js";
import { runLoad, type LoadResult } from "../node/load.js";
import { benchDetect } from "./bench-detect.js";
import { benchReplay, replayBenchTable } from "./bench-replay.js";

const BARE = `export default { fetch(request, env) { return env.ORIGIN.fetch(request); } };`;
const total = Number(process.env.BENCH_REQUESTS ?? 1000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const accounts = Number(process.env.BENCH_ACCOUNTS ?? concurrency);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function proxyBench(): Promise<void> {
  const { mf, stop } = await startLocal({
    extraWorkers: [{
      name: "bare", modules: [{ type: "ESModule", path: "bare.js", contents: BARE }], compatibilityDate: "2026-04-01",
      serviceBindings: { ORIGIN: { name: "distill-guard", entrypoint: "DemoOrigin" } },
    }],
  });
  try {
    const guard = await mf.getWorker("distill-guard");
    const bare = await mf.getWorker("bare");
    // One account per concurrent client: a Durable Object serialises its own
    // account's admissions, so a single account would measure one object.
    for (let a = 0; a < accounts; a++) {
      const put = await guard.fetch(`http://guard.local/_guard/accounts/bench-${a}`, {
        method: "PUT", headers: { authorization: `Bearer ${DEV_ADMIN_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ tier: "enterprise", verified: true, org: "bench", createdAt: Date.now() - 90 * 86_400_000, apiKeys: [`dg-bench-key-${a}`], baseline: { rpm: 1_000_000_000, tpm: 1_000_000_000, note: "bench" } }),
      });
      if (!put.ok) throw new Error(`bench account: ${put.status} ${await put.text()}`);
    }
    const scenarios = [
      { name: "chat json", body: { model: "bench-1", max_tokens: 64, messages: [{ role: "user", content: "Summarise the causes of the French revolution in two sentences." }] } },
      { name: "chat stream", body: { model: "bench-1", max_tokens: 64, stream: true, messages: [{ role: "user", content: "Write a haiku about latency." }] } },
    ];
    console.log(`\nGuard vs bare passthrough: ${rounds} alternating rounds of ${total} requests, concurrency ${concurrency} over ${accounts} accounts, same Miniflare, same demo origin; medians of the rounds\n`);
    console.log("| scenario | guard req/s | bare req/s | throughput ratio | guard p50 ms | bare p50 ms | p50 ratio | guard p99 ms | bare p99 ms | p99 ratio |");
    console.log("|---|---|---|---|---|---|---|---|---|---|");
    for (const s of scenarios) {
      let n = 0;
      const init = () => ({ method: "POST", headers: { authorization: `Bearer dg-bench-key-${n++ % accounts}`, "content-type": "application/json" }, body: JSON.stringify(s.body) });
      const g: LoadResult[] = [];
      const b: LoadResult[] = [];
      await runLoad(200, concurrency, () => guard.fetch("http://guard.local/v1/chat/completions", init()) as unknown as Promise<Response>);
      await runLoad(200, concurrency, () => bare.fetch("http://bare.local/v1/chat/completions", init()) as unknown as Promise<Response>);
      for (let r = 0; r < rounds; r++) {
        b.push(await runLoad(total, concurrency, () => bare.fetch("http://bare.local/v1/chat/completions", init()) as unknown as Promise<Response>));
        g.push(await runLoad(total, concurrency, () => guard.fetch("http://guard.local/v1/chat/completions", init()) as unknown as Promise<Response>));
      }
      const bad = g.reduce((n, x) => n + x.errors + x.requests - (x.statuses["200"] ?? 0), 0);
      if (bad > 0) throw new Error(`guard answered ${bad} bench requests with a non-200 status: ${JSON.stringify(g.map((x) => x.statuses))}`);
      const m = (xs: LoadResult[], k: "rps" | "p50" | "p99") => median(xs.map((x) => x[k]));
      const row = [m(g, "rps"), m(b, "rps"), m(g, "p50"), m(b, "p50"), m(g, "p99"), m(b, "p99")];
      console.log(`| ${s.name} | ${row[0]!.toFixed(0)} | ${row[1]!.toFixed(0)} | ${(row[0]! / row[1]!).toFixed(2)} | ${row[2]!.toFixed(2)} | ${row[3]!.toFixed(2)} | ${(row[2]! / row[3]!).toFixed(2)} | ${row[4]!.toFixed(2)} | ${row[5]!.toFixed(2)} | ${(row[4]! / row[5]!).toFixed(2)} |`);
    }
  } finally {
    await stop();
  }
}

await proxyBench();

console.log("\nPer-request signals (computeSignals), CPU time in Node\n\n| prompt | p50 ms | p99 ms |\n|---|---|---|");
for (const [k, v] of Object.entries(await benchDetect())) console.log(`| ${k} | ${v.p50Ms} | ${v.p99Ms} |`);

const sg = await benchSafeguards();
console.log("\nStream transforms (safeguards), cost per MB of SSE\n\n| stream.transform | MB/s | ms per MB |\n|---|---|---|");
for (const key of Object.keys(sg.mbPerSec)) console.log(`| ${key} | ${sg.mbPerSec[key]} | ${sg.msPerMb[key]} |`);

const rb = await benchReplay();
console.log(`\nReplay (node engine), simulated day at scale ${rb.scale}: ${rb.lines.toLocaleString("en-US")} lines\n`);
console.log(replayBenchTable(rb));

const code = await guardBundle();
console.log(`\nWorker bundle: ${(code.length / 1024).toFixed(0)} KiB unminified, ${(gzipSync(code).length / 1024).toFixed(0)} KiB gzipped`);
