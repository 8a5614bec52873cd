import { describe, expect, it } from "vitest";
import { StringMemo } from "../../../src/detect/memo.js";

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
