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
});
