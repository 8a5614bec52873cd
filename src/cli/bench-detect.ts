/**
 * CPU cost of computeSignals per request for 1, 8 and 64 KB prompts (p50, p99):
 * `npx tsx src/cli/bench-detect.ts`. Prompts are synthetic (a templated
 * instruction around generated problem text), so the figures are reproducible.
 */
import { pathToFileURL } from "node:url";
import { computeSignals, requestFromText } from "../detect/index.js";

const WORDS = "the train leaves station at noon and travels north while another car moves east so how far apart are they after three hours given speed".split(" ");

function prompt(bytes: number, seed: number): string {
  let s = "You are a careful solver. Think step by step and show every intermediate step of your reasoning.\n\nProblem:\n";
  let x = seed;
  while (s.length < bytes - 80) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    s += `${WORDS[x % WORDS.length]} ${x % 97} `;
    if (x % 11 === 0) s += ".\n";
  }
  return `${s}\n\nGive the final answer on the last line.`;
}

const pct = (xs: number[], p: number): number => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;

export async function benchDetect(iterations = 400): Promise<Record<string, { p50Ms: number; p99Ms: number; bytes: number }>> {
  const out: Record<string, { p50Ms: number; p99Ms: number; bytes: number }> = {};
  for (const kb of [1, 8, 64]) {
    const reqs = Array.from({ length: 16 }, (_, i) => requestFromText(prompt(kb * 1024, i + 1)));
    for (let i = 0; i < 50; i++) computeSignals(reqs[i % reqs.length] ?? reqs[0]!); // warm-up (JIT)
    const times: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const req = reqs[i % reqs.length] ?? reqs[0]!;
      const t0 = performance.now();
      computeSignals(req);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    out[`${kb}KB`] = { bytes: kb * 1024, p50Ms: +pct(times, 0.5).toFixed(4), p99Ms: +pct(times, 0.99).toFixed(4) };
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const r = await benchDetect();
  console.log("| prompt | p50 ms | p99 ms |\n|---|---|---|");
  for (const [k, v] of Object.entries(r)) console.log(`| ${k} | ${v.p50Ms} | ${v.p99Ms} |`);
}
