/**
 * When several sources (operators, campaigns, peers) name the same value,
 * what is stored and which of them applies. Pure.
 *
 * Each source has its own claim on the value; a value's stored entry holds
 * every live claim (at most MAX_CLAIMS), the one that applies first and the
 * others after it, in order:
 *
 *  - an operator's claim (`admin:`) before any other;
 *  - then the more confident claim, and at equal confidence the one that
 *    lasts longer, so a peer's weak indicator never shortens a strong one;
 *  - then the one stored first (a source refreshing its claim keeps its place).
 *
 * A source refreshes or withdraws its own claim only. Withdrawing the claim
 * that applied leaves the next one applying: when two campaigns publish one
 * exit address and one of them moves on, the other's claim still holds it,
 * and a peer's indicator under a campaign's is not lost with it. A claim
 * that expires likewise gives way to the next live one, when it is read.
 */
import * as z from "zod";
import { isLive } from "./match.js";
import { BlocklistEntry } from "./types.js";

/** Claims kept per value: a few sources name one value; past this the weakest is dropped. */
export const MAX_CLAIMS = 8;

/**
 * A value's stored entry (a KV value, an entry of the node engine's
 * blocklist): its first claim at the top level, as an entry has always been
 * stored, and the others under `others`, in order. Readers that know no
 * `others` read the first claim alone.
 */
export const StoredEntry = BlocklistEntry.extend({
  others: z.array(BlocklistEntry).max(MAX_CLAIMS - 1).optional(),
});
export type StoredEntry = z.infer<typeof StoredEntry>;

const isOperator = (e: BlocklistEntry): boolean => e.source.startsWith("admin:");

/** Negative when `a` applies before `b`, positive after, 0 when neither (stored order decides). */
export function compareClaims(a: BlocklistEntry, b: BlocklistEntry): number {
  const op = Number(isOperator(b)) - Number(isOperator(a));
  if (op !== 0) return op;
  if (a.confidence !== b.confidence) return b.confidence - a.confidence;
  if (a.expiresAt === b.expiresAt) return 0;
  if (a.expiresAt === null) return -1;
  if (b.expiresAt === null) return 1;
  return b.expiresAt - a.expiresAt;
}

/** The claims of a stored entry, in order (the first one without `others`). */
export function claimsOf(s: StoredEntry | null): BlocklistEntry[] {
  if (!s) return [];
  const { others, ...first } = s;
  return others?.length ? [first, ...others] : [first];
}

/** The stored entry of claims already in order; null when there is none. */
export function storedOf(claims: readonly BlocklistEntry[]): StoredEntry | null {
  if (claims.length === 0) return null;
  const [first, ...others] = claims as [BlocklistEntry, ...BlocklistEntry[]];
  return others.length ? { ...first, others } : { ...first };
}

/** The claim that applies at `now`: the first live one in order, or null. */
export function applyingClaim(claims: readonly BlocklistEntry[], now: number): BlocklistEntry | null {
  for (const c of claims) if (isLive(c, now)) return c;
  return null;
}

/** applyingClaim of a stored entry. */
export function applying(s: StoredEntry | null, now: number): BlocklistEntry | null {
  return applyingClaim(claimsOf(s), now);
}

/** The source's own claim, if it has one. */
export function claimOf(s: StoredEntry | null, source: string): BlocklistEntry | null {
  return claimsOf(s).find((c) => c.source === source) ?? null;
}

/** Whether two claims say the same (re-importing what is there writes nothing: peers are polled with an overlap). */
export function sameClaim(a: BlocklistEntry, b: BlocklistEntry): boolean {
  return a.source === b.source && a.reason === b.reason && a.confidence === b.confidence && a.expiresAt === b.expiresAt;
}

export interface ClaimWrite {
  /** The entry to store (null: nothing left), or undefined when nothing changes. */
  next: StoredEntry | null | undefined;
  /** Whether the claim applies first once stored. */
  applies: boolean;
}

/**
 * Add or refresh `incoming`'s claim. Expired claims are dropped; a source's
 * earlier claim is replaced where it stood; the claims are put in order
 * (stable, so the earlier of two equal claims stays first); past MAX_CLAIMS
 * the last go, the incoming one too if it is among them.
 */
export function putClaim(s: StoredEntry | null, incoming: BlocklistEntry, now: number): ClaimWrite {
  const was = claimOf(s, incoming.source);
  if (was && sameClaim(was, incoming) && isLive(was, now)) return { next: undefined, applies: applying(s, now)?.source === incoming.source };
  const claims: BlocklistEntry[] = [];
  let placed = false;
  for (const c of claimsOf(s)) {
    if (c.source === incoming.source) {
      claims.push(incoming);
      placed = true;
    } else if (isLive(c, now)) claims.push(c);
  }
  if (!placed) claims.push(incoming);
  // Array.prototype.sort is stable: equal claims keep their stored order.
  const kept = claims.sort(compareClaims).slice(0, MAX_CLAIMS);
  return { next: storedOf(kept), applies: kept[0] === incoming };
}

/** Withdraw `source`'s claim: undefined when it has none (a source withdraws only what it wrote). */
export function withdrawClaim(s: StoredEntry | null, source: string, now: number): StoredEntry | null | undefined {
  if (!claimOf(s, source)) return undefined;
  return storedOf(claimsOf(s).filter((c) => c.source !== source && isLive(c, now)));
}
