/**
 * The node engine's first stage as one bundled module (replay-pool.ts builds
 * it with esbuild): on a worker thread it answers batches of raw traffic
 * bytes with their prepared lines (src/replay/batch.ts). The main thread
 * runs the same source (prepareBatch) when its workers are behind or not
 * started yet.
 */
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import type { Policy } from "../policy/schema.js";
import { prepareBatchAs } from "../replay/batch.js";
import { pack, type Packed } from "../replay/wire.js";

export interface BatchIn {
  id: number;
  bytes: Uint8Array;
  firstLine: number;
}

/** A batch's answer: its lines packed flat (src/replay/wire.ts), null for a blank line, and the error that ended it. */
export interface BatchOut {
  id: number;
  entries: (Packed | null)[];
  error?: { line: number | null; message: string };
}

if (!isMainThread && parentPort) {
  const { policy, file } = workerData as { policy: Policy; file: string };
  const port = parentPort;
  port.on("message", (b: BatchIn) => {
    const r = prepareBatchAs(b.bytes, b.firstLine, file, policy, pack);
    port.postMessage({ id: b.id, entries: r.entries, ...(r.error ? { error: r.error } : {}) } satisfies BatchOut);
  });
}
