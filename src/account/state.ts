/**
 * The account object's persisted state, validated on load (STYLE.md: Durable
 * Object state is a boundary). Bounded: fixed-size fields only (the
 * behaviour features are a few KiB whatever the history, see features.ts);
 * the rate window is held separately (at most `rpm` live entries) and the
 * audit trail lives in its own SQLite table.
 */
import * as z from "zod";
import { NotedCampaign } from "./campaign-intel.js";
import { FeatureState, emptyFeatures } from "./features.js";
import { ACTIONS } from "./types.js";

export const Override = z.object({
  action: z.enum(ACTIONS),
  /** Epoch ms when the override lapses; null = until removed. */
  until: z.number().int().nonnegative().nullable().default(null),
  note: z.string().max(1000).default(""),
  by: z.string().max(64),
  at: z.number().int().nonnegative(),
});
export type Override = z.infer<typeof Override>;

export const Totals = z.object({
  requests: z.number().int().nonnegative().default(0),
  allow: z.number().int().nonnegative().default(0),
  degrade: z.number().int().nonnegative().default(0),
  throttle: z.number().int().nonnegative().default(0),
  challenge: z.number().int().nonnegative().default(0),
  block: z.number().int().nonnegative().default(0),
  inputTokens: z.number().int().nonnegative().default(0),
  outputTokens: z.number().int().nonnegative().default(0),
});
export type Totals = z.infer<typeof Totals>;

export const Behaviour = z.object({
  /** One of behaviour.ts STATES. */
  state: z.string().default("probation"),
  risk: z.number().min(0).max(1).default(0),
  /** When the current state was entered. */
  since: z.number().int().nonnegative().default(0),
  /** Last request at which risk was still above the current state's exit threshold (hysteresis). */
  hotAt: z.number().int().nonnegative().default(0),
  /** Requests in a row with risk below the current state's exit threshold. */
  calm: z.number().int().nonnegative().default(0),
  /** When the account last entered restricted or worse (0 when below). */
  escalatedAt: z.number().int().nonnegative().default(0),
  /** Past escalations, decayed (half-life machine.strikeHalfLifeMs) as of strikesAt. */
  strikes: z.number().nonnegative().default(0),
  strikesAt: z.number().int().nonnegative().default(0),
});
export type Behaviour = z.infer<typeof Behaviour>;

export const AccountState = z.object({
  v: z.literal(1).default(1),
  behaviour: Behaviour.default(Behaviour.parse({})),
  features: FeatureState.default(emptyFeatures()),
  override: Override.nullable().default(null),
  totals: Totals.default(Totals.parse({})),
  firstSeen: z.number().int().nonnegative().default(0),
  lastSeen: z.number().int().nonnegative().default(0),
  /** Campaigns the index found the account in (campaign-intel.ts): newest first, at most 8, expiring. */
  campaigns: z.array(NotedCampaign).max(8).default([]),
});
export type AccountState = z.infer<typeof AccountState>;

export function initialState(): AccountState {
  return AccountState.parse({});
}
