/**
 * The node engine's first stage (parse, checks, computeSignals: see
 * src/replay/prepare.ts and batch.ts) spread over worker threads and the
 * main thread, ahead of the sequential second stage (decide, settle) that
 * only the main thread runs.
 *
 * The file is read as raw byte batches (replay-read.ts) that are transferred
 * to the workers, a few batches ahead. When the batch the second stage needs
 * next is still being prepared, the main thread does not wait idle: it
 * prepares the furthest batch not yet handed out (stealing it from the
 * workers' queue), then looks again. So the two stages share the cores
 * whatever their relative cost on a given traffic; and until the workers
 * have started (their bundle built, or found in the launcher's, see
 * launch.mjs), the main thread prepares the batches alone. Batches are consumed
 * strictly in file order, and the first stage is pure and independent per
 * line, so the decisions are the same bytes with any number of workers
 * (tested).
 */
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Policy } from "../policy/schema.js";
import { prepareBatch, type BatchResult } from "../replay/batch.js";
import { stagePolicy } from "../replay/prepare.js";
import { pack, unpack, type Packed } from "../replay/wire.js";
import { InputError, type ReplayItem } from "../replay/types.js";
import type { BatchIn, BatchOut } from "./replay-prepare-worker.js";
import { byteBatches, type ByteBatch } from "./replay-read.js";

const HERE = dirname(fileURLToPath(import.meta.url));
/**
 * Batches each worker holds at once: one being prepared, the others waiting,
 * so a worker still has work while the main thread is busy deciding a batch
 * (it takes the workers' answers and hands out batches between its batches).
 */
const PER_WORKER = 3;
/** How far past the workers' batches the main thread may read to find work of its own (in multiples of theirs). */
const MAX_AHEAD = 4;

let bundled: Promise<string> | null = null;

/**
 * The first stage as one ES module file (tsx's loader does not reach worker
 * threads everywhere). esbuild runs in its own process, so a caller may start
 * this early (the replay does, before it reads the accounts) and overlap it.
 */
export function stageScript(): Promise<string> {
  // Started through src/cli/launch.mjs: the first stage is in the launcher's bundle already.
  const prebuilt = process.env.DISTILL_GUARD_STAGE_SCRIPT;
  if (prebuilt) return (bundled ??= Promise.resolve(prebuilt));
  bundled ??= build({
    entryPoints: [join(HERE, "replay-prepare-worker.ts")], bundle: true, platform: "node", format: "esm",
    target: "node20", write: false, logLevel: "silent",
  }).then((r) => keepStageScript(join(tmpdir(), "distill-guard-stage"), r.outputFiles[0]!.text, Date.now()));
  return bundled;
}

/** Stage scripts of other builds are removed this long after they were written (a run has long loaded its own). */
const STALE_STAGE_MS = 3_600_000;

/**
 * The built first stage as a file in `dir`, named by its content's hash: every run of the same source shares one,
 * written once (to a file of its own, then renamed into place, so concurrent runs never read a partial one), and
 * nothing is left per run. (A folder per run, removed on the process's exit, stayed behind whenever a test pool
 * ended its workers without that event: 157 of them in one machine's temporary folder.) Older builds' files go an
 * hour after they were written.
 */
export function keepStageScript(dir: string, text: string, now: number): string {
  mkdirSync(dir, { recursive: true });
  const name = `prepare-stage-${createHash("sha256").update(text).digest("hex").slice(0, 16)}.mjs`;
  const path = join(dir, name);
  if (!existsSync(path)) {
    const tmp = `${path}.${process.pid}-${Math.random().toString(36).slice(2)}.partial`;
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  }
  for (const e of readdirSync(dir)) {
    if (e === name) continue;
    const p = join(dir, e);
    try {
      if (now - statSync(p).mtimeMs > STALE_STAGE_MS) rmSync(p, { force: true });
    } catch {
      // Removed by another run meanwhile.
    }
  }
  return path;
}

/** Where a run's prepared lines go as well, when its first stage is being cached (src/cli/stage-cache.ts). */
export interface StageSink {
  /** One batch's lines, packed, in file order. */
  batch(entries: readonly Packed[]): void;
  /** The whole file was prepared. */
  commit(): void;
  /** The run stopped before that. */
  abort(): void;
}

interface Slot {
  id: number;
  batch: ByteBatch;
  /** Set once prepared (here or by a worker). */
  result: BatchResult | null;
  /** A worker's lines as they came, packed, kept only for a sink. */
  packed: (Packed | null)[] | null;
  /** Which worker holds it; -1 while nobody does. */
  worker: number;
}

/** The furthest slot nobody prepares yet. */
function lastUnsent(slots: readonly Slot[]): Slot | undefined {
  for (let i = slots.length - 1; i >= 0; i--) if (!slots[i]!.result && slots[i]!.worker < 0) return slots[i];
  return undefined;
}

const tick = () => new Promise<void>((ok) => setImmediate(ok));

/**
 * The prepared lines, in file order, a read batch's worth at a time (so the
 * replay loop awaits once per batch, not per line). `batchBytes`: the size
 * of the batches read (tests make it small to cross batch boundaries).
 * `sink`: also gets every batch's lines packed, and is committed once the
 * whole file was prepared without an input error (aborted otherwise).
 */
export async function* preparedBatches(
  path: string, file: string, policy: Policy, jobs: number, batchBytes?: number, sink?: StageSink,
): AsyncGenerator<ReplayItem[]> {
  // The workers join once their bundle is built; until then this thread prepares the first batches itself
  // (with the same source, imported here), so the run does not wait for the build or the workers' start.
  const workers: Worker[] = [];
  const held: number[] = [];
  const slots: Slot[] = [];
  const byId = new Map<number, Slot>();
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  let closed = false;
  const started = jobs === 0 ? null : stageScript().then((script) => {
    if (closed) return;
    for (let k = 0; k < jobs; k++) {
      const w = new Worker(script, { workerData: { policy: stagePolicy(policy), file } });
      w.on("message", (m: BatchOut) => {
        const s = byId.get(m.id);
        // A worker's lines come packed flat (src/replay/wire.ts).
        if (s) {
          s.result = { entries: m.entries.map((e) => (e === null ? null : unpack(e))), ...(m.error ? { error: m.error } : {}) };
          if (sink) s.packed = m.entries;
        }
        held[k]!--;
        wake?.();
      });
      w.on("error", (e) => { failure = e; wake?.(); });
      workers.push(w);
      held.push(0);
    }
  }, (e: unknown) => { failure = e as Error; });
  const reader = byteBatches(path, batchBytes);
  let eof = false;
  let nextId = 0;
  const lookahead = Math.max(1, PER_WORKER * jobs + 1);
  const readOne = async () => {
    const r = await reader.next();
    if (r.done) eof = true;
    else {
      const s: Slot = { id: nextId++, batch: r.value, result: null, packed: null, worker: -1 };
      slots.push(s);
      byId.set(s.id, s);
    }
  };
  const prepareHere = (s: Slot) => { s.result = prepareBatch(s.batch.bytes, s.batch.firstLine, file, policy); };
  const dispatch = () => {
    for (const s of slots) {
      if (s.result || s.worker >= 0) continue;
      const k = held.findIndex((n) => n < PER_WORKER);
      if (k < 0) return;
      s.worker = k;
      held[k]!++;
      workers[k]!.postMessage({ id: s.id, bytes: s.batch.bytes, firstLine: s.batch.firstLine } satisfies BatchIn, [s.batch.bytes.buffer as ArrayBuffer]);
    }
  };
  let blank = 0;
  let complete = false;
  try {
    for (;;) {
      // Take the workers' answers that arrived while this thread was deciding.
      if (jobs > 0) await tick();
      while (!eof && slots.length < lookahead) await readOne();
      dispatch();
      const head = slots[0];
      if (!head) {
        complete = true;
        break;
      }
      if (failure) throw failure;
      if (!head.result) {
        if (head.worker < 0) prepareHere(head);
        else {
          // Nothing left to take: read further ahead (bounded) rather than wait.
          if (!lastUnsent(slots) && !eof && slots.length < MAX_AHEAD * lookahead) await readOne();
          const spare = lastUnsent(slots);
          if (spare) prepareHere(spare);
          // The head's answer (or a failure) may have come in while the read above was awaited,
          // when nobody was waiting to be woken: then there is nothing to wait for.
          else if (!head.result && !failure) await new Promise<void>((ok) => { wake = ok; });
          wake = null;
          continue;
        }
      }
      slots.shift();
      byId.delete(head.id);
      const { entries, error } = head.result!;
      let line = head.batch.firstLine;
      const items: ReplayItem[] = [];
      for (const item of entries) {
        if (item === null) blank ||= line;
        else {
          if (blank) {
            // The lines before the blank one still go first, as they come before the error in the file.
            if (items.length) yield items;
            throw new InputError(file, blank, "empty line (every line must be one request)");
          }
          items.push(item);
        }
        line++;
      }
      if (sink && !error) {
        const packed: Packed[] = [];
        if (head.packed) {
          for (const e of head.packed) if (e !== null) packed.push(e);
        } else {
          for (const e of entries) if (e !== null) packed.push(pack(e)!);
        }
        sink.batch(packed);
      }
      if (items.length) yield items;
      if (error) {
        if (blank) throw new InputError(file, blank, "empty line (every line must be one request)");
        throw error.line !== null ? new InputError(file, error.line, error.message) : new Error(`replay worker: ${error.message}`);
      }
    }
    if (complete) sink?.commit();
  } finally {
    if (!complete) sink?.abort();
    closed = true;
    await reader.return(undefined);
    await started;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
