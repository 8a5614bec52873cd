/**
 * CPU cost of computeSignals per request for 1, 8 and 64 KB prompts (p50, p99):
 * `npx tsx src/cli/bench-detect.ts [--iterations N]`. Prompts are synthetic, so the figures are
 * reproducible: the plain rows are a templated instruction around generated problem text (the issue's
 * benchmark), the "prose" rows generated multi-paragraph text with capitals, punctuation, quotes, a code
 * block and list lines, closer to what people paste. Each size is warmed up first (1,000 calls):
 * the figures are for an isolate that has been serving traffic, not for the first requests while
 * the JIT is still compiling. No text is seen twice, so the figures are the detectors' cost and not
 * their cache's (repeated texts are answered from detect/memo.ts).
 */
import { pathToFileURL } from "node:url";
import { computeSignals, requestFromText } from "../detect/index.js";

const WORDS = "the train leaves station at noon and travels north while another car moves east so how far apart are they after three hours given speed".split(" ");
const PROSE = ("we need a plan for the migration of our billing service before the end of the quarter and the team is worried about " +
  "downtime data loss and the cost of running both systems in parallel while customers keep using the old dashboard every day").split(" ");
const NAMES = ["Alice", "Berlin", "Postgres", "Kubernetes", "Monday", "Acme", "Lisbon", "Stripe"];

const next = (x: number): number => (Math.imul(x, 1103515245) + 12345) >>> 0;

function templated(bytes: number, seed: number): string {
  let s = "You are a careful solver. Think step by step and show every intermediate step of your reasoning.\n\nProblem:\n";
  let x = seed;
  while (s.length < bytes - 80) {
    x = next(x);
    s += `${WORDS[x % WORDS.length]} ${x % 97} `;
    if (x % 11 === 0) s += ".\n";
  }
  return `${s}\n\nGive the final answer on the last line.`;
}

function prose(bytes: number, seed: number): string {
  let s = "Hi! Could you help me think this through and suggest what we should do first?\n\n";
  let x = seed;
  let sentence = 0;
  while (s.length < bytes - 120) {
    x = next(x);
    const w = PROSE[x % PROSE.length] ?? "data";
    s += sentence === 0 ? w[0]?.toUpperCase() + w.slice(1) : x % 13 === 0 ? (NAMES[x % NAMES.length] ?? "Acme") : w;
    sentence++;
    if (x % 7 === 0 && sentence > 6) {
      s += x % 3 === 0 ? "? " : ". ";
      sentence = 0;
      if (x % 5 === 0) s += "\n\n";
      if (x % 61 === 0) s += `"${PROSE[(x >> 3) % PROSE.length]} ${PROSE[(x >> 5) % PROSE.length]} now," she said. `;
      if (x % 89 === 0) s += "\n- step one: export the tables\n- step two: check the totals (about 12,400 rows)\n";
      if (x % 97 === 0) s += "\n```sql\nSELECT id, total FROM invoices WHERE paid = false;\n```\n";
    } else s += x % 17 === 0 ? ", " : " ";
  }
  return `${s}.\n\nThanks in advance, what would you do?`;
}

const pct = (xs: number[], p: number): number => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;

export interface BenchRow {
  bytes: number;
  p50Ms: number;
  p99Ms: number;
}

/** Rows keyed "1KB", "8KB", "64KB" (templated, the benchmark) and "prose 1KB"... (npm run bench prints them). */
export async function benchDetect(iterations = 2000, warmup = 1000): Promise<Record<string, BenchRow>> {
  const out: Record<string, BenchRow> = {};
  for (const [family, make] of [["", templated], ["prose ", prose]] as const) {
    for (const kb of [1, 8, 64]) {
      const texts = Array.from({ length: 16 }, (_, i) => make(kb * 1024, i + 1));
      // Every call gets a text it has not seen: the detectors remember repeated texts (detect/memo.ts), which would time the cache.
      const unique = (i: number) => requestFromText(`${texts[i % texts.length]!} (${i})`);
      for (let i = 0; i < warmup; i++) computeSignals(unique(i));
      const times: number[] = [];
      for (let i = 0; i < iterations; i++) {
        const req = unique(warmup + i);
        const t0 = performance.now();
        computeSignals(req);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      out[`${family}${kb}KB`] = { bytes: kb * 1024, p50Ms: +pct(times, 0.5).toFixed(4), p99Ms: +pct(times, 0.99).toFixed(4) };
    }
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const ii = process.argv.indexOf("--iterations");
  const rows = await benchDetect(ii >= 0 ? Number(process.argv[ii + 1]) : 2000);
  console.log("| prompt | p50 ms | p99 ms |\n|---|---|---|");
  for (const [k, v] of Object.entries(rows)) console.log(`| ${k} | ${v.p50Ms} | ${v.p99Ms} |`);
}
