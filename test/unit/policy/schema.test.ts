import { describe, expect, it } from "vitest";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadPolicyFile } from "../../../src/cli/replay";
import { unknownFields as unknownPolicyFields } from "../../../src/lib/validate";
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
    [{ machine: { heldExitRequests: -1 } }, "heldExitRequests"],
    [{ machine: { heldExitRequests: 2.5 } }, "heldExitRequests"],
  ])("refuses %j", (override, field) => {
    const r = mergePolicy(override);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error!.issues)).toContain(field);
  });

  it("names the fields of an override the policy does not have, at any depth, and none of a valid one", () => {
    const over = { tiers: { free: { rpm: 5, rmp: 5 } }, machine: {}, nonsense: { a: 1 }, campaign: { account: { memoryMs: 1, memroyMs: 2 } } };
    const merged = mergePolicy(over);
    expect(merged.success).toBe(true);
    expect(unknownPolicyFields(over, merged.data)).toEqual(["tiers.free.rmp", "nonsense", "campaign.account.memroyMs"]);
    expect(unknownPolicyFields(DEFAULT_POLICY, mergePolicy({}).data)).toEqual([]);
    expect(unknownPolicyFields({ tiers: { free: { rpm: 5 } }, campaign: { restrictedTemplateExtraction: 0 } }, mergePolicy({ tiers: { free: { rpm: 5 } }, campaign: { restrictedTemplateExtraction: 0 } }).data)).toEqual([]);
  });

  it("refuses a replay --policy file with a field the policy does not have", () => {
    const dir = mkdtempSync(join(tmpdir(), "policy-"));
    const good = join(dir, "good.json");
    const typo = join(dir, "typo.json");
    writeFileSync(good, JSON.stringify({ campaign: { restrictedTemplateExtraction: 0 } }));
    writeFileSync(typo, JSON.stringify({ campaign: { restrictedTemplateExtractoin: 0 } }));
    expect(loadPolicyFile(good).campaign.restrictedTemplateExtraction).toBe(0);
    expect(() => loadPolicyFile(typo)).toThrow(/invalid policy: no such field campaign\.restrictedTemplateExtractoin/);
  });
});
