import { describe, expect, it } from "vitest";
import { emptyFeatures, updateFeatures } from "../../../src/account/features";
import { agreement, assessRisk, harvestAgreement, pooled, pooledTrust, quietShare, rotation, sortTerms, steadyHarvestAgreement, topReasons, trustFactor, type NetworkView, type Term } from "../../../src/account/risk";
import { DEFAULT_MACHINE_POLICY as M } from "../../../src/policy/machine";
import { account, DAY, extraction, HOUR, obs, proxyClient, signals, T0 } from "./helpers";

describe("risk", () => {
  it.each([
    ["unverified", account({ verified: false }), 1],
    ["verified, weeks old", account({ createdAt: T0 - 20 * DAY }), 0.75],
    ["verified, established", account({ org: null }), 0.5],
    ["verified, established, in an org", account({ org: "o" }), 0.35],
    ["verified, established enterprise", account({ tier: "enterprise" }), 0.35],
    ["verified enterprise, a day old (a contract, not a sock puppet)", account({ tier: "enterprise", createdAt: T0 - DAY }), 0.35],
    ["unverified enterprise, a day old", account({ tier: "enterprise", verified: false, createdAt: T0 - DAY }), 1],
  ])("trust factor of %s is %s", (_n, a, want) => {
    expect(trustFactor(a, T0)).toBe(want);
  });

  it("gives a new verified enterprise account no new-account prior, and an unverified one its prior", () => {
    const prior = (over: Parameters<typeof account>[0]) => assessRisk(emptyFeatures(), account(over), M, 0, T0).logOdds;
    const day = { tier: "enterprise" as const, createdAt: T0 - HOUR };
    expect(prior(day)).toBeCloseTo(prior({ tier: "enterprise", createdAt: T0 - 100 * DAY }), 9);
    expect(prior({ ...day, verified: false })).toBeGreaterThan(prior({ tier: "enterprise", verified: false, createdAt: T0 - 100 * DAY }));
    expect(prior({ tier: "paid", createdAt: T0 - HOUR })).toBeGreaterThan(prior({ tier: "paid", createdAt: T0 - 100 * DAY }));
  });

  it.each([
    ["a human day (nothing from 0 to 8)", Array.from({ length: 24 }, (_, h) => (h < 8 ? 0 : 5)), 0],
    ["a flat pipeline", Array.from({ length: 24 }, () => 5), 8 / 24],
    ["office hours", Array.from({ length: 24 }, (_, h) => (h >= 9 && h < 18 ? 10 : 0)), 0],
  ])("quiet share of %s", (_n, hours, want) => {
    expect(quietShare(hours)).toBeCloseTo(want, 6);
  });

  it.each([
    [{ ips: 2, asns: 1, countries: 1, spanning: 0, ja4s: 1 }, 0],
    // One network's own churn: a cloud's regions, a carrier's CGNAT.
    [{ ips: 40, asns: 1, countries: 1, spanning: 0, ja4s: 1 }, 0.1],
    [{ ips: 900, asns: 1, countries: 3, spanning: 1, ja4s: 1 }, 0.1],
    // A person's home, phone and office in one or two countries; with a VPN in several.
    [{ ips: 40, asns: 2, countries: 2, spanning: 0, ja4s: 1 }, 0.3],
    [{ ips: 40, asns: 4, countries: 1, spanning: 0, ja4s: 1 }, 0.5],
    [{ ips: 40, asns: 2, countries: 3, spanning: 1, ja4s: 1 }, 0.3],
    [{ ips: 40, asns: 4, countries: 3, spanning: 1, ja4s: 1 }, 0.5],
    // A proxy pool: several networks each in several countries, or many networks.
    [{ ips: 40, asns: 2, countries: 3, spanning: 2, ja4s: 1 }, 1],
    [{ ips: 40, asns: 3, countries: 6, spanning: 3, ja4s: 1 }, 1],
    [{ ips: 40, asns: 5, countries: 1, spanning: 0, ja4s: 1 }, 1],
    [{ ips: 9, asns: 5, countries: 4, spanning: 0, ja4s: 1 }, 0.5],
  ].map(([v, want]): [NetworkView, number] => [{ ...(v as Omit<NetworkView, "prefixes" | "home" | "fixed">), prefixes: 0, home: 0, fixed: 0 }, want as number]))("rotation of %j is %s", (v, want) => {
    expect(rotation(v)).toBeCloseTo(want, 6);
  });

  it.each([
    // Traffic that names no ASN: networks are address prefixes. In one or two countries a cloud's regions
    // look like a pool's exits, so they count as one network there; beyond, or with no country known, they count.
    [{ ips: 40, asns: 6, countries: 2, spanning: 0, ja4s: 1, prefixes: 6 }, 0.1],
    [{ ips: 40, asns: 6, countries: 5, spanning: 0, ja4s: 1, prefixes: 6 }, 1],
    [{ ips: 40, asns: 6, countries: 0, spanning: 0, ja4s: 1, prefixes: 6 }, 1],
    [{ ips: 40, asns: 3, countries: 0, spanning: 0, ja4s: 1, prefixes: 3 }, 0.5],
    // Some requests named their ASN: counted as before.
    [{ ips: 40, asns: 6, countries: 2, spanning: 0, ja4s: 1, prefixes: 3 }, 1],
  ])("rotation of %j (address prefixes) is %s", (v, want) => {
    expect(rotation({ ...v, home: 0, fixed: 0 })).toBeCloseTo(want, 6);
  });

  it.each([
    // Half the requests or more from one network in one or two countries: a person's home with a phone that roams
    // over carriers and an office, however many networks those make.
    [{ ips: 40, asns: 5, countries: 1, spanning: 0, ja4s: 1, prefixes: 0, home: 0.64 }, 0.3],
    [{ ips: 40, asns: 8, countries: 2, spanning: 0, ja4s: 1, prefixes: 0, home: 0.5 }, 0.3],
    [{ ips: 40, asns: 3, countries: 1, spanning: 0, ja4s: 1, prefixes: 0, home: 0.9 }, 0.3],
    // Less than half from any network, or in three countries and more, or with no country known: as before.
    [{ ips: 40, asns: 5, countries: 1, spanning: 0, ja4s: 1, prefixes: 0, home: 0.49 }, 1],
    [{ ips: 40, asns: 5, countries: 3, spanning: 0, ja4s: 1, prefixes: 0, home: 0.8 }, 1],
    [{ ips: 40, asns: 5, countries: 0, spanning: 0, ja4s: 1, prefixes: 0, home: 0.8 }, 1],
    [{ ips: 40, asns: 2, countries: 3, spanning: 2, ja4s: 1, prefixes: 0, home: 0.7 }, 1],
  ])("rotation of %j (a home network's share) is %s", (v, want) => {
    expect(rotation({ ...v, fixed: 0 })).toBeCloseTo(want, 6);
  });

  it.each([
    // Most requests from a few addresses that come back, in one or two countries: a home and an office whose two egresses are
    // two providers, with a phone on several carriers, read as the few networks they are (0.5, not a pool's 1).
    [{ ips: 40, asns: 6, countries: 2, spanning: 0, ja4s: 1, prefixes: 0, home: 0.32, fixed: 0.86 }, 0.5],
    [{ ips: 40, asns: 8, countries: 1, spanning: 0, ja4s: 1, prefixes: 0, home: 0.2, fixed: 0.5 }, 0.5],
    // The home rule is not loosened by it; nor are a few networks raised.
    [{ ips: 40, asns: 6, countries: 1, spanning: 0, ja4s: 1, prefixes: 0, home: 0.6, fixed: 0.9 }, 0.3],
    [{ ips: 40, asns: 2, countries: 1, spanning: 0, ja4s: 1, prefixes: 0, home: 0.3, fixed: 0.9 }, 0.3],
    // A pool's exits, which seldom come back; or the few addresses in three countries and more.
    [{ ips: 40, asns: 6, countries: 1, spanning: 0, ja4s: 1, prefixes: 0, home: 0.25, fixed: 0.49 }, 1],
    [{ ips: 40, asns: 6, countries: 3, spanning: 0, ja4s: 1, prefixes: 0, home: 0.3, fixed: 0.9 }, 1],
    [{ ips: 40, asns: 3, countries: 4, spanning: 2, ja4s: 1, prefixes: 0, home: 0.3, fixed: 0.9 }, 1],
    [{ ips: 40, asns: 6, countries: 0, spanning: 0, ja4s: 1, prefixes: 0, home: 0.3, fixed: 0.9 }, 1],
  ])("rotation of %j (the few addresses' repeats) is %s", (v, want) => {
    expect(rotation(v)).toBeCloseTo(want, 6);
  });

  it("rises with an extraction stream and names its evidence", () => {
    const a = account({ tier: "free", verified: false, createdAt: T0 - 3 * DAY });
    let f = emptyFeatures();
    const before = assessRisk(f, a, M, 0, T0).risk;
    for (let i = 0; i < 30; i++) f = updateFeatures(f, obs({ account: a, signals: extraction(), client: proxyClient(i) }), M, T0 + i * 60_000);
    const r = assessRisk(f, a, M, 0, T0 + 30 * 60_000);
    expect(before).toBeLessThan(0.2);
    expect(r.risk).toBeGreaterThan(0.95);
    expect(topReasons(r)).toEqual(expect.arrayContaining(["intent:cot", "network:rotation"]));
  });

  it("counts critique asked turn after turn in conversations (a self-refinement loop), not one critique asked alone", () => {
    // A verified paid account a few weeks old: its content evidence counts three quarters.
    const a = account({ createdAt: T0 - 20 * DAY });
    const critique = (singleTurn: boolean) => signals({
      kinds: { cot: 0, critique: 0.9, autograde: 0, datagen: 0, probe: 0, distillSystem: 0 }, extraction: 0.9, domain: "math",
      shape: { singleTurn, conversationDepth: singleTurn ? 1 : 4, reasoningRequested: true, maxTokens: 16_000 },
    });
    const run = (singleTurn: boolean, n: number) => {
      let f = emptyFeatures();
      for (let i = 0; i < n; i++) f = updateFeatures(f, obs({ account: a, signals: critique(singleTurn) }), M, T0 + i * 60_000);
      return { f, r: assessRisk(f, a, M, 0, T0 + n * 60_000) };
    };
    const loop = run(false, 12);
    const alone = run(true, 12);
    expect(loop.f.loops).toBeGreaterThan(11);
    expect(alone.f.loops).toBe(0);
    expect(loop.r.terms.find((t) => t.code === "intent:critique-loop")!.value).toBeCloseTo(1.5 * 0.75, 6);
    expect(alone.r.terms.some((t) => t.code === "intent:critique-loop")).toBe(false);
    // machine.evidence.critiqueLoop 0 turns the term off.
    const off = { ...M, evidence: { ...M.evidence, critiqueLoop: 0 } };
    expect(assessRisk(loop.f, a, off, 0, T0 + 12 * 60_000).terms.some((t) => t.code === "intent:critique-loop")).toBe(false);
    // The loop weighs more than the same critiques asked alone (which count their single-turn share instead).
    expect(loop.r.risk).toBeGreaterThan(alone.r.risk);
    // Conversations without a critique count nothing.
    let chat = emptyFeatures();
    for (let i = 0; i < 12; i++) chat = updateFeatures(chat, obs({ account: a, signals: signals({ shape: { singleTurn: false } }) }), M, T0 + i * 60_000);
    expect(chat.loops).toBe(0);
  });

  it("counts a single-turn critique that continues a conversation the provider keeps as a loop's turn, its shape unchanged", () => {
    const a = account({ createdAt: T0 - 20 * DAY });
    const critique = signals({
      kinds: { cot: 0, critique: 0.9, autograde: 0, datagen: 0, probe: 0, distillSystem: 0 }, extraction: 0.9, domain: "math",
      shape: { singleTurn: true, conversationDepth: 1, reasoningRequested: true, maxTokens: 16_000 },
    });
    const run = (continues: boolean | undefined) => {
      let f = emptyFeatures();
      for (let i = 0; i < 12; i++) f = updateFeatures(f, obs({ account: a, signals: critique, continues }), M, T0 + i * 60_000);
      return f;
    };
    const chained = run(true);
    const plain = run(undefined);
    expect(chained.loops).toBeGreaterThan(11);
    expect(plain.loops).toBe(0);
    // Still single-turn requests: the single-turn share is the same either way.
    expect(chained.single).toBe(plain.single);
    expect(assessRisk(chained, a, M, 0, T0 + 12 * 60_000).risk).toBeGreaterThan(assessRisk(plain, a, M, 0, T0 + 12 * 60_000).risk);
    // A continued request without a critique counts nothing.
    let chat = emptyFeatures();
    for (let i = 0; i < 12; i++) chat = updateFeatures(chat, obs({ account: a, signals: signals(), continues: true }), M, T0 + i * 60_000);
    expect(chat.loops).toBe(0);
  });

  it.each([
    [0.35, 0, 0.35], [0.35, 0.5, 0.35], [0.35, 0.75, 0.675], [0.35, 1, 1], [0.5, 0.3, 0.5], [1, 1, 1],
  ])("trust %s at rotation %s counts as %s (pooledTrust)", (trust, rot, want) => {
    expect(pooledTrust(trust, rot)).toBeCloseTo(want, 9);
    expect(pooled(rot)).toBeCloseTo(rot <= 0.5 ? 0 : (rot - 0.5) / 0.5, 9);
  });

  it("does not let a key used through a proxy pool borrow its owner's standing, and keeps it for the owner's own network", () => {
    // An established enterprise account in an org (trust 0.35): the same extraction stream from its own
    // address and from a proxy pool. Through the pool the content counts in full.
    const a = account({ tier: "enterprise", org: "acme" });
    let home = emptyFeatures();
    let pool = emptyFeatures();
    for (let i = 0; i < 40; i++) {
      const at = T0 + i * 60_000;
      home = updateFeatures(home, obs({ account: a, signals: extraction() }), M, at);
      pool = updateFeatures(pool, obs({ account: a, signals: extraction(), client: proxyClient(i) }), M, at);
    }
    const now = T0 + 40 * 60_000;
    const atHome = assessRisk(home, a, M, 0, now);
    const pooledRisk = assessRisk(pool, a, M, 0, now);
    expect(atHome.trust).toBe(0.35);
    expect(pooledRisk.trust).toBe(1);
    const cot = (r: typeof atHome) => r.terms.find((t) => t.code === "intent:cot")!.value;
    expect(cot(pooledRisk)).toBeCloseTo(cot(atHome) / 0.35, 6);
    // The identity prior is the account's either way; only the evidence's scale changes.
    expect(pooledRisk.families.identity).toBeCloseTo(atHome.families.identity, 9);
    // policy.machine.pooledTrust off: the owner's standing counts through the pool too.
    expect(assessRisk(pool, a, { ...M, pooledTrust: false }, 0, now).trust).toBe(0.35);
  });

  it("measures how much an account's own stream agrees with a campaign's: extraction with harvest, outside its baseline", () => {
    const plain = account({ tier: "enterprise", org: "acme" });
    const documented = account({ tier: "enterprise", org: "acme", baseline: { rpm: 600, domains: ["math"], note: "nightly eval", until: null } });
    const stream = (extractionEvery: number, covered = false) => {
      const a = covered ? documented : plain;
      let f = emptyFeatures();
      for (let i = 0; i < 60; i++) {
        const s = i % extractionEvery === 0 ? extraction() : signals();
        f = updateFeatures(f, obs({ account: a, signals: s }), M, T0 + i * 60_000);
      }
      return f;
    };
    expect(agreement(emptyFeatures(), M)).toBe(0);
    expect(agreement(stream(1_000), M)).toBe(0); // one extraction request in 60
    expect(agreement(stream(4), M)).toBeLessThan(0.1); // a quarter
    expect(agreement(stream(1), M)).toBeGreaterThan(0.9); // all of them
    expect(agreement(stream(1, true), M)).toBe(0); // all of them, under a documented baseline
  });

  it("lets evidence fade when the account goes quiet", () => {
    const a = account({ verified: false });
    let f = emptyFeatures();
    for (let i = 0; i < 30; i++) f = updateFeatures(f, obs({ account: a, signals: extraction() }), M, T0 + i * 60_000);
    const hot = assessRisk(f, a, M, 0, T0 + HOUR).risk;
    const later = updateFeatures(f, obs({ account: a }), M, T0 + 3 * DAY);
    expect(assessRisk(later, a, M, 0, T0 + 3 * DAY).risk).toBeLessThan(hot / 2);
  });
});

describe("sortTerms", () => {
  it("orders as Array.prototype.sort by value (largest first), ties by code", () => {
    let seed = 11;
    const r = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let n = 0; n < 500; n++) {
      // Few distinct values, so ties are common; distinct codes, as in a score.
      const terms: Term[] = Array.from({ length: Math.floor(r() * 16) }, (_, i) => ({ code: `c${Math.floor(r() * 1000)}-${i}`, family: "content" as const, value: Math.round(r() * 8 - 3) / 2 }));
      const want = terms.slice().sort((x, y) => y.value - x.value || (x.code < y.code ? -1 : 1));
      sortTerms(terms);
      expect(terms).toEqual(want);
    }
  });
});

describe("steadyHarvestAgreement (the hold's reading of the harvest floor)", () => {
  const f = (over: Partial<ReturnType<typeof emptyFeatures>>) => ({ ...emptyFeatures(), ...over });

  it("keeps the share of heavy requests through a pause, and counts its evidence over days", () => {
    // Ten requests' worth left of the last hours (a pause decayed them), a hundred over the last days, each heavy.
    const paused = f({ n: 10, heavy: 10, long: 100 });
    expect(harvestAgreement(paused, M)).toBe(0); // 10 / (10 + 4): as if new
    expect(steadyHarvestAgreement(paused, 1)).toBeCloseTo((100 / 101 - 0.9) / 0.1, 10);
    expect(steadyHarvestAgreement(paused, 4)).toBeCloseTo((100 / 104 - 0.9) / 0.1, 10);
    // One in ten without the reasoning is no harvest, whatever the evidence.
    expect(steadyHarvestAgreement(f({ n: 10, heavy: 9, long: 1000 }), 1)).toBe(0);
    // Half the requests inside a documented baseline's domains: half as much.
    expect(steadyHarvestAgreement(f({ n: 10, heavy: 10, covered: 5, long: 100 }), 1)).toBeCloseTo(((100 / 101 - 0.9) / 0.1) * 0.5, 10);
    expect(steadyHarvestAgreement(f({}), 1)).toBe(0);
  });

  it("needs 19 heavy requests for 0.5 at shrinkage 1, and 76 at 4", () => {
    const after = (k: number) => {
      let s = emptyFeatures();
      for (let i = 1; ; i++) {
        s = updateFeatures(s, obs({ signals: signals({ shape: { reasoningRequested: true, maxTokens: 32_000 } }) }), M, T0 + i * 60_000);
        if (steadyHarvestAgreement(s, k) >= 0.5) return i;
      }
    };
    expect(after(1)).toBeGreaterThanOrEqual(19);
    expect(after(1)).toBeLessThanOrEqual(20);
    expect(after(4)).toBeGreaterThanOrEqual(76);
    expect(after(4)).toBeLessThanOrEqual(77);
  });
});
