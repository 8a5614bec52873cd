import { describe, expect, it } from "vitest";
import { campaignExposure, campaignTerms, harvestHoldCode, hitCode, noteCampaigns, withoutOrgVouching, type FingerprintHit } from "../../../src/account/campaign-intel";
import { decide } from "../../../src/account/machine";
import type { AccountInfo } from "../../../src/account/record";
import type { RequestObservation } from "../../../src/account/types";
import { AccountState, initialState } from "../../../src/account/state";
import { NotedCampaign } from "../../../src/account/campaign-intel";
import { CampaignPolicy, type CampaignFinding } from "../../../src/campaign/types";
import type { Signals } from "../../../src/detect/types";
import type { WindowEntry } from "../../../src/limits/window";
import { DEFAULT_POLICY, mergePolicy, type Policy } from "../../../src/policy/schema";
import { account, DAY, extraction, HOUR, MIN, obs, signals, T0 } from "./helpers";

const P = DEFAULT_POLICY.campaign;
const finding = (id: string, status: "suspected" | "confirmed" = "confirmed", confidence = 85): CampaignFinding => ({
  campaignId: id, kind: "template", fp: id.slice(4), status, confidence, reasons: [`campaign:${id}`],
});
const TPL = "tpl-0123456789abcdef";
const hit = (over: Partial<FingerprintHit> = {}): FingerprintHit => ({ kind: "templateFp", source: `campaign:${TPL}`, confidence: 85, reason: "r", ...over });

const fresh = account({ tier: "free", verified: false, createdAt: T0 - DAY / 2 });
const established = account({ tier: "paid", verified: true, createdAt: T0 - 400 * DAY, org: "acme" });

/** `n` requests `step` apart (5 minutes); `sig` the same for every request, or each request's by its index. */
function run(
  a: AccountInfo, n: number,
  over: {
    campaigns?: AccountState["campaigns"]; hits?: FingerprintHit[]; sig?: Signals | ((i: number) => Signals); policy?: Policy; step?: number; at?: (i: number) => number;
    client?: (i: number) => RequestObservation["client"];
  } = {},
) {
  let state: AccountState = { ...initialState(), campaigns: over.campaigns ?? [] };
  let window: WindowEntry[] = [];
  const out = [];
  for (let i = 0; i < n; i++) {
    const sig = typeof over.sig === "function" ? over.sig(i) : (over.sig ?? signals());
    const o = obs({ account: a, signals: sig, ...(over.hits ? { fingerprintHits: over.hits } : {}), ...(over.client ? { client: over.client(i) } : {}) });
    const r = decide(state, window, o, over.policy ?? DEFAULT_POLICY, T0 + (over.at ? over.at(i) : i * (over.step ?? 5 * MIN)));
    state = r.state;
    window = r.window;
    out.push(r.decision);
  }
  return out;
}

describe("noteCampaigns", () => {
  it("keeps the newest findings first, at most 8, each campaign once", () => {
    let noted = noteCampaigns([], [finding(TPL)], P, T0);
    for (let i = 0; i < 10; i++) noted = noteCampaigns(noted, [finding(`tpl-${String(i).padStart(16, "0")}`)], P, T0 + i);
    noted = noteCampaigns(noted, [finding("tpl-0000000000000009", "confirmed", 95)], P, T0 + 20);
    expect(noted).toHaveLength(8);
    expect(noted[0]).toMatchObject({ campaignId: "tpl-0000000000000009", confidence: 95, firstAt: T0 + 9, lastAt: T0 + 20 });
    expect(noted.map((n) => n.campaignId)).not.toContain(TPL);
  });

  it("forgets a finding memoryMs after it was last noted", () => {
    const noted = noteCampaigns([], [finding(TPL)], P, T0);
    expect(noteCampaigns(noted, [], P, T0 + P.account.memoryMs - 1)).toHaveLength(1);
    expect(noteCampaigns(noted, [], P, T0 + P.account.memoryMs)).toHaveLength(0);
  });
});

describe("campaign exposure", () => {
  it.each([
    ["fresh unverified free", account({ tier: "free", verified: false, createdAt: T0 - DAY }), 1],
    ["unverified free, a month old", account({ tier: "free", verified: false, createdAt: T0 - 30 * DAY }), 0.5],
    ["unverified paid, a month old", account({ tier: "paid", verified: false, createdAt: T0 - 30 * DAY }), 0.25],
    ["unverified free, a year old", account({ tier: "free", verified: false, createdAt: T0 - 365 * DAY }), 0.25],
    ["unverified paid, a year old", account({ tier: "paid", verified: false, createdAt: T0 - 365 * DAY }), 0.1],
    ["young verified free", account({ tier: "free", verified: true, createdAt: T0 - 3 * DAY }), 0.6],
    ["verified free, a month old", account({ tier: "free", verified: true, createdAt: T0 - 30 * DAY }), 0.25],
    // Past youngDays but not yet established (90 days): a little, whatever the tier or org.
    ["verified paid, a month old", account({ tier: "paid", verified: true, createdAt: T0 - 30 * DAY }), 0.2],
    ["verified free in an org", account({ tier: "free", verified: true, createdAt: T0 - 30 * DAY, org: "uni" }), 0.25],
    ["verified paid in an org, two months old", account({ tier: "paid", verified: true, createdAt: T0 - 60 * DAY, org: "acme" }), 0.2],
    ["verified paid, three months old", account({ tier: "paid", verified: true, createdAt: T0 - 90 * DAY }), 0],
    ["verified, a year old", account({ tier: "edu", verified: true, createdAt: T0 - 365 * DAY }), 0],
    ["verified enterprise, a day old", account({ tier: "enterprise", verified: true, createdAt: T0 - DAY }), 0],
    ["unverified enterprise, a day old", account({ tier: "enterprise", verified: false, createdAt: T0 - DAY }), 1],
  ])("%s: %s", (_name, a, x) => {
    expect(campaignExposure(a, P, T0)).toBe(x);
  });

  it("adds nothing for an established account, whatever the evidence", () => {
    const noted = noteCampaigns([], [finding(TPL)], P, T0);
    expect(campaignTerms(noted, [hit(), hit({ kind: "networkFp", source: "peer:Northwind" })], established, P, T0)).toEqual([]);
  });

  it("weighs campaign evidence about an established account by what its own stream says (the floor)", () => {
    const noted = noteCampaigns([], [finding(TPL)], P, T0);
    const hits = [hit()];
    const total = (floor: number) => campaignTerms(noted, hits, established, P, T0, floor).reduce((s, t) => s + t.value, 0);
    expect(total(0)).toBe(0);
    // Scaled linearly by the floor, up to what an exposed account gets.
    expect(total(0.5)).toBeCloseTo(total(1) / 2, 9);
    expect(total(1)).toBeCloseTo(campaignTerms(noted, hits, account({ verified: false, createdAt: T0 - DAY }), P, T0).reduce((s, t) => s + t.value, 0), 9);
    // A floor never lowers an exposed account's evidence.
    const fresh = account({ verified: false, createdAt: T0 - DAY });
    expect(campaignTerms(noted, hits, fresh, P, T0, 0.3)).toEqual(campaignTerms(noted, hits, fresh, P, T0));
  });

  it("weighs an org campaign's finding in full for an established verified enterprise account, where a template's adds nothing", () => {
    const enterprise = account({ tier: "enterprise", verified: true, createdAt: T0 - 200 * DAY, org: "acme" });
    expect(campaignExposure(enterprise, P, T0)).toBe(0);
    const ORG = "org-0123456789abcdef";
    const orgFinding: CampaignFinding = { campaignId: ORG, kind: "org", fp: ORG.slice(4), status: "suspected", confidence: 68, reasons: [`campaign:${ORG}`] };
    const noted = noteCampaigns([], [finding(TPL), orgFinding], P, T0);
    // The template's finding (3 × 0.85 × exposure 0) adds nothing; the org's counts at exposure 1: 1.5 × 0.68.
    expect(campaignTerms(noted, [hit()], enterprise, P, T0)).toEqual([{ code: `campaign:${ORG}`, family: "campaign", value: expect.closeTo(1.02, 6) as number }]);
    expect(campaignTerms(noteCampaigns([], [finding(TPL)], P, T0), [hit()], enterprise, P, T0)).toEqual([]);
    // Off with the campaign index.
    expect(campaignTerms(noted, [], enterprise, CampaignPolicy.parse({ enabled: false }), T0)).toEqual([]);
  });

  it("withdraws the org's vouching (its membership and its enterprise contract) while a confirmed campaign of the org is noted", () => {
    const member = account({ tier: "enterprise", verified: true, createdAt: T0 - 200 * DAY, org: "acme" });
    const ORG = "org-0123456789abcdef";
    const org = (status: "suspected" | "confirmed"): CampaignFinding => ({ campaignId: ORG, kind: "org", fp: ORG.slice(4), status, confidence: status === "confirmed" ? 85 : 68, reasons: [`campaign:${ORG}`] });
    const confirmed = noteCampaigns([], [org("confirmed")], P, T0);
    expect(withoutOrgVouching(member, confirmed, P, T0)).toEqual({ ...member, org: null, tier: "paid" });
    // Not for a suspected one, nor a template's, nor once forgotten (account.memoryMs), nor with the index off.
    expect(withoutOrgVouching(member, noteCampaigns([], [org("suspected")], P, T0), P, T0)).toBe(member);
    expect(withoutOrgVouching(member, noteCampaigns([], [finding(TPL)], P, T0), P, T0)).toBe(member);
    expect(withoutOrgVouching(member, confirmed, P, T0 + P.account.memoryMs)).toBe(member);
    expect(withoutOrgVouching(member, confirmed, CampaignPolicy.parse({ enabled: false }), T0)).toBe(member);
    // A paid member keeps its tier.
    const paid = account({ tier: "paid", verified: true, createdAt: T0 - 200 * DAY, org: "acme" });
    expect(withoutOrgVouching(paid, confirmed, P, T0)).toEqual({ ...paid, org: null });
    // In decisions: the same stream of heavy-reasoning requests rises further without the org's vouching, and is only ever degraded.
    const heavy = signals({ shape: { reasoningRequested: true, maxTokens: 32_000 } });
    // The member is judged as a paid account outside any org would be, given the same evidence; before the campaign, lower.
    const withdrawn = run(member, 40, { campaigns: confirmed, sig: heavy });
    const outside = run({ ...member, org: null, tier: "paid" }, 40, { campaigns: confirmed, sig: heavy });
    expect(withdrawn.map((d) => d.risk)).toEqual(outside.map((d) => d.risk));
    expect(run(member, 40, { sig: heavy }).at(-1)!.risk).toBeLessThan(withdrawn.at(-1)!.risk);
    expect(withdrawn.every((d) => !["throttle", "challenge", "block"].includes(d.action))).toBe(true);
    // policy.campaign.org.withdrawVouching off: the org's finding is only its own term.
    const off = CampaignPolicy.parse({ org: { withdrawVouching: false } });
    expect(withoutOrgVouching(member, confirmed, off, T0)).toBe(member);
  });

  it("loads an account state noted before org campaigns, and one with an org campaign", () => {
    const old = { campaignId: TPL, kind: "template", status: "confirmed", confidence: 85, firstAt: T0, lastAt: T0 };
    // Stored before hold-only findings: none is (NotedCampaign.hold).
    expect(AccountState.parse({ ...initialState(), campaigns: [old] }).campaigns).toEqual([{ ...old, hold: false }]);
    expect(NotedCampaign.parse({ ...old, campaignId: "org-0123456789abcdef", kind: "org" }).kind).toBe("org");
    expect(NotedCampaign.safeParse({ ...old, kind: "tenant" }).success).toBe(false);
  });

  it("names the campaign or the peer, counts a campaign once, and caps the family", () => {
    const noted = noteCampaigns([], [finding(TPL), finding("tpl-fedcba9876543210", "suspected")], P, T0);
    const terms = campaignTerms(noted, [hit(), hit({ kind: "networkFp", source: "peer:Northwind T&S", confidence: 75 })], fresh, P, T0);
    // The confirmed campaign (3 × 0.85) once although it is both a finding and a blocklist hit, the
    // suspected one (1.5 × 0.85), then the peer's client fingerprint (1.2 × 0.75) cut at the cap (4).
    expect(terms).toEqual([
      { code: `campaign:${TPL}`, family: "campaign", value: expect.closeTo(2.55, 6) as number },
      { code: "campaign:tpl-fedcba9876543210", family: "campaign", value: expect.closeTo(1.275, 6) as number },
      { code: "intel:networkFp:peer:northwind-t-s", family: "campaign", value: expect.closeTo(P.account.max - 3.825, 6) as number },
    ]);
    expect(hitCode(hit({ kind: "networkFp", source: "peer:Northwind T&S" }))).toBe("intel:networkFp:peer:northwind-t-s");
  });

  it("weighs a peer's AS number or JA4 below its client fingerprint: a whole provider or TLS stack", () => {
    const terms = campaignTerms([], [hit({ kind: "asn", source: "peer:Northwind", confidence: 50 }), hit({ kind: "ja4", source: "peer:Other", confidence: 100 })], fresh, P, T0);
    expect(terms).toEqual([
      { code: "intel:ja4:peer:other", family: "campaign", value: expect.closeTo(P.account.networkWideHit, 6) as number },
      { code: "intel:asn:peer:northwind", family: "campaign", value: expect.closeTo(P.account.networkWideHit * 0.5, 6) as number },
    ]);
    expect(P.account.networkWideHit).toBeLessThan(P.account.networkHit);
  });
});

describe("campaign evidence in decisions", () => {
  it.each([
    ["a finding in its state", { campaigns: noteCampaigns([], [finding(TPL)], P, T0) }],
    ["a campaign's template on the blocklist", { hits: [hit()] }],
  ])("contains a fresh account of a known campaign from its first request, on %s", (_name, over) => {
    // Plain requests: nothing else about them is suspicious, and probation alone would serve them.
    const d = run(fresh, 5, over);
    expect(run(fresh, 1)[0]!.action).toBe("allow");
    expect(d.every((x) => x.action === "degrade")).toBe(true);
    expect(d[0]!.reasons).toContain(`campaign:${TPL}`);
    expect(d[0]!.state).toBe("restricted");
  });

  it("never hard-actions on campaign evidence alone: it is not corroboration", () => {
    const hits = [hit(), hit({ kind: "systemFp" }), hit({ kind: "networkFp", source: "peer:Northwind" })];
    const d = run(fresh, 60, { campaigns: noteCampaigns([], [finding(TPL), finding("tpl-fedcba9876543210")], P, T0), hits });
    expect(Math.max(...d.map((x) => x.risk))).toBeGreaterThan(0.9);
    expect(d.filter((x) => x.action !== "degrade")).toEqual([]);
  });

  it("degrades, never hard-actions, an established org account on its org's campaign alone", () => {
    const ORG = "org-0123456789abcdef";
    const orgFinding: CampaignFinding = { campaignId: ORG, kind: "org", fp: ORG.slice(4), status: "confirmed", confidence: 95, reasons: [`campaign:${ORG}`] };
    const d = run(established, 30, { campaigns: noteCampaigns([], [orgFinding], P, T0), sig: extraction() });
    const without = run(established, 30, { sig: extraction() });
    expect(d.map((x) => x.risk).reduce((a, b) => a + b)).toBeGreaterThan(without.map((x) => x.risk).reduce((a, b) => a + b));
    expect(d.some((x) => x.reasons.includes(`campaign:${ORG}`))).toBe(true);
    expect(d.every((x) => !["throttle", "challenge", "block"].includes(x.action))).toBe(true);
  });

  it("leaves an established account that shares a campaign's template with its own ordinary requests as it was", () => {
    const evidence = { campaigns: noteCampaigns([], [finding(TPL)], P, T0), hits: [hit(), hit({ kind: "networkFp" })] };
    const withIt = run(established, 30, { ...evidence, sig: signals({ templateFp: TPL.slice(4) }) });
    const without = run(established, 30, { sig: signals({ templateFp: TPL.slice(4) }) });
    expect(withIt.map((d) => [d.action, d.risk])).toEqual(without.map((d) => [d.action, d.risk]));
    expect(withIt.every((d) => d.action === "allow")).toBe(true);
  });

  it("degrades, never hard-actions, an established account that sends a campaign's template as the campaign does", () => {
    // Its own stream is extraction with the reasoning harvested on every request (risk.ts agreement 1):
    // the published template counts as for an exposed account. Without it, the same stream stays allowed.
    const evidence = { campaigns: noteCampaigns([], [finding(TPL)], P, T0), hits: [hit()] };
    const withIt = run(established, 30, { ...evidence, sig: extraction() });
    const without = run(established, 30, { sig: extraction() });
    expect(without.every((d) => d.action === "allow")).toBe(true);
    expect(withIt.slice(-10).every((d) => d.action === "degrade")).toBe(true);
    expect(withIt.at(-1)!.reasons).toContain(hitCode(hit()));
    expect(withIt.every((d) => !["throttle", "challenge", "block"].includes(d.action))).toBe(true);
    // With the floor off (policy.campaign.account.agreementFloor), as before it existed.
    const off = mergePolicy({ campaign: { account: { agreementFloor: false } } }).data!;
    expect(run(established, 30, { ...evidence, sig: extraction(), policy: off }).map((d) => [d.action, d.risk])).toEqual(without.map((d) => [d.action, d.risk]));
  });

  it("degrades, never hard-actions, an established account that runs a campaign's template with the full reasoning asked for every time", () => {
    // An agentic-coding campaign's harness on an aged org account: ordinary coding requests (no extraction intent), the
    // reasoning asked for on every one, every 2 minutes for 30 hours. The published template counts once the account's
    // own stream agrees (risk.ts harvestAgreement); it has its own hours and pace as evidence besides.
    const stream = (o: { hits?: FingerprintHit[]; heavyEvery?: number; policy?: Policy } = {}) =>
      run(established, 900, {
        ...o, step: 2 * MIN,
        sig: (i) => signals({ templateFp: TPL.slice(4), domain: "coding", shape: { reasoningRequested: !o.heavyEvery || i % o.heavyEvery !== 0, maxTokens: 32_000 } }),
      }).map((d) => [d.action, d.risk, d.reasons] as const);
    const without = stream();
    const withIt = stream({ hits: [hit()] });
    expect(without.every(([action]) => action === "allow")).toBe(true);
    expect(withIt.slice(-100).every(([action]) => action === "degrade")).toBe(true);
    expect(withIt.at(-1)![2]).toContain(hitCode(hit()));
    expect(withIt.every(([action]) => action === "allow" || action === "degrade")).toBe(true);
    // Not when a fifth of its requests ask for no reasoning (a customer's own mix), nor with the floor off.
    const strip = (d: typeof without) => d.map(([action, risk]) => [action, risk]);
    const mixed = stream({ hits: [hit()], heavyEvery: 5 });
    expect(mixed.every(([action]) => action === "allow")).toBe(true);
    expect(strip(mixed)).toEqual(strip(stream({ heavyEvery: 5 })));
    const off = mergePolicy({ campaign: { account: { harvestFloor: false } } }).data!;
    expect(strip(stream({ hits: [hit()], policy: off }))).toEqual(strip(without));
  });
});

describe("harvest hold (policy.campaign.account.harvestHold)", () => {
  const heavy = (over: Partial<Signals["shape"]> = {}) => signals({ templateFp: TPL.slice(4), domain: "coding", shape: { reasoningRequested: true, maxTokens: 32_000, ...over } });

  it("names the first blocklisted prompt fingerprint when the account's standing or own stream exposes it", () => {
    const young = account({ tier: "free", verified: false, createdAt: T0 - DAY });
    const net = hit({ kind: "networkFp", source: "campaign:net-00000000000000aa" });
    const sys = hit({ kind: "systemFp", source: "campaign:sys-00000000000000bb" });
    expect(harvestHoldCode([hit()], young, P, T0, 0, false)).toBe(`campaign:${TPL}`);
    expect(harvestHoldCode([net, sys, hit()], young, P, T0, 0, false)).toBe("campaign:sys-00000000000000bb");
    // A network fingerprint is shared by far more than a campaign: never held for.
    expect(harvestHoldCode([net], young, P, T0, 1, true)).toBeNull();
    // An established account only by its own stream (behaviour.ts exposureFloor), from the policy's bar, and only while
    // its network or hours are not one person's (harvestHoldOperation; off, the floor alone).
    expect(harvestHoldCode([hit()], established, P, T0, 0.49, true)).toBeNull();
    expect(harvestHoldCode([hit()], established, P, T0, 0.5, true)).toBe(`campaign:${TPL}`);
    expect(harvestHoldCode([hit()], established, P, T0, 1, false)).toBeNull();
    expect(harvestHoldCode([hit()], established, CampaignPolicy.parse({ account: { harvestHoldOperation: false } }), T0, 0.5, false)).toBe(`campaign:${TPL}`);
    expect(harvestHoldCode([], young, P, T0, 1, true)).toBeNull();
    const off = CampaignPolicy.parse({ account: { harvestHold: 1.01 } });
    expect(harvestHoldCode([hit()], young, off, T0, 1, true)).toBeNull();
    expect(harvestHoldCode([hit()], young, CampaignPolicy.parse({ enabled: false }), T0, 1, true)).toBeNull();
  });

  it("degrades the heavy-reasoning requests an aged enterprise account sends through a published harness, not the account", () => {
    // An enterprise contract's prior (-5) is more than campaign evidence may outweigh (account.max 4): its state and
    // risk are the same with the hold and without it. Its requests asking for the reasoning through the campaign's
    // published template are degraded once its own stream asks for it on nearly every request; one in fifty without.
    const ent = account({ tier: "enterprise", verified: true, createdAt: T0 - 400 * DAY, org: "bigco" });
    const stream = (policy: Policy = DEFAULT_POLICY, hits: FingerprintHit[] | null = [hit()]) =>
      run(ent, 600, { ...(hits ? { hits } : {}), policy, step: 2 * MIN, sig: (i) => heavy(i % 50 === 25 ? { reasoningRequested: false } : {}) });
    const held = stream();
    const off = stream(mergePolicy({ campaign: { account: { harvestHold: 1.01 } } }).data!);
    expect(off.every((d) => d.action === "allow" && d.state === "trusted")).toBe(true);
    expect(held.map((d) => [d.state, d.risk])).toEqual(off.map((d) => [d.state, d.risk]));
    const last = held.slice(-300);
    expect(last.filter((_, i) => (300 + i) % 50 !== 25).every((d) => d.action === "degrade")).toBe(true);
    expect(last.filter((_, i) => (300 + i) % 50 === 25).every((d) => d.action === "allow")).toBe(true);
    expect(last[0]!.reasons).toEqual(["request:campaign-harvest", `campaign:${TPL}`]);
    // The first requests are served: the account's stream has not yet shown the reasoning asked for nearly every time.
    expect(held[0]!.action).toBe("allow");
    // Without the published entry, the same stream is served throughout.
    expect(stream(DEFAULT_POLICY, null).every((d) => d.action === "allow")).toBe(true);
    // Some hours at a desk from one address (150 requests, 10 s to 4 minutes apart): a person running the harness, not held;
    // the same with harvestHoldOperation off is held on the floor alone. The twenty hours above, 2 minutes apart to the
    // millisecond, are activity in every eight hours, at a machine's pace.
    const at: number[] = [0];
    for (let i = 1; i < 150; i++) at.push(at[i - 1]! + 10_000 + ((i * 7919) % 23) ** 2 * 450); // 10 s to 4 minutes, unevenly
    const desk = (policy: Policy) => run(ent, 150, { hits: [hit()], policy, at: (i) => at[i]!, sig: () => heavy() });
    expect(desk(DEFAULT_POLICY).every((d) => d.action === "allow")).toBe(true);
    expect(desk(mergePolicy({ campaign: { account: { harvestHoldOperation: false } } }).data!).slice(-20).every((d) => d.action === "degrade")).toBe(true);
    // Nor is an account held whose documented baseline is in force, even outside its domains: its operator vouched for it.
    const documented = account({ ...ent, baseline: { rpm: 6000, tpm: 12_000_000, domains: ["math"], note: "nightly CoT suites", until: null } });
    expect(run(documented, 600, { hits: [hit()], step: 2 * MIN, sig: () => heavy() }).every((d) => d.action === "allow")).toBe(true);
    const lapsed = account({ ...ent, baseline: { rpm: 6000, tpm: 12_000_000, domains: ["math"], note: "nightly CoT suites", until: T0 - DAY } });
    expect(run(lapsed, 600, { hits: [hit()], step: 2 * MIN, sig: () => heavy() }).slice(-100).every((d) => d.action === "degrade")).toBe(true);
  });

  it("holds an account that harvests in bursts hours apart from the start of each burst (harvestHoldSteady)", () => {
    // Five bursts of 30 requests a minute apart, 7 hours between bursts, every one asking for the reasoning through the
    // published template, from six cloud addresses (network family above 0: it operates).
    const ent = account({ tier: "enterprise", verified: true, createdAt: T0 - 400 * DAY, org: "bigco" });
    const cloud = (i: number): RequestObservation["client"] => ({ ip: `198.51.100.${(i % 6) + 1}`, asn: 16509, country: "US", ja4: "t13d", userAgent: "python" });
    const at = (i: number) => Math.floor(i / 30) * 7 * HOUR + (i % 30) * MIN;
    const bursts = (policy: Policy = DEFAULT_POLICY) => run(ent, 150, { hits: [hit()], policy, at, client: cloud, sig: () => heavy() });
    const held = (ds: ReturnType<typeof bursts>) => ds.map((d, i) => (d.action === "degrade" ? i : -1)).filter((i) => i >= 0);
    // Steady (default): held from its 10th request (9 of evidence at shrinkage 0.5; 19 at 1, before the eleventh
    // session), and at the start of every later burst.
    const steady = bursts();
    expect(steady.slice(0, 9).every((d) => d.action === "allow")).toBe(true);
    expect(steady.slice(9).every((d) => d.action === "degrade" && d.reasons[0] === "request:campaign-harvest")).toBe(true);
    for (const b of [30, 60, 90, 120]) expect(steady[b]!.action).toBe("degrade");
    // Off: the floor on the last hours' requests with the machine's shrinkage (76 of evidence), which each pause
    // decays: the first burst is served whole, and each later one is served at its start.
    const plain = bursts(mergePolicy({ campaign: { account: { harvestHoldSteady: false } } }).data!);
    expect(plain.slice(0, 30).every((d) => d.action === "allow")).toBe(true);
    for (const b of [30, 60, 90, 120]) expect(plain[b]!.action).toBe("allow");
    expect(held(plain).length).toBeLessThan(held(steady).length / 2);
    // At shrinkage 4 the steady reading needs 76 requests of evidence, as the plain floor does without pauses.
    const k4 = bursts(mergePolicy({ campaign: { account: { harvestHoldShrinkage: 4 } } }).data!);
    // (the slow counter's own decay over the pauses costs a few more: from the 82nd here).
    expect(k4.slice(0, 76).every((d) => d.action === "allow")).toBe(true);
    expect(k4.slice(85).every((d) => d.action === "degrade")).toBe(true);
    // The account itself: its states and risks are the same with every reading.
    expect(steady.map((d) => [d.state, d.risk])).toEqual(plain.map((d) => [d.state, d.risk]));
    // A person at one desk address, in working hours, at an uneven pace (10 s to 4 minutes): not held (harvestHoldOperation).
    const starts = [9, 14, 33, 38, 57].map((h) => h * HOUR);
    const desk = (i: number) => {
      let t = starts[Math.floor(i / 30)]!;
      for (let j = 1; j <= i % 30; j++) t += 10_000 + ((j * 7919 + i) % 23) ** 2 * 450;
      return t;
    };
    expect(run(ent, 150, { hits: [hit()], at: desk, sig: () => heavy() }).every((d) => d.action === "allow")).toBe(true);
    // The same hours from two addresses: still a person. From three in the two days: held from its 10th request, as a
    // machine on three cloud addresses is (the hold's own operation condition, features.ts IP_TAGS: three is counted
    // exactly, where the sketch read it as a little over three).
    const from = (k: number) => (i: number): RequestObservation["client"] => ({ ip: `198.51.100.${(i % k) + 1}`, asn: 64500 + (i % k), country: "US", ja4: "t13d", userAgent: "python" });
    expect(run(ent, 150, { hits: [hit()], at: desk, client: from(2), sig: () => heavy() }).every((d) => d.action === "allow")).toBe(true);
    const three = run(ent, 150, { hits: [hit()], at: desk, client: from(3), sig: () => heavy() });
    expect(three.slice(0, 9).every((d) => d.action === "allow")).toBe(true);
    expect(three.slice(9).every((d) => d.action === "degrade" && d.reasons[0] === "request:campaign-harvest")).toBe(true);
  });
});

describe("the hold before a campaign is confirmed (policy.campaign.account.harvestHoldSuspected)", () => {
  const holdOnly = (id = TPL, status: "suspected" | "confirmed" = "suspected"): CampaignFinding => ({ ...finding(id, status, 63), hold: true });
  const heavy = (over: Partial<Signals["shape"]> = {}, fp = TPL.slice(4)) => signals({ templateFp: fp, domain: "coding", shape: { reasoningRequested: true, maxTokens: 32_000, ...over } });
  const cloud = (i: number): RequestObservation["client"] => ({ ip: `198.51.100.${(i % 6) + 1}`, asn: 16509, country: "US", ja4: "t13d", userAgent: "python" });

  it("notes a hold-only finding as such until one implicates the account, and never counts it as evidence", () => {
    const held = noteCampaigns([], [holdOnly()], P, T0);
    expect(held).toEqual([{ campaignId: TPL, kind: "template", status: "suspected", confidence: 63, firstAt: T0, lastAt: T0, hold: true }]);
    expect(noteCampaigns(held, [holdOnly()], P, T0 + 1)[0]).toMatchObject({ hold: true, firstAt: T0, lastAt: T0 + 1 });
    // Implicated once (restricted, say): evidence from then on, whatever later findings say.
    const implicated = noteCampaigns(held, [finding(TPL, "suspected", 63)], P, T0 + 2);
    expect(implicated[0]).toMatchObject({ hold: false, firstAt: T0 });
    expect(noteCampaigns(implicated, [holdOnly()], P, T0 + 3)[0]).toMatchObject({ hold: false });
    // No term, at any exposure: the finding is not about the account.
    expect(campaignTerms(held, [], fresh, P, T0, 1)).toEqual([]);
    expect(campaignTerms(implicated, [], fresh, P, T0, 1).map((t) => t.code)).toEqual([`campaign:${TPL}`]);
  });

  it("holds a request through the noted campaign's prompt on the account's own stream alone", () => {
    const noted = noteCampaigns([], [holdOnly()], P, T0);
    const sig = { templateFp: TPL.slice(4), systemFp: null };
    expect(harvestHoldCode([], established, P, T0, 0.5, true, noted, sig)).toBe(`campaign:${TPL}`);
    // A near-duplicate template (a bit apart) is the same campaign's; another prompt is not.
    expect(harvestHoldCode([], established, P, T0, 0.5, true, noted, { templateFp: "0123456789abcdee", systemFp: null })).toBe(`campaign:${TPL}`);
    expect(harvestHoldCode([], established, P, T0, 0.5, true, noted, { templateFp: "fedcba9876543210", systemFp: null })).toBeNull();
    // Its own stream: the floor and operation, never its standing (a young account at floor 0 is not held for it).
    expect(harvestHoldCode([], established, P, T0, 0.49, true, noted, sig)).toBeNull();
    expect(harvestHoldCode([], established, P, T0, 1, false, noted, sig)).toBeNull();
    expect(harvestHoldCode([], fresh, P, T0, 0, false, noteCampaigns([], [finding(TPL, "suspected", 63)], P, T0), sig)).toBeNull();
    // A system prompt's campaign through the request's system prompt.
    const sysNoted = noteCampaigns([], [{ ...holdOnly("sys-0123456789abcdef"), kind: "system" }], P, T0);
    expect(harvestHoldCode([], established, P, T0, 0.5, true, sysNoted, { templateFp: null, systemFp: "0123456789abcdef" })).toBe("campaign:sys-0123456789abcdef");
    expect(harvestHoldCode([], established, P, T0, 0.5, true, sysNoted, sig)).toBeNull();
    // The account's own org's campaign (harvestHoldOrg): through any prompt, on the same stream terms; off with its switch.
    const orgNoted = noteCampaigns([], [{ ...finding("org-0123456789abcdef", "suspected", 67), kind: "org" }], P, T0);
    expect(harvestHoldCode([], established, P, T0, 0.5, true, orgNoted, { templateFp: "fedcba9876543210", systemFp: null })).toBe("campaign:org-0123456789abcdef");
    expect(harvestHoldCode([], established, P, T0, 0.49, true, orgNoted, sig)).toBeNull();
    expect(harvestHoldCode([], established, P, T0, 1, false, orgNoted, sig)).toBeNull();
    expect(harvestHoldCode([], established, CampaignPolicy.parse({ account: { harvestHoldOrg: false } }), T0, 1, true, orgNoted, sig)).toBeNull();
    // Forgotten after memoryMs; off with the switch or the hold.
    expect(harvestHoldCode([], established, P, T0 + P.account.memoryMs, 0.5, true, noted, sig)).toBeNull();
    expect(harvestHoldCode([], established, CampaignPolicy.parse({ account: { harvestHoldSuspected: false } }), T0, 1, true, noted, sig)).toBeNull();
    expect(harvestHoldCode([], established, CampaignPolicy.parse({ account: { harvestHold: 1.01 } }), T0, 1, true, noted, sig)).toBeNull();
  });

  it("degrades an aged enterprise account's heavy requests through a suspected campaign's prompt, and nothing else about it", () => {
    const ent = account({ tier: "enterprise", verified: true, createdAt: T0 - 400 * DAY, org: "bigco" });
    const campaigns = noteCampaigns([], [holdOnly()], P, T0);
    const stream = (policy: Policy = DEFAULT_POLICY, noted: AccountState["campaigns"] = campaigns) =>
      run(ent, 120, { campaigns: noted, policy, step: MIN, client: cloud, sig: (i) => heavy(i % 50 === 30 ? { reasoningRequested: false } : {}, i % 20 === 15 ? "fedcba9876543210" : TPL.slice(4)) });
    const held = stream();
    const none = stream(DEFAULT_POLICY, []);
    const off = stream(mergePolicy({ campaign: { account: { harvestHoldSuspected: false } } }).data!);
    expect(none.every((d) => d.action === "allow")).toBe(true);
    const view = (ds: typeof held) => ds.map((d) => [d.action, d.reasons, d.state, d.risk]);
    expect(view(off)).toEqual(view(none));
    // Its state and risk are those of the account without the finding.
    expect(held.map((d) => [d.state, d.risk])).toEqual(none.map((d) => [d.state, d.risk]));
    // Held once its stream shows the reasoning asked for nearly every time (49 requests in 50, from its 10th at
    // harvestHoldShrinkage 0.5; about its 32nd at 1), only through the campaign's prompt and only when it asks for the
    // reasoning.
    expect(held.slice(0, 9).every((d) => d.action === "allow")).toBe(true);
    expect(held[9]!.action).toBe("degrade");
    held.slice(40).forEach((d, j) => {
      const i = 40 + j;
      expect(d.action).toBe(i % 50 === 30 || i % 20 === 15 ? "allow" : "degrade");
    });
    expect(held[40]!.reasons).toEqual(["request:campaign-harvest", `campaign:${TPL}`]);
    // Its org a suspected campaign instead (two of its accounts restricted for extraction): held through every prompt,
    // with the org finding's own weight on its risk (at exposure 1, as ever), the same with the hold and without.
    const org = noteCampaigns([], [{ ...finding("org-0123456789abcdef", "suspected", 67), kind: "org" }], P, T0);
    const byOrg = stream(DEFAULT_POLICY, org);
    const orgOff = stream(mergePolicy({ campaign: { account: { harvestHoldOrg: false } } }).data!, org);
    expect(orgOff.every((d) => d.action === "allow" || d.reasons[0] !== "request:campaign-harvest")).toBe(true);
    expect(byOrg.map((d) => [d.state, d.risk])).toEqual(orgOff.map((d) => [d.state, d.risk]));
    byOrg.slice(40).forEach((d, j) => {
      const i = 40 + j;
      if (i % 50 === 30) expect(d.action).toBe(orgOff[i]!.action);
      else expect(d).toMatchObject({ action: "degrade", reasons: ["request:campaign-harvest", "campaign:org-0123456789abcdef"] });
    });
  });
});

