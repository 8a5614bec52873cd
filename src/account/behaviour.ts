/**
 * The behavioural state machine (issue 4, item 2; docs/behaviour.md).
 *
 *   level 0  probation | trusted   allow (probation: training-value requests degraded)
 *   level 1  watch                 degrade requests with training value
 *   level 2  restricted            degrade everything
 *   level 3  throttled             degrade, limits cut to a quarter (never below a baseline)
 *   level 3  challenged            403 until the account re-verifies (unverified accounts)
 *   level 4  blocked               403
 *
 * Escalation is immediate once risk crosses a state's threshold (hard
 * states also need corroborating evidence from two independent families).
 * De-escalation has hysteresis: risk must stay below the threshold minus a
 * margin for the state's dwell time (measured from the last request that
 * was still above it) and over `machine.calmRequests` requests in a row.
 * Recovery is earned by behaviour, not by silence: an account that pauses
 * comes back in its state and leaves it after enough ordinary requests,
 * while one that resumes where it stopped is judged on fresh evidence at
 * once. Evidence itself decays (see features.ts), so recovery needs no
 * operator.
 */
import type { Policy } from "../policy/schema.js";
import type { MachinePolicy } from "../policy/machine.js";
import { campaignTerms, harvestHoldCode, withoutOrgVouching, type FingerprintHit, type NotedCampaign } from "./campaign-intel.js";
import { requestTraits, type RequestTraits } from "./features.js";
import { activeBaseline, agreement, assessRisk, harvestAgreement, networkView, reasoningShare, REASON_MIN, steadyHarvestAgreement, pooled, rotation, topReasons, type NetworkView, type RiskResult } from "./risk.js";
import type { Behaviour } from "./state.js";
import type { FeatureState } from "./features.js";
import type { Action, RequestObservation } from "./types.js";

export const STATES = ["probation", "trusted", "watch", "restricted", "throttled", "challenged", "blocked"] as const;
export type StateName = (typeof STATES)[number];

export const LEVEL: Record<StateName, number> = {
  probation: 0, trusted: 0, watch: 1, restricted: 2, throttled: 3, challenged: 3, blocked: 4,
};

export interface Assessment {
  behaviour: Behaviour;
  action: Action;
  reasons: string[];
  /** Set when the state changed: what the audit trail records. */
  transition: { from: string; to: string; risk: number; reasons: string[] } | null;
  risk: RiskResult;
  /** operatesByNetworkOrHours: what the campaign index is told (Decision.operates). */
  operates: boolean;
}

/**
 * LEVEL by a switch on the known states (comparisons): levelOf runs five to
 * eight times per request, and a lookup keyed by a changing name is V8's
 * megamorphic path. Other names are looked up as ever.
 */
function levelOf(state: string): number {
  switch (state) {
    case "probation": case "trusted": return 0;
    case "watch": return 1;
    case "restricted": return 2;
    case "throttled": case "challenged": return 3;
    case "blocked": return 4;
    default: return (LEVEL as Record<string, number>)[state] ?? 0;
  }
}

function enterThreshold(state: StateName, m: MachinePolicy): number {
  const t = m.thresholds;
  switch (state) {
    case "watch": return t.watch;
    case "restricted": return t.restricted;
    case "throttled": return t.throttled;
    case "challenged": return t.challenged;
    case "blocked": return t.blocked;
    default: return 0;
  }
}

/**
 * Hard states need two independent kinds of evidence, so that no single
 * feature (a CoT-heavy eval suite, a VPN, a nightly batch) can lead to a
 * 403 or 429 on its own: at least two of content, shape, volume, network and
 * rhythm must each add 1 or more to the log-odds.
 */
export function corroborated(r: RiskResult): boolean {
  return familiesAtLeast(r.families, r.families.content, 1) >= 2;
}

/** How many of content (as given), shape, volume, network and rhythm add at least `min` to the log-odds. */
function familiesAtLeast(f: RiskResult["families"], content: number, min: number): number {
  // Each family read by name, not in a loop over their names (a keyed load with a changing key per family).
  return (content >= min ? 1 : 0) + (f.shape >= min ? 1 : 0) + (f.volume >= min ? 1 : 0) + (f.network >= min ? 1 : 0) + (f.rhythm >= min ? 1 : 0);
}

/** Unverified and younger than machine.probationMs: the account's base state is probation rather than trusted. */
function onProbationTerms(a: RequestObservation["account"], m: MachinePolicy, now: number): boolean {
  return !a.verified && now - a.createdAt < m.probationMs;
}

/**
 * Throttling a verified account or blocking any account also needs evidence
 * of how it operates (proxy rotation, round-the-clock automation), not only
 * of what it asks: an evaluation team's prompts can look exactly like a
 * campaign's, its network and hours do not. An unverified account can be
 * challenged on content alone: the challenge is to verify.
 */
export function operational(r: RiskResult): boolean {
  return r.families.network >= 1 || r.families.rhythm >= 1;
}

/**
 * Any evidence of that kind at all (the network or rhythm family above 0: more than three addresses, more than two
 * TLS clients, activity in every eight hours, a machine's regular pace; or three addresses in the two days the address
 * count covers): what the request-level hold asks of an account exposed only by its own stream
 * (policy.campaign.account.harvestHoldOperation), where `operational` gates the hard states. Three addresses is
 * what the hold was measured with: the address sketch read three as 3.02, "more than three", until the count
 * became exact (features.ts IP_TAGS), and a machine on three cloud addresses is held so from its first burst.
 */
function operates(r: RiskResult, net: NetworkView): boolean {
  return r.families.network > 0 || r.families.rhythm > 0 || net.ips >= 3;
}

/**
 * What the campaign index is told of how the account operates (Decision.operates): by its network, more than three
 * addresses (exact up to features.ts IP_TAGS; past it the sketch's estimate, rounded) or more than two
 * TLS clients, or by its hours (activity in every eight hours); not by a machine's regular pace alone. An agent at a
 * developer's desk keeps a machine's pace; a home and two office addresses, and working hours, are the person's.
 */
export function operatesByNetworkOrHours(r: RiskResult, net: NetworkView): boolean {
  if (Math.round(net.ips) > 3 || net.ja4s > 2) return true;
  if (!(r.families.rhythm > 0)) return false;
  const t = r.terms;
  for (let i = 0; i < t.length; i++) if (t[i]!.code === "rhythm:round-the-clock") return true;
  return false;
}

/** The state risk alone calls for (before hysteresis). */
function targetState(r: RiskResult, prev: Behaviour, obs: RequestObservation, m: MachinePolicy, now: number): StateName {
  const t = m.thresholds;
  const base: StateName = onProbationTerms(obs.account, m, now) ? "probation" : "trusted";
  const hard = corroborated(r);
  const ops = hard && operational(r);
  const restrictedFor = levelOf(prev.state) >= 2 ? now - prev.escalatedAt : 0;
  if (ops && r.risk >= t.blocked && restrictedFor >= m.dwell.beforeBlock) return "blocked";
  if (hard && !obs.account.verified && r.risk >= t.challenged) return "challenged";
  if (ops && r.risk >= t.throttled) return "throttled";
  if (r.risk >= t.restricted) return "restricted";
  if (r.risk >= t.watch) return "watch";
  return base;
}

/** No fingerprint hits (an observation without them), not a new empty list per request. */
const NO_HITS: readonly FingerprintHit[] = Object.freeze([]);

/** What the account's own stream says about its exposure to campaign evidence, whatever its standing (policy.campaign.account's floors). */
function exposureFloor(features: FeatureState, net: NetworkView, policy: Policy): number {
  const w = policy.campaign.account;
  const byPool = w.pooledFloor ? pooled(rotation(net)) : 0;
  const byStream = w.agreementFloor ? agreement(features, policy.machine) : 0;
  const byHarvest = w.harvestFloor ? harvestAgreement(features, policy.machine) : 0;
  return Math.max(byPool, byStream, byHarvest);
}

/** The floor the request-level hold reads: the harvest floor as a steady account's too (policy.campaign.account.harvestHoldSteady). */
function holdFloor(floor: number, features: FeatureState, policy: Policy): number {
  const w = policy.campaign.account;
  return w.harvestHoldSteady && w.harvestFloor ? Math.max(floor, steadyHarvestAgreement(features, w.harvestHoldShrinkage)) : floor;
}

/** A probation request degraded for the account's reasoning share (machine.probationHeavyShare). */
const REASONING_STREAM = "request:reasoning-stream";

/** `state:<name>` reason codes, built once. */
const STATE_CODES = Object.fromEntries(STATES.map((s) => [s, `state:${s}`])) as Record<StateName, string>;

/**
 * `campaigns`: the account's campaign findings (AccountState.campaigns); with obs.fingerprintHits, the campaign family.
 * `traits`: the request's, when the caller already has them (decide).
 */
export function assess(
  prev: Behaviour, features: FeatureState, obs: RequestObservation, policy: Policy, now: number, campaigns: readonly NotedCampaign[] = [],
  traits: RequestTraits = requestTraits(obs, policy.machine, now),
): Assessment {
  const m = policy.machine;
  // No decay to compute without strikes (half the reference day's requests): 0 times the factor is 0.
  const strikes = prev.strikes === 0 ? 0 : prev.strikes * Math.exp((-(now - (prev.strikesAt || now)) * Math.LN2) / m.strikeHalfLifeMs);
  const net = networkView(features, now);
  const hits = obs.fingerprintHits ?? NO_HITS;
  const floor = hits.length === 0 && campaigns.length === 0 ? 0 : exposureFloor(features, net, policy);
  const cross = campaignTerms(campaigns, hits, obs.account, policy.campaign, now, floor);
  const r = assessRisk(features, withoutOrgVouching(obs.account, campaigns, policy.campaign, now), m, strikes, now, cross, net);
  const target = targetState(r, prev, obs, m, now);
  const current = (STATES as readonly string[]).includes(prev.state) ? (prev.state as StateName) : "probation";
  let next = current;
  let hotAt = prev.hotAt;
  let calm = prev.calm;

  if (levelOf(target) > levelOf(current)) {
    next = target;
    hotAt = now;
    calm = 0;
  } else if (current === "challenged" && obs.account.verified) {
    // Re-verification is what the challenge asked for.
    next = target;
  } else if (levelOf(current) === 0) {
    next = target;
  } else {
    const exit = enterThreshold(current, m) - m.thresholds.exitMargin;
    if (r.risk >= exit) {
      hotAt = now;
      calm = 0;
    } else {
      calm++;
      if (calm >= m.calmRequests && now - hotAt >= m.dwell[current as Exclude<StateName, "probation" | "trusted">]) next = target;
    }
  }
  if (next !== current) calm = 0;

  const escalated = levelOf(next) >= 2 && levelOf(current) < 2;
  const behaviour: Behaviour = {
    state: next,
    risk: Math.round(r.risk * 1e4) / 1e4,
    since: next === current ? prev.since : now,
    hotAt,
    calm,
    escalatedAt: escalated ? now : levelOf(next) >= 2 ? prev.escalatedAt : 0,
    strikes: escalated ? strikes + 1 : strikes,
    strikesAt: now,
  };
  const why = topReasons(r);
  const transition = next !== current
    ? { from: current, to: next, risk: behaviour.risk, reasons: transitionReasons(next, current, r, why, obs) }
    : null;
  // A heavy-reasoning request through a blocklisted prompt fingerprint, from an account exposed to it (policy.campaign.account.harvestHold),
  // or through a campaign's the account was told of, on its own stream (harvestHoldSuspected).
  const hold = traits.heavy && (hits.length > 0 || campaigns.length > 0)
    ? harvestHoldCode(hits, obs.account, policy.campaign, now, holdFloor(floor, features, policy), operates(r, net), campaigns, obs.signals)
    : null;
  // Probation's reading of the reasoning share, only where it can decide (a heavy-reasoning request on probation).
  const heavyStream = next === "probation" && traits.heavy && !traits.covered && reasoningShare(features, m.shrinkage) >= m.probationHeavyShare;
  const lenient = next === "watch" && watchAsProbation(r, why, obs, m, now);
  const { action, reasons } = actionFor(next, why, obs, traits, now, m, hold, heavyStream, lenient);
  return { behaviour, action, reasons, transition, risk: r, operates: operatesByNetworkOrHours(r, net) };
}

function transitionReasons(to: StateName, from: StateName, r: RiskResult, why: string[], obs: RequestObservation): string[] {
  if (levelOf(to) > levelOf(from)) {
    if (why.length > 0) return why;
    // Escalated on who the account is (and its strikes) rather than on what it did lately.
    const who = r.terms.filter((t) => t.family === "identity" && t.value > 0).slice(0, 3).map((t) => t.code);
    return who.length > 0 ? who : ["risk:threshold"];
  }
  if (from === "challenged" && obs.account.verified) return ["identity:verified"];
  if (levelOf(to) < levelOf(from)) return ["recovered"];
  return to === "trusted" ? (obs.account.verified ? ["identity:verified"] : ["identity:probation-ended"]) : ["identity:probation"];
}

/**
 * "No reasons", shared by every allowed request (most of them): reasons are
 * only ever read or copied, and frozen, an append would throw rather than leak.
 */
const NO_REASONS = Object.freeze([]) as readonly never[] as never[];

/** What the state does to this request. */
function actionFor(
  state: StateName, why: string[], obs: RequestObservation, t: RequestTraits, now: number, m: MachinePolicy, hold: string | null,
  heavyStream: boolean, lenient: boolean,
): { action: Action; reasons: string[] } {
  const valuable = t.harvest || t.intent > 0;
  switch (state) {
    case "blocked": return { action: "block", reasons: stateReasons(state, why) };
    case "challenged": return { action: "challenge", reasons: stateReasons(state, why) };
    case "throttled":
    case "restricted": return { action: "degrade", reasons: stateReasons(state, why) };
    case "watch":
      // A documented baseline's own domains are served as documented.
      if (valuable && !(t.covered && activeBaseline(obs.account, now)) && (!lenient || probationDegrades(obs, t, now, m))) {
        return { action: "degrade", reasons: stateReasons(state, why) };
      }
      return { action: "allow", reasons: NO_REASONS };
    default: {
      // Encoding an extraction prompt is evasion; but the detector also finds "obfuscation" in
      // ordinary mixed-script text, so for verified accounts it is only evidence (risk.ts).
      const obfuscated = (obs.signals?.obfuscation.length ?? 0) > 0 && t.intent > 0;
      if (obfuscated && !obs.account.verified) return { action: "degrade", reasons: ["request:obfuscated-intent", ...t.kinds.map((k) => `intent:${k}`)] };
      // Probation: a kind weighed below probationIntent (a capability probe, 0.3) is what curious new users ask a new model.
      // Logprobs and samples only in an account's first probationKnobsMs: later, they are an evaluation harness's
      // multiple-choice scoring as often as a harvest, and what the account asks for is the evidence.
      if (state === "probation" && probationDegrades(obs, t, now, m)) {
        return { action: "degrade", reasons: ["state:probation", "request:training-value", ...why].slice(0, 5) };
      }
      // Probation: heavy reasoning asked for on nearly every request (probationHeavyShare), whatever the prompts read as.
      if (heavyStream) return { action: "degrade", reasons: ["state:probation", REASONING_STREAM, ...why].slice(0, 5) };
      // The reasoning asked for through a campaign's published prompt (harvestHoldCode): this request only, not the account,
      // and never an account with a documented baseline in force, whose operator vouched for its reasoning use.
      if (hold !== null && !activeBaseline(obs.account, now)) return { action: "degrade", reasons: ["request:campaign-harvest", hold] };
      return { action: "allow", reasons: NO_REASONS };
    }
  }
}

const PROBE_CODE = "intent:probe";

/**
 * Watch on probation terms (machine.watchAsProbationContent): an account on probation terms with no campaign
 * evidence, content evidence under the setting and at most one family of evidence at all is served as probation
 * serves it, for its conversation turns and for every request where no behavioural term is a reason (`why` empty).
 */
function watchAsProbation(r: RiskResult, why: readonly string[], obs: RequestObservation, m: MachinePolicy, now: number): boolean {
  if (!(m.watchAsProbationContent > 0) || !onProbationTerms(obs.account, m, now)) return false;
  if (why.length > 0 && (obs.signals === null || obs.signals.shape.singleTurn)) return false;
  const f = r.families;
  // A capability probe is what probation serves (probationIntent): not content evidence here.
  let content = f.content;
  for (let i = 0; i < r.terms.length; i++) if (r.terms[i]!.code === PROBE_CODE) content -= r.terms[i]!.value;
  return !(f.campaign > 0) && content < m.watchAsProbationContent && familiesAtLeast(f, content, REASON_MIN) <= 1;
}

/** What probation degrades a request for: its extraction intent (probationIntent), or logprobs and samples in the account's first probationKnobsMs. */
function probationDegrades(obs: RequestObservation, t: RequestTraits, now: number, m: MachinePolicy): boolean {
  return (t.intent > 0 && t.intent >= m.probationIntent) || (t.knobs && now - obs.account.createdAt < m.probationKnobsMs);
}

/** The state's code, then the risk's reasons (made only where used: most requests are allowed without). */
function stateReasons(state: StateName, why: string[]): string[] {
  const out = new Array<string>(why.length + 1);
  out[0] = STATE_CODES[state];
  for (let i = 0; i < why.length; i++) out[i + 1] = why[i]!;
  return out;
}
