/**
 * One writer per blocklist value (shell). Several sources write claims on
 * one value (intel/merge.ts): an operator, the campaign index's objects
 * (one per shard, so two campaigns publishing one exit address write from
 * two objects), peer imports. KV has no compare-and-set, so two of them
 * reading a value's entry and writing it back at once would each drop the
 * other's claim. Every change to a value therefore goes through its own
 * BlocklistKeeper object (named by the value's KV key), which applies the
 * changes one after another on the claims it keeps in its storage and writes
 * the result to KV, where the request path reads it.
 *
 * This module is the pure part and the callers' side; the object is
 * intel/keeper-do.ts.
 */
import { kvKeyFits } from "../lib/kv-limits.js";
import { entryKey } from "./match.js";
import { putClaim, type StoredEntry, withdrawClaim } from "./merge.js";
import type { BlocklistEntry, BlocklistKind } from "./types.js";

/** A change to a value's claims: a source's claim added or refreshed, a source's claim withdrawn, or every claim removed (the operator's delete). */
export type ClaimChange = { put: BlocklistEntry } | { withdraw: string } | { clear: true };

export interface ChangeResult {
  /** Whether the stored entry changed. */
  changed: boolean;
  /** For a put: whether the claim applies first once stored. */
  applies: boolean;
  /** Whether the value had an entry before the change. */
  existed: boolean;
}

/** Writes a value's claims: through its keeper object in a Worker; tests may give their own. */
export interface BlocklistWriter {
  change(kind: BlocklistKind, value: string, change: ClaimChange, now: number, kvExpiry: boolean): Promise<ChangeResult>;
}

/** The writer a Worker uses: each value's keeper object. */
export function keeperWriter(env: Pick<Env, "BLOCKLIST">): BlocklistWriter {
  return {
    change: async (kind, value, change, now, kvExpiry) => {
      const key = entryKey(kind, value);
      // A value KV cannot key has no entry to change (and no object is made for it).
      if (!kvKeyFits(key)) return { changed: false, applies: false, existed: false };
      return env.BLOCKLIST.getByName(key).change(kind, value, change, now, kvExpiry);
    },
  };
}

/** What a change makes of a value's entry: the next entry (undefined: unchanged, null: none left) and whether a put claim applies. */
export function changeOf(s: StoredEntry | null, c: ClaimChange, now: number): { next: StoredEntry | null | undefined; applies: boolean } {
  if ("put" in c) return putClaim(s, c.put, now);
  if ("withdraw" in c) return { next: withdrawClaim(s, c.withdraw, now), applies: false };
  return { next: s === null ? undefined : null, applies: false };
}
