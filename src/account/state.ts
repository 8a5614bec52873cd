/**
 * The account object's persisted state, validated on load (STYLE.md: Durable
 * Object state is a boundary). Bounded: fixed-size fields only; the rate
 * window is held separately (at most `rpm` live entries) and the audit trail
 * lives in its own SQLite table.
 */
import * as z from "zod";
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
  state: z.string().default("probation"),
  risk: z.number().min(0).max(1).default(0),
  since: z.number().int().nonnegative().default(0),
});
export type Behaviour = z.infer<typeof Behaviour>;

export const AccountState = z.object({
  v: z.literal(1).default(1),
  behaviour: Behaviour.default(Behaviour.parse({})),
  override: Override.nullable().default(null),
  totals: Totals.default(Totals.parse({})),
  firstSeen: z.number().int().nonnegative().default(0),
  lastSeen: z.number().int().nonnegative().default(0),
});
export type AccountState = z.infer<typeof AccountState>;

export function initialState(): AccountState {
  return AccountState.parse({});
}
