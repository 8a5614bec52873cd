/**
 * The node engine's first stage over a batch of raw traffic bytes: whole
 * lines as read from the file, decoded and split here, so the reading thread
 * only looks for newlines and hands the bytes on (to a worker thread, or to
 * itself when it has nothing better to do, see src/cli/replay-pool.ts).
 *
 * A batch answers one entry per line, in order: the prepared line, or null
 * for a blank line (the reader decides whether a blank is trailing or an
 * error, as only it knows what follows). Malformed input ends the batch with
 * the error and its line; the lines before it are still answered, so the
 * earliest problem in the file is the one reported.
 */
import { prepareLine, type PreparedLine, type StagePolicy } from "./prepare.js";
import { InputError, type ReplayItem } from "./types.js";

/** A prepared line as the second stage takes it (a ReplayItem whose first stage ran), or null for a blank line. */
export type PreparedEntry = (ReplayItem & { req: PreparedLine["req"]; stage: PreparedLine["stage"] }) | null;

export interface BatchResult {
  entries: PreparedEntry[];
  error?: { line: number | null; message: string };
}

/** Keeps a BOM: decodeLines drops one only at the start of the batch, as decoding the batch whole did. */
const LINE_DECODER = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
const LF = 10;
const CR = 13;

/**
 * The lines of a batch of whole lines (the last may lack its newline),
 * without their line ends: the strings `TextDecoder.decode(bytes)` split at
 * "\n", less a trailing "\r" each, would give (test/unit/replay/read.test.ts
 * compares the two on arbitrary bytes). Decoded line by line because one
 * non-ASCII character made the whole batch a two-byte string, which cost
 * about twice the CPU to decode, split and JSON.parse than one-byte lines.
 * A newline byte never belongs to a multi-byte character, so an invalid
 * sequence before it decodes to the same U+FFFD as at the end of a line.
 */
export function decodeLines(bytes: Uint8Array): string[] {
  const lines: string[] = [];
  eachLine(bytes, (text) => lines.push(text));
  return lines;
}

/** decodeLines one line at a time, so that a line's text is garbage once `fn` is done with it. */
function eachLine(bytes: Uint8Array, fn: (text: string) => void): void {
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (start < bytes.length) {
    const nl = bytes.indexOf(LF, start);
    let end = nl < 0 ? bytes.length : nl;
    if (end > start && bytes[end - 1] === CR) end--;
    fn(LINE_DECODER.decode(bytes.subarray(start, end)));
    start = nl < 0 ? bytes.length : nl + 1;
  }
}

/** Decode the bytes and run the first stage on each line; `firstLine` is the 1-based number of the batch's first line. */
export function prepareBatch(bytes: Uint8Array, firstLine: number, file: string, policy: StagePolicy): BatchResult {
  return prepareBatchAs(bytes, firstLine, file, policy, (e) => e);
}

/**
 * prepareBatch, with each prepared line turned into `as(line)` as soon as
 * it is ready (a worker thread packs them, src/replay/wire.ts): what a
 * batch keeps until its end is then only what it hands on, which spares
 * the garbage collector copying the lines' objects.
 */
export function prepareBatchAs<T>(
  bytes: Uint8Array, firstLine: number, file: string, policy: StagePolicy, as: (e: NonNullable<PreparedEntry>) => T,
): { entries: (T | null)[]; error?: BatchResult["error"] } {
  const entries: (T | null)[] = [];
  let lineNo = firstLine;
  try {
    eachLine(bytes, (text) => {
      if (text.trim() === "") entries.push(null);
      else {
        const p = prepareLine(text, lineNo, file, policy);
        entries.push(as({ req: p.req, label: p.label, lineLength: text.length, stage: p.stage }));
      }
      lineNo++;
    });
    return { entries };
  } catch (err) {
    const e = err as Error;
    if (err instanceof InputError) return { entries, error: { line: err.line, message: e.message.slice(`${err.file}:${err.line}: `.length) } };
    return { entries, error: { line: null, message: e.stack ?? e.message } };
  }
}
