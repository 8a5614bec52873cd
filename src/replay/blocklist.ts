/**
 * The node engine's blocklist: the entries a replay's intelligence imports
 * would publish to KV, in memory, matched with the same pure functions as
 * the Worker's KV reader (intel/match.ts): exact keys of the request's
 * subject first, then CIDR ranges, live entries only.
 */
import { cidrContains, entryKey, isLive, subjectKeys, type Subject } from "../intel/match.js";
import type { BlocklistEntry } from "../intel/types.js";

export class MemoryBlocklist {
  private readonly exact = new Map<string, BlocklistEntry>();
  private readonly ranges: BlocklistEntry[] = [];

  put(e: BlocklistEntry): void {
    if (e.kind === "cidr") this.ranges.push(e);
    else this.exact.set(entryKey(e.kind, e.value), e);
  }

  get size(): number {
    return this.exact.size + this.ranges.length;
  }

  /** The first live entry matching the subject, or null (findBlock's order). */
  find(s: Subject, now: number): BlocklistEntry | null {
    if (this.size === 0) return null;
    for (const k of subjectKeys(s)) {
      const e = this.exact.get(k);
      if (e && isLive(e, now)) return e;
    }
    for (const e of this.ranges) if (isLive(e, now) && cidrContains(e.value, s.ip)) return e;
    return null;
  }
}
