/**
 * Exact rolling-window limits: a sliding log of the last 60 s of admitted
 * requests, each carrying its token count (a reservation until the origin's
 * usage settles it). Exact over any rolling 60 s, unlike fixed windows or
 * GCRA approximations, and bounded: at most `rpm` entries are ever alive.
 * Pure: the Durable Object persists the log, this decides on it.
 */
export const WINDOW_MS = 60_000;

export interface WindowEntry {
  id: string;
  /** Admission time, epoch ms. */
  ts: number;
  /** Reserved (estimate) or settled (origin usage) input + output tokens. */
  tokens: number;
  settled: boolean;
}

export interface Limits {
  rpm: number;
  tpm: number;
}

export type LimitReason = "rpm_exceeded" | "tpm_exceeded" | "request_exceeds_tpm";

export interface LimitCheck {
  ok: boolean;
  reason: LimitReason | null;
  /** When a refused request could succeed, ms from now; 0 when ok. */
  retryAfterMs: number;
  limits: Limits;
  /** Remaining after this request when ok, else what remains now. */
  remainingRequests: number;
  remainingTokens: number;
  /** Until the oldest counted request / token leaves the window, ms. */
  resetRequestsMs: number;
  resetTokensMs: number;
}

/** Entries still inside the window at `now` (entries are kept in ts order). */
export function liveEntries(entries: readonly WindowEntry[], now: number): WindowEntry[] {
  const i = liveStart(entries, now);
  return i === 0 ? entries.slice() : entries.slice(i);
}

/** Index of the first entry still inside the window at `now` (liveEntries without the copy). */
export function liveStart(entries: readonly WindowEntry[], now: number): number {
  const cutoff = now - WINDOW_MS;
  let i = 0;
  while (i < entries.length && entries[i]!.ts <= cutoff) i++;
  return i;
}

export function usedTokens(entries: readonly WindowEntry[]): number {
  let sum = 0;
  for (const e of entries) sum += e.tokens;
  return sum;
}

/**
 * Would one more request of `estTokens` fit? `entries` must already be live
 * (see liveEntries). Never mutates.
 */
export function checkAdmission(
  entries: readonly WindowEntry[],
  limits: Limits,
  estTokens: number,
  now: number,
): LimitCheck {
  const used = usedTokens(entries);
  const oldest = entries[0];
  const reset = oldest ? Math.max(0, oldest.ts + WINDOW_MS - now) : 0;

  if (estTokens > limits.tpm) {
    return check(limits, reset, false, "request_exceeds_tpm", WINDOW_MS, Math.max(0, limits.rpm - entries.length), Math.max(0, limits.tpm - used));
  }
  if (entries.length >= limits.rpm) {
    // The (len - rpm + 1)-th oldest entry must leave before one more fits.
    const idx = entries.length - limits.rpm;
    const retry = entries[idx]!.ts + WINDOW_MS - now;
    return check(limits, reset, false, "rpm_exceeded", Math.max(1, retry), 0, Math.max(0, limits.tpm - used));
  }
  if (used + estTokens > limits.tpm) {
    const retry = Math.max(1, tokensFreeAt(entries, used + estTokens - limits.tpm) - now);
    return check(limits, reset, false, "tpm_exceeded", retry, limits.rpm - entries.length, Math.max(0, limits.tpm - used));
  }
  return check(limits, oldest ? reset : WINDOW_MS, true, null, 0, limits.rpm - entries.length - 1, limits.tpm - used - estTokens);
}

/**
 * A LimitCheck, keys in their documented order. A literal rather than
 * `{ ...base, ok, … }`: V8 (Node 20) takes a slow path, microseconds each,
 * for a spread followed by properties the spread object lacks.
 */
function check(
  limits: Limits, resetMs: number, ok: boolean, reason: LimitReason | null, retryAfterMs: number, remainingRequests: number, remainingTokens: number,
): LimitCheck {
  return { limits, resetRequestsMs: resetMs, resetTokensMs: resetMs, ok, reason, retryAfterMs, remainingRequests, remainingTokens };
}

/** Epoch ms at which at least `need` tokens will have left the window. */
function tokensFreeAt(entries: readonly WindowEntry[], need: number): number {
  let freed = 0;
  for (const e of entries) {
    freed += e.tokens;
    if (freed >= need) return e.ts + WINDOW_MS;
  }
  const last = entries[entries.length - 1];
  return last ? last.ts + WINDOW_MS : 0;
}
