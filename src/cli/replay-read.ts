/**
 * Reads a traffic file as batches of whole lines, as raw bytes: each batch
 * has its own ArrayBuffer (so it can be transferred to a worker thread, not
 * copied) and knows the number of its first line. Only newlines are looked
 * for here; decoding and parsing happen wherever the batch is prepared.
 * Readline decoded and split the whole file on the main thread, which cost
 * more than the decisions themselves.
 */
import { open } from "node:fs/promises";
import { decodeLines } from "../replay/batch.js";

export interface ByteBatch {
  bytes: Uint8Array;
  /** 1-based number of the batch's first line. */
  firstLine: number;
  /** Lines in the batch (the last one may lack its newline at the end of the file). */
  lines: number;
}

const NL = 10;

function countLines(b: Uint8Array): number {
  let n = 0;
  for (let i = b.indexOf(NL); i >= 0; i = b.indexOf(NL, i + 1)) n++;
  return n;
}

/** Batches of about `size` bytes (more when one line is longer), in file order. */
export async function* byteBatches(path: string, size = 1 << 19): AsyncGenerator<ByteBatch> {
  const fh = await open(path, "r");
  try {
    let carry: Uint8Array = new Uint8Array(0);
    let firstLine = 1;
    for (;;) {
      const buf = new Uint8Array(carry.length + size);
      buf.set(carry);
      const { bytesRead } = await fh.read(buf, carry.length, size, null);
      const filled = carry.length + bytesRead;
      if (bytesRead === 0) {
        if (filled > 0) yield { bytes: buf.subarray(0, filled), firstLine, lines: countLines(buf.subarray(0, filled)) + 1 };
        return;
      }
      const end = buf.lastIndexOf(NL, filled - 1);
      if (end < 0) {
        carry = buf.subarray(0, filled);
        continue;
      }
      // The batch keeps the buffer; what follows its last newline is copied into the next one.
      carry = buf.slice(end + 1, filled);
      const bytes = buf.subarray(0, end + 1);
      const lines = countLines(bytes);
      yield { bytes, firstLine, lines };
      firstLine += lines;
    }
  } finally {
    await fh.close();
  }
}

/** The file's lines with their 1-based numbers, decoded batch by batch (for the engines that take whole requests). */
export async function* fileLines(path: string): AsyncGenerator<[string, number]> {
  for await (const b of byteBatches(path)) {
    let n = b.firstLine;
    for (const line of decodeLines(b.bytes)) yield [line, n++];
  }
}
