/**
 * The node engine's first stage as one bundled module (replay-pool.ts builds
 * it with esbuild): on a worker thread it answers batches of raw traffic
 * bytes with their prepared lines (src/replay/batch.ts); on the main thread
 * the pool imports the same module to prepare batches itself when its
 * workers are behind, so both run the very same compiled code.
 */
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import type { Policy } from "../policy/schema.js";
import { prepareBatch, type BatchResult } from "../replay/batch.js";

export { prepareBatch } from "../replay/batch.js";

export interface BatchIn {
  id: number;
  bytes: Uint8Array;
  firstLine: number;
}

export interface BatchOut {
  id: number;
  result: BatchResult;
}

if (!isMainThread && parentPort) {
  const { policy, file } = workerData as { policy: Policy; file: string };
  const port = parentPort;
  port.on("message", (b: BatchIn) => {
    port.postMessage({ id: b.id, result: prepareBatch(b.bytes, b.firstLine, file, policy) } satisfies BatchOut);
  });
}
