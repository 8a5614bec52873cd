/**
 * The node engine's replay split into what runs where, on a simulated day
 * (`npm run simulate` at BENCH_REPLAY_SCALE, 0.25 by default): CPU per line
 * of the first stage (parse, checks, computeSignals: worker threads),
 * of the hand-over (structured clone of the packed lines), and of what only
 * the main thread can do (the second stage in traffic order, and writing the
 * decision lines). Part of `npm run bench`; alone:
 * `npx tsx src/cli/bench-replay.ts`.
 *
 * The main thread's share bounds the replay however many cores prepare
 * lines: its lines/s is the ceiling, and first stage / main thread is how
 * many worker threads keep it busy. Both stages run in this one thread, one
 * after the other, so their ratio comes from one run. The first stage is
 * timed on its one pass over the day, its memos empty at the start as a
 * replay's are; the main thread's part as the fastest of three passes after
 * one that warms the JIT, each from a fresh engine. Then the whole replay as
 * `npm run replay` runs it on this machine, on the same files.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { mergePolicy } from "../policy/schema.js";
import { indexAccounts, parseEvents } from "../replay/inputs.js";
import { NodeEngine } from "../replay/node-engine.js";
import { prepareLine } from "../replay/prepare.js";
import { runReplay } from "../replay/run.js";
import { pack, unpack, type Packed } from "../replay/wire.js";
import { bundleImporter } from "./replay-intel.js";
import { fileLines } from "./replay-read.js";
import { DEFAULT_JOBS, numbered, replayFiles } from "./replay.js";
import { simulateInto } from "./run-simulate.js";

export interface ReplayBench {
  scale: number;
  lines: number;
  /** CPU µs per line. */
  firstStage: number;
  handOver: number;
  mainThread: number;
  /** Wall µs per line of the same pass: the main thread's own time, without the collector's helper threads. */
  mainThreadWall: number;
  /** lines/s of `npm run replay` on the same files, default --jobs. */
  wholeRate: number;
  jobs: number;
}

function cpuMicros(): number {
  const c = process.cpuUsage();
  return c.user + c.system;
}

export async function benchReplay(scale = Number(process.env.BENCH_REPLAY_SCALE ?? 0.25)): Promise<ReplayBench> {
  const dir = mkdtempSync(join(tmpdir(), "dg-bench-replay-"));
  try {
    simulateInto(dir, { seed: 1, scale }, true);
    const policy = mergePolicy({}).data!;
    const { byKey } = indexAccounts(numbered(readFileSync(join(dir, "accounts.jsonl"), "utf8")), "accounts.jsonl");
    const events = parseEvents(numbered(readFileSync(join(dir, "events.jsonl"), "utf8")), "events.jsonl");
    const traffic: [string, number][] = [];
    for await (const line of fileLines(join(dir, "traffic.jsonl"))) if (line[0] !== "") traffic.push(line);

    // First stage: the one pass over the day, memos empty as at a replay's start, each line packed for the wire.
    let c0 = cpuMicros();
    const packed: Packed[] = traffic.map(([text, n]) => {
      const p = prepareLine(text, n, "traffic.jsonl", policy);
      return pack({ req: p.req, label: p.label, lineLength: text.length, stage: p.stage })!;
    });
    const firstStage = (cpuMicros() - c0) / packed.length;
    traffic.length = 0;

    // Hand-over: serialising and reading back the packed lines in batches, as between threads (both halves counted).
    c0 = cpuMicros();
    const batches: Packed[][] = [];
    for (let i = 0; i < packed.length; i += 256) batches.push(structuredClone(packed.slice(i, i + 256)));
    const handOver = (cpuMicros() - c0) / packed.length;

    // Main thread: unpacking, the second stage and the decision lines, each pass on a fresh engine. The first
    // pass warms the JIT; of the others the least disturbed (the fastest) counts, as the machine may be shared.
    let mainThread = Infinity, mainThreadWall = Infinity;
    for (let pass = 0; pass < 4; pass++) {
      const engine = new NodeEngine(byKey, policy, bundleImporter(dir));
      let chars = 0;
      c0 = cpuMicros();
      const t0 = performance.now();
      await runReplay({
        engine, byKey, events, probationMs: policy.machine.probationMs,
        items: (function* () { for (const b of batches) yield b.map((e) => unpack(e)); })(),
        write: (chunk) => { chars += chunk.length; },
      });
      if (pass > 0) {
        mainThreadWall = Math.min(mainThreadWall, ((performance.now() - t0) * 1000) / packed.length);
        mainThread = Math.min(mainThread, (cpuMicros() - c0) / packed.length);
      }
      if (chars === 0) throw new Error("bench-replay: no decision lines written");
    }

    const r = await replayFiles({
      accounts: join(dir, "accounts.jsonl"), traffic: join(dir, "traffic.jsonl"), events: join(dir, "events.jsonl"),
      out: join(dir, "decisions.jsonl"), engine: "node", quiet: true,
    });
    return { scale, lines: packed.length, firstStage, handOver, mainThread, mainThreadWall, wholeRate: r.lines / r.seconds, jobs: DEFAULT_JOBS };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function replayBenchTable(b: ReplayBench): string {
  const us = (x: number) => x.toFixed(1);
  return [
    `| part | CPU µs a line | runs on |`,
    `|---|---|---|`,
    `| first stage: parse, checks, computeSignals, packing | ${us(b.firstStage)} | --jobs worker threads (and the main thread when it would wait) |`,
    `| hand-over: structured clone of the packed lines, both ends | ${us(b.handOver)} | worker and main thread |`,
    `| second stage in traffic order, decision lines | ${us(b.mainThread)} (${us(b.mainThreadWall)} wall) | main thread only |`,
    "",
    `First stage / main thread: ${(b.firstStage / b.mainThread).toFixed(1)} (worker threads needed to keep the main thread busy). ` +
      `Main thread's ceiling, with enough cores: ${Math.round(1e6 / (b.mainThreadWall + b.handOver / 2)).toLocaleString("en-US")} lines/s ` +
      "(its wall time a line and its half of the hand-over; the collector's helper threads run beside it). " +
      `Here, \`npm run replay\` (--jobs ${b.jobs}): ${Math.round(b.wholeRate).toLocaleString("en-US")} lines/s.`,
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const b = await benchReplay();
  console.log(`Replay (node engine), simulated day at scale ${b.scale}: ${b.lines.toLocaleString("en-US")} lines\n`);
  console.log(replayBenchTable(b));
}
