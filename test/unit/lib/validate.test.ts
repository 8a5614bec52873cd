import { describe, expect, it } from "vitest";
import { kvExpiration } from "../../../src/lib/kv-limits.js";
import { queryLimit } from "../../../src/lib/validate.js";

describe("admin query limits and KV expirations", () => {
  it("reads a limit as an integer from 1 to the maximum, the fallback when absent or not a number", () => {
    expect(queryLimit(undefined, 50, 200)).toBe(50);
    expect(queryLimit("7", 50, 200)).toBe(7);
    expect(queryLimit("1.5", 50, 200)).toBe(1);
    expect(queryLimit("0.5", 50, 200)).toBe(50);
    expect(queryLimit("-3", 50, 200)).toBe(1);
    expect(queryLimit("abc", 50, 200)).toBe(50);
    expect(queryLimit("1e9", 50, 200)).toBe(200);
    expect(queryLimit("Infinity", 50, 200)).toBe(50);
  });

  it("gives KV an expiration at least 61 s ahead, and none past KV's 32-bit field", () => {
    const now = Date.UTC(2026, 10, 28);
    expect(kvExpiration(now + 3_600_000, now)).toBe((now + 3_600_000) / 1000);
    expect(kvExpiration(now, now)).toBe((now + 61_000) / 1000);
    expect(kvExpiration(2_147_483_647_000, now)).toBe(2_147_483_647);
    expect(kvExpiration(2_147_483_648_000, now)).toBeUndefined();
  });
});
