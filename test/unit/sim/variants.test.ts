import { describe, expect, it } from "vitest";
import { DEFAULT_VARIANTS, readVariants, sameVariants, variantFlags, variantFolder, variantHeading, variantNotes, variantOptions, variantUsage } from "../../../src/sim/variants.js";

const fail = (m: string): never => {
  throw new Error(m);
};

describe("simulator variants", () => {
  it("reads each flag, its default when absent, and refuses a value it does not know", () => {
    expect(readVariants({}, fail)).toEqual({ egress: "rotating", legitEgress: "fixed", releaseUsers: "existing", campaignAccounts: "few", publicHarness: "none", serverState: "none" });
    expect(readVariants({ egress: "sticky", "campaign-accounts": "many" }, fail)).toEqual({ ...DEFAULT_VARIANTS, egress: "sticky", campaignAccounts: "many" });
    expect(() => readVariants({ "legit-egress": "wobbly" }, fail)).toThrow('--legit-egress must be fixed, churn, not "wobbly"');
    expect(Object.keys(variantOptions())).toEqual(["egress", "legit-egress", "release-users", "campaign-accounts", "public-harness", "server-state"]);
    expect(readVariants({ "public-harness": "shared" }, fail)).toEqual({ ...DEFAULT_VARIANTS, publicHarness: "shared" });
    expect(variantUsage()).toContain("[--campaign-accounts few|many]");
  });

  it("names only what differs from the defaults, as the folders and headings were named before the table", () => {
    expect(variantFlags(DEFAULT_VARIANTS)).toEqual([]);
    expect(variantFolder(DEFAULT_VARIANTS)).toBe("");
    expect(variantHeading(DEFAULT_VARIANTS)).toBe("");
    expect(variantNotes(DEFAULT_VARIANTS)).toEqual([]);
    const v = { ...DEFAULT_VARIANTS, egress: "sticky", legitEgress: "churn", releaseUsers: "new", campaignAccounts: "many" } as const;
    expect(variantFlags(v)).toEqual(["--egress", "sticky", "--legit-egress", "churn", "--release-users", "new", "--campaign-accounts", "many"]);
    expect(variantFolder(v)).toBe("-sticky-legit-churn-release-new-campaigns-many");
    expect(variantHeading(v)).toBe(", sticky egress, legitimate egress churn, release-day users new, campaign accounts many");
    expect(variantNotes(v)).toHaveLength(4);
    const h = { ...DEFAULT_VARIANTS, publicHarness: "shared" } as const;
    expect(variantFlags(h)).toEqual(["--public-harness", "shared"]);
    expect(variantFolder(h)).toBe("-harness-shared");
    expect(variantHeading(h)).toBe(", public harness shared");
    const c = { ...DEFAULT_VARIANTS, serverState: "conversations" } as const;
    expect(variantFlags(c)).toEqual(["--server-state", "conversations"]);
    expect(variantFolder(c)).toBe("-state-conversations");
    expect(variantHeading(c)).toBe(", server-side conversations");
  });

  it("matches a manifest only when every variant is the same, a missing field being its default", () => {
    expect(sameVariants({ seed: 1 }, DEFAULT_VARIANTS)).toBe(true);
    expect(sameVariants({ egress: "rotating", campaignAccounts: "few" }, DEFAULT_VARIANTS)).toBe(true);
    expect(sameVariants({ campaignAccounts: "many" }, DEFAULT_VARIANTS)).toBe(false);
    expect(sameVariants({}, { ...DEFAULT_VARIANTS, releaseUsers: "new" })).toBe(false);
  });
});
