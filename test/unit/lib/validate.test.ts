import { describe, expect, it } from "vitest";
import { kvExpiration } from "../../../src/lib/kv-limits.js";
import { GuardError } from "../../../src/lib/guard-error.js";
import { listFrom, MAX_CURSOR_CHARS, queryCursor, queryLimit } from "../../../src/lib/validate.js";

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

  it("reads a cursor as given, none for the first page, and refuses one KV never gives", () => {
    expect(queryCursor(undefined)).toBeUndefined();
    expect(queryCursor("")).toBeUndefined();
    expect(queryCursor("AAAQ-some_cursor==")).toBe("AAAQ-some_cursor==");
    for (const bad of ["x".repeat(MAX_CURSOR_CHARS + 1), "ab\ud800cd"]) {
      expect(() => queryCursor(bad)).toThrow(GuardError);
      expect(() => queryCursor(bad)).toThrow(/^Invalid cursor/);
    }
  });

  it("answers a cursor KV refuses with a 400, and passes on KV's own failure as it came", async () => {
    const refusing = async (cursor: string | undefined) => {
      if (cursor !== undefined) throw new Error("KV LIST failed: 400 Invalid cursor");
      return { keys: [] };
    };
    await expect(listFrom("stale", refusing)).rejects.toMatchObject({ status: 400, code: "invalid_request", message: expect.stringMatching(/^Invalid cursor/) as string });
    await expect(listFrom(undefined, refusing)).resolves.toEqual({ keys: [] });
    const down = new Error("KV unavailable");
    const failing = async () => { throw down; };
    await expect(listFrom("stale", failing)).rejects.toBe(down);
    await expect(listFrom(undefined, failing)).rejects.toBe(down);
    let calls = 0;
    await expect(listFrom("fine", async (c) => { calls++; return c; })).resolves.toBe("fine");
    expect(calls).toBe(1);
  });
});
