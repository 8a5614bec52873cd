/**
 * The node engine's blocklist: what a replay's intelligence imports and the
 * campaign index's publications write to KV, in memory, matched with the same
 * pure functions as the Worker's KV reader (intel/match.ts): exact keys of
 * the request's subject first, then CIDR ranges, live entries only; and
 * written under the same merge rules (intel/merge.ts, intel-store.ts).
 */
import { sameEntry } from "../intel/intel-store.js";
import { cidrContains, entryKey, isLive, subjectKeys, type Subject } from "../intel/match.js";
import { shouldDelete, shouldWrite } from "../intel/merge.js";
import type { ImportResult } from "../intel/stix-import.js";
import type { BlocklistEntry, BlocklistKind } from "../intel/types.js";

export class MemoryBlocklist {
  private readonly exact = new Map<string, BlocklistEntry>();
  private readonly ranges = new Map<string, BlocklistEntry>();

  put(e: BlocklistEntry): void {
    if (e.kind === "cidr") this.ranges.set(e.value, e);
    else this.exact.set(entryKey(e.kind, e.value), e);
  }

  delete(kind: BlocklistKind, value: string): void {
    if (kind === "cidr") this.ranges.delete(value);
    else this.exact.delete(entryKey(kind, value));
  }

  /** The stored entry, live or not (what KV holds: a replay writes without KV expirations). */
  current(kind: BlocklistKind, value: string): BlocklistEntry | null {
    return (kind === "cidr" ? this.ranges.get(value) : this.exact.get(entryKey(kind, value))) ?? null;
  }

  get size(): number {
    return this.exact.size + this.ranges.size;
  }

  /** The first live entry matching the subject, or null (findBlock's order). */
  find(s: Subject, now: number): BlocklistEntry | null {
    if (this.size === 0) return null;
    for (const k of subjectKeys(s)) {
      const e = this.exact.get(k);
      if (e && isLive(e, now)) return e;
    }
    for (const e of this.ranges.values()) if (isLive(e, now) && cidrContains(e.value, s.ip)) return e;
    return null;
  }

  /** One fingerprint-kind entry, if live (findValue). */
  findValue(kind: BlocklistKind, value: string, now: number): BlocklistEntry | null {
    const e = this.exact.get(entryKey(kind, value));
    return e && isLive(e, now) ? e : null;
  }

  /** intel-store.ts applyImport, in memory. */
  applyImport(r: ImportResult, now: number): void {
    for (const e of r.entries) {
      const prev = this.current(e.kind, e.value);
      if (prev && sameEntry(prev, e)) continue;
      if (shouldWrite(prev, e, now)) this.put(e);
    }
    for (const k of r.revoked) if (shouldDelete(this.current(k.kind, k.value), r.source)) this.delete(k.kind, k.value);
  }

  /** intel-store.ts applyPublication, in memory (a replay judges liveness on its own clock). */
  applyPublication(publish: readonly BlocklistEntry[], unpublish: readonly { kind: BlocklistKind; value: string }[], source: string, now: number): void {
    for (const e of publish) {
      if (e.expiresAt !== null && e.expiresAt <= now) continue;
      if (shouldWrite(this.current(e.kind, e.value), e, now)) this.put(e);
    }
    for (const k of unpublish) if (shouldDelete(this.current(k.kind, k.value), source)) this.delete(k.kind, k.value);
  }
}
