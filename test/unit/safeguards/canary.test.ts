import { describe, expect, it } from "vitest";
import { canaryFor } from "../../../src/safeguards/canary.js";

describe("canaryFor", () => {
  it("is deterministic for an account and salt", async () => {
    expect(await canaryFor("acct-hash-1", "salt")).toEqual(await canaryFor("acct-hash-1", "salt"));
  });

  it("differs between accounts and between salts", async () => {
    const a = await canaryFor("acct-hash-1", "salt");
    expect((await canaryFor("acct-hash-2", "salt")).phrase).not.toBe(a.phrase);
    expect((await canaryFor("acct-hash-1", "other-salt")).phrase).not.toBe(a.phrase);
  });

  it.each([2, 4, 8])("builds a phrase of %i pronounceable words", async (words) => {
    const c = await canaryFor("acct", "salt", words);
    expect(c.phrase).toMatch(new RegExp(`^[a-z]{3}(-[a-z]{3}){${words - 1}}$`));
    expect(c.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it("spreads 2,000 accounts over distinct 4-word phrases", async () => {
    const phrases = new Set<string>();
    for (let i = 0; i < 2000; i++) phrases.add((await canaryFor(`acct-${i}`, "salt")).phrase);
    // 32 bits: the birthday bound makes a collision among 2,000 unlikely (p ~ 0.05%).
    expect(phrases.size).toBe(2000);
  });
});
