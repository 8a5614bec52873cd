/**
 * Blocklists in KV, one key per entry (`bl:<kind>:<value>`), checked on every
 * request. Exact kinds are point reads (edge-cached by KV and by this
 * isolate); CIDR entries are found by listing `bl:cidr:` with the entry in the
 * key's metadata, cached per isolate, so adding one never rewrites a shared
 * index (no lost update when two operators add ranges at once).
 */
import { TtlCache } from "../lib/ttl-cache.js";
import { kvExpiration, kvKeyFits, kvMetadataFits } from "../lib/kv-limits.js";
import { cidrContains, entryEffect, entryKey, parseCidr, parseIp, subjectKeys, type Subject } from "./match.js";
import { applyingClaim, claimsOf, StoredEntry } from "./merge.js";
import { type BlocklistEntry, type BlocklistKind } from "./types.js";

/** A value's claims in order (intel/merge.ts), as read: none when KV holds nothing readable. */
const entries = new TtlCache<readonly BlocklistEntry[]>(50_000);
const cidrs = new TtlCache<(readonly BlocklistEntry[])[]>(1);
const MAX_CIDRS = 10_000;
const NONE: readonly BlocklistEntry[] = Object.freeze([]);

/** A stored entry as read from KV (a value or a CIDR key's metadata), or null. */
export function parseStored(raw: unknown): StoredEntry | null {
  if (raw === null || raw === undefined) return null;
  const p = StoredEntry.safeParse(raw);
  return p.success ? p.data : null;
}

async function readClaims(kv: KVNamespace, key: string, ttlMs: number, now: number): Promise<readonly BlocklistEntry[]> {
  const hit = entries.get(key, now);
  if (hit !== undefined) return hit;
  // No entry can have a key KV refuses: not asked, and not cached (a caller's long value would fill the cache).
  if (!kvKeyFits(key)) return NONE;
  const raw = await kv.get(key, { type: "json", cacheTtl: Math.max(30, Math.round(ttlMs / 1000)) });
  const stored = parseStored(raw);
  const claims = stored ? claimsOf(stored) : NONE;
  entries.set(key, claims, ttlMs, now);
  return claims;
}

async function readCidrs(kv: KVNamespace, ttlMs: number, now: number): Promise<(readonly BlocklistEntry[])[]> {
  const hit = cidrs.get("all", now);
  if (hit) return hit;
  const out: (readonly BlocklistEntry[])[] = [];
  let cursor: string | undefined;
  do {
    const page: KVNamespaceListResult<unknown, string> = await kv.list({ prefix: "bl:cidr:", cursor });
    for (const k of page.keys) {
      const stored = parseStored(k.metadata);
      if (stored) out.push(claimsOf(stored));
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor && out.length < MAX_CIDRS);
  cidrs.set("all", out, ttlMs, now);
  return out;
}

/**
 * The first live entry matching the subject that blocks (match.ts
 * entryEffect), or null; the live ones it matched that are evidence for the
 * account machine (a peer's ASN or JA4), in lookup order; and the first one
 * held for the account object to judge (a campaign's exit address and an
 * older account that is not established), which only counts when nothing
 * blocks.
 */
export async function findBlock(kv: KVNamespace, s: Subject, ttlMs: number, now: number): Promise<{ block: BlocklistEntry | null; evidence: BlocklistEntry[]; held: BlocklistEntry | null }> {
  const [exact, ranges] = await Promise.all([
    Promise.all(subjectKeys(s).map((k) => readClaims(kv, k, ttlMs, now))),
    readCidrs(kv, ttlMs, now),
  ]);
  const evidence: BlocklistEntry[] = [];
  let block: BlocklistEntry | null = null;
  let held: BlocklistEntry | null = null;
  for (const claims of exact) {
    const e = applyingClaim(claims, now);
    if (!e) continue;
    const effect = entryEffect(e, s.established, s.aged);
    if (effect === "evidence") evidence.push(e);
    else if (effect === "hold") held ??= e;
    else block ??= e;
  }
  if (!block) {
    for (const claims of ranges) {
      const e = applyingClaim(claims, now);
      if (e && cidrContains(e.value, s.ip)) { block = e; break; }
    }
  }
  return { block, evidence, held: block ? null : held };
}

/** Look up one entry of the account machine's evidence (campaign-intel.ts fingerprintLookups). */
export async function findValue(kv: KVNamespace, kind: BlocklistKind, value: string, ttlMs: number, now: number): Promise<BlocklistEntry | null> {
  return applyingClaim(await readClaims(kv, entryKey(kind, value), ttlMs, now), now);
}

/** Normalise and check a value for its kind; returns an error message or null. */
export function validateValue(kind: BlocklistKind, value: string): string | null {
  if (kind === "ip" && !parseIp(value)) return `"${value}" is not an IPv4 or IPv6 address`;
  if (kind === "cidr" && !parseCidr(value)) return `"${value}" is not a CIDR range like 203.0.113.0/24`;
  if (kind === "asn" && !/^\d{1,10}$/.test(value)) return `"${value}" is not an AS number`;
  if (kind === "keyHash" && !/^[0-9a-f]{64}$/.test(value)) return "keyHash entries are 64 hex characters (HMAC of the key)";
  return null;
}

/**
 * Store a value's entry (its claims, intel/merge.ts). KV drops the key when
 * its last claim expires (a claim without expiry: never; nor with `kvExpiry`
 * false, in a replay, whose clock is not KV's); a CIDR key carries
 * the entry in its metadata for the range listing, its first claim alone when
 * all of them do not fit.
 */
export async function putEntry(kv: KVNamespace, s: StoredEntry, now: number, kvExpiry = true): Promise<void> {
  const key = entryKey(s.kind, s.value);
  const claims = claimsOf(s);
  const last = !kvExpiry || claims.some((c) => c.expiresAt === null) ? null : Math.max(...claims.map((c) => c.expiresAt as number));
  // KV expirations must be at least 60 s ahead and fit 32 bits; isLive() covers the gap.
  const expiration = last === null ? undefined : kvExpiration(last, now);
  await kv.put(key, JSON.stringify(s), { expiration, metadata: s.kind === "cidr" ? cidrMetadata(s) : undefined });
  entries.delete(key);
  if (s.kind === "cidr") cidrs.clear();
}

/** A value's entry after a change: stored, or deleted when its last claim went (null). */
export async function writeStored(kv: KVNamespace, kind: BlocklistKind, value: string, next: StoredEntry | null, now: number, kvExpiry = true): Promise<void> {
  if (next === null) await deleteEntry(kv, kind, value);
  else await putEntry(kv, next, now, kvExpiry);
}

/** A value's stored entry as KV holds it now, or null. */
export async function readStored(kv: KVNamespace, kind: BlocklistKind, value: string): Promise<StoredEntry | null> {
  const key = entryKey(kind, value);
  if (!kvKeyFits(key)) return null;
  return parseStored(await kv.get(key, { type: "json" }));
}

function cidrMetadata(s: StoredEntry): StoredEntry {
  if (!s.others || kvMetadataFits(s)) return s;
  const { others: _, ...first } = s;
  return first;
}

export async function deleteEntry(kv: KVNamespace, kind: BlocklistKind, value: string): Promise<boolean> {
  const key = entryKey(kind, value);
  if (!kvKeyFits(key)) return false;
  const existed = (await kv.get(key)) !== null;
  await kv.delete(key);
  entries.delete(key);
  if (kind === "cidr") cidrs.clear();
  return existed;
}

/** A page of stored entries (each with its claims), for the admin listing and the export. */
export async function listEntries(
  kv: KVNamespace,
  kind: BlocklistKind | null,
  cursor: string | undefined,
  limit: number,
): Promise<{ entries: StoredEntry[]; cursor: string | null }> {
  const page = await kv.list({ prefix: kind ? `bl:${kind}:` : "bl:", cursor, limit });
  const got = await Promise.all(page.keys.map((k) => kv.get(k.name, { type: "json" })));
  const list = got.flatMap((raw) => {
    const s = parseStored(raw);
    return s ? [s] : [];
  });
  return { entries: list, cursor: page.list_complete ? null : page.cursor };
}

export function clearBlocklistCache(): void {
  entries.clear();
  cidrs.clear();
}
