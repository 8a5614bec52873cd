/**
 * The behavioural state machine's policy (docs/behaviour.md): how fast
 * evidence fades, how much each piece of evidence weighs, and the risk
 * thresholds of each state. Defaults are the documented, tested values;
 * operators override any part of it through `PUT /_guard/policy`
 * (`{"machine": {...}}`).
 *
 * Risk is a logistic score: log-odds = base + identity prior + evidence,
 * risk = 1 / (1 + e^-logodds). Every weight below is in log-odds units, so
 * "+1" multiplies the odds by e (2.7x). Each feature is scaled to [0, 1]
 * before it is weighed, so a weight is the most that feature can add.
 */
import * as z from "zod";

const w = (v: number) => z.number().min(-10).max(10).default(v);
const p = (v: number) => z.number().min(0).max(1).default(v);
/** An evidence weight: evidence only ever raises the odds (risk.ts addTerm keeps positive terms), so a negative one is refused rather than read as 0. */
const e = (v: number) => z.number().min(0).max(10).default(v);
const ms = (v: number) => z.number().int().positive().default(v);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Identity prior: what the account is, before anything it does. */
export const PriorWeights = z.object({
  /** Base rate: an account with no prior and no evidence has risk ≈ 3%. */
  base: w(-3.5),
  /** The cheap extraction path (DESIGN.md "Verification-aware limits"). */
  cheapTier: w(0.5),
  enterprise: w(-0.8),
  unverified: w(0.8),
  /** Account age: under a day, under a week, under a month, over six months. */
  ageDay: w(1.0),
  ageWeek: w(0.5),
  ageMonth: w(0.2),
  ageOld: w(-0.4),
  /** Belongs to an organisation (a contract, a billing relationship). */
  org: w(-0.3),
  /** Has a documented, unexpired baseline: an operator vouched for its use. */
  baseline: w(-1.0),
  /** Per recent escalation to restricted or worse (decays, see strikeHalfLifeMs). */
  strike: w(0.5),
  strikeMax: w(1.5),
});

/** Behavioural evidence. Content and shape weights are scaled by the account's trust factor; network and rhythm are not. */
export const EvidenceWeights = z.object({
  /** Share of requests with extraction intent (kind-weighted, see kindWeights). */
  intent: e(3.0),
  /** Share of requests that show intent AND ask for reasoning, logprobs or n > 1: asking for the trace and wanting it. */
  joint: e(1.5),
  /** Share asking for reasoning with a large output budget (≥ heavyOutputTokens or unset). */
  heavyReasoning: e(1.0),
  /** Share asking for logprobs or several samples. */
  knobs: e(1.0),
  /** Share of requests whose extraction intent was hidden by an encoding (base64, leetspeak, homoglyphs...). */
  obfuscatedIntent: e(1.0),
  /** Top-template share, counted only as far as the stream also shows intent. */
  templatedIntent: e(0.5),
  /**
   * Share of requests in a conversation that ask for a critique (features.ts `loops`), in full from half the stream:
   * critique, rewrite, critique the rewrite, as a self-refinement harvest does on nearly every turn.
   */
  critiqueLoop: e(1.5),
  /** Single-turn share above one half. */
  singleTurn: e(0.3),
  /** Share of requests in capability domains (reasoning, math, coding, agentic, tool-use, vision). */
  capability: e(0.3),
  /** A high-volume stream moving fast to a just-released model. */
  releasePivot: e(1.0),
  /** Volume above the tier's norm (8x the norm counts fully). */
  volume: e(1.0),
  /** Recent rate well above the account's own history. */
  surge: e(0.25),
  /** Proxy rotation: many client addresses across several networks or countries. */
  network: e(3.0),
  /** Several TLS client stacks at once. */
  clients: e(0.5),
  /** Activity around the clock: no quiet third of the day. */
  roundTheClock: e(1.0),
  /** Metronome-like inter-arrival times. */
  regularity: e(0.5),
});

export const KindWeights = z.object({
  cot: p(1), critique: p(1), autograde: p(0.8), datagen: p(0.8),
  /** Capability probes are what curious users send on release day: weak alone. */
  probe: p(0.3),
  distillSystem: p(1),
});

export const TierNorms = z.object({
  free: z.number().positive().default(50),
  edu: z.number().positive().default(100),
  research: z.number().positive().default(300),
  paid: z.number().positive().default(1_000),
  enterprise: z.number().positive().default(10_000),
});

export const Thresholds = z.object({
  /** Enter watch / restricted at these risks. */
  watch: p(0.35),
  restricted: p(0.6),
  /** Hard states also need corroboration (docs/behaviour.md). */
  throttled: p(0.9),
  challenged: p(0.9),
  blocked: p(0.97),
  /** Leave a state when risk stays below its enter threshold minus this, for its dwell time. */
  exitMargin: p(0.1),
});

export const Dwell = z.object({
  watch: ms(HOUR),
  restricted: ms(3 * HOUR),
  throttled: ms(6 * HOUR),
  challenged: ms(6 * HOUR),
  blocked: ms(DAY),
  /** Time in restricted or worse before a block is considered. */
  beforeBlock: ms(HOUR),
});

export const MachinePolicy = z.object({
  prior: PriorWeights.default(PriorWeights.parse({})),
  evidence: EvidenceWeights.default(EvidenceWeights.parse({})),
  kindWeights: KindWeights.default(KindWeights.parse({})),
  /** Expected requests per day of a normal account of each tier (volume evidence). */
  tierNorms: TierNorms.default(TierNorms.parse({})),
  thresholds: Thresholds.default(Thresholds.parse({})),
  dwell: Dwell.default(Dwell.parse({})),
  /**
   * In probation, a request is degraded for its extraction intent when its strongest kind weighs at least this
   * (kindWeights): chain of thought, critique, autograding, data generation. A capability probe (0.3) is what
   * curious new users ask a new model on its release day, and has little training value. 0: any intent, as before.
   */
  probationIntent: p(0.5),
  /** A per-request kind score at or above this counts the request as showing that kind. */
  kindThreshold: p(0.5),
  /** A key used through a proxy pool does not borrow its owner's standing: its trust factor rises to 1 with rotation (risk.ts pooledTrust). */
  pooledTrust: z.boolean().default(true),
  /**
   * An answer budget of at most this many tokens (max_tokens and its dialects' names) has no room for a reasoning
   * trace or an explanation of how a grade was reached: such a request's extraction intent counts for nothing
   * (account/features.ts answerHasRoom). A judge pipeline's score-only verdict asked of a grading prompt is not
   * autograding extraction, which wants the method written out. Its logprobs or `n` still count as such. 0: every
   * request's intent counts, as before.
   */
  shortAnswerTokens: z.number().int().min(0).max(4096).default(64),
  /** Reasoning with at least this output budget (or none set) is "heavy". */
  heavyOutputTokens: z.number().int().positive().default(8_000),
  /** Requests in a row below a state's exit threshold before it is left (with its dwell time). */
  calmRequests: z.number().int().min(1).max(10_000).default(20),
  /** Half-life of the recent behaviour counters (shares, volume). */
  halfLifeMs: ms(8 * HOUR),
  /** Half-life of the daily-rhythm histogram and the long-run volume. */
  rhythmHalfLifeMs: ms(3 * DAY),
  /** Half-life of strikes (past escalations). */
  strikeHalfLifeMs: ms(7 * DAY),
  /** Pseudo-requests of shrinkage: a share over n requests is count / (n + this). */
  shrinkage: z.number().min(0).max(100).default(4),
  /**
   * Unverified accounts are on probation until they verify or are this old (90 days: the age from which campaign
   * evidence weighs less on an unverified account, campaign-intel.ts campaignExposure). In probation a request with
   * training value (probationIntent; logprobs and n > 1 for probationKnobsMs) is degraded: the answer served, the
   * reasoning withheld (or summarised: policy.safeguards.reasoning). Access to the reasoning itself is what
   * verification buys, as providers gate reasoning summaries on it. Seven days before 2026-11-28: an aged
   * unverified account of a many-account campaign was served its first harvests in full.
   */
  probationMs: ms(90 * DAY),
  /**
   * In probation, logprobs and several samples are degraded only while the account is younger than this (the first
   * week: the probation of before 2026-11-28). Past it they are what an evaluation harness scores multiple-choice
   * questions with as often as a harvest; a request with extraction intent is still degraded for all of probationMs.
   */
  probationKnobsMs: ms(7 * DAY),
  /**
   * In probation, a request asking for heavy reasoning is degraded too once most requests of the account ask for it:
   * its share of heavy-reasoning requests read as a steady account's (risk.ts reasoningShare: the decayed share, shrunk
   * by machine.shrinkage against the slow counter) at least this. An unverified harvest asks for the reasoning on
   * nearly every request whatever its prompts read as; so does a person whose app turns reasoning on for every
   * question. 1 (the default): never; 0.6 was measured (docs/behaviour.md "Reasoning share in probation"): the
   * many-account campaign 0.5 points less on average, for legitimate chat users and students who reason by default.
   */
  probationHeavyShare: p(1),
  /**
   * Watch on probation terms. An account still on probation (unverified, younger than probationMs) can reach watch
   * on its new-account prior and one more reason: a person trying the API with reasoning on, a phone roaming over
   * carriers. While its evidence is of one family at most (a family counting from log-odds 0.25), its content
   * evidence is below this (a capability probe, which probation serves, not counted) and no campaign names it, watch
   * serves it as probation does (a request degraded for its extraction intent, probationIntent, or its first week's
   * logprobs and samples): the turns of its conversations, and every request where no behavioural term is a reason
   * at all (the prior alone holds it there; the watch exit, 0.25, is below a new free account's prior). A harvest's
   * new single-turn problems stay degraded. 0: off (watch degrades every request with training value, as before
   * 2026-11-28). Measured in docs/behaviour.md "Watch on probation terms".
   */
  watchAsProbationContent: z.number().min(0).max(10).default(0.5),
  /**
   * A campaign's published exit address is held for the account object of an older account that is not established
   * (at least campaign.youngDays old, unverified: intel/match.ts entryEffect), as residential proxies exit through
   * real people's home lines. The object takes it as evidence, as for an established account, only when it trusts
   * the account on its own stream: state `trusted` after at least this many requests decided for it. Otherwise it
   * gives the block the edge would have given (account/machine.ts judgeHeldExit). 1: an account seen before, whose
   * state is the machine's reading of it and not the placeholder of an account never seen (which stays blocked: a
   * dormant aged account's first request from a campaign's exit). An unverified account is trusted only past its
   * probation (probationMs) with its risk below watch; a verified one of campaign.youngDays is established already.
   */
  heldExitRequests: z.number().int().min(0).max(1_000_000).default(1),
  /** A model counts as just released for this long after its release. */
  releaseWindowMs: ms(2 * DAY),
  /** In the throttled state, limits are the tier's times this (never below a baseline). */
  throttleFactor: p(0.25),
});
export type MachinePolicy = z.infer<typeof MachinePolicy>;

export const DEFAULT_MACHINE_POLICY: MachinePolicy = MachinePolicy.parse({});
