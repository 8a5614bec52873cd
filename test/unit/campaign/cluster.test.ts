import { describe, expect, it } from "vitest";
import { act, assess, campaignView, resolveFingerprint, splitReport, summarize, sweep, sketchCount } from "../../../src/campaign/cluster";
import { mayBeCampaign, operatedHarvest } from "../../../src/campaign/assess";
import { campaignIdOf, CampaignPolicy, DEFAULT_CAMPAIGN_POLICY, FpState, parseCampaignId, shardOf } from "../../../src/campaign/types";
import { templateFingerprint } from "../../../src/detect/fingerprint";
import { networkFingerprint } from "../../../src/intel/network-fp";
import { accounts, DAY, MemoryIndex, obs, T0, type Acct, type Obs } from "./helpers";

const TPL = "a1b2c3d4e5f60718";
const P = DEFAULT_CAMPAIGN_POLICY;

/** Each account sends `perAccount` requests, accounts interleaved a minute apart. */
function run(ix: MemoryIndex, accts: Acct[], o: Obs = {}, perAccount = 2, start = T0, fp = TPL, kind: "template" | "system" = "template") {
  const results = [];
  let t = start;
  for (let r = 0; r < perAccount; r++) for (const a of accts) results.push({ a, r: ix.feed(obs(kind, fp, a, (t += 60_000), o)) });
  return results;
}

describe("campaigns found across accounts", () => {
  it("turns a template used by many young unverified accounts with extraction-like prompts into a confirmed campaign", () => {
    const ix = new MemoryIndex();
    const res = run(ix, accounts("sybil", 8), { extraction: 0.85 });
    const c = ix.state("template", TPL).campaign;
    expect(c).toMatchObject({ id: `tpl-${TPL}`, status: "confirmed", confirmedBy: "auto" });
    expect(c!.confidence).toBeGreaterThanOrEqual(80);
    // Not before the fifth account: one account alone is the account machine's business.
    expect(res.findIndex((x) => x.r.finding !== null)).toBe(4);
    const entry = ix.kv.get(`templateFp:${TPL}`);
    expect(entry).toMatchObject({ source: `campaign:tpl-${TPL}`, expiresAt: expect.any(Number) });
    expect(entry!.reason).toMatch(/^Campaign tpl-a1b2c3d4e5f60718: young-or-unverified-extraction-accounts:5/);
  });

  it("does not make a prompt many fresh accounts send verbatim a campaign, and does the same accounts filling a template", () => {
    // Release day: new accounts all ask "Are you the new model? What changed?", word for word.
    const popular = new MemoryIndex();
    const res = run(popular, accounts("new", 8), { extraction: 0.85, text: 0x5eed });
    expect(popular.state("template", TPL).campaign).toBeNull();
    expect(res.every((x) => x.r.finding === null)).toBe(true);
    expect(assess(popular.state("template", TPL), P, T0 + DAY).reasons).toEqual(["sent-verbatim"]);
    expect(popular.state("template", TPL)).toMatchObject({ texts: [[0x5eed, expect.any(Number)]], textReports: 16, repeated: 15 });
    // A harvesting template: the same accounts, each request another problem.
    const filled = new MemoryIndex();
    let k = 0;
    let t = T0;
    for (let r = 0; r < 2; r++) for (const a of accounts("new", 8)) filled.feed(obs("template", TPL, a, (t += 60_000), { extraction: 0.85, text: 1000 + k++ }));
    expect(filled.state("template", TPL).campaign).toMatchObject({ status: "confirmed" });
    expect(filled.state("template", TPL)).toMatchObject({ repeated: 0 });
    expect(filled.state("template", TPL).texts).toHaveLength(8);
    // An agent's steps resend its task: one account repeating its own prompt is no crowd.
    const agents = new MemoryIndex();
    t = T0;
    for (const [i, a] of accounts("agent", 8).entries()) for (let step = 0; step < 5; step++) agents.feed(obs("template", TPL, a, (t += 10_000), { extraction: 0.85, text: 5000 + i }));
    expect(agents.state("template", TPL)).toMatchObject({ textReports: 8, repeated: 0 });
    expect(agents.state("template", TPL).campaign).toMatchObject({ status: "confirmed" });
  });

  it("finds a harvesting template from its population when no account is suspicious on its own (policy.harvest)", () => {
    // A many-account campaign's first hours: 30 fresh accounts, one request each, every one another problem through
    // one template, each request only moderately extraction-like (below extractionMin, so none is suspicious).
    const feed = (policy: CampaignPolicy, o: { extraction: number; verbatim?: boolean; traits?: Omit<Acct, "id"> }) => {
      const ix = new MemoryIndex(policy);
      let t = T0;
      const found = accounts("quiet", 30, o.traits ?? {}).map((a, i) => ix.feed(obs("template", TPL, a, (t += 60_000), { extraction: o.extraction, risk: 0.1, text: o.verbatim ? 7 : 9000 + i })));
      return { ix, s: ix.state("template", TPL), first: found.findIndex((x) => x.finding !== null), at: t };
    };
    const h = feed(P, { extraction: 0.4 });
    expect(h.s.campaign).toMatchObject({ status: "confirmed", confidence: 80, reasons: ["harvest-template:30", "accounts:30"] });
    expect(h.s.campaign!.timeline[0]).toMatchObject({ event: "detected", note: "harvest-template:20, accounts:20" });
    // From the 20th account on (policy.harvest.minAccounts), and published, so the next fresh account's first request matches.
    expect(h.first).toBe(19);
    expect(h.ix.kv.get(`templateFp:${TPL}`)).toMatchObject({ source: `campaign:tpl-${TPL}` });
    // Not when the requests carry less extraction on average, nor when they are one text sent by all (a popular prompt),
    // nor when most accounts are established, nor with the rule off.
    expect(feed(P, { extraction: 0.3 }).s.campaign).toBeNull();
    expect(feed(P, { extraction: 0.4, verbatim: true }).s.campaign).toBeNull();
    expect(feed(P, { extraction: 0.4, traits: { verified: true, ageDays: 60 } }).s.campaign).toBeNull();
    expect(feed(CampaignPolicy.parse({ harvest: { enabled: false } }), { extraction: 0.4 }).s.campaign).toBeNull();
  });

  it("names the campaign to a fresh account on its first request", () => {
    const ix = new MemoryIndex();
    run(ix, accounts("sybil", 6));
    const r = ix.feed(obs("template", TPL, { id: "fresh-1" }, T0 + 3_600_000));
    expect(r.finding).toEqual({
      campaignId: `tpl-${TPL}`, kind: "template", fp: TPL, status: "confirmed", confidence: expect.any(Number),
      reasons: [`campaign:tpl-${TPL}`, "campaign-confirmed", "campaign-template-fingerprint"],
    });
  });

  it("makes accounts the account machine already restricts a campaign even when they look established", () => {
    const ix = new MemoryIndex();
    run(ix, accounts("r", 4, { verified: true, ageDays: 400, tier: "paid" }), { restricted: true, risk: 0.7, extraction: 0.1 });
    expect(ix.state("template", TPL).campaign).toMatchObject({ status: "confirmed", reasons: ["restricted-accounts:4", "accounts:4"] });
  });

  it("makes a scaffold a campaign when its restricted members outnumber the established ones sharing it", () => {
    // A campaign on aged verified accounts: all thirteen established when first seen (so the window's sketch counts
    // them among its established accounts), eight restricted by their own behaviour since; five stay established.
    const ix = new MemoryIndex();
    const all = accounts("pivot", 13, { verified: true, ageDays: 150, tier: "paid" });
    run(ix, all, { risk: 0.1, extraction: 0.2 }, 1);
    run(ix, all.slice(0, 8), { restricted: true, risk: 0.8, extraction: 0.2 }, 1, T0 + 3_600_000);
    const s = ix.state("template", TPL);
    expect(s.campaign).toMatchObject({ status: "confirmed", reasons: ["restricted-accounts:8", "accounts:13"] });
    expect(assess(s, P, T0 + 2 * 3_600_000).stats).toMatchObject({ restricted: 8, established: 5, establishedAccounts: 13 });
    // As many established members as restricted ones: not by this rule (rule 3d's, below, is off here).
    const no3d = CampaignPolicy.parse({ minority: { enabled: false } });
    const even = new MemoryIndex(no3d);
    const half = accounts("half", 12, { verified: true, ageDays: 150, tier: "paid" });
    run(even, half, { risk: 0.1, extraction: 0.2 }, 1);
    run(even, half.slice(0, 6), { restricted: true, risk: 0.8, extraction: 0.2 }, 1, T0 + 3_600_000);
    expect(even.state("template", TPL).campaign).toBeNull();
    expect(assess(even.state("template", TPL), no3d, T0 + 2 * 3_600_000).reasons).toEqual(["shared-with-established-accounts"]);
  });

  it("makes a scaffold a campaign when a restricted minority is too large for a shared tool's users (rule 3d, policy.minority)", () => {
    // Aged verified accounts, all established when first seen; `restricted` of them restricted by their own behaviour since.
    const scaffold = (total: number, restricted: number, policy: CampaignPolicy = P, kind: "template" | "system" = "template") => {
      const ix = new MemoryIndex(policy);
      const all = accounts("aged", total, { verified: true, ageDays: 150, tier: "paid" });
      run(ix, all, { risk: 0.1, extraction: 0.2 }, 1, T0, TPL, kind);
      run(ix, all.slice(0, restricted), { restricted: true, risk: 0.8, extraction: 0.2 }, 1, T0 + 3_600_000, TPL, kind);
      return { s: ix.state(kind, TPL), a: assess(ix.state(kind, TPL), policy, T0 + 2 * 3_600_000) };
    };
    // 7 of 20 restricted, 13 established: at least 6, a quarter of the members and half the established ones.
    const seven = scaffold(20, 7);
    expect(seven.s.campaign).toMatchObject({ status: "confirmed", reasons: ["restricted-accounts:7", "accounts:20"] });
    expect(seven.a.stats).toMatchObject({ restricted: 7, established: 13, establishedAccounts: 20 });
    expect(scaffold(20, 7, P, "system").s.campaign).toMatchObject({ reasons: ["restricted-accounts:7", "accounts:20"] });
    // 6 of 20: fewer than half the 14 established; 5 of 15: half the 10 established, but fewer than 6.
    expect(scaffold(20, 6).a.reasons).toEqual(["shared-with-established-accounts"]);
    expect(scaffold(15, 5).a.reasons).toEqual(["shared-with-established-accounts"]);
    expect(scaffold(20, 6).s.campaign).toBeNull();
    // Established members vouch only while they use it as customers do: fourteen asking for the reasoning in full on
    // every request through it, as the restricted six do, do not, and six of twenty restricted is then a campaign
    // (`harvestingMember`; above 1 every established member vouches, as before). Without it on every third request, they vouch.
    const harvested = (heavyEvery: number, policy: CampaignPolicy = P) => {
      const ix = new MemoryIndex(policy);
      const all = accounts("aged", 20, { verified: true, ageDays: 150, tier: "paid" });
      for (let r = 0; r < 6; r++) run(ix, all, { risk: 0.1, extraction: 0.2, heavy: r % heavyEvery === heavyEvery - 1 ? 0 : 1 }, 1, T0 + r * 600_000);
      run(ix, all.slice(0, 6), { restricted: true, risk: 0.8, extraction: 0.2, heavy: 1 }, 1, T0 + 3_600_000);
      return assess(ix.state("template", TPL), policy, T0 + 2 * 3_600_000);
    };
    expect(harvested(Infinity)).toMatchObject({ verdict: "campaign", reasons: ["restricted-accounts:6", "accounts:20"], stats: { restricted: 6, established: 14 } });
    expect(harvested(3).reasons).toEqual(["shared-with-established-accounts"]);
    expect(harvested(Infinity, CampaignPolicy.parse({ minority: { harvestingMember: 1.01 } })).reasons).toEqual(["shared-with-established-accounts"]);
    // No established member vouching at all (`unvouchedMin`): three restricted of twenty, the other seventeen established
    // and asking for the reasoning in full on every request, are a campaign; the harvesting seventeen are not the crowd.
    const unvouched = (policy: CampaignPolicy = P, vouchers = 0, young = 0) => {
      const ix = new MemoryIndex(policy);
      const all = accounts("aged", 20, { verified: true, ageDays: 150, tier: "paid" });
      for (let r = 0; r < 6; r++) {
        run(ix, all.slice(0, 20 - vouchers), { risk: 0.1, extraction: 0.2, heavy: 1 }, 1, T0 + r * 600_000);
        run(ix, all.slice(20 - vouchers), { risk: 0.1, extraction: 0.2, heavy: r % 3 === 2 ? 0 : 1 }, 1, T0 + r * 600_000 + 30_000);
      }
      if (young) run(ix, accounts("new", young, { ageDays: 0.5 }), { risk: 0.2, extraction: 0.1 }, 1, T0 + 1_800_000);
      run(ix, all.slice(0, 3), { restricted: true, risk: 0.8, extraction: 0.2, heavy: 1 }, 1, T0 + 3_600_000);
      return assess(ix.state("template", TPL), policy, T0 + 2 * 3_600_000);
    };
    expect(unvouched()).toMatchObject({ verdict: "campaign", reasons: ["restricted-accounts:3", "accounts:20"], stats: { restricted: 3, established: 17 } });
    // One established member that uses it without the reasoning on every third request vouches: rule 3d's six, as before.
    expect(unvouched(P, 1)).toMatchObject({ reasons: ["shared-with-established-accounts"], stats: { restricted: 3, established: 17 } });
    // A crowd of young users nothing marks: three are fewer than a quarter of the twenty-three members besides the seventeen.
    expect(unvouched(P, 0, 20)).toMatchObject({ reasons: ["shared-with-established-accounts"], stats: { restricted: 3, members: 40 } });
    expect(unvouched(P, 0, 8).verdict).toBe("campaign");
    // At minRestricted (6) the clause is off; with four as its minimum, three restricted are too few.
    expect(unvouched(CampaignPolicy.parse({ minority: { unvouchedMin: 6 } })).reasons).toEqual(["shared-with-established-accounts"]);
    expect(unvouched(CampaignPolicy.parse({ minority: { unvouchedMin: 4 } })).reasons).toEqual(["shared-with-established-accounts"]);
    // mayBeCampaign's bound takes the clause's minimum: at 2, two restricted members (fewer than rule 3b's 3) can be one.
    const two = CampaignPolicy.parse({ minority: { unvouchedMin: 2 } });
    const ix2 = new MemoryIndex(two);
    const all2 = accounts("aged", 20, { verified: true, ageDays: 150, tier: "paid" });
    for (let r = 0; r < 6; r++) run(ix2, all2, { risk: 0.1, extraction: 0.2, heavy: 1 }, 1, T0 + r * 600_000);
    run(ix2, all2.slice(0, 2), { restricted: true, risk: 0.8, extraction: 0.2, heavy: 1 }, 1, T0 + 3_600_000);
    expect(assess(ix2.state("template", TPL), two, T0 + 2 * 3_600_000)).toMatchObject({ verdict: "campaign", reasons: ["restricted-accounts:2", "accounts:20"] });
    expect(mayBeCampaign(ix2.state("template", TPL), two, T0 + 2 * 3_600_000)).toBe(true);
    expect(ix2.state("template", TPL).campaign).not.toBeNull();
    // Each bound is the policy's; with the rule off, 7 of 20 is a shared scaffold as before it existed.
    expect(scaffold(20, 6, CampaignPolicy.parse({ minority: { ofEstablished: 0.4 } })).a.verdict).toBe("campaign");
    expect(scaffold(20, 7, CampaignPolicy.parse({ minority: { enabled: false } })).a.reasons).toEqual(["shared-with-established-accounts"]);

    // A popular prompt: six restricted accounts, seven established and seventeen young ones nothing marks: the six are
    // fewer than a quarter of the members (with a fifth as the bar, a campaign).
    const crowd = (policy: CampaignPolicy) => {
      const ix = new MemoryIndex(policy);
      run(ix, accounts("aged", 7, { verified: true, ageDays: 150, tier: "paid" }), { risk: 0.1, extraction: 0.1 }, 1);
      run(ix, accounts("new", 17, { ageDays: 0.5 }), { risk: 0.2, extraction: 0.1 }, 1, T0 + 1_800_000);
      run(ix, accounts("bad", 6, { ageDays: 0.5 }), { restricted: true, risk: 0.8, extraction: 0.2 }, 1, T0 + 3_600_000);
      return assess(ix.state("template", TPL), policy, T0 + 2 * 3_600_000);
    };
    expect(crowd(P)).toMatchObject({ reasons: ["shared-with-established-accounts"], stats: { restricted: 6, established: 7, members: 30 } });
    expect(crowd(CampaignPolicy.parse({ minority: { share: 0.2 } })).verdict).toBe("campaign");
    // Asked only where rule 3c would clear: without established members, six restricted of twenty-four need rule 5's half.
    const young = new MemoryIndex();
    run(young, accounts("new", 18, { ageDays: 0.5 }), { risk: 0.2, extraction: 0.1 }, 1);
    run(young, accounts("bad", 6, { ageDays: 0.5 }), { restricted: true, risk: 0.8, extraction: 0.2 }, 1, T0 + 3_600_000);
    expect(young.state("template", TPL).campaign).toBeNull();
    expect(assess(young.state("template", TPL), P, T0 + 2 * 3_600_000)).toMatchObject({ verdict: "watch", stats: { restricted: 6, members: 24 } });

    // Not a network client: an SDK on a cloud provider's network is shared by far more than its members show.
    const net = new MemoryIndex();
    const aged = accounts("aged", 20, { verified: true, ageDays: 150, tier: "paid" });
    let t = T0;
    for (const a of aged) net.feed(obs("network", TPL, a, (t += 60_000), { risk: 0.1, extraction: 0.2 }));
    for (const a of aged.slice(0, 7)) net.feed(obs("network", TPL, a, (t += 60_000), { restricted: true, risk: 0.8, extraction: 0.2 }));
    expect(net.state("network", TPL).campaign).toBeNull();
  });

  it("tells the members it does not implicate that harvest through a suspected campaign's prompt, for the hold only (harvestHoldSuspected)", () => {
    // Rule 3d's unvouched clause: seventeen aged members and one aged unverified one asking for the reasoning on every
    // request, three restricted, a campaign at confidence 63 (suspected: nothing published). Each harvesting member's
    // next report brings a finding for the request-level hold, marked `hold`; a member whose request does not ask for
    // it falls under harvestingMember and gets none, and the restricted ones get the finding they always did.
    const feed = (policy: CampaignPolicy = P, systemKind = false) => {
      const ix = new MemoryIndex(policy);
      const kind = systemKind ? "system" : "template";
      const all = accounts("aged", 20, { verified: true, ageDays: 150, tier: "paid" });
      const unverified = accounts("old-unverified", 1, { verified: false, ageDays: 120, tier: "paid" });
      for (let r = 0; r < 6; r++) run(ix, [...all, ...unverified], { risk: 0.1, extraction: 0.2, heavy: 1 }, 1, T0 + r * 600_000, TPL, kind);
      run(ix, all.slice(0, 3), { restricted: true, risk: 0.8, extraction: 0.2, heavy: 1 }, 1, T0 + 3_600_000, TPL, kind);
      const at = T0 + 2 * 3_600_000;
      const next = (a: Acct, heavy = 1) => ix.feed(obs(kind, TPL, a, at, { risk: a.id.startsWith("aged-") && Number(a.id.slice(5)) < 3 ? 0.8 : 0.1, restricted: a.id.startsWith("aged-") && Number(a.id.slice(5)) < 3, extraction: 0.2, heavy })).finding;
      return { ix, all, unverified, next, kind };
    };
    const { ix, all, unverified, next } = feed();
    expect(ix.state("template", TPL).campaign).toMatchObject({ status: "suspected", confidence: 63 });
    expect(next(all[10]!)).toEqual({
      campaignId: `tpl-${TPL}`, kind: "template", fp: TPL, status: "suspected", confidence: 63,
      reasons: [`campaign:tpl-${TPL}`, "campaign-suspected", "campaign-template-fingerprint"], hold: true,
    });
    // Aged and unverified: neither established nor implicated, harvesting: the same.
    expect(next(unverified[0]!)).toMatchObject({ hold: true });
    // Restricted: implicated, a finding as ever (evidence, no `hold`).
    expect(next(all[0]!)).not.toHaveProperty("hold");
    expect(next(all[0]!)).toMatchObject({ campaignId: `tpl-${TPL}` });
    // Member.heavy is 0.7 of the last and 0.3 of this request: 0.7 without the reasoning.
    const vouching = feed();
    expect(vouching.next(all[12]!, 0)).toBeNull();
    // A system prompt's campaign the same; the switch off, or the hold off, no hold-only finding.
    const sys = feed(P, true);
    expect(sys.next(all[10]!)).toMatchObject({ campaignId: `sys-${TPL}`, hold: true });
    expect(feed(CampaignPolicy.parse({ account: { harvestHoldSuspected: false } })).next(all[10]!)).toBeNull();
    expect(feed(CampaignPolicy.parse({ account: { harvestHold: 1.01 } })).next(all[10]!)).toBeNull();
  });

  it("tells members of a prompt that established accounts of several orgs all run as machines harvesting the reasoning, for the hold only, with no campaign (harvestHoldOperated)", () => {
    // Five established accounts of two orgs (three and two), each asking for the reasoning in full from a stream that
    // shows how it operates, each request another text: from the fifth, each such member's report brings a hold-only
    // finding named as the prompt's campaign would be. No campaign is recorded and nothing is published.
    const harvest: Obs = { risk: 0.1, extraction: 0.2, heavy: 1, operates: 1 };
    let k = 0;
    const feed = (ix: MemoryIndex, a: Acct, o: Obs, at: number, kind: "template" | "system" | "network" = "template") =>
      ix.feed(obs(kind, TPL, a, at, { text: 9000 + k++, ...o })).finding;
    const orgA = accounts("a", 3, { verified: true, ageDays: 150, tier: "paid", org: "org-a" });
    const orgB = accounts("b", 2, { verified: true, ageDays: 150, tier: "enterprise", org: "org-b" });
    const setup = (policy: CampaignPolicy = P, members = [...orgA, ...orgB], kind: "template" | "system" | "network" = "template") => {
      const ix = new MemoryIndex(policy);
      const found = members.map((a, i) => feed(ix, a, harvest, T0 + i * 60_000, kind));
      return { ix, found };
    };
    const { ix, found } = setup();
    expect(found.slice(0, 4)).toEqual([null, null, null, null]);
    expect(found[4]).toEqual({
      campaignId: `tpl-${TPL}`, kind: "template", fp: TPL, status: "suspected", confidence: 0,
      reasons: [`campaign:tpl-${TPL}`, "harvest-operated", "campaign-template-fingerprint"], hold: true,
    });
    expect(ix.state("template", TPL).campaign).toBeNull();
    expect(ix.kv.size).toBe(0);
    expect(feed(ix, orgA[0]!, harvest, T0 + 600_000)).toMatchObject({ hold: true });
    // An aged unverified account sending it so: the same. A young one: nothing (there is no campaign to implicate it in).
    expect(feed(ix, { id: "old-unverified", verified: false, ageDays: 120, tier: "paid" }, harvest, T0 + 660_000)).toMatchObject({ hold: true });
    expect(feed(ix, { id: "young", verified: false, ageDays: 1 }, harvest, T0 + 720_000)).toBeNull();
    // A member whose own stream does not show how it operates is not told, though the prompt's others hold.
    expect(feed(ix, { id: "desk-unverified", verified: false, ageDays: 120, tier: "paid" }, { ...harvest, operates: 0 }, T0 + 780_000)).toBeNull();
    expect(feed(ix, orgB[1]!, harvest, T0 + 840_000)).toMatchObject({ hold: true });

    // An established member that uses it as one person does (at a desk), or without the reasoning, vouches for it: no one is told.
    const desk = setup();
    expect(feed(desk.ix, { id: "dev", verified: true, ageDays: 300, tier: "paid" }, { ...harvest, operates: 0 }, T0 + 600_000)).toBeNull();
    expect(feed(desk.ix, orgA[0]!, harvest, T0 + 660_000)).toBeNull();
    const plain = setup();
    expect(feed(plain.ix, { id: "user", verified: true, ageDays: 300, tier: "paid" }, { ...harvest, heavy: 0 }, T0 + 600_000)).toBeNull();
    expect(feed(plain.ix, orgA[0]!, harvest, T0 + 660_000)).toBeNull();
    // Nearly all its established members, not every one (harvestHoldOperatedShare, 0.9): ten of eleven, one at a
    // desk; with the share at 1, the desk member clears it.
    const ten = [...orgA, ...orgB, ...accounts("c", 5, { verified: true, ageDays: 150, tier: "paid", org: "org-c" })];
    const mostly = (policy: CampaignPolicy) => {
      const m = setup(policy, ten);
      feed(m.ix, { id: "dev", verified: true, ageDays: 300, tier: "paid" }, { ...harvest, operates: 0 }, T0 + 900_000);
      return feed(m.ix, orgA[0]!, harvest, T0 + 960_000);
    };
    expect(mostly(P)).toMatchObject({ hold: true });
    expect(mostly(CampaignPolicy.parse({ account: { harvestHoldOperatedShare: 1 } }))).toBeNull();
    // Four are too few; one org's accounts are its own pipeline; the same text sent by all is a benchmark.
    expect(setup(P, [...orgA, orgB[0]!]).found.every((f) => f === null)).toBe(true);
    expect(setup(P, accounts("a", 6, { verified: true, ageDays: 150, tier: "paid", org: "org-a" })).found.every((f) => f === null)).toBe(true);
    const verbatim = new MemoryIndex();
    expect([...orgA, ...orgB].map((a, i) => verbatim.feed(obs("template", TPL, a, T0 + i * 60_000, { ...harvest, text: 0x5eed })).finding)).toEqual([null, null, null, null, null]);
    // Accounts without an org are each one of their own; a system prompt the same; never a network client.
    expect(setup(P, accounts("solo", 5, { verified: true, ageDays: 150, tier: "paid" })).found[4]).toMatchObject({ hold: true });
    expect(setup(P, undefined, "system").found[4]).toMatchObject({ campaignId: `sys-${TPL}`, hold: true });
    expect(setup(P, undefined, "network").found.every((f) => f === null)).toBe(true);
    // Its bar, and the switches: 0, harvestHoldSuspected or the hold off, none.
    expect(setup(CampaignPolicy.parse({ account: { harvestHoldOperated: 4 } })).found[3]).toMatchObject({ hold: true });
    expect(operatedHarvest(ix.state("template", TPL), P, T0 + 900_000)).toBe(5); // the established five; the aged unverified are held, not counted
    for (const account of [{ harvestHoldOperated: 0 }, { harvestHoldSuspected: false }, { harvestHold: 1.01 }]) {
      const policy = CampaignPolicy.parse({ account });
      const off = setup(policy);
      expect(off.found.every((f) => f === null)).toBe(true);
      // Nor does the admin detail name it, as nobody is held through it (operatedHarvest 0).
      expect(operatedHarvest(off.ix.state("template", TPL), policy, T0 + 600_000)).toBe(0);
    }
    // What the report says reaches the member: the account's stream operates or not.
    const report = { at: T0, account: { id: "x", org: null, tier: "paid" as const, verified: true, createdAt: T0 - 150 * DAY }, risk: 0.1, restricted: false, extraction: 0.2, heavy: true, templateFp: TPL, systemFp: null, client: { ip: "192.0.2.1", asn: 64500, ja4: null, userAgent: null } };
    expect(splitReport({ ...report, operates: true }, P)[0]!.member.operates).toBe(1);
    expect(splitReport(report, P)[0]!.member.operates).toBe(0);
  });

  it("tells members from three established ones when restricted members share the prompt (harvestHoldOperatedCorroborated)", () => {
    // A campaign's first half hour: two of its accounts through a proxy pool, restricted by the account machine (on
    // watch, risk under riskMin: no campaign rule counts them), and three aged accounts of two orgs on a few cloud
    // addresses, each asking for the reasoning in full through the prompt as a machine does.
    const harvest: Obs = { risk: 0.1, extraction: 0.2, heavy: 1, operates: 1 };
    let k = 0;
    const feed = (ix: MemoryIndex, a: Acct, o: Obs, at: number) => ix.feed(obs("template", TPL, a, at, { text: 7000 + k++, ...o })).finding;
    const pooled = accounts("pool", 3, { verified: true, ageDays: 150, tier: "paid", org: "org-a" });
    const established = [...accounts("a", 2, { verified: true, ageDays: 150, tier: "paid", org: "org-a" }), ...accounts("b", 1, { verified: true, ageDays: 150, tier: "enterprise", org: "org-b" })];
    const setup = (policy: CampaignPolicy = P, restricted = 2) => {
      const ix = new MemoryIndex(policy);
      pooled.slice(0, restricted).forEach((a, i) => feed(ix, a, { risk: 0.4, extraction: 0.3, heavy: 1, operates: 1, restricted: true }, T0 + i * 60_000));
      return { ix, found: established.map((a, i) => feed(ix, a, harvest, T0 + 600_000 + i * 60_000)) };
    };
    const { ix, found } = setup();
    expect(ix.state("template", TPL).campaign).toBeNull();
    expect(found.slice(0, 2)).toEqual([null, null]);
    expect(found[2]).toMatchObject({ campaignId: `tpl-${TPL}`, status: "suspected", reasons: [`campaign:tpl-${TPL}`, "harvest-operated", "campaign-template-fingerprint"], hold: true });
    expect(operatedHarvest(ix.state("template", TPL), P, T0 + 900_000)).toBe(3);
    // One restricted member is not a crowd; without restricted members three are too few, as before; off (0), or set
    // at harvestHoldOperated, it needs five.
    expect(setup(P, 1).found.every((f) => f === null)).toBe(true);
    expect(setup(P, 0).found.every((f) => f === null)).toBe(true);
    expect(setup(CampaignPolicy.parse({ account: { harvestHoldOperatedCorroborated: 0 } })).found.every((f) => f === null)).toBe(true);
    expect(setup(CampaignPolicy.parse({ account: { harvestHoldOperatedCorroborated: 5 } })).found.every((f) => f === null)).toBe(true);
    expect(setup(CampaignPolicy.parse({ account: { harvestHoldOperatedRestricted: 3 } })).found.every((f) => f === null)).toBe(true);
    expect(setup(CampaignPolicy.parse({ account: { harvestHoldOperatedRestricted: 3 } }), 3).found[2]).toMatchObject({ hold: true });
    // The other conditions stand: an established member at a desk vouches for it; one org alone is its own pipeline.
    const desk = setup();
    expect(feed(desk.ix, { id: "dev", verified: true, ageDays: 300, tier: "paid" }, { ...harvest, operates: 0 }, T0 + 1_200_000)).toBeNull();
    expect(feed(desk.ix, established[0]!, harvest, T0 + 1_260_000)).toBeNull();
    const one = new MemoryIndex();
    pooled.slice(0, 2).forEach((a, i) => feed(one, a, { risk: 0.4, heavy: 1, operates: 1, restricted: true }, T0 + i * 60_000));
    expect(accounts("solo-org", 3, { verified: true, ageDays: 150, tier: "paid", org: "org-a" }).map((a, i) => feed(one, a, harvest, T0 + 600_000 + i * 60_000))).toEqual([null, null, null]);
  });

  it("does not make new users merely on watch a campaign of the client or prompt they share (restricted at riskMin)", () => {
    // Release day: new free accounts, each on `watch` (risk 0.35–0.5, mostly for being new), on one client and ISP.
    const crowd = new MemoryIndex();
    const res = run(crowd, accounts("new", 4, { ageDays: 0.2 }), { restricted: true, risk: 0.42, extraction: 0.05 }, 2, T0, TPL, "system");
    expect(crowd.state("system", TPL).campaign).toBeNull();
    expect(res.every((x) => x.r.finding === null)).toBe(true);
    // The same accounts restricted in earnest are one.
    const restricted = new MemoryIndex();
    run(restricted, accounts("new", 4, { ageDays: 0.2 }), { restricted: true, risk: 0.7, extraction: 0.05 }, 2, T0, TPL, "system");
    expect(restricted.state("system", TPL).campaign).toMatchObject({ reasons: ["restricted-accounts:4", "accounts:4"] });
  });

  it("does not give a new user a campaign for a public puzzle that accounts restricted elsewhere also sent (restrictedTemplateExtraction)", () => {
    // Three campaign accounts, restricted for what they do elsewhere, once sent a scheduling puzzle (extraction 0.01);
    // a day later a new user, on release day, sends the same puzzle filled differently.
    const puzzle = (policy = P) => {
      const ix = new MemoryIndex(policy);
      run(ix, accounts("restricted", 3), { restricted: true, risk: 0.9, extraction: 0.01 }, 1);
      return { ix, r: ix.feed(obs("template", TPL, { id: "new-user", ageDays: 0.1 }, T0 + 20 * 3_600_000, { extraction: 0.04, risk: 0.25 })) };
    };
    const { ix, r } = puzzle();
    expect(r.finding).toBeNull();
    expect(ix.state("template", TPL).campaign).toBeNull();
    expect(assess(ix.state("template", TPL), P, T0 + 20 * 3_600_000).verdict).toBe("watch");
    // With the check off, as before it existed: the restricted majority made the puzzle a campaign and named the new user.
    const off = puzzle(CampaignPolicy.parse({ restrictedTemplateExtraction: 0 }));
    expect(off.r.finding).toMatchObject({ campaignId: `tpl-${TPL}` });
    // What restricted accounts send through their template with extraction-like content is their campaign's.
    const harvesting = new MemoryIndex();
    run(harvesting, accounts("restricted", 3), { restricted: true, risk: 0.9, extraction: 0.3 }, 1);
    expect(harvesting.feed(obs("template", TPL, { id: "fresh" }, T0 + 3_600_000, { extraction: 0.04 })).finding).toMatchObject({ campaignId: `tpl-${TPL}` });
    // A system prompt is the campaign's own whatever goes through it.
    const system = new MemoryIndex();
    run(system, accounts("restricted", 3), { restricted: true, risk: 0.9, extraction: 0.01 }, 1, T0, TPL, "system");
    expect(system.feed(obs("system", TPL, { id: "fresh" }, T0 + 3_600_000, { extraction: 0.04 })).finding).toMatchObject({ campaignId: `sys-${TPL}` });
  });

  it("does not make a chat template a campaign for accounts suspicious elsewhere that send it as cover (suspiciousTemplateHeavy)", () => {
    // Five new accounts of a many-account campaign, suspicious for what they send elsewhere (risk 0.6), send an everyday
    // chat prompt ("Give me a 5-day itinerary for Lisbon on a tight budget", extraction 0.012) without asking for the
    // reasoning; then a five-day-old chat user sends the same template, filled with their own trip.
    const cover = (policy = P, heavy = 0) => {
      const ix = new MemoryIndex(policy);
      run(ix, accounts("cover", 5, { ageDays: 3 }), { risk: 0.6, extraction: 0.012, heavy }, 1);
      return { ix, r: ix.feed(obs("template", TPL, { id: "chat-user", ageDays: 5 }, T0 + 3 * 3_600_000, { risk: 0.17, extraction: 0.02 })) };
    };
    const { ix, r } = cover();
    expect(r.finding).toBeNull();
    expect(ix.state("template", TPL).campaign).toBeNull();
    // With the check off, as before it existed: rule 7 made it a campaign and named the chat user.
    const off = cover(CampaignPolicy.parse({ restrictedTemplateExtraction: 0 }));
    expect(off.r.finding).toMatchObject({ campaignId: `tpl-${TPL}` });
    expect(off.ix.state("template", TPL).campaign).toMatchObject({ reasons: ["young-or-unverified-extraction-accounts:5", "accounts:6"] });
    // An agentic-coding campaign's template has no extraction wording, but its accounts ask for the reasoning every time.
    expect(cover(P, 0.9).r.finding).toMatchObject({ campaignId: `tpl-${TPL}` });
    expect(cover(CampaignPolicy.parse({ suspiciousTemplateHeavy: 1 }), 0.9).r.finding).toBeNull();
  });

  it("publishes exit addresses several campaign accounts share, never one an established account uses", () => {
    const ix = new MemoryIndex();
    const sybils = accounts("s", 8);
    let t = T0;
    for (const [i, a] of sybils.entries()) ix.feed(obs("template", TPL, a, (t += 1000), { ip: i < 3 ? "198.51.100.1" : i < 5 ? "198.51.100.2" : `198.51.100.${10 + i}` }));
    ix.feed(obs("template", TPL, { id: "legit", verified: true, ageDays: 300, org: "o1" }, (t += 1000), { ip: "198.51.100.2", extraction: 0.1, risk: 0 }));
    for (const a of sybils) ix.feed(obs("template", TPL, a, (t += 7 * 3_600_000), { ip: "198.51.100.1" }));
    expect(ix.kv.has("ip:198.51.100.1")).toBe(true);
    expect(ix.kv.has("ip:198.51.100.2")).toBe(false);
    expect(ix.kv.get("ip:198.51.100.1")!.confidence).toBe(ix.kv.get(`templateFp:${TPL}`)!.confidence - 20);
    expect([...ix.kv.keys()].some((k) => k.startsWith("asn:"))).toBe(false);
  });

  it("finds a campaign within the first 48 members even when it runs through thousands of accounts", () => {
    const ix = new MemoryIndex();
    run(ix, accounts("big", 1000), { extraction: 0.7 }, 1);
    const s = ix.state("template", TPL);
    expect(s.members).toHaveLength(P.maxMembers);
    expect(s.campaign?.status).toBe("confirmed");
    const est = summarize(s, P, T0 + 1000 * 60_000)!.accounts;
    expect(est).toBeGreaterThan(900);
    expect(est).toBeLessThan(1100);
    expect(JSON.stringify(s).length).toBeLessThan(20_000);
    expect(FpState.safeParse(JSON.parse(JSON.stringify(s))).success).toBe(true);
  });

  it("reads a state stored before members carried `heavy` as members that asked for no heavy reasoning", () => {
    const ix = new MemoryIndex();
    run(ix, accounts("old", 4), { extraction: 0.7, heavy: 1 }, 2);
    const stored = JSON.parse(JSON.stringify(ix.state("template", TPL))) as { members: Record<string, unknown>[] };
    for (const m of stored.members) delete m.heavy;
    const parsed = FpState.parse(stored);
    expect(parsed.members.map((m) => m.heavy)).toEqual([0, 0, 0, 0]);
    expect(ix.state("template", TPL).members.every((m) => m.heavy === 1)).toBe(true);
  });
});

describe("legitimate shared templates are not campaigns", () => {
  const cases: [string, (ix: MemoryIndex) => void, string][] = [
    ["one company's RAG bot across its own accounts", (ix) => run(ix, accounts("acme", 30, { org: "acme" }), { extraction: 0.7 }), "single-org"],
    ["a public benchmark run by many established evaluators and a few students", (ix) => {
      run(ix, accounts("eval", 30, { verified: true, ageDays: 200, tier: "research" }).map((a, i) => ({ ...a, org: `lab-${i}` })), { extraction: 0.7, risk: 0.1 });
      run(ix, accounts("student", 6, { tier: "edu" }), { extraction: 0.7 }, 2, T0 + DAY / 2);
    }, "common-among-established-accounts"],
    ["a small benchmark: ten evaluators and six students", (ix) => {
      run(ix, accounts("eval", 10, { verified: true, ageDays: 200 }).map((a, i) => ({ ...a, org: `lab-${i}` })), { extraction: 0.7, risk: 0.1 });
      run(ix, accounts("student", 6), { extraction: 0.7 }, 2, T0 + DAY / 2);
    }, "shared-with-established-accounts"],
    ["students sharing a homework template without extraction", (ix) => run(ix, accounts("kid", 20, { tier: "edu" }), { extraction: 0.1, risk: 0.1 }), ""],
    ["a popular harness: thirty established users, and more restricted accounts than that", (ix) => {
      run(ix, accounts("dev", 30, { verified: true, ageDays: 200 }).map((a, i) => ({ ...a, org: `co-${i}` })), { extraction: 0.1, risk: 0.05 });
      run(ix, accounts("ring", 40, { verified: true, ageDays: 200 }), { restricted: true, risk: 0.8, extraction: 0.3 }, 2, T0 + DAY / 2);
    }, "common-among-established-accounts"],
    ["new enterprise customers' judge pipelines sharing a grading prompt", (ix) =>
      run(ix, accounts("judge", 6, { tier: "enterprise", verified: true, ageDays: 1 }).map((a, i) => ({ ...a, org: `corp-${i}` })), { extraction: 0.95, risk: 0.2 }), "shared-with-established-accounts"],
  ];
  it.each(cases)("%s", (_name, feed, reason) => {
    const ix = new MemoryIndex();
    feed(ix);
    const s = ix.state("template", TPL);
    expect(s.campaign).toBeNull();
    expect(ix.kv.size).toBe(0);
    const a = assess(s, P, T0 + DAY);
    expect(a.verdict).not.toBe("campaign");
    if (reason) expect(a.reasons).toEqual([reason]);
  });

  it("never flags a known-benchmark fingerprint on the allowlist, nor near variants of it", () => {
    const near = (parseInt(TPL[15]!, 16) ^ 1).toString(16);
    const ix = new MemoryIndex(CampaignPolicy.parse({ allow: [{ fp: TPL.slice(0, 15) + near, label: "gsm8k-harness" }] }));
    run(ix, accounts("x", 12), { extraction: 0.95 });
    expect(ix.state("template", TPL).campaign).toBeNull();
    expect(assess(ix.state("template", TPL), ix.policy, T0 + DAY).reasons).toEqual(["allowlisted:gsm8k-harness"]);
  });

  it("never flags an SDK's default system prompt", () => {
    const fp = templateFingerprint("You are a helpful assistant.")!;
    const ix = new MemoryIndex();
    run(ix, accounts("y", 20), { extraction: 0.9 }, 2, T0, fp, "system");
    expect(ix.state("system", fp).campaign).toBeNull();
    expect(assess(ix.state("system", fp), P, T0 + DAY).reasons).toEqual(["allowlisted:sdk-default-system-prompt"]);
  });

  it("keeps an established account that uses a campaign's template out of the campaign", () => {
    const ix = new MemoryIndex();
    run(ix, accounts("sybil", 6));
    const r = ix.feed(obs("template", TPL, { id: "bigco-1", verified: true, ageDays: 500, org: "bigco" }, T0 + DAY / 2, { extraction: 0.9, risk: 0.1 }));
    expect(r.finding).toBeNull();
    expect(ix.state("template", TPL).campaign?.status).toBe("confirmed");
  });

  it("withdraws a campaign it confirmed alone when established accounts turn out to share the template", () => {
    const ix = new MemoryIndex();
    run(ix, accounts("sybil", 6));
    expect(ix.kv.has(`templateFp:${TPL}`)).toBe(true);
    const r = run(ix, accounts("eval", 5, { verified: true, ageDays: 300 }).map((a, i) => ({ ...a, org: `o${i}` })), { extraction: 0.5, risk: 0 }, 1, T0 + DAY / 2);
    expect(ix.state("template", TPL).campaign).toMatchObject({ status: "expired" });
    expect(ix.state("template", TPL).campaign!.timeline.at(-1)).toMatchObject({ event: "cleared", by: "index" });
    expect(r.flatMap((x) => x.r.unpublish)).toContainEqual({ kind: "templateFp", value: TPL });
    expect(ix.kv.size).toBe(0);
  });
});

describe("campaign lifecycle", () => {
  const confirmed = () => {
    const ix = new MemoryIndex();
    run(ix, accounts("sybil", 8));
    return ix;
  };

  it("refreshes its entries' expiry while the campaign goes on, without filling the timeline", () => {
    const ix = confirmed();
    const before = ix.kv.get(`templateFp:${TPL}`)!.expiresAt!;
    run(ix, accounts("sybil", 8), {}, 1, T0 + 7 * 3_600_000);
    expect(ix.kv.get(`templateFp:${TPL}`)!.expiresAt!).toBeGreaterThan(before + 6 * 3_600_000);
    expect(ix.state("template", TPL).campaign!.timeline.map((e) => e.event)).toEqual(["detected", "confirmed", "published"]);
  });

  it("expires a campaign whose accounts went quiet and withdraws its entries", () => {
    const s = confirmed().state("template", TPL);
    expect(sweep(s, P, T0 + 6 * DAY).changed).toBe(false);
    const r = sweep(s, P, T0 + 8 * DAY);
    expect(r.state.campaign?.status).toBe("expired");
    expect(r.unpublish).toEqual(s.campaign!.published);
  });

  it("lets an operator dismiss a campaign for good: entries withdrawn, never flagged again", () => {
    const ix = confirmed();
    const r = act(ix.state("template", TPL), "dismiss", "token:abc", "our own eval harness", P, T0 + DAY / 2);
    if ("error" in r) throw new Error(r.error);
    expect(r.unpublish.length).toBeGreaterThan(0);
    ix.states.set(`template:${TPL}`, r.state);
    run(ix, accounts("more", 10), {}, 2, T0 + DAY / 2);
    expect(ix.state("template", TPL).campaign?.status).toBe("dismissed");
    expect(assess(ix.state("template", TPL), P, T0 + DAY).reasons).toEqual(["dismissed-by-operator"]);
  });

  it("lets an operator expire a campaign; it returns only on fresh evidence", () => {
    const ix = confirmed();
    const r = act(ix.state("template", TPL), "expire", "token:abc", undefined, P, T0 + DAY / 2);
    if ("error" in r) throw new Error(r.error);
    expect(r.state.members).toEqual([]);
    ix.states.set(`template:${TPL}`, r.state);
    run(ix, accounts("sybil", 3), {}, 1, T0 + DAY / 2);
    expect(ix.state("template", TPL).campaign?.status).toBe("expired");
    run(ix, accounts("wave2", 5), {}, 1, T0 + DAY);
    expect(ix.state("template", TPL).campaign?.status).toBe("confirmed");
    expect(ix.state("template", TPL).campaign!.timeline.map((e) => e.event)).toEqual(["detected", "confirmed", "published", "expired", "detected", "confirmed", "published"]);
  });

  it("waits for an operator when auto-confirmation is off, and publishes on confirm", () => {
    const ix = new MemoryIndex(CampaignPolicy.parse({ autoConfirmConfidence: null }));
    const res = run(ix, accounts("sybil", 8));
    expect(ix.state("template", TPL).campaign?.status).toBe("suspected");
    expect(ix.kv.size).toBe(0);
    expect(res.at(-1)!.r.finding?.status).toBe("suspected");
    const r = act(ix.state("template", TPL), "confirm", "token:abc", "seen in logs", ix.policy, T0 + DAY / 2);
    if ("error" in r) throw new Error(r.error);
    expect(r.state.campaign).toMatchObject({ status: "confirmed", confirmedBy: "token:abc" });
    expect(r.publish.map((e) => e.kind)).toContain("templateFp");
  });

  it("refuses an action on a fingerprint without a campaign", () => {
    const ix = new MemoryIndex();
    run(ix, accounts("one", 1));
    expect(act(ix.state("template", TPL), "confirm", "t", undefined, P, T0)).toEqual({ error: "there is no campaign on this fingerprint" });
  });

  it("shows operators members, fingerprints, timeline and reasons", () => {
    const ix = confirmed();
    const v = campaignView(ix.state("template", TPL), P, T0 + 3_600_000);
    expect(v.campaign).toMatchObject({ id: `tpl-${TPL}`, status: "confirmed", reasons: expect.any(Array) });
    expect(v.members[0]).toMatchObject({ account: expect.stringMatching(/^sybil-/), suspicious: true, established: false, ageDays: 1 });
    expect(v.timeline.map((e) => e.event)).toEqual(["detected", "confirmed", "published"]);
    expect(v.fingerprints[0]).toMatchObject({ kind: "template", fp: TPL });
  });
});

describe("report routing", () => {
  it("splits a report into its template, system-prompt and network fingerprints, each with its shard", () => {
    const client = { ip: "192.0.2.1", asn: 64500, ja4: "t13d1516h2_8daaf6152771_b186095e22b6", userAgent: "ua" };
    const parts = splitReport({
      at: T0, account: { id: "a", org: null, tier: "free", verified: false, createdAt: T0 - DAY }, risk: 0.3, restricted: false,
      extraction: 0.9, templateFp: TPL, systemFp: "0f0f0f0f0f0f0f0f", client,
    }, P);
    const net = networkFingerprint(client)!;
    expect(parts.map((p) => `${p.kind}:${p.fp}`)).toEqual([`template:${TPL}`, "system:0f0f0f0f0f0f0f0f", `network:${net}`]);
    expect(parts[2]!.net).toEqual({ ja4: client.ja4, userAgent: "ua", asn: 64500 });
    expect(parts[0]!.related).toEqual([{ kind: "system", fp: "0f0f0f0f0f0f0f0f" }, { kind: "network", fp: net }]);
    expect(shardOf("template", TPL)).toBe("template:a1");
    expect(parseCampaignId(campaignIdOf("network", net))).toEqual({ kind: "network", fp: net });
    expect(parseCampaignId("tpl-xyz")).toBeNull();
  });

  it.each([
    ["a known template", "template", TPL, TPL],
    ["a template three bits away", "template", "a1b2c3d4e5f6071f", TPL],
    ["a template six bits away", "template", "a1b2c3d4e5f607ff", "a1b2c3d4e5f607ff"],
    ["a network fingerprint one bit away", "network", "a1b2c3d4e5f60719", "a1b2c3d4e5f60719"],
  ] as const)("joins %s to the stored fingerprint it belongs to", (_name, kind, fp, want) => {
    expect(resolveFingerprint(["0000000000000000", TPL], kind, fp)).toBe(want);
  });

  it("counts distinct accounts with a sketch that saturates instead of growing", () => {
    expect(sketchCount("0".repeat(256))).toBe(0);
    expect(sketchCount("f".repeat(256))).toBeGreaterThan(7000);
  });
});

describe("skipping the assessment", () => {
  it.each(["template", "org"] as const)("rules out a %s campaign only where the assessment finds none, over random populations and policies", (kind) => {
    let x = kind === "template" ? 12345 : 54321;
    const next = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    let skipped = 0;
    let campaigns = 0;
    for (let trial = 0; trial < 400; trial++) {
      const policy = CampaignPolicy.parse({
        minRestricted: 2 + Math.floor(next() * 3), minAccounts: 2 + Math.floor(next() * 5), restrictedShare: next(), minSuspiciousShare: next(),
        harvest: { minAccounts: 5 + Math.floor(next() * 8), minExtraction: next() * 0.6, minYoungShare: next(), maxRepeatShare: next() * 0.3 },
        ...(kind === "org" ? { org: { minRestricted: 1 + Math.floor(next() * 4), restrictedShare: next() * 0.6 } } : {}),
        // Rule 3d's own minimums, the unvouched one below the others at times (the bound takes the smallest).
        ...(kind === "template" ? { minority: { minRestricted: 2 + Math.floor(next() * 6), unvouchedMin: 2 + Math.floor(next() * 6), share: next() * 0.5, harvestingMember: next() } } : {}),
      });
      const ix = new MemoryIndex(policy);
      const n = 1 + Math.floor(next() * 16);
      // Half the trials with texts (the harvest rule reads them), some of them repeated.
      const texts = next() < 0.5;
      let t = T0;
      for (let i = 0; i < 3 * n; i++) {
        const a: Acct = { id: `acct-${Math.floor(next() * n)}`, verified: next() < 0.5, ageDays: next() < 0.5 ? 2 : 60, org: next() < 0.2 ? "org-1" : null };
        // Some requests a window apart, so that window members and stale ones mix.
        t += next() < 0.1 ? policy.windowMs : 60_000;
        const text = texts ? (next() < 0.1 ? 1 : 100 + i) : undefined;
        ix.feed(obs(kind, TPL, a, t, { extraction: next(), risk: next(), restricted: next() < 0.3, heavy: next() < 0.6 ? 1 : 0, ...(text === undefined || kind === "org" ? {} : { text }) }));
      }
      const s = ix.state(kind, TPL);
      const verdict = assess(s, policy, t).verdict;
      if (verdict === "campaign") campaigns++;
      if (mayBeCampaign(s, policy, t)) continue;
      skipped++;
      expect(verdict).not.toBe("campaign");
    }
    // Both sides seen: the test is not vacuous.
    expect(skipped).toBeGreaterThan(50);
    expect(campaigns).toBeGreaterThan(kind === "org" ? 20 : 50);
  });
});
