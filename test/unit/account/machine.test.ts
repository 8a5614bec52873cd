import { describe, expect, it } from "vitest";
import { decide, effectiveLimits, judgeHeldExit, settle, settleEntries, withUsage } from "../../../src/account/machine";
import type { FingerprintHit } from "../../../src/account/campaign-intel";
import { mergePolicy } from "../../../src/policy/schema";
import { initialState } from "../../../src/account/state";
import type { RequestObservation } from "../../../src/account/types";
import type { WindowEntry } from "../../../src/limits/window";
import { DEFAULT_POLICY, type Policy } from "../../../src/policy/schema";

const T0 = 1_767_225_600_000;
const account = { id: "a1", org: null, tier: "free" as const, verified: true, createdAt: T0 - 90 * 86_400_000, baseline: null, mode: null };
const obs = (id: string, over: Partial<RequestObservation> = {}): RequestObservation => ({
  id, account, endpoint: "chat", model: "m", inputTokens: 100, outputReserve: 100, signals: null,
  client: { ip: "192.0.2.1", asn: null, country: null, ja4: null, userAgent: null }, ...over,
});

function run(n: number, policy: Policy = DEFAULT_POLICY, step = 1000, o: Partial<RequestObservation> = {}) {
  let state = initialState();
  let window: WindowEntry[] = [];
  const actions: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = decide(state, window, obs(`r${i}`, o), policy, T0 + i * step);
    state = r.state;
    window = r.window;
    actions.push(r.decision.action);
  }
  return { state, window, actions };
}

describe("decide", () => {
  it("allows within the tier and throttles beyond it with the limit's reason", () => {
    let state = initialState();
    let window: WindowEntry[] = [];
    const reasons: string[][] = [];
    for (let i = 0; i < 21; i++) {
      const r = decide(state, window, obs(`r${i}`), DEFAULT_POLICY, T0 + i);
      state = r.state;
      window = r.window;
      reasons.push(r.decision.reasons);
    }
    expect(reasons[19]).toEqual([]);
    expect(reasons[20]).toEqual(["rpm_exceeded"]);
    expect(state.totals).toMatchObject({ requests: 21, allow: 20, throttle: 1 });
  });

  it("recovers once the minute has rolled on", () => {
    const { actions } = run(60, DEFAULT_POLICY, 3000);
    expect(actions.every((a) => a === "allow")).toBe(true);
  });

  it("applies an operator override and records its reason", () => {
    const state = { ...initialState(), override: { action: "block" as const, until: null, note: "", by: "t", at: T0 } };
    const r = decide(state, [], obs("x"), DEFAULT_POLICY, T0);
    expect(r.decision).toMatchObject({ action: "block", status: 403, reasons: ["override:block"], reservationId: null });
  });

  it("drops an override that has lapsed", () => {
    const state = { ...initialState(), override: { action: "block" as const, until: T0 - 1, note: "", by: "t", at: T0 - 10 } };
    const r = decide(state, [], obs("x"), DEFAULT_POLICY, T0);
    expect(r.decision.action).toBe("allow");
    expect(r.state.override).toBeNull();
  });

  it("in shadow mode records the decision but does not enforce it", () => {
    const policy = { ...DEFAULT_POLICY, mode: "shadow" as const };
    const { actions, window } = run(25, policy, 10);
    expect(actions.filter((a) => a === "throttle")).toHaveLength(5);
    expect(window).toHaveLength(25);
  });

  it("reconciles a reservation with reported usage exactly once", () => {
    const r = decide(initialState(), [], obs("x"), DEFAULT_POLICY, T0);
    const s1 = settle(r.state, r.window, "x", { input: 30, output: 5 });
    expect(s1.window[0]).toMatchObject({ tokens: 35, settled: true });
    expect(s1.state.totals).toMatchObject({ inputTokens: 30, outputTokens: 5 });
    const s2 = settle(s1.state, s1.window, "x", { input: 30, output: 5 });
    expect(s2.found).toBe(false);
    expect(s2.state.totals.inputTokens).toBe(30);
  });

  it("returns a window of its own, so the node engine may settle it in place (settleEntries) as settle would", () => {
    const { state, window } = run(5);
    const before = JSON.stringify(window);
    const r = decide(state, window, obs("y"), DEFAULT_POLICY, T0 + 5000);
    expect(r.window).not.toBe(window);
    const copied = settle(r.state, r.window, "y", { input: 7, output: 3 });
    expect(settleEntries(r.window, "y", { input: 7, output: 3 })).toBe(true);
    expect(r.window).toEqual(copied.window);
    expect(JSON.stringify(withUsage(r.state, { input: 7, output: 3 }))).toBe(JSON.stringify(copied.state));
    expect(JSON.stringify(window)).toBe(before);
  });

  it("keeps the state's persisted field order", () => {
    const { state } = run(3);
    const s = settle(state, [], "none", { input: 1, output: 1 }).state;
    expect(JSON.stringify(withUsage(s, { input: 0, output: 0 }))).toBe(JSON.stringify(state));
    expect(Object.keys(state)).toEqual(Object.keys(initialState()));
    expect(Object.keys(state.totals)).toEqual(Object.keys(initialState().totals));
  });
});

describe("a campaign's exit address held for the account object", () => {
  const exit: FingerprintHit = { kind: "ip", source: "campaign:tpl-0011223344556677", confidence: 85, reason: "exit shared by 3 campaign accounts" };
  // An unverified account past its probation (90 days), at home on an address a campaign's residential proxy also used.
  const aged = { ...account, verified: false, createdAt: T0 - 400 * 86_400_000 };
  const held = (id: string) => ({ ...obs(id, { account: aged }), heldExit: exit });

  it("takes it as evidence, after the account's other hits, once the account is trusted on its own stream", () => {
    const { state, window } = run(3, DEFAULT_POLICY, 60_000, { account: aged });
    expect(state.behaviour.state).toBe("trusted");
    const prior: FingerprintHit = { kind: "templateFp", source: "peer:Northwind", confidence: 40, reason: "r" };
    const j = judgeHeldExit(state, window, { ...held("x"), fingerprintHits: [prior] }, DEFAULT_POLICY, T0 + 3 * 60_000);
    expect(j.decision).toBeUndefined();
    expect(j.obs!.fingerprintHits).toEqual([prior, exit]);
    // Decided as such: served, its risk above the same request's without the exit.
    const withExit = decide(state, window, j.obs!, DEFAULT_POLICY, T0 + 3 * 60_000).decision;
    const without = decide(state, window, obs("x", { account: aged, fingerprintHits: [prior] }), DEFAULT_POLICY, T0 + 3 * 60_000).decision;
    expect(withExit.action).toBe("allow");
    expect(withExit.risk).toBeGreaterThan(without.risk);
  });

  it("gives the edge's block to an account never seen, not trusted, or seen less than machine.heldExitRequests", () => {
    const never = judgeHeldExit(initialState(), [], held("x"), DEFAULT_POLICY, T0);
    expect(never.decision).toMatchObject({ action: "block", status: 403, reasons: ["blocklist:ip"], state: "probation", risk: 0, enforced: true, reservationId: null, heldExit: true });
    expect(never.decision!.limit).toMatchObject({ ok: true, limits: effectiveLimits(aged, DEFAULT_POLICY, T0) });
    // In probation (unverified and younger than 90 days), whatever its history.
    const young = { ...aged, createdAt: T0 - 30 * 86_400_000 };
    const p = run(3, DEFAULT_POLICY, 60_000, { account: young });
    expect(p.state.behaviour.state).toBe("probation");
    expect(judgeHeldExit(p.state, p.window, { ...held("x"), account: young }, DEFAULT_POLICY, T0 + 3 * 60_000).decision).toMatchObject({ action: "block", state: "probation" });
    // On watch: its state and risk as they are, and the state itself untouched.
    const t = run(3, DEFAULT_POLICY, 60_000, { account: aged }).state;
    const watched = { ...t, behaviour: { ...t.behaviour, state: "watch", risk: 0.41 } };
    const frozen = JSON.stringify(watched);
    expect(judgeHeldExit(watched, [], held("x"), DEFAULT_POLICY, T0 + 3 * 60_000).decision).toMatchObject({ action: "block", state: "watch", risk: 0.41 });
    expect(JSON.stringify(watched)).toBe(frozen);
    // Trusted after 3 requests: enough by default (1), not with machine.heldExitRequests 5.
    const five = mergePolicy({ machine: { heldExitRequests: 5 } }).data!;
    expect(judgeHeldExit(t, [], held("x"), five, T0 + 3 * 60_000).decision).toMatchObject({ action: "block", state: "trusted" });
    expect(judgeHeldExit(t, [], held("x"), DEFAULT_POLICY, T0 + 3 * 60_000).decision).toBeUndefined();
  });

  it("is not enforced for an account in shadow mode", () => {
    const shadow = { ...aged, mode: "shadow" as const };
    expect(judgeHeldExit(initialState(), [], { ...held("x"), account: shadow }, DEFAULT_POLICY, T0).decision).toMatchObject({ action: "block", enforced: false });
  });
});

describe("effective limits", () => {
  it.each([
    [{ rpm: 100, tpm: 10, domains: [], note: "", until: null }, { rpm: 100, tpm: 40_000 }],
    [{ rpm: 5, tpm: 10, domains: [], note: "", until: null }, { rpm: 20, tpm: 40_000 }],
    [{ rpm: 100, tpm: 90_000, domains: [], note: "", until: T0 - 1 }, { rpm: 20, tpm: 40_000 }],
  ])("a baseline %j gives %j", (baseline, want) => {
    expect(effectiveLimits({ ...account, baseline }, DEFAULT_POLICY, T0)).toEqual(want);
  });
});
