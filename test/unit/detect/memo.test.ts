import { describe, expect, it } from "vitest";
import { SampledMemo, StringMemo } from "../../../src/detect/memo.js";

describe("StringMemo", () => {
  it("computes each key once, drops the oldest when full and skips long keys", () => {
    const calls: string[] = [];
    const m = new StringMemo<number>(2, (k) => (calls.push(k), k.length), 5);
    expect([m.get("a"), m.get("bb"), m.get("a")]).toEqual([1, 2, 1]);
    expect(calls).toEqual(["a", "bb"]);
    m.get("ccc"); // evicts "a", the oldest
    m.get("a");
    expect(calls).toEqual(["a", "bb", "ccc", "a"]);
    m.get("longer");
    m.get("longer");
    expect(calls.filter((k) => k === "longer")).toHaveLength(2);
  });

  it("evicts first in, first out over many misses and hits, like a Map's insertion order", () => {
    // The reference: what the memo did before keeping its own ring of keys.
    const ref = new Map<string, number>();
    const refGet = (k: string): boolean => {
      if (ref.has(k)) return true;
      if (ref.size >= 7) ref.delete(ref.keys().next().value as string);
      ref.set(k, 0);
      return false;
    };
    let computed = 0;
    const m = new StringMemo<number>(7, () => ++computed);
    let x = 12345;
    for (let i = 0; i < 5000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const key = `k${(x >>> 8) % 19}`;
      const before = computed;
      m.get(key);
      expect(computed === before).toBe(refGet(key));
    }
  });
});

describe("SampledMemo", () => {
  it("gives each key its own value, though keys share a sample, and stays bounded", () => {
    const head = "h".repeat(300), tail = "t".repeat(300);
    // Same length, same first and last 256 characters: one sample for all of these.
    const twins = ["a", "b", "c"].map((m) => `${head}${m.repeat(50)}${tail}`);
    const others = Array.from({ length: 20 }, (_, i) => `${i}`.repeat(700 + i));
    const calls: string[] = [];
    const m = new SampledMemo<string>(4, (k) => (calls.push(k), `v:${k}`));
    let x = 1;
    for (let i = 0; i < 3000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const pool = (x >>> 9) % 3 === 0 ? others : twins;
      const key = pool[(x >>> 12) % pool.length] as string;
      // A fresh copy: the memo must compare contents, not identities.
      const copy = (key + " ").slice(0, -1);
      expect(m.get(copy)).toBe(`v:${key}`);
    }
    expect(calls.length).toBeLessThan(3000);
    const size = (m as unknown as { map: Map<string, unknown> }).map.size;
    expect(size).toBeLessThanOrEqual(4);
    // A remembered key is a hit.
    const before = calls.length;
    m.get(twins[0] as string);
    m.get(twins[0] as string);
    expect(calls.length - before).toBeLessThanOrEqual(1);
  });
});
