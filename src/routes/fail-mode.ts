/**
 * What happens when a dependency (KV, the account object) does not answer in
 * time: `open` serves the request unguarded, `closed` refuses it with 503 in
 * the caller's dialect. Either way it is logged as a structured line and
 * counted, and /_guard/health shows the counts and the last occurrence, so
 * operators can see which mode applied and when.
 */
import type { FailMode } from "../policy/schema.js";
import { GuardError } from "../lib/guard-error.js";

interface FailStats {
  open: number;
  closed: number;
  last: { at: number; mode: FailMode; dependency: string; tier: string | null } | null;
}

const stats: FailStats = { open: 0, closed: 0, last: null };

export function failStats(): Readonly<FailStats> {
  return stats;
}

/** Record the failure; returns when the request may go on unguarded, throws 503 otherwise. */
export function applyFailMode(mode: FailMode, dependency: string, tier: string | null, requestId: string, now: number, err: unknown): void {
  stats[mode]++;
  stats.last = { at: now, mode, dependency, tier };
  console.error(JSON.stringify({ event: "fail_mode", mode, dependency, tier, requestId, error: String(err) }));
  if (mode === "closed") {
    throw new GuardError("guard_unavailable", "The service is temporarily unable to admit requests. Please retry shortly.", {
      headers: { "retry-after": "5" },
    });
  }
}
