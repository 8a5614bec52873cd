/**
 * What a scenario is: a labelled population of accounts and, for each, a
 * time-ordered stream of requests. Scenarios draw only from their own forks
 * of the seeded stream, so adding or changing one leaves the others' traffic
 * unchanged.
 */
import type { AccountLine, TrafficLine } from "./contract.js";
import type { EgressKind, LegitEgressKind } from "./network.js";
import type { Rng } from "./rng.js";
import type { TextBank } from "./text/bank.js";

export interface SimContext {
  rng: Rng;
  start: number;
  end: number;
  days: number;
  scale: number;
  bank: TextBank;
  /** When the new models are released (the `model-release` events). */
  releaseAt: number;
  /** When the operator imports the peer's STIX bundle (the `intel-import` event). */
  importAt: number;
  /** How the campaigns' traffic leaves (network.ts, EGRESS_KINDS). */
  egress: EgressKind;
  /** How the legitimate traffic leaves (network.ts, LEGIT_EGRESS_KINDS). */
  legitEgress: LegitEgressKind;
  /** Who tries the new model on release day (legit-release.ts, RELEASE_USERS). */
  releaseUsers: ReleaseUsers;
  /** How many accounts each single-account-style campaign spreads over (CAMPAIGN_ACCOUNTS, campaignPopulation). */
  campaignAccounts: CampaignAccounts;
  /** Whether legitimate developers run the massive-coding campaign's agent harness too (PUBLIC_HARNESS). */
  publicHarness: PublicHarness;
  /** Whether Responses users keep their conversations at the provider (SERVER_STATE). */
  serverState: ServerState;
}

/**
 * `none`, the default: every Responses request carries its conversation so
 * far. `conversations`: the provider keeps it (OpenAI's Conversations API).
 * People on the Responses endpoint open each session with
 * `POST /v1/conversations` and send each turn alone, naming the
 * conversation (common.ts conversation); the surgical campaign moves to the
 * Responses endpoint and places its instruction once per work shift, as an
 * item added to a conversation (`POST /v1/conversations/{id}/items`), then
 * sends each problem bare, naming it (attack-surgical.ts). A record cannot
 * hold the id a create is answered with, so the instruction goes in as an
 * added item, which a replay can link.
 */
export const SERVER_STATE = ["none", "conversations"] as const;
export type ServerState = (typeof SERVER_STATE)[number];

/**
 * `none`, the default: the massive-coding campaign's agent harness is its
 * own. `shared`: it is an open-source harness that legitimate developers
 * run too, with the reasoning asked for on every request as the harness
 * does by default (legit-harness.ts): its system prompt is then a tool's
 * that a campaign also uses, and its legitimate users send it exactly as
 * the campaign does, at their own hours and from their own networks.
 */
export const PUBLIC_HARNESS = ["none", "shared"] as const;
export type PublicHarness = (typeof PUBLIC_HARNESS)[number];

/**
 * `few`, the default: each single-account-style campaign (surgical, broad,
 * massive-coding, critique) on its accounts as the scenarios size them.
 * `many`: on CAMPAIGN_SPREAD times the accounts, each at that fraction of
 * the rate: what a simulator that gives a campaign more, quieter accounts
 * sends (the many-account campaign is low-and-slow's own). Campaigns that
 * work in shifts still give every account one at least, so their volume
 * grows (about twice, for surgical and critique).
 */
export const CAMPAIGN_ACCOUNTS = ["few", "many"] as const;
export type CampaignAccounts = (typeof CAMPAIGN_ACCOUNTS)[number];
export const CAMPAIGN_SPREAD = 5;

/** population() for a campaign's accounts: `n` of them at `few`; CAMPAIGN_SPREAD times as many, each at that fraction of the rate, at `many`. */
export function campaignPopulation(ctx: Pick<SimContext, "scale" | "campaignAccounts">, n: number, min: number): { count: number; rate: number } {
  if (ctx.campaignAccounts === "few") return population(n, ctx.scale, min);
  const p = population(n * CAMPAIGN_SPREAD, ctx.scale, min);
  return { count: p.count, rate: p.rate / CAMPAIGN_SPREAD };
}

/**
 * `existing`, the default: established users, most verified, months old.
 * `new`: people who sign up to try it, hours before, mostly free and
 * unverified (the cheap path's look, with a legitimate purpose).
 */
export const RELEASE_USERS = ["existing", "new"] as const;
export type ReleaseUsers = (typeof RELEASE_USERS)[number];

/** What a peer provider knows about one campaign, for its STIX bundle. */
export interface PeerIntel {
  name: string;
  description: string;
  firstSeen: number;
  lastSeen: number;
  ips: string[];
  cidrs: string[];
  asns: number[];
  ja4s: string[];
  userAgents: string[];
  templates: { id: string; samples: string[] }[];
}

export interface ScenarioResult {
  accounts: AccountLine[];
  streams: Iterable<TrafficLine>[];
  intel?: PeerIntel;
}

export interface Scenario {
  /** `legit:<name>` or `attack:<name>`: the ground-truth label of its traffic. */
  label: string;
  description: string;
  /** Whether it runs at all in this context (a variant's own population); always when absent. */
  when?: (ctx: SimContext) => boolean;
  run(ctx: SimContext): ScenarioResult;
}

/** `n` scaled, rounded, at least `min`, so that every scenario exists at any scale. */
export function scaled(n: number, scale: number, min = 1): number {
  return Math.max(min, Math.round(n * scale));
}

/**
 * Share of an actor's traffic on the newly released model at `ts`: zero
 * before the release, rising linearly to `plateau` over `rampHours`.
 */
export function adoption(ctx: SimContext, ts: number, plateau: number, rampHours: number): number {
  if (ts < ctx.releaseAt) return 0;
  return plateau * Math.min(1, (ts - ctx.releaseAt) / (rampHours * 3_600_000));
}

/**
 * Account count for a population of `n` at `scale`, and the factor by which
 * each account's activity shrinks when `min` keeps more accounts than the
 * scale asks for, so small scales stay small in requests too.
 */
export function population(n: number, scale: number, min = 1): { count: number; rate: number } {
  const count = scaled(n, scale, min);
  return { count, rate: Math.min(1, (n * scale) / count) };
}

/** `items[i]`, wrapping around; for fixed tables indexed by a counter. */
export function cyclic<T>(items: readonly T[], i: number): T {
  if (items.length === 0) throw new Error("cyclic: empty table");
  return items[((i % items.length) + items.length) % items.length] as T;
}
