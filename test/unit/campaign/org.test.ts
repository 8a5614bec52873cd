import { describe, expect, it } from "vitest";
import { assess, splitReport, summarize } from "../../../src/campaign/cluster";
import { campaignEntries } from "../../../src/campaign/lifecycle";
import { MemoryCampaignIndex } from "../../../src/campaign/memory-index";
import { campaignIdOf, CampaignPolicy, DEFAULT_CAMPAIGN_POLICY, orgFingerprint, parseCampaignId, shardOf, type CampaignReport } from "../../../src/campaign/types";
import { DAY, MemoryIndex, obs, T0, type Acct, type Obs } from "./helpers";

const P = DEFAULT_CAMPAIGN_POLICY;
const ORG = orgFingerprint("org-acme");

/** Verified paid accounts of one org, two months old: established while unrestricted. */
function staff(n: number, prefix = "acme"): Acct[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, org: "org-acme", verified: true, ageDays: 60, tier: "paid" as const }));
}

const RESTRICTED: Obs = { restricted: true, risk: 0.7, extraction: 0.4 };
const CLEAN: Obs = { restricted: false, risk: 0.05, extraction: 0.02 };

/** Each account's one request a minute apart, the restricted ones first. */
function orgRun(ix: MemoryIndex, restricted: number, clean: number, o: Obs = RESTRICTED) {
  const accts = staff(restricted + clean);
  let t = T0;
  return accts.map((a, i) => ix.feed(obs("org", ORG, a, (t += 60_000), i < restricted ? o : CLEAN)));
}

describe("org evidence: the org rule", () => {
  it("makes an org a campaign when two of its five accounts in the window are restricted for extraction", () => {
    const ix = new MemoryIndex();
    orgRun(ix, 2, 3);
    const a = assess(ix.state("org", ORG), P, T0 + 10 * 60_000);
    expect(a.verdict).toBe("campaign");
    expect(a.reasons).toEqual(["org-restricted-accounts:2", "accounts:5"]);
    // As the restricted-accounts rule: 60 + 5 × (2 − 2) + round(20 × 2/5).
    expect(a.confidence).toBe(68);
  });

  it("only watches an org with one restricted account", () => {
    const ix = new MemoryIndex();
    orgRun(ix, 1, 4);
    expect(assess(ix.state("org", ORG), P, T0 + 10 * 60_000).verdict).toBe("watch");
  });

  it("does not make a large org a campaign for a restricted share below org.restrictedShare", () => {
    const ix = new MemoryIndex();
    orgRun(ix, 2, 5); // 2 of 7: 0.29
    expect(assess(ix.state("org", ORG), P, T0 + 10 * 60_000).verdict).toBe("watch");
    const lower = CampaignPolicy.parse({ org: { restrictedShare: 0.25 } });
    expect(assess(ix.state("org", ORG), lower, T0 + 10 * 60_000).verdict).toBe("campaign");
  });

  it("does not count accounts restricted for what is not extraction-like at all (restrictedTemplateExtraction)", () => {
    const ix = new MemoryIndex();
    orgRun(ix, 3, 2, { restricted: true, risk: 0.7, extraction: 0.01 });
    expect(assess(ix.state("org", ORG), P, T0 + 10 * 60_000).verdict).toBe("watch");
  });

  it("is not cleared as one org's or established accounts' fingerprint, and is legitimate once an operator dismisses it", () => {
    const ix = new MemoryIndex();
    orgRun(ix, 2, 3);
    const s = ix.state("org", ORG);
    // Formed on 2 restricted of 2 members (confidence 80: confirmed), and kept as established org-mates joined.
    expect(s.campaign?.status).toBe("confirmed");
    expect(assess(s, P, T0 + 10 * 60_000).verdict).toBe("campaign");
    const now = T0 + 10 * 60_000;
    const dismissed = { ...s, dismissed: { at: now, by: "ops", note: "our red team", until: null } };
    expect(assess(dismissed, P, now)).toMatchObject({ verdict: "legit", reasons: ["dismissed-by-operator"] });
    const allowed = CampaignPolicy.parse({ allow: [{ kind: "org", fp: ORG, label: "red-team-org" }] });
    expect(assess(s, allowed, now)).toMatchObject({ verdict: "legit", reasons: ["allowlisted:red-team-org"] });
  });

  it("makes no org campaign with org.enabled off", () => {
    const off = CampaignPolicy.parse({ org: { enabled: false } });
    const ix = new MemoryIndex(off);
    orgRun(ix, 3, 2);
    expect(ix.state("org", ORG).campaign).toBeNull();
    expect(assess(ix.state("org", ORG), off, T0 + 10 * 60_000).verdict).toBe("watch");
  });

  it("gives every member the finding, established ones included, and publishes nothing", () => {
    const ix = new MemoryIndex(CampaignPolicy.parse({ org: { minRestricted: 2 }, autoConfirmConfidence: 60 }));
    const results = orgRun(ix, 2, 3);
    // The second restricted account's report forms it; each later one, established, gets it.
    expect(results.map((r) => r.finding?.campaignId ?? null)).toEqual([null, `org-${ORG}`, `org-${ORG}`, `org-${ORG}`, `org-${ORG}`]);
    expect(results[4]!.finding).toMatchObject({ kind: "org", status: "confirmed", reasons: [`campaign:org-${ORG}`, "campaign-confirmed", "campaign-org-fingerprint"] });
    const s = ix.state("org", ORG);
    expect(s.campaign?.status).toBe("confirmed");
    expect(ix.kv.size).toBe(0);
    expect(campaignEntries(s, P, T0 + DAY)).toEqual([]);
    expect(summarize(s, P, T0 + DAY)).toMatchObject({ kind: "org", fp: ORG, published: [] });
  });
});

describe("org evidence: reports", () => {
  const client = { ip: "192.0.2.1", asn: 64500, ja4: null, userAgent: null };
  const report = (org: string | null): CampaignReport => ({
    at: T0, account: { id: "a", org, tier: "paid", verified: true, createdAt: T0 - 60 * DAY }, risk: 0.1, restricted: false,
    extraction: 0.2, templateFp: "a1b2c3d4e5f60718", systemFp: null, client,
  });

  it("adds an org observation only for an account in an org, and keeps the org out of the others' related fingerprints", () => {
    expect(splitReport(report(null), P).map((o) => o.kind)).toEqual(["template"]);
    const parts = splitReport(report("org-acme"), P);
    expect(parts.map((o) => `${o.kind}:${o.fp}`)).toEqual(["template:a1b2c3d4e5f60718", `org:${ORG}`]);
    expect(parts[0]!.related).toEqual([]);
    expect(parts[1]!.related).toEqual([{ kind: "template", fp: "a1b2c3d4e5f60718" }]);
    expect(splitReport(report("org-acme"), CampaignPolicy.parse({ org: { enabled: false } })).map((o) => o.kind)).toEqual(["template"]);
  });

  it("names an org by a 16-hex hash of its id, never the id, with its own shard and campaign id", () => {
    expect(ORG).toMatch(/^[0-9a-f]{16}$/);
    expect(ORG).not.toBe(orgFingerprint("org-acme2"));
    expect(shardOf("org", ORG)).toBe(`org:${ORG.slice(0, 2)}`);
    expect(parseCampaignId(campaignIdOf("org", ORG))).toEqual({ kind: "org", fp: ORG });
  });
});

describe("org evidence in the in-memory index", () => {
  it("gives an org's established account a finding on its next report once two org-mates are restricted", () => {
    const ix = new MemoryCampaignIndex();
    const p = P;
    let t = T0;
    const send = (id: string, restricted: boolean, templateFp: string) => ix.report({
      at: (t += 60_000), account: { id, org: "org-acme", tier: "enterprise", verified: true, createdAt: T0 - 120 * DAY },
      risk: restricted ? 0.8 : 0.05, restricted, extraction: restricted ? 0.5 : 0.1, templateFp, systemFp: null,
      client: { ip: "198.51.100.7", asn: 64501, ja4: null, userAgent: null },
    }, p);
    // Each account's own scaffold template, far apart: nothing joins on a template.
    const tpl = (i: number) => `${(0x10 + i).toString(16)}${"0".repeat(12)}${(0x10 + i).toString(16)}`;
    expect(send("acme-0", false, tpl(0)).findings).toEqual([]);
    expect(send("acme-1", false, tpl(1)).findings).toEqual([]);
    expect(send("acme-2", true, tpl(2)).findings).toEqual([]);
    expect(send("acme-3", true, tpl(3)).findings.map((f) => f.campaignId)).toEqual([`org-${ORG}`]);
    const next = send("acme-0", false, tpl(0));
    expect(next.findings).toEqual([expect.objectContaining({ campaignId: `org-${ORG}`, kind: "org", status: "suspected" })]);
    expect(next.publications).toEqual([]);
    // Another org's established account is untouched.
    const other = ix.report({
      at: (t += 60_000), account: { id: "other-0", org: "org-other", tier: "enterprise", verified: true, createdAt: T0 - 120 * DAY },
      risk: 0.05, restricted: false, extraction: 0.1, templateFp: tpl(0), systemFp: null, client: { ip: "198.51.100.9", asn: 64501, ja4: null, userAgent: null },
    }, p);
    expect(other.findings).toEqual([]);
  });
});
