/**
 * The node engine's first stage (src/replay/prepare.ts: parse, checks,
 * computeSignals) on worker threads: lines go out in batches, come back in
 * the same order, and the sequential second stage (decide, settle) runs on
 * the main thread. The first stage is pure and independent per line, so the
 * decisions are the same bytes with any number of workers (tested).
 */
import { build } from "esbuild";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Policy } from "../policy/schema.js";
import { InputError, type ReplayItem } from "../replay/types.js";
import type { BatchIn, BatchOut } from "./replay-prepare-worker.js";

const BATCH = 256;
const HERE = dirname(fileURLToPath(import.meta.url));

let bundled: Promise<string> | null = null;

/** The worker's code as one ES module file (tsx's loader does not reach worker threads everywhere). */
function workerScript(): Promise<string> {
  bundled ??= build({
    entryPoints: [join(HERE, "replay-prepare-worker.ts")], bundle: true, platform: "node", format: "esm",
    target: "node20", write: false, logLevel: "silent",
  }).then((r) => {
    const dir = mkdtempSync(join(tmpdir(), "dg-replay-"));
    const path = join(dir, "prepare-worker.mjs");
    writeFileSync(path, r.outputFiles[0]!.text);
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    return path;
  });
  return bundled;
}

export async function* preparedItems(
  lines: AsyncIterable<[string, number]>, file: string, policy: Policy, jobs: number,
): AsyncGenerator<ReplayItem> {
  const script = await workerScript();
  const workers = Array.from({ length: jobs }, () => new Worker(script, { workerData: { policy, file } }));
  const waiting = new Map<number, { ok: (b: BatchOut) => void; fail: (e: Error) => void }>();
  for (const w of workers) {
    w.on("message", (b: BatchOut) => waiting.get(b.id)?.ok(b));
    w.on("error", (e) => { for (const x of waiting.values()) x.fail(e); });
  }
  const inflight: Promise<BatchOut>[] = [];
  let next = 0;
  const send = (batch: [string, number][]) => {
    const id = next++;
    const p = new Promise<BatchOut>((ok, fail) => waiting.set(id, { ok, fail }));
    p.catch(() => undefined);
    workers[id % jobs]!.postMessage({ id, lines: batch } satisfies BatchIn);
    inflight.push(p);
  };
  const take = async function* (): AsyncGenerator<ReplayItem> {
    const b = await inflight.shift()!;
    waiting.delete(b.id);
    if ("error" in b) {
      if (b.error.line !== null) throw new InputError(file, b.error.line, b.error.message);
      throw new Error(`replay worker: ${b.error.message}`);
    }
    for (const x of b.items) yield { req: x.req, label: x.label, lineLength: x.lineLength, stage: x.stage };
  };
  try {
    let batch: [string, number][] = [];
    for await (const line of lines) {
      batch.push(line);
      if (batch.length < BATCH) continue;
      send(batch);
      batch = [];
      while (inflight.length >= 2 * jobs) yield* take();
    }
    if (batch.length > 0) send(batch);
    while (inflight.length > 0) yield* take();
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
