/**
 * A worker thread of the node engine's first stage (src/replay/prepare.ts):
 * takes batches of traffic lines, answers their prepared form in the same
 * order, or the first input error. Bundled and started by replay-pool.ts.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Policy } from "../policy/schema.js";
import { prepareLine, type PreparedLine } from "../replay/prepare.js";
import { InputError } from "../replay/types.js";

export interface BatchIn {
  id: number;
  lines: [string, number][];
}

export type BatchOut =
  | { id: number; items: (PreparedLine & { lineLength: number })[] }
  | { id: number; error: { message: string; line: number | null } };

const { policy, file } = workerData as { policy: Policy; file: string };

parentPort!.on("message", (b: BatchIn) => {
  const items: (PreparedLine & { lineLength: number })[] = [];
  try {
    for (const [text, lineNo] of b.lines) items.push({ ...prepareLine(text, lineNo, file, policy), lineLength: text.length });
    parentPort!.postMessage({ id: b.id, items } satisfies BatchOut);
  } catch (err) {
    const e = err as Error;
    const out: BatchOut = err instanceof InputError
      ? { id: b.id, error: { message: e.message.slice(`${err.file}:${err.line}: `.length), line: err.line } }
      : { id: b.id, error: { message: e.stack ?? e.message, line: null } };
    parentPort!.postMessage(out);
  }
});
