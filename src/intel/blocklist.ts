/**
 * Blocklists in KV, one key per entry (`bl:<kind>:<value>`), checked on every
 * request. Exact kinds are point reads (edge-cached by KV and by this
 * isolate); CIDR entries are found by listing `bl:cidr:` with the entry in the
 * key's metadata, cached per isolate, so adding one never rewrites a shared
 * index (no lost update when two operators add ranges at once).
 */
import { TtlCache } from "../lib/ttl-cache.js";
import { kvExpiration, kvKeyFits } from "../lib/kv-limits.js";
import { cidrContains, entryEffect, entryKey, isLive, parseCidr, parseIp, subjectKeys, type Subject } from "./match.js";
import { BlocklistEntry, type BlocklistKind } from "./types.js";

const entries = new TtlCache<BlocklistEntry | null>(50_000);
const cidrs = new TtlCache<BlocklistEntry[]>(1);
const MAX_CIDRS = 10_000;

async function readEntry(kv: KVNamespace, key: string, ttlMs: number, now: number): Promise<BlocklistEntry | null> {
  const hit = entries.get(key, now);
  if (hit !== undefined) return hit;
  // No entry can have a key KV refuses: not asked, and not cached (a caller's long value would fill the cache).
  if (!kvKeyFits(key)) return null;
  const raw = await kv.get(key, { type: "json", cacheTtl: Math.max(30, Math.round(ttlMs / 1000)) });
  const parsed = raw === null ? null : BlocklistEntry.safeParse(raw);
  const e = parsed && parsed.success ? parsed.data : null;
  entries.set(key, e, ttlMs, now);
  return e;
}

async function readCidrs(kv: KVNamespace, ttlMs: number, now: number): Promise<BlocklistEntry[]> {
  const hit = cidrs.get("all", now);
  if (hit) return hit;
  const out: BlocklistEntry[] = [];
  let cursor: string | undefined;
  do {
    const page: KVNamespaceListResult<unknown, string> = await kv.list({ prefix: "bl:cidr:", cursor });
    for (const k of page.keys) {
      const p = BlocklistEntry.safeParse(k.metadata);
      if (p.success) out.push(p.data);
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
    Promise.all(subjectKeys(s).map((k) => readEntry(kv, k, ttlMs, now))),
    readCidrs(kv, ttlMs, now),
  ]);
  const evidence: BlocklistEntry[] = [];
  let block: BlocklistEntry | null = null;
  let held: BlocklistEntry | null = null;
  for (const e of exact) {
    if (!e || !isLive(e, now)) continue;
    const effect = entryEffect(e, s.established, s.aged);
    if (effect === "evidence") evidence.push(e);
    else if (effect === "hold") held ??= e;
    else block ??= e;
  }
  if (!block) for (const e of ranges) if (isLive(e, now) && cidrContains(e.value, s.ip)) { block = e; break; }
  return { block, evidence, held: block ? null : held };
}

/** Look up one entry of the account machine's evidence (campaign-intel.ts fingerprintLookups). */
export async function findValue(kv: KVNamespace, kind: BlocklistKind, value: string, ttlMs: number, now: number): Promise<BlocklistEntry | null> {
  const e = await readEntry(kv, entryKey(kind, value), ttlMs, now);
  return e && isLive(e, now) ? e : null;
}

/** Normalise and check a value for its kind; returns an error message or null. */
export function validateValue(kind: BlocklistKind, value: string): string | null {
  if (kind === "ip" && !parseIp(value)) return `"${value}" is not an IPv4 or IPv6 address`;
  if (kind === "cidr" && !parseCidr(value)) return `"${value}" is not a CIDR range like 203.0.113.0/24`;
  if (kind === "asn" && !/^\d{1,10}$/.test(value)) return `"${value}" is not an AS number`;
  if (kind === "keyHash" && !/^[0-9a-f]{64}$/.test(value)) return "keyHash entries are 64 hex characters (HMAC of the key)";
  return null;
}

export async function putEntry(kv: KVNamespace, e: BlocklistEntry, now: number): Promise<void> {
  const key = entryKey(e.kind, e.value);
  // KV expirations must be at least 60 s ahead and fit 32 bits; isLive() covers the gap.
  const expiration = e.expiresAt === null ? undefined : kvExpiration(e.expiresAt, now);
  await kv.put(key, JSON.stringify(e), { expiration, metadata: e.kind === "cidr" ? e : undefined });
  entries.delete(key);
  if (e.kind === "cidr") cidrs.clear();
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

export async function listEntries(
  kv: KVNamespace,
  kind: BlocklistKind | null,
  cursor: string | undefined,
  limit: number,
): Promise<{ entries: BlocklistEntry[]; cursor: string | null }> {
  const page = await kv.list({ prefix: kind ? `bl:${kind}:` : "bl:", cursor, limit });
  const got = await Promise.all(page.keys.map((k) => kv.get(k.name, { type: "json" })));
  const list = got.flatMap((raw) => {
    const p = BlocklistEntry.safeParse(raw);
    return p.success ? [p.data] : [];
  });
  return { entries: list, cursor: page.list_complete ? null : page.cursor };
}

export function clearBlocklistCache(): void {
  entries.clear();
  cidrs.clear();
}
