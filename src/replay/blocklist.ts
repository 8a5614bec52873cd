/**
 * The node engine's blocklist: what a replay's intelligence imports and the
 * campaign index's publications write to KV, in memory, matched with the same
 * pure functions as the Worker's KV reader (intel/match.ts): exact keys of
 * the request's subject first, then CIDR ranges, live entries only; and
 * written under the same merge rules (intel/merge.ts, intel-store.ts).
 */
import { entryEffect, firstLookup, parseCidr, parseIp, type Subject } from "../intel/match.js";
import { applyingClaim, claimsOf, putClaim, type StoredEntry, storedOf, withdrawClaim } from "../intel/merge.js";
import type { ImportResult } from "../intel/stix-import.js";
import type { BlocklistEntry, BlocklistKind } from "../intel/types.js";

/** A CIDR entry (its claims, in order) with its range parsed once, not on every request it is matched against. */
interface Range {
  claims: readonly BlocklistEntry[];
  cidr: ReturnType<typeof parseCidr>;
  mask: bigint;
}

type Ip = ReturnType<typeof parseIp>;

/**
 * parseIp of the addresses met, by address: with CIDR entries live, every
 * request's address is parsed (regular expressions, BigInts), and a replay
 * sees the same addresses again and again. A memo of a pure function
 * (its results are never mutated), bounded by clearing.
 */
const parsedIps = new Map<string, Ip>();

function parsedIp(ip: string): Ip {
  let a = parsedIps.get(ip);
  if (a === undefined) {
    if (parsedIps.size >= 8192) parsedIps.clear();
    parsedIps.set(ip, (a = parseIp(ip)));
  }
  return a;
}

/** intel/match.ts cidrContains, on a parsed range and address. */
function contains(r: Range, a: Ip): boolean {
  const c = r.cidr;
  if (!c || !a || c.bits !== a.bits) return false;
  return (a.value & r.mask) === c.net;
}

function toRange(value: string, claims: readonly BlocklistEntry[]): Range {
  const cidr = parseCidr(value);
  const mask = !cidr || cidr.prefix === 0 ? 0n : ((1n << BigInt(cidr.prefix)) - 1n) << BigInt(cidr.bits - cidr.prefix);
  return { claims, cidr, mask };
}

/** check()'s answer for most requests: nothing matched (shared, only read). */
const NO_EVIDENCE = Object.freeze([]) as readonly never[] as never[];
const NOTHING = Object.freeze({ block: null, evidence: NO_EVIDENCE, held: null });

export class MemoryBlocklist {
  /**
   * Exact entries by kind, then value: a KV key (entryKey) is just the pair,
   * and looking up the request's own strings (whose hashes V8 keeps) costs
   * less than building and hashing a key per lookup.
   */
  private readonly exact = new Map<BlocklistKind, Map<string, readonly BlocklistEntry[]>>();
  private readonly ranges = new Map<string, Range>();
  private exactSize = 0;

  /** Store a value's entry, its claims (intel/merge.ts), in place of what was there. */
  put(s: StoredEntry): void {
    const claims = claimsOf(s);
    if (s.kind === "cidr") {
      this.ranges.set(s.value, toRange(s.value, claims));
      return;
    }
    let byValue = this.exact.get(s.kind);
    if (!byValue) this.exact.set(s.kind, (byValue = new Map()));
    if (!byValue.has(s.value)) this.exactSize++;
    byValue.set(s.value, claims);
  }

  delete(kind: BlocklistKind, value: string): void {
    if (kind === "cidr") this.ranges.delete(value);
    else if (this.exact.get(kind)?.delete(value)) this.exactSize--;
  }

  /** The stored entry, its claims live or not (what KV holds: a replay writes without KV expirations). */
  current(kind: BlocklistKind, value: string): StoredEntry | null {
    return storedOf((kind === "cidr" ? this.ranges.get(value)?.claims : this.exact.get(kind)?.get(value)) ?? []);
  }

  /** A value's entry after a change (intel-store.ts writeStored): stored, or deleted when its last claim went. */
  private write(kind: BlocklistKind, value: string, next: StoredEntry | null | undefined): void {
    if (next === undefined) return;
    if (next === null) this.delete(kind, value);
    else this.put(next);
  }

  get size(): number {
    return this.exactSize + this.ranges.size;
  }

  /**
   * intel/blocklist.ts findBlock, in memory: the first live entry matching
   * the subject that blocks, or null; the live ones it matched that are
   * evidence (a peer's ASN or JA4), in lookup order; and the first held for
   * the account object, when nothing blocks.
   */
  check(s: Subject, now: number): { block: BlocklistEntry | null; evidence: readonly BlocklistEntry[]; held: BlocklistEntry | null } {
    if (this.size === 0) return NOTHING;
    let block: BlocklistEntry | null = null;
    let held: BlocklistEntry | null = null;
    let evidence: BlocklistEntry[] = NO_EVIDENCE;
    // The Worker's lookups in its order, each looked up as it comes rather than listed first (every request),
    // and all of them, as findBlock reads them all.
    firstLookup(s, (kind, value) => {
      const e = this.findValue(kind, value, now);
      if (!e) return null;
      const effect = entryEffect(e, s.established, s.aged);
      if (effect === "evidence") (evidence === NO_EVIDENCE ? (evidence = []) : evidence).push(e);
      else if (effect === "hold") held ??= e;
      else block ??= e;
      return null;
    });
    block ??= this.rangeHit(s, now);
    return { block, evidence, held: block ? null : held };
  }

  /** The first live entry matching the subject that blocks, or null. */
  find(s: Subject, now: number): BlocklistEntry | null {
    return this.check(s, now).block;
  }

  /** The first live range holding the subject's address, or null. */
  private rangeHit(s: Subject, now: number): BlocklistEntry | null {
    let ip: Ip | undefined; // parsed at the first live range
    for (const r of this.ranges.values()) {
      const e = applyingClaim(r.claims, now);
      if (!e) continue;
      if (ip === undefined) ip = parsedIp(s.ip);
      if (contains(r, ip)) return e;
    }
    return null;
  }

  /** One exact entry, if live (findValue). */
  findValue(kind: BlocklistKind, value: string, now: number): BlocklistEntry | null {
    const claims = this.exact.get(kind)?.get(value);
    return claims === undefined ? null : applyingClaim(claims, now);
  }

  /** intel-store.ts applyImport, in memory. */
  applyImport(r: ImportResult, now: number): void {
    for (const e of r.entries) this.write(e.kind, e.value, putClaim(this.current(e.kind, e.value), e, now).next);
    for (const k of r.revoked) this.write(k.kind, k.value, withdrawClaim(this.current(k.kind, k.value), r.source, now));
  }

  /** intel-store.ts applyPublication, in memory (a replay judges liveness on its own clock). */
  applyPublication(publish: readonly BlocklistEntry[], unpublish: readonly { kind: BlocklistKind; value: string }[], source: string, now: number): void {
    for (const e of publish) {
      if (e.expiresAt !== null && e.expiresAt <= now) continue;
      this.write(e.kind, e.value, putClaim(this.current(e.kind, e.value), e, now).next);
    }
    for (const k of unpublish) this.write(k.kind, k.value, withdrawClaim(this.current(k.kind, k.value), source, now));
  }
}
