import { describe, expect, it } from "vitest";
import { fingerprintDistance } from "../../../src/detect/fingerprint";
import { fpWords, wordsDistance } from "../../../src/campaign/fp-words";
import { EMPTY_SKETCH, rotated, sketchAdd, sketchCount, windowCount, withAccount, type Sketches } from "../../../src/campaign/sketch";

/** A deterministic stream of pseudo-random 32-bit values. */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
}

/** Both window counts, as the campaign assessment reads them. */
const windowCounts = (k: Sketches) => ({ all: windowCount(k, false), est: windowCount(k, true) });

/** What windowCounts must equal: sketchCount over the hex strings themselves. */
function counted(k: Sketches): { all: number; est: number } {
  return { all: sketchCount(k.all, k.prevAll), est: sketchCount(k.est, k.prevEst) };
}

describe("the distinct-account sketch", () => {
  it("counts the same with the incremental count as by rescanning the bitmaps", () => {
    const next = rng(7);
    let k: Sketches = { epoch: 1, all: EMPTY_SKETCH, est: EMPTY_SKETCH, prevAll: EMPTY_SKETCH, prevEst: EMPTY_SKETCH };
    let most = 0;
    for (let i = 0; i < 3000; i++) {
      k = withAccount(k, `acct-${next() % 1500}`, next() % 3 === 0);
      expect(windowCounts(k)).toEqual(counted(k));
      most = Math.max(most, windowCounts(k).all);
      // A rotation: the current bitmaps become the previous ones (a plain object, counted afresh).
      if (i % 700 === 699) k = { epoch: k.epoch + 1, all: EMPTY_SKETCH, est: EMPTY_SKETCH, prevAll: k.all, prevEst: k.est };
      // Or by `rotated`, which carries the counts over (to the next window, or past it).
      if (i % 700 === 299) k = rotated(k, k.epoch + 1);
      if (i === 999) k = rotated(k, k.epoch + 2);
      expect(windowCounts(k)).toEqual(counted(k));
    }
    expect(most).toBeGreaterThan(400);
  });

  it("rotates as the window moves on: the current bitmaps become the previous ones, then go", () => {
    const k = withAccount(withAccount({ epoch: 4, all: EMPTY_SKETCH, est: EMPTY_SKETCH, prevAll: "1".repeat(256), prevEst: EMPTY_SKETCH }, "a", true), "b", false);
    expect(rotated(k, 4)).toBe(k);
    const next = rotated(k, 5);
    expect(next).toEqual({ epoch: 5, all: EMPTY_SKETCH, est: EMPTY_SKETCH, prevAll: k.all, prevEst: k.est });
    expect(windowCounts(next)).toEqual(counted(next));
    expect(rotated(k, 6)).toEqual({ epoch: 6, all: EMPTY_SKETCH, est: EMPTY_SKETCH, prevAll: EMPTY_SKETCH, prevEst: EMPTY_SKETCH });
    expect(rotated(k, 3)).toEqual({ epoch: 3, all: EMPTY_SKETCH, est: EMPTY_SKETCH, prevAll: EMPTY_SKETCH, prevEst: EMPTY_SKETCH });
    // Malformed bitmaps (a short one) rotate with the count parseInt's reading gives.
    const short = rotated(withAccount({ epoch: 1, all: "f".repeat(10), est: "x".repeat(256), prevAll: "", prevEst: "" }, "c", true), 2);
    expect(windowCounts(short)).toEqual(counted(short));
  });

  it("returns the very same sketches when the account's bits are already set", () => {
    const k = withAccount({ epoch: 1, all: EMPTY_SKETCH, est: EMPTY_SKETCH, prevAll: EMPTY_SKETCH, prevEst: EMPTY_SKETCH }, "acct-1", true);
    expect(withAccount(k, "acct-1", true)).toBe(k);
    expect(withAccount(k, "acct-1", false)).toBe(k);
    const notEst = withAccount(k, "acct-2", false);
    expect(withAccount(notEst, "acct-2", true)).not.toBe(notEst);
  });

  it("keeps the stored hex format and reads malformed bitmaps as parseInt did", () => {
    const added = sketchAdd(EMPTY_SKETCH, "acct-1");
    expect(added).toMatch(/^[0-9a-f]{256}$/);
    expect(added).not.toBe(EMPTY_SKETCH);
    expect(sketchAdd(added, "acct-1")).toBe(added);
    expect(sketchCount("F".repeat(256))).toBe(sketchCount("f".repeat(256)));
    // Non-hex characters and missing ones count as zero bits.
    expect(sketchCount("zz" + "0".repeat(254), "")).toBe(0);
    expect(sketchCount("f".repeat(10))).toBe(sketchCount("f".repeat(10) + "0".repeat(246)));
    const short: Sketches = { epoch: 1, all: "f".repeat(10), est: "x".repeat(256), prevAll: "", prevEst: "1".repeat(256) };
    for (const a of ["a", "b", "c", "d"]) {
      const k = withAccount(short, a, true);
      expect(windowCounts(k)).toEqual(counted(k));
    }
  });

  it("never shows its count in what is persisted or compared", () => {
    const k = withAccount({ epoch: 3, all: EMPTY_SKETCH, est: EMPTY_SKETCH, prevAll: EMPTY_SKETCH, prevEst: EMPTY_SKETCH }, "acct-9", true);
    expect(Object.keys(k)).toEqual(["epoch", "all", "est", "prevAll", "prevEst"]);
    expect(JSON.parse(JSON.stringify(k))).toEqual({ ...k });
    expect(k).toEqual({ epoch: 3, all: k.all, est: k.est, prevAll: EMPTY_SKETCH, prevEst: EMPTY_SKETCH });
  });
});

describe("parsed fingerprints", () => {
  it("give fingerprintDistance's distances, malformed ones included", () => {
    const next = rng(11);
    const hex = () => next().toString(16).padStart(8, "0") + next().toString(16).padStart(8, "0");
    const odd = ["", "zz", "0x12345678abcdef00", " 1234567 89abcdef", "123", "ffffffffffffffffff"];
    const fps = [...Array.from({ length: 40 }, hex), ...odd];
    for (const a of fps) for (const b of fps) expect(wordsDistance(fpWords(a), fpWords(b))).toBe(fingerprintDistance(a, b));
  });
});
