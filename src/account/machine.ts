/**
 * The account's decision core: `decide(state, observation, policy, now)`.
 * Pure: the Durable Object (account-do.ts) and the replay's node engine run
 * this same code, so a replay reproduces what the live guard would do.
 *
 * Order: features updated with this request → behavioural assessment (risk
 * and state machine, behaviour.ts) → operator override → exact rate limits.
 * Rate limits apply to what would be served (allow, degrade); a throttle from
 * limits is reported with the limit's reason. Shadow mode decides and
 * records everything but marks the decision unenforced.
 */
import type { Policy } from "../policy/schema.js";
import { checkAdmission, liveStart, type Limits, type WindowEntry } from "../limits/window.js";
import type { CampaignFinding, CampaignPolicy } from "../campaign/types.js";
import { assess } from "./behaviour.js";
import { noteCampaigns, type FingerprintHit } from "./campaign-intel.js";
import { requestTraits, updateFeatures } from "./features.js";
import type { AccountInfo } from "./record.js";
import type { AccountState, Override, Totals } from "./state.js";
import { ACTION_STATUS, type Action, type Decision, type RequestObservation } from "./types.js";

export interface DecideResult {
  state: AccountState;
  /** The window after this request (pruned; with the new reservation when admitted). */
  window: WindowEntry[];
  decision: Decision;
  /** Set when the behavioural state changed: the audit trail records it. */
  transition: { from: string; to: string; risk: number; reasons: string[] } | null;
}

/** Tier limits, raised (never lowered) by a documented baseline until it lapses. */
export function effectiveLimits(account: AccountInfo, policy: Policy, now: number): Limits {
  const tier = policy.tiers[account.tier];
  const b = account.baseline;
  if (!b || (b.until !== null && b.until <= now)) return { rpm: tier.rpm, tpm: tier.tpm };
  return { rpm: Math.max(tier.rpm, b.rpm ?? 0), tpm: Math.max(tier.tpm, b.tpm ?? 0) };
}

/**
 * The limits of the throttled state: the tier's cut by `machine.throttleFactor`,
 * never below a documented baseline (REPLAY.md: an account is held to its
 * baseline where it is higher).
 */
export function stateLimits(limits: Limits, state: string, account: AccountInfo, policy: Policy, now: number): Limits {
  if (state !== "throttled") return limits;
  const f = policy.machine.throttleFactor;
  const b = account.baseline && (account.baseline.until === null || account.baseline.until > now) ? account.baseline : null;
  return {
    rpm: Math.max(1, Math.floor(policy.tiers[account.tier].rpm * f), b?.rpm ?? 0),
    tpm: Math.max(1, Math.floor(policy.tiers[account.tier].tpm * f), b?.tpm ?? 0),
  };
}

/** Decisions never go back in time: a late clock decides at the newest window entry. */
export function admissionTime(requested: number, window: readonly WindowEntry[]): number {
  return Math.max(requested, window[window.length - 1]?.ts ?? 0);
}

/**
 * What a replayed request is settled with when its record has no usage: the
 * live path's answer to an origin that reports none (serve.ts settles with
 * the input estimate and the output it saw, here none).
 */
export function replayEstimate(obs: RequestObservation): { input: number; output: number } {
  return { input: obs.inputTokens, output: 0 };
}

/**
 * A campaign's published exit address held for the account object
 * (obs.heldExit, intel/match.ts entryEffect): residential proxies exit
 * through real people's home lines, and a person whose address a campaign's
 * proxy used is not to be blocked for it. The edge knows only that the
 * account is at least campaign.youngDays old and not established; the
 * object knows its behaviour. Trusted on its own stream (state `trusted`:
 * out of probation, its risk below watch; after machine.heldExitRequests
 * requests at least), the entry is evidence, scaled by its exposure, as for
 * an established account: the observation is returned with it last among
 * its fingerprint hits. Any other state, or an account seen less or never,
 * gets the block the edge would have given (`blocklist:ip`, 403), deciding
 * nothing else and changing no state.
 */
export function judgeHeldExit(
  state: AccountState, window: readonly WindowEntry[], obs: RequestObservation & { heldExit: FingerprintHit }, policy: Policy, now: number,
): { obs: RequestObservation; decision?: undefined } | { decision: Decision; obs?: undefined } {
  const held = obs.heldExit;
  const b = state.behaviour;
  if (b.state === "trusted" && state.totals.requests >= policy.machine.heldExitRequests) return { obs: { ...obs, fingerprintHits: [...(obs.fingerprintHits ?? []), held] } };
  const limits = stateLimits(effectiveLimits(obs.account, policy, now), b.state, obs.account, policy, now);
  return {
    decision: {
      action: "block", status: ACTION_STATUS.block, reasons: [`blocklist:${held.kind}`], state: b.state, risk: b.risk,
      enforced: (obs.account.mode ?? policy.mode) === "enforce", reservationId: null, limit: checkAdmission(window.slice(liveStart(window, now)), limits, 0, now), heldExit: true,
    },
  };
}

export function activeOverride(o: Override | null, now: number): Override | null {
  return o && (o.until === null || o.until > now) ? o : null;
}

export function decide(
  state: AccountState,
  window: readonly WindowEntry[],
  obs: RequestObservation,
  policy: Policy,
  now: number,
): DecideResult {
  // The live part of the window, without a copy when all of it is (checkAdmission only reads it).
  const start = liveStart(window, now);
  const live = start === 0 ? window : window.slice(start);
  const override = activeOverride(state.override, now);
  const traits = requestTraits(obs, policy.machine, now); // once, for both
  const features = updateFeatures(state.features, obs, policy.machine, now, traits);
  const assessed = assess(state.behaviour, features, obs, policy, now, state.campaigns, traits);
  let action: Action = assessed.action;
  let reasons = assessed.reasons;
  if (override) {
    action = override.action;
    reasons = [`override:${override.action}`];
  }

  const limits = stateLimits(effectiveLimits(obs.account, policy, now), assessed.behaviour.state, obs.account, policy, now);
  const u = obs.recordedUsage;
  const est = u ? u.input + u.output : obs.inputTokens + obs.outputReserve;
  const check = checkAdmission(live, limits, est, now);
  if ((action === "allow" || action === "degrade") && !check.ok && check.reason) {
    action = "throttle";
    reasons = [...reasons, check.reason];
  } else if (action === "throttle" && reasons.length === 0) {
    reasons = ["throttled"];
  }

  const mode = obs.account.mode ?? policy.mode;
  const enforced = mode === "enforce";
  const served = enforced ? action === "allow" || action === "degrade" : true;
  // Always a fresh array, never the caller's (the node engine settles it in place); when
  // the reservation is added, one of its final size (a push would regrow the copy).
  let nextWindow: WindowEntry[];
  if (served) {
    nextWindow = new Array<WindowEntry>(live.length + 1);
    for (let i = 0; i < live.length; i++) nextWindow[i] = live[i]!;
    nextWindow[live.length] = { id: obs.id, ts: now, tokens: est, settled: false };
  } else nextWindow = start === 0 ? window.slice() : (live as WindowEntry[]);

  // Fields spelled out in AccountState's order (what JSON.stringify persists), not `{ ...state, … }`:
  // this runs on every request, and a spread (with a computed key in totals) takes V8's slow path.
  const next: AccountState = {
    v: state.v,
    behaviour: assessed.behaviour,
    features,
    override: state.override && !override ? null : state.override,
    totals: counted(state.totals, action),
    firstSeen: state.firstSeen || now,
    lastSeen: now,
    campaigns: state.campaigns,
  };
  return {
    state: next,
    window: nextWindow,
    transition: assessed.transition,
    decision: {
      action,
      status: ACTION_STATUS[action],
      reasons,
      state: assessed.behaviour.state,
      risk: assessed.behaviour.risk,
      ownRisk: Math.round(1e4 / (1 + Math.exp(-(assessed.risk.logOdds - assessed.risk.families.campaign)))) / 1e4,
      operates: assessed.operates,
      enforced,
      reservationId: served ? obs.id : null,
      limit: check,
    },
  };
}

/** Totals with one more request decided `action`, keys in Totals' order. */
function counted(t: Totals, action: Action): Totals {
  return {
    requests: t.requests + 1,
    allow: action === "allow" ? t.allow + 1 : t.allow,
    degrade: action === "degrade" ? t.degrade + 1 : t.degrade,
    throttle: action === "throttle" ? t.throttle + 1 : t.throttle,
    challenge: action === "challenge" ? t.challenge + 1 : t.challenge,
    block: action === "block" ? t.block + 1 : t.block,
    inputTokens: t.inputTokens,
    outputTokens: t.outputTokens,
  };
}

/**
 * Replace a reservation's estimate with what the origin reported (or, for a
 * stream cut short, what was generated). Unknown ids (already out of the
 * window) change nothing: the window only ever holds the last 60 s.
 */
export function settle(
  state: AccountState,
  window: readonly WindowEntry[],
  id: string,
  tokens: { input: number; output: number },
): { state: AccountState; window: WindowEntry[]; found: boolean } {
  const next = window.slice();
  const found = settleEntries(next, id, tokens);
  return { found, window: next, state: found ? withUsage(state, tokens) : state };
}

/**
 * settle's window half, in place, on a window the caller owns (settle's
 * copy; the node engine's window fresh from `decide`, which it need not copy
 * again). The entries themselves are replaced, never mutated: the previous
 * window shares them. True when the reservation was there.
 */
export function settleEntries(window: WindowEntry[], id: string, tokens: { input: number; output: number }): boolean {
  let found = false;
  for (let i = 0; i < window.length; i++) {
    const e = window[i]!;
    if (e.settled || e.id !== id) continue; // the flag first: most entries are settled, and it spares a string comparison
    found = true;
    window[i] = { id: e.id, ts: e.ts, tokens: tokens.input + tokens.output, settled: true };
  }
  return found;
}

/** settle's state half: the settled usage added to the totals (fields in AccountState's order). */
export function withUsage(state: AccountState, tokens: { input: number; output: number }): AccountState {
  const t = state.totals;
  return {
    v: state.v, behaviour: state.behaviour, features: state.features, override: state.override,
    totals: {
      requests: t.requests, allow: t.allow, degrade: t.degrade, throttle: t.throttle, challenge: t.challenge, block: t.block,
      inputTokens: t.inputTokens + tokens.input, outputTokens: t.outputTokens + tokens.output,
    },
    firstSeen: state.firstSeen, lastSeen: state.lastSeen, campaigns: state.campaigns,
  };
}

/**
 * The state with the campaign index's findings noted (campaign-intel.ts
 * noteCampaigns), fields in AccountState's order: what the account object
 * does when the index reports back, and the node engine after each report.
 */
export function withCampaigns(state: AccountState, findings: readonly CampaignFinding[], p: CampaignPolicy, now: number): AccountState {
  return {
    v: state.v, behaviour: state.behaviour, features: state.features, override: state.override, totals: state.totals,
    firstSeen: state.firstSeen, lastSeen: state.lastSeen, campaigns: noteCampaigns(state.campaigns, findings, p, now),
  };
}
