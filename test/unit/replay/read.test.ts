/**
 * The node engine's reading and first stage over byte batches: lines keep
 * their numbers across batch boundaries (with CRLF, multi-byte characters,
 * a line longer than a batch, no final newline), the first stage gives the
 * same items on the main thread and on workers, and the first problem in
 * the file is the one reported, by line, whoever prepared its batch.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rng } from "../seeded";
import { preparedBatches } from "../../../src/cli/replay-pool";
import { byteBatches, fileLines } from "../../../src/cli/replay-read";
import { DEFAULT_POLICY } from "../../../src/policy/schema";
import { decodeLines } from "../../../src/replay/batch";
import { chatLine, T0 } from "./fixture";

const dir = mkdtempSync(join(tmpdir(), "dg-read-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify(chatLine(T0 + i, "sk-old-paid-0001", `Frage ${i}: was heißt «${"é".repeat(i * 7)}» 日本語?`)));

/** What decodeLines stands for: the batch decoded whole, split at "\n" (no entry after a final one), less a trailing "\r" each. */
function decodeWholeAndSplit(bytes: Uint8Array): string[] {
  const lines = new TextDecoder("utf-8").decode(bytes).split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
}

describe("decodeLines", () => {
  const bytes = (...parts: (string | number[])[]) =>
    new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...new TextEncoder().encode(p)] : p)));

  it.each([
    ["empty", bytes()],
    ["final newline", bytes("a\nb\n")],
    ["no final newline", bytes("a\nb")],
    ["blank lines", bytes("\n\na\n\n")],
    ["CRLF and lone CR", bytes("a\r\n\r\n\r\rb\r")],
    ["a BOM starts the batch", bytes([0xef, 0xbb, 0xbf], "a\n", [0xef, 0xbb, 0xbf], "b")],
    ["only a BOM", bytes([0xef, 0xbb, 0xbf])],
    ["two BOMs", bytes([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], "x\n")],
    ["non-ASCII", bytes("ü日😀\nplain\n")],
    ["cut sequences before line ends", bytes([0xe2, 0x82], "\n", [0xf0, 0x9f, 0x98], "\r\n", [0xc3], "\r", [0xe2])],
    ["invalid bytes", bytes([0xff, 0x80, 0xed, 0xa0, 0x80], "\n", [0xc0, 0xaf, 0xf8])],
  ])("gives the whole batch's lines: %s", (_, b) => {
    expect(decodeLines(b)).toStrictEqual(decodeWholeAndSplit(b));
  });

  it("gives the whole batch's lines on random bytes", () => {
    // Bytes that make line ends, BOMs, valid and cut multi-byte characters and invalid sequences likely.
    const alphabet = [0x0a, 0x0d, 0x41, 0x20, 0xef, 0xbb, 0xbf, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xc3, 0xa9, 0xed, 0xa0, 0xff, 0xc0];
    const next = rng(7);
    for (let n = 0; n < 3000; n++) {
      const b = Uint8Array.from({ length: Math.floor(next() * 24) }, () => alphabet[Math.floor(next() * alphabet.length)]!);
      expect(decodeLines(b), String(b)).toStrictEqual(decodeWholeAndSplit(b));
    }
  });
});

describe("replay reading", () => {
  it("reads lines with their numbers across batch boundaries", async () => {
    const long = "x".repeat(300);
    const p = file("lines.txt", `a\r\nb\n${long}\n\nü日\nlast`);
    for (const size of [1, 7, 64, 1 << 16]) {
      const batches = await collect(byteBatches(p, size));
      expect(batches.reduce((n, b) => n + b.lines, 0)).toBe(6);
      expect(batches.every((b, i) => i === 0 || b.firstLine === batches[i - 1]!.firstLine + batches[i - 1]!.lines)).toBe(true);
    }
    expect(await collect(fileLines(p))).toEqual([["a", 1], ["b", 2], [long, 3], ["", 4], ["ü日", 5], ["last", 6]]);
  });

  it("prepares the same items on the main thread as on one or two workers", async () => {
    const p = file("traffic.jsonl", lines.join("\n") + "\n\n");
    const items = async (jobs: number) => {
      const batches = await collect(preparedBatches(p, "traffic.jsonl", DEFAULT_POLICY, jobs, 300));
      // Several read batches, none of them empty (a batch is what the replay loop goes through without an await).
      expect(batches.length).toBeGreaterThan(1);
      expect(batches.every((b) => b.length > 0)).toBe(true);
      return batches.flat().map((x) => JSON.stringify(x));
    };
    const here = await items(0);
    expect(here).toHaveLength(40);
    expect(await items(1)).toEqual(here);
    expect(await items(2)).toEqual(here);
  });

  it.each([0, 1, 2])("reports the first problem by line with %i workers", async (jobs) => {
    const blank = file(`blank-${jobs}.jsonl`, [...lines.slice(0, 25), "", ...lines.slice(25)].join("\n"));
    await expect(collect(preparedBatches(blank, "t.jsonl", DEFAULT_POLICY, jobs, 300))).rejects.toThrow(/^t\.jsonl:26: empty line/);
    const bad = file(`bad-${jobs}.jsonl`, [...lines.slice(0, 30), "{not json", ...lines.slice(30)].join("\n"));
    await expect(collect(preparedBatches(bad, "t.jsonl", DEFAULT_POLICY, jobs, 300))).rejects.toThrow(/^t\.jsonl:31: not valid JSON/);
    const both = file(`both-${jobs}.jsonl`, [...lines.slice(0, 30), "", '{"ts": -1}'].join("\n"));
    await expect(collect(preparedBatches(both, "t.jsonl", DEFAULT_POLICY, jobs, 300))).rejects.toThrow(/^t\.jsonl:31: empty line/);
  });
});
