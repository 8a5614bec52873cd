/**
 * The simulator's core: runs every scenario on one seeded clock and returns
 * the accounts, the operator events, the peer's STIX bundle and the merged,
 * time-sorted traffic (lazily, so scale-1 output never sits in memory).
 * Pure: no files, no wall clock, no Math.random; the CLI does the writing.
 */
import { RELEASED_MODELS } from "./actor.js";
import type { AccountLine, EventLine, TrafficLine } from "./contract.js";
import { mergeByTime } from "./merge.js";
import type { EgressKind, LegitEgressKind } from "./network.js";
import { buildPeerBundle } from "./peer-bundle.js";
import { Rng } from "./rng.js";
import type { CampaignAccounts, PeerIntel, PublicHarness, ReleaseUsers, ServerState, SimContext } from "./scenario.js";
import { SCENARIOS } from "./scenarios/index.js";
import { TextBank, type CorpusRecord } from "./text/bank.js";
import { DAY, HOUR } from "./time.js";

export const DEFAULT_START = Date.UTC(2026, 0, 5);
export const PEER_BUNDLE_FILE = "peer-bundle.json";

export interface SimOptions {
  seed: number;
  /** Population multiplier: 1 gives roughly 200k requests over three days, 0.1 a quick test set. */
  scale: number;
  days: number;
  /** Epoch ms of the first simulated instant. */
  start: number;
  /** How the campaigns' traffic leaves (network.ts); rotating when unset. */
  egress?: EgressKind;
  /** How the legitimate traffic leaves (network.ts); fixed when unset. */
  legitEgress?: LegitEgressKind;
  /** Who tries the new model on release day (scenario.ts); existing when unset. */
  releaseUsers?: ReleaseUsers;
  /** How many accounts each single-account-style campaign spreads over (scenario.ts); few when unset. */
  campaignAccounts?: CampaignAccounts;
  /** Whether legitimate developers run the massive-coding campaign's harness too (scenario.ts); none when unset. */
  publicHarness?: PublicHarness;
  /** Whether Responses users keep their conversations at the provider (scenario.ts); none when unset. */
  serverState?: ServerState;
}

export interface ScenarioInfo {
  label: string;
  description: string;
  accounts: string[];
}

export interface Simulation {
  options: SimOptions;
  releaseAt: number;
  importAt: number;
  corpusRecords: number;
  /** Eval-only records in a holdout run's bank (0 otherwise). */
  holdoutRecords: number;
  /** options.egress, rotating when unset. */
  egress: EgressKind;
  /** options.legitEgress, fixed when unset. */
  legitEgress: LegitEgressKind;
  /** options.releaseUsers, existing when unset. */
  releaseUsers: ReleaseUsers;
  /** options.campaignAccounts, few when unset. */
  campaignAccounts: CampaignAccounts;
  /** options.publicHarness, none when unset. */
  publicHarness: PublicHarness;
  /** options.serverState, none when unset. */
  serverState: ServerState;
  /** Sorted by account id, so scenarios are interleaved rather than grouped. */
  accounts: AccountLine[];
  events: EventLine[];
  scenarios: ScenarioInfo[];
  peerBundle: Record<string, unknown> | null;
  /** The traffic in `ts` order; a single-use iterator. */
  traffic: Iterator<TrafficLine> & Iterable<TrafficLine>;
}

/** `holdout`: eval-only corpus records for a measurement-only run (text/bank.ts); none for the tuning traffic. */
export function createSimulation(options: SimOptions, corpus: readonly CorpusRecord[], holdout: readonly CorpusRecord[] = []): Simulation {
  if (!(options.scale > 0) || !(options.days > 0)) throw new Error("scale and days must be positive");
  const start = options.start;
  const end = start + Math.round(options.days * DAY);
  const hours = options.days * 24;
  // Release in the afternoon (UTC) a little past the middle; import later still,
  // so that every scenario sees its event with time left to react.
  const releaseAt = start + Math.max(1, Math.round(hours * 0.57)) * HOUR;
  const importAt = start + Math.max(2, Math.round(hours * 0.72)) * HOUR;
  const rng = new Rng(`distill-guard-sim/${options.seed}`);
  const egress = options.egress ?? "rotating";
  const legitEgress = options.legitEgress ?? "fixed";
  const releaseUsers = options.releaseUsers ?? "existing";
  const campaignAccounts = options.campaignAccounts ?? "few";
  const publicHarness = options.publicHarness ?? "none";
  const serverState = options.serverState ?? "none";
  const ctx: SimContext = {
    rng, start, end, days: options.days, scale: options.scale, bank: new TextBank(corpus, holdout), releaseAt, importAt,
    egress, legitEgress, releaseUsers, campaignAccounts, publicHarness, serverState,
  };

  const accounts: AccountLine[] = [];
  const streams: Iterable<TrafficLine>[] = [];
  const scenarios: ScenarioInfo[] = [];
  let intel: PeerIntel | undefined;
  for (const s of SCENARIOS) {
    if (s.when && !s.when(ctx)) continue;
    const out = s.run(ctx);
    accounts.push(...out.accounts);
    streams.push(...out.streams.map((st) => until(st, end)));
    scenarios.push({ label: s.label, description: s.description, accounts: out.accounts.map((a) => a.account) });
    intel ??= out.intel;
  }
  accounts.sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));

  const events: EventLine[] = RELEASED_MODELS.map((model) => ({ ts: releaseAt, type: "model-release" as const, model }));
  if (intel) events.push({ ts: importAt, type: "intel-import", file: PEER_BUNDLE_FILE });
  events.sort((a, b) => a.ts - b.ts);

  return {
    options, releaseAt, importAt, corpusRecords: corpus.length, holdoutRecords: holdout.length, egress, legitEgress, releaseUsers, campaignAccounts, publicHarness, serverState, accounts, events, scenarios,
    peerBundle: intel ? buildPeerBundle(rng.fork("peer-bundle"), intel, importAt) : null,
    traffic: mergeByTime(streams),
  };
}

/**
 * An actor's stream cut at the end of the simulated days (pacing or a long
 * conversation can push a last request past it).
 */
function* until(stream: Iterable<TrafficLine>, end: number): Generator<TrafficLine> {
  for (const line of stream) {
    if (line.ts >= end) return;
    yield line;
  }
}
