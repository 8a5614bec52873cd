/**
 * Behavioural assessment of an account's request stream. The foundation only
 * tracks the account's age-based state (probation → trusted); the behavioural
 * state machine over query streams (issue 4) plugs in here with the same shape.
 */
import type { Policy } from "../policy/schema.js";
import type { Behaviour } from "./state.js";
import type { Action, RequestObservation } from "./types.js";

export interface Assessment {
  behaviour: Behaviour;
  action: Action;
  reasons: string[];
}

const PROBATION_MS = 7 * 24 * 3600_000;

export function assess(
  prev: Behaviour,
  obs: RequestObservation,
  _policy: Policy,
  now: number,
): Assessment {
  const young = now - obs.account.createdAt < PROBATION_MS && !obs.account.verified;
  const state = young ? "probation" : "trusted";
  const behaviour = state === prev.state ? prev : { state, risk: prev.risk, since: now };
  return { behaviour, action: "allow", reasons: [] };
}
