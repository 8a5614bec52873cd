import { describe, expect, it } from "vitest";
import { corroborated, operational } from "../../../src/account/behaviour";
import { fmix, fnv1a } from "../../../src/lib/hash32";
import { decide, stateLimits } from "../../../src/account/machine";
import { initialState, type AccountState } from "../../../src/account/state";
import type { Decision, RequestObservation } from "../../../src/account/types";
import type { WindowEntry } from "../../../src/limits/window";
import { DEFAULT_POLICY, type Policy } from "../../../src/policy/schema";
import { account, DAY, extraction, HOUR, MIN, obs, proxyClient, signals, T0 } from "./helpers";

/** Feeds requests to the pure core as the account object would; time is explicit. */
class Stream {
  state: AccountState = initialState();
  window: WindowEntry[] = [];
  transitions: { from: string; to: string; risk: number; reasons: string[] }[] = [];
  constructor(private readonly policy: Policy = DEFAULT_POLICY) {}

  send(at: number, o: Partial<RequestObservation> = {}): Decision {
    const r = decide(this.state, this.window, obs(o), this.policy, at);
    this.state = r.state;
    this.window = r.window;
    if (r.transition) this.transitions.push(r.transition);
    return r.decision;
  }

  /** `count` requests `gap` ms apart from `from`; returns the decisions. */
  run(from: number, count: number, gap: number, o: (i: number) => Partial<RequestObservation>): Decision[] {
    return Array.from({ length: count }, (_, i) => this.send(from + i * gap, o(i)));
  }
}

const fresh = account({ tier: "free", verified: false, createdAt: T0 - 2 * HOUR });
const campaign = (i: number): Partial<RequestObservation> => ({ account: fresh, signals: extraction(), client: proxyClient(i) });
const chatUser = account({ tier: "free", verified: false, createdAt: T0 - 300 * DAY });

describe("behavioural state machine", () => {
  it("contains a new unverified account harvesting reasoning through a rotating proxy from its first request", () => {
    const s = new Stream();
    const d = s.run(T0, 30, 20_000, campaign);
    expect(d[0]!.action).not.toBe("allow");
    expect(d.every((x) => x.action !== "allow")).toBe(true);
    expect(d.at(-1)!.state).toBe("challenged");
    expect(s.transitions.map((t) => t.to)).toEqual(expect.arrayContaining(["restricted", "challenged"]));
  });

  it("records machine-readable reasons on every transition", () => {
    const s = new Stream();
    s.run(T0, 30, 20_000, campaign);
    for (const t of s.transitions) {
      expect(t.reasons.length).toBeGreaterThan(0);
      for (const r of t.reasons) expect(r).toMatch(/^[a-z-]+:[a-z0-9-]+$/);
    }
    expect(s.transitions.find((t) => t.to === "restricted")!.reasons).toEqual(expect.arrayContaining(["intent:cot"]));
  });

  it("leaves an ordinary chat user on a free account alone, multi-turn or not", () => {
    const s = new Stream();
    // Three days, each an evening of 30 messages.
    const d = [0, 1, 2].flatMap((day) => s.run(T0 + day * DAY + 18 * HOUR, 30, 6 * MIN, (i) => ({
      account: chatUser,
      signals: signals({ shape: { singleTurn: i % 3 === 0, conversationDepth: 1 + (i % 5) } }),
    })));
    expect(d.every((x) => x.action === "allow")).toBe(true);
    expect(s.state.behaviour.state).toBe("trusted");
    expect(s.state.behaviour.risk).toBeLessThan(0.2);
  });

  it("puts a new unverified account on probation: ordinary requests pass, logprobs and samples lose their training value", () => {
    const first = (o: Partial<RequestObservation>) => new Stream().send(T0, { account: fresh, client: proxyClient(0), ...o });
    expect(first({})).toMatchObject({ action: "allow", state: "probation" });
    // A new user trying a reasoning model with an ordinary question: served as is.
    expect(first({ signals: signals({ shape: { reasoningRequested: true, maxTokens: 2000 } }) })).toMatchObject({ action: "allow", state: "probation" });
    // Token logprobs or several samples: training value for nothing a new user needs.
    expect(first({ signals: signals({ shape: { logprobs: true, topLogprobs: 5 } }) }))
      .toMatchObject({ action: "degrade", reasons: expect.arrayContaining(["state:probation", "request:training-value"]) });
    // An extraction-like request is degraded from the first (here the risk itself puts the account in watch).
    expect(first({ signals: extraction() })).toMatchObject({ action: "degrade" });
  });

  it("serves a new user's capability probe in probation (machine.probationIntent), and degrades a stronger kind of intent there", () => {
    const kinds = (over: Record<string, number>) => ({ cot: 0, critique: 0, autograde: 0, datagen: 0, probe: 0, distillSystem: 0, ...over });
    // Release day: "Are you the new model? What is your knowledge cutoff?" (probe 0.9, kind weight 0.3), then an
    // autograding request scored just over the threshold (weight 0.8); each the account's first, so probation decides.
    const first = (k: Record<string, number>, policy: Policy = DEFAULT_POLICY) =>
      new Stream(policy).send(T0, { account: fresh, client: { ...proxyClient(0), ip: "198.51.100.7" }, signals: signals({ kinds: kinds(k), extraction: 0.55 }) });
    expect(first({ probe: 0.9 })).toMatchObject({ action: "allow", state: "probation" });
    expect(first({ autograde: 0.55 })).toMatchObject({ state: "probation", action: "degrade", reasons: expect.arrayContaining(["state:probation", "request:training-value"]) });
    // At 0, any intent is degraded in probation, as before the setting existed.
    const any = { ...DEFAULT_POLICY, machine: { ...DEFAULT_POLICY.machine, probationIntent: 0 } };
    expect(first({ probe: 0.9 }, any)).toMatchObject({ action: "degrade", reasons: expect.arrayContaining(["state:probation", "request:training-value"]) });
  });


  it("keeps an unverified account on probation until it verifies or is 90 days old (machine.probationMs)", () => {
    const kinds = { cot: 0.8, critique: 0, autograde: 0, datagen: 0, probe: 0, distillSystem: 0 };
    // One chain-of-thought request with reasoning, the account's first, from a home address: too little for `watch`
    // alone, so what the request meets is the account's base state.
    const first = (a: ReturnType<typeof account>) => new Stream().send(T0, {
      account: a, client: { ...proxyClient(0), ip: "198.51.100.9" },
      signals: signals({ kinds, extraction: 0.8, shape: { reasoningRequested: true, maxTokens: 4000 } }),
    });
    for (const days of [10, 45, 89]) {
      expect(first(account({ tier: "paid", verified: false, createdAt: T0 - days * DAY })), `${days} days`)
        .toMatchObject({ state: "probation", action: "degrade", reasons: expect.arrayContaining(["state:probation", "request:training-value", "intent:cot"]) });
    }
    // Past 90 days, or verified at any age: the same request is served as it is.
    expect(first(account({ tier: "paid", verified: false, createdAt: T0 - 91 * DAY }))).toMatchObject({ state: "trusted", action: "allow" });
    expect(first(account({ tier: "paid", verified: true, createdAt: T0 - 45 * DAY }))).toMatchObject({ state: "trusted", action: "allow" });
    // Logprobs only in the first week (machine.probationKnobsMs): later they are an evaluation harness's scoring as often.
    const logprobs = (days: number) => new Stream().send(T0, {
      account: account({ tier: "paid", verified: false, createdAt: T0 - days * DAY }), client: { ...proxyClient(0), ip: "198.51.100.9" },
      signals: signals({ shape: { logprobs: true, topLogprobs: 5 } }),
    });
    expect(logprobs(3)).toMatchObject({ state: "probation", action: "degrade", reasons: expect.arrayContaining(["request:training-value"]) });
    expect(logprobs(45)).toMatchObject({ state: "probation", action: "allow" });
    // The old bound, as a policy an operator may set.
    const week = { ...DEFAULT_POLICY, machine: { ...DEFAULT_POLICY.machine, probationMs: 7 * DAY } };
    expect(new Stream(week).send(T0, {
      account: account({ tier: "paid", verified: false, createdAt: T0 - 45 * DAY }), client: { ...proxyClient(0), ip: "198.51.100.9" },
      signals: signals({ kinds, extraction: 0.8, shape: { reasoningRequested: true, maxTokens: 4000 } }),
    })).toMatchObject({ state: "trusted", action: "allow" });
  });
  it("degrades heavy reasoning on probation once most requests ask for it, where the operator sets machine.probationHeavyShare", () => {
    const home = { ...proxyClient(0), ip: "198.51.100.9", asn: 64500, country: "US" };
    const heavy = (i: number) => signals({ shape: { reasoningRequested: true, maxTokens: 12_000, singleTurn: true, conversationDepth: 1 }, promptHash: i });
    // Ordinary questions, no extraction intent, one every 40 minutes for a day, from one home address.
    const strict = { ...DEFAULT_POLICY, machine: { ...DEFAULT_POLICY.machine, probationHeavyShare: 0.6 } };
    const day = (a: ReturnType<typeof account>, asks: (i: number) => boolean, policy: Policy = strict) =>
      new Stream(policy).run(T0, 36, 40 * MIN, (i) => ({ account: a, client: home, signals: asks(i) ? heavy(i) : signals({ promptHash: i }) }));
    const unverified = account({ tier: "free", verified: false, createdAt: T0 - 30 * DAY });
    const every = day(unverified, () => true);
    // The first requests are served with their reasoning (a share shrunk towards 0 over few requests); then it is withheld.
    expect(every[0]).toMatchObject({ action: "allow", state: "probation" });
    const held = every.filter((d) => d.reasons.includes("request:reasoning-stream"));
    expect(held.length).toBeGreaterThan(10);
    for (const d of held) expect(d).toMatchObject({ action: "degrade", state: "probation" });
    expect(every.at(-1)).toMatchObject({ action: "degrade", state: "probation" });
    // A person who turns the reasoning on for one question in three: served.
    expect(day(unverified, (i) => i % 3 === 0).every((d) => d.action === "allow")).toBe(true);
    // Verified, or with the default setting (1, never): the same day is served as it is.
    expect(day(account({ tier: "free", verified: true, createdAt: T0 - 30 * DAY }), () => true).every((d) => d.action === "allow")).toBe(true);
    expect(DEFAULT_POLICY.machine.probationHeavyShare).toBe(1);
    expect(day(unverified, () => true, DEFAULT_POLICY).every((d) => d.action === "allow")).toBe(true);
  });

  it("serves a new account's conversation turns in watch as probation would, where one family of evidence alone holds it there (machine.watchAsProbationContent)", () => {
    const home = { ...proxyClient(0), ip: "198.51.100.9", asn: 64500, country: "US" };
    const a = account({ tier: "free", verified: false, createdAt: T0 - 2 * HOUR });
    const turn = (i: number, over: Parameters<typeof signals>[0] = {}) => signals({
      shape: { reasoningRequested: true, maxTokens: 12_000, singleTurn: i % 3 === 0, conversationDepth: i % 3 === 0 ? 1 : 3 }, promptHash: i, ...over,
    });
    const on = { ...DEFAULT_POLICY, machine: { ...DEFAULT_POLICY.machine, watchAsProbationContent: 0.5 } };
    const off = { ...DEFAULT_POLICY, machine: { ...DEFAULT_POLICY.machine, watchAsProbationContent: 0 } };
    // A person trying the API with reasoning on: two turns of a conversation, then a new question, every 10 minutes.
    const day = (policy: Policy, o: (i: number) => Partial<RequestObservation>) => new Stream(policy).run(T0, 20, 10 * MIN, o);
    const person = (i: number) => ({ account: a, client: home, signals: turn(i) });
    const strict = day(off, person);
    const lenient = day(on, person);
    // The new-account prior and the reasoning share alone take it to watch either way (same risk, same state).
    expect(lenient.map((d) => [d.state, d.risk])).toEqual(strict.map((d) => [d.state, d.risk]));
    const inWatch = (ds: Decision[]) => ds.map((d, i) => ({ d, i })).filter((x) => x.d.state === "watch");
    expect(inWatch(strict).length).toBeGreaterThan(10);
    for (const { d } of inWatch(strict)) expect(d).toMatchObject({ action: "degrade", reasons: ["state:watch", "harvest:reasoning"] });
    // With the setting the conversation's turns are served; a new single-turn question asking for reasoning is not.
    for (const { d, i } of inWatch(lenient)) expect(d.action).toBe(i % 3 === 0 ? "degrade" : "allow");
    // A turn with extraction intent is degraded in watch as it would be in probation.
    const cot = day(on, (i) => ({ account: a, client: home, signals: i === 19 ? turn(1, { kinds: { cot: 0.9, critique: 0, autograde: 0, datagen: 0, probe: 0, distillSystem: 0 }, extraction: 0.9 }) : turn(i) }));
    expect(cot.at(-1)).toMatchObject({ state: "watch", action: "degrade" });
    // Two families of evidence (the reasoning share and a rotating pool's addresses): watch as ever.
    const pooledDay = day(on, (i) => ({ account: a, client: proxyClient(i), signals: turn(i) }));
    const pooledWatch = pooledDay.filter((d, i) => d.state === "watch" && i % 3 !== 0);
    expect(pooledWatch.length).toBeGreaterThan(1);
    for (const d of pooledDay.filter((x) => x.state !== "probation")) expect(d.action).toBe("degrade");
    // The default.
    expect(DEFAULT_POLICY.machine.watchAsProbationContent).toBe(0.5);
  });

  it("does not flap: risk hovering around the watch threshold keeps one state", () => {
    const s = new Stream();
    s.run(T0, 60, 30_000, (i) => ({ account: chatUser, signals: i % 2 ? extraction() : signals() }));
    const states = s.transitions.map((t) => t.to);
    const changes = states.filter((x, i) => i > 0 && x !== states[i - 1]).length;
    expect(changes).toBeLessThanOrEqual(2);
  });

  it("recovers after the behaviour changes, not after silence alone", () => {
    const s = new Stream();
    s.run(T0, 40, 30_000, (i) => ({ account: chatUser, signals: extraction(), client: proxyClient(i) }));
    expect(["restricted", "challenged"]).toContain(s.state.behaviour.state);
    const hot = s.state.behaviour.state;
    // Two days of silence: still in its state on the first ordinary request back.
    const back = s.send(T0 + 2 * DAY, { account: chatUser });
    expect(back.state).toBe(hot);
    // Ordinary use for a while: back to trusted, with a "recovered" transition.
    const later = s.run(T0 + 2 * DAY + MIN, 40, 4 * MIN, () => ({ account: chatUser }));
    expect(later.at(-1)!.state).toBe("trusted");
    expect(s.transitions.at(-1)).toMatchObject({ to: "trusted", reasons: ["recovered"] });
  });

  it("lets a challenged account go once it has verified", () => {
    const s = new Stream();
    s.run(T0, 30, 20_000, campaign);
    expect(s.state.behaviour.state).toBe("challenged");
    const d = s.send(T0 + 31 * 20_000, { ...campaign(31), account: { ...fresh, verified: true } });
    expect(d.state).not.toBe("challenged");
    expect(s.transitions.at(-1)!.reasons).toEqual(["identity:verified"]);
  });

  it("never throttles or blocks on content alone: a verified eval team's chain-of-thought suite at volume", () => {
    const team = account({ tier: "enterprise", verified: true, org: "org-1", createdAt: T0 - 300 * DAY });
    const s = new Stream();
    const d = s.run(T0, 3000, 150, (i) => ({ account: team, signals: extraction({ logprobs: i % 4 === 0 }), client: { ...proxyClient(0), ip: "192.0.2.10" } }));
    expect(d.some((x) => ["throttle", "challenge", "block"].includes(x.action))).toBe(false);
  });

  it("serves an LLM-as-judge pipeline's score-only verdicts as is: a grading prompt with no room for the method is not autograding extraction", () => {
    // A verified paid account two months old, no org, grading at volume: "rate this response 1-10, respond only with
    // {"score": n}", max_tokens 20, logprobs on half. Asked with room for an explanation, the same stream is degraded.
    const judge = account({ tier: "paid", verified: true, createdAt: T0 - 70 * DAY });
    const grading = (maxTokens: number) => (i: number): Partial<RequestObservation> => ({
      account: judge, client: { ...proxyClient(0), ip: "192.0.2.20" },
      signals: signals({ kinds: { cot: 0, critique: 0, autograde: 0.92, datagen: 0, probe: 0, distillSystem: 0 }, extraction: 0.92, domain: "general",
        templateFp: "5980ce06b9740000", shape: { maxTokens, logprobs: i % 2 === 0, topLogprobs: i % 2 === 0 ? 5 : 0, temperature: 0, singleTurn: true, conversationDepth: 1, stream: false } }),
    });
    const batches = (s: Stream, maxTokens: number) => [13, 18, 20].flatMap((h) => s.run(T0 + h * HOUR, 600, 300, grading(maxTokens)));
    expect(batches(new Stream(), 20).every((d) => d.action === "allow")).toBe(true);
    expect(batches(new Stream(), 1024).some((d) => d.action === "degrade")).toBe(true);
  });

  it("remembers a past escalation: a second offence starts from a higher risk", () => {
    const s = new Stream();
    const offence = (from: number) => s.run(from, 3, 30_000, () => ({ account: chatUser, signals: extraction() }));
    const first = offence(T0);
    s.run(T0 + 2 * MIN, 40, 30_000, () => ({ account: chatUser, signals: extraction() }));
    expect(s.state.behaviour.strikes).toBeGreaterThan(0);
    s.run(T0 + 2 * DAY, 100, 20 * MIN, () => ({ account: chatUser }));
    expect(s.state.behaviour.state).toBe("trusted");
    const second = offence(T0 + 5 * DAY);
    expect(second[2]!.risk).toBeGreaterThan(first[2]!.risk);
  });
});

describe("documented baselines", () => {
  const baseline = { rpm: 900, tpm: 2_000_000, domains: ["math", "reasoning"], note: "benchmark study", until: null };
  const team = account({ tier: "research", verified: true, org: "uni", createdAt: T0 - 200 * DAY, baseline });

  it("serves a baseline's own domains as documented, even under watch", () => {
    const s = new Stream();
    const d = s.run(T0, 2000, 100, () => ({ account: team, signals: extraction() }));
    expect(d.filter((x) => x.action !== "allow")).toHaveLength(0);
  });

  it("holds a throttled account to its baseline where that is above the cut limits", () => {
    const limits = stateLimits({ rpm: 900, tpm: 2_000_000 }, "throttled", team, DEFAULT_POLICY, T0);
    expect(limits).toEqual({ rpm: 900, tpm: 2_000_000 });
    const plain = stateLimits({ rpm: 60, tpm: 100_000 }, "throttled", { ...team, baseline: null }, DEFAULT_POLICY, T0);
    expect(plain).toEqual({ rpm: 15, tpm: 25_000 });
  });

  it("judges traffic outside the baseline's domains like anyone else's", () => {
    const s = new Stream();
    const d = s.run(T0, 400, 2000, (i) => ({ account: team, signals: { ...extraction(), domain: "coding" }, client: proxyClient(i) }));
    expect(d.at(-1)!.action).not.toBe("allow");
  });
});

describe("hard-state gates", () => {
  const families = (f: Partial<Record<"identity" | "content" | "shape" | "volume" | "network" | "rhythm" | "campaign", number>>) => ({
    risk: 0.99, logOdds: 5, trust: 1, terms: [],
    families: { identity: 0, content: 0, shape: 0, volume: 0, network: 0, rhythm: 0, campaign: 0, ...f },
  });
  it.each([
    [{ content: 3 }, false, false],
    [{ content: 3, shape: 1.2 }, true, false],
    [{ content: 3, network: 1 }, true, true],
    [{ network: 3, rhythm: 0.5 }, false, true],
    [{ content: 3, campaign: 4 }, false, false],
  ])("families %j: corroborated %s, operational %s", (f, corr, ops) => {
    const r = families(f);
    expect(corroborated(r)).toBe(corr);
    expect(operational(r)).toBe(ops);
  });
});

describe("what the campaign index is told of how an account operates (Decision.operates)", () => {
  const heavy = signals({ shape: { reasoningRequested: true, maxTokens: 16_000 } });
  const from = (ips: string[], ja4s: string[] = ["t13d"]) => (i: number): Partial<RequestObservation> => ({
    signals: heavy, client: { ip: ips[i % ips.length]!, asn: 64500 + (i % ips.length), country: "US", ja4: ja4s[i % ja4s.length]!, userAgent: "aider/0.80.0" },
  });

  it("is its network or its hours, not three addresses read by the sketch as a little over three, nor a machine's pace", () => {
    // A developer's agent from a home and two office addresses, a step every 20 s in working hours: no.
    const desk = new Stream();
    const d = desk.run(T0 + 9 * HOUR, 60, 20_000, from(["198.51.100.7", "203.0.113.20", "203.0.113.21"]));
    expect(d.every((x) => x.operates === false)).toBe(true);
    // A fourth address: yes, from the request that brings it.
    const cloud = new Stream();
    const c = cloud.run(T0 + 9 * HOUR, 8, 20_000, from(["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"]));
    expect(c.map((x) => x.operates)).toEqual([false, false, false, true, true, true, true, true]);
    // Also where two of the four fall on one bit of the day's address bitmap, which read them as three: the count is
    // exact up to features.ts IP_TAGS.
    const bitOf = (ip: string) => fmix(fnv1a(ip)) & 255;
    let twin = "";
    for (let i = 5; !twin; i++) if (bitOf(`192.0.2.${i}`) === bitOf("192.0.2.1")) twin = `192.0.2.${i}`;
    const shared = new Stream();
    const sh = shared.run(T0 + 9 * HOUR, 8, 20_000, from(["192.0.2.1", twin, "192.0.2.3", "192.0.2.4"]));
    expect(sh.map((x) => x.operates)).toEqual([false, false, false, true, true, true, true, true]);
    // Three TLS clients from one address: yes.
    const clients = new Stream();
    expect(clients.run(T0 + 9 * HOUR, 3, 20_000, from(["192.0.2.9"], ["t13d1", "t13d2", "t13d3"])).map((x) => x.operates)).toEqual([false, false, true]);
    // One address around the clock: yes, once the hours show it (40 requests over 20 hours).
    const night = new Stream();
    const n = night.run(T0, 48, HOUR / 2, from(["192.0.2.50"]));
    expect(n[10]!.operates).toBe(false);
    expect(n[47]!.operates).toBe(true);
  });
});
