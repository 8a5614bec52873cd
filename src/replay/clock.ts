/**
 * The replay clock of the workerd engine (REPLAY.md: "the clock is the
 * records' ts"). The real Worker decides at `Date.now()`; a replay needs it
 * to decide at each record's time, and to settle each reservation with the
 * record's usage before the next request, as the node engine does.
 *
 * Honoured only when the Worker has a `REPLAY_CLOCK` binding (set by the
 * replay's Miniflare configuration, never in wrangler.toml) and the request
 * carries that binding's value as a token: a production Worker has no such
 * binding, so no client can move its clock. The headers are `x-guard-*`, so
 * the forwarder strips them before the origin.
 */
import { timingSafeEqual } from "../lib/hash.js";

export const REPLAY_HEADERS = {
  token: "x-guard-replay-token",
  now: "x-guard-replay-now",
  /** `{"input_tokens":n,"output_tokens":n}` from the traffic line; absent when it had none. */
  usage: "x-guard-replay-usage",
  /** Response: the decision as JSON, so the replay can write its line. */
  decision: "x-guard-decision",
} as const;

export interface ReplayClock {
  now: number;
  usage: { input: number; output: number } | null;
}

export function replayClock(env: unknown, headers: Headers): ReplayClock | null {
  const secret = (env as { REPLAY_CLOCK?: unknown }).REPLAY_CLOCK;
  if (typeof secret !== "string" || secret.length < 16) return null;
  const token = headers.get(REPLAY_HEADERS.token);
  if (token === null || !timingSafeEqual(token, secret)) return null;
  const now = Number(headers.get(REPLAY_HEADERS.now));
  if (!Number.isSafeInteger(now) || now < 0) return null;
  return { now, usage: parseUsage(headers.get(REPLAY_HEADERS.usage)) };
}

function parseUsage(raw: string | null): ReplayClock["usage"] {
  if (!raw) return null;
  try {
    const u = JSON.parse(raw) as { input_tokens?: unknown; output_tokens?: unknown };
    const input = Number(u.input_tokens);
    const output = Number(u.output_tokens);
    return Number.isSafeInteger(input) && Number.isSafeInteger(output) && input >= 0 && output >= 0 ? { input, output } : null;
  } catch {
    return null;
  }
}

/** What the workerd engine reads back from the response. */
export interface DecisionHeader {
  action: string;
  state?: string;
  risk?: number;
  reasons: string[];
}
