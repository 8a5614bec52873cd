import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, mergePolicy } from "../../../src/policy/schema";

describe("policy document", () => {
  it("defaults to the contract's tier limits", () => {
    expect(DEFAULT_POLICY.tiers).toMatchObject({
      free: { rpm: 20, tpm: 40_000 }, edu: { rpm: 60, tpm: 100_000 }, research: { rpm: 60, tpm: 100_000 },
      paid: { rpm: 500, tpm: 1_000_000 }, enterprise: { rpm: 4000, tpm: 8_000_000 },
    });
    expect(DEFAULT_POLICY.mode).toBe("enforce");
  });
  it("merges a partial override over the defaults", () => {
    const r = mergePolicy({ mode: "shadow", tiers: { free: { rpm: 10 } } });
    expect(r.success).toBe(true);
    expect(r.data!.tiers.free).toEqual({ rpm: 10, tpm: 40_000, failMode: "closed" });
    expect(r.data!.tiers.paid.rpm).toBe(500);
  });
  it.each([
    [{ mode: "off" }, "mode"],
    [{ tiers: { free: { rpm: 0 } } }, "tiers"],
    [{ timeouts: { accountMs: "fast" } }, "timeouts"],
    [{ tiers: { free: { failMode: "sometimes" } } }, "failMode"],
    // Evidence only ever raises the odds: a negative weight would be dropped without a word, so it is refused.
    [{ machine: { evidence: { critiqueLoop: -1 } } }, "critiqueLoop"],
    [{ machine: { evidence: { network: -0.5 } } }, "network"],
    [{ machine: { probationHeavyShare: 2 } }, "probationHeavyShare"],
    [{ machine: { watchAsProbationContent: -0.1 } }, "watchAsProbationContent"],
  ])("refuses %j", (override, field) => {
    const r = mergePolicy(override);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error!.issues)).toContain(field);
  });
});
