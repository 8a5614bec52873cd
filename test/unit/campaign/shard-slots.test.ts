import { describe, expect, it } from "vitest";
import { nearestFingerprint } from "../../../src/campaign/cluster";
import { fpWords, hexWord } from "../../../src/campaign/fp-words";
import { ShardSlots } from "../../../src/campaign/shard-slots";
import { emptyState } from "../../../src/campaign/assess";

/** A deterministic generator (mulberry32), so a failure reproduces. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (n: number) => (n >>> 0).toString(16).padStart(8, "0");

/** `base` with `flips` random bits flipped (a near-duplicate at distance ≤ flips). */
function near(base: string, flips: number, r: () => number): string {
  let hi = parseInt(base.slice(0, 8), 16);
  let lo = parseInt(base.slice(8), 16);
  for (let i = 0; i < flips; i++) {
    const b = Math.floor(r() * 64);
    if (b < 32) hi ^= 1 << b;
    else lo ^= 1 << (b - 32);
  }
  return hex(hi) + hex(lo);
}

describe("a shard's near-duplicate index", () => {
  it("picks what the linear scan over the shard's order picks, through writes, rewrites and deletes", () => {
    const r = rng(7);
    const shard = new ShardSlots();
    const bases = Array.from({ length: 6 }, () => hex(r() * 2 ** 32) + hex(r() * 2 ** 32));
    const state = emptyState("template", "x", 0, 1);
    let checked = 0;
    for (let step = 0; step < 4000; step++) {
      const fp = near(bases[Math.floor(r() * bases.length)]!, Math.floor(r() * 6), r);
      if (!shard.has(fp)) {
        expect(shard.nearest(fp)).toBe(nearestFingerprint(shard.values(), fp));
        checked++;
      }
      const roll = r();
      if (roll < 0.6) shard.write(fp, state);
      else if (roll < 0.8 && shard.size) shard.write([...shard.values()][Math.floor(r() * shard.size)]!.fp, state);
      else if (shard.size) shard.delete([...shard.values()][Math.floor(r() * shard.size)]!.fp);
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("reads malformed fingerprints as parseInt does", () => {
    for (const fp of ["0123456789abcdef", "ABCDEF0123456789", "0x12345678abcdef", "-1234567zzzzzzzz", "12", "", " 1234567 89abcde", "1234567g89abcdef", "é234567812345678"]) {
      expect(fpWords(fp)).toEqual({ hi: parseInt(fp.slice(0, 8), 16), lo: parseInt(fp.slice(8, 16), 16) });
      expect(Object.is(hexWord(fp, 8), parseInt(fp.slice(8), 16)) || fp.length > 16).toBe(true);
    }
    const shard = new ShardSlots();
    const state = emptyState("template", "x", 0, 1);
    for (const fp of ["zzzzzzzz00000000", "0000000000000001", "not hex at all!!", "00000000zzzzzzzz"]) shard.write(fp, state);
    for (const fp of ["zzzzzzzz00000003", "0000000000000000", "yyyyyyyyyyyyyyyy"]) expect(shard.nearest(fp)).toBe(nearestFingerprint(shard.values(), fp));
  });
});
