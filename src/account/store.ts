/**
 * Account records in KV. Each key hash maps to a full copy of its account's
 * record (`key:<hmac>`), so the hot path resolves a credential in one KV read;
 * `acct:<id>` is the authoritative copy the admin API edits. Raw keys never
 * reach KV.
 */
import { hmacHex } from "../lib/hash.js";
import { TtlCache } from "../lib/ttl-cache.js";
import { AccountRecord, type AccountUpsert } from "./record.js";

const records = new TtlCache<AccountRecord | null>(20_000);
const NEGATIVE_TTL_MS = 5_000;

export function keyHash(secret: string, apiKey: string): Promise<string> {
  return hmacHex(secret, apiKey);
}

/** Resolve a key hash to its record; null for an unknown key. */
export async function recordForKeyHash(kv: KVNamespace, hash: string, ttlMs: number, now: number): Promise<AccountRecord | null> {
  const cached = records.get(hash, now);
  if (cached !== undefined) return cached;
  const raw = await kv.get(`key:${hash}`, { type: "json", cacheTtl: Math.max(30, Math.round(ttlMs / 1000)) });
  const parsed = raw === null ? null : AccountRecord.safeParse(raw);
  const rec = parsed && parsed.success ? parsed.data : null;
  records.set(hash, rec, rec ? ttlMs : NEGATIVE_TTL_MS, now);
  return rec;
}

export async function getAccount(kv: KVNamespace, id: string): Promise<AccountRecord | null> {
  const raw = await kv.get(`acct:${id}`, { type: "json" });
  if (raw === null) return null;
  const parsed = AccountRecord.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/**
 * Create or update a record; `apiKeys`, when given, replaces the key set
 * (hashed here). Returns the stored record and which key hashes were added
 * or removed, for the audit trail.
 */
export async function upsertAccount(
  kv: KVNamespace,
  secret: string,
  id: string,
  patch: AccountUpsert,
  now: number,
): Promise<{ record: AccountRecord; created: boolean; addedKeys: number; removedKeys: number }> {
  const prev = await getAccount(kv, id);
  if (!prev && !patch.tier) throw new Error("tier is required when creating an account");
  const keyHashes = patch.apiKeys ? await Promise.all(patch.apiKeys.map((k) => keyHash(secret, k))) : (prev?.keyHashes ?? []);
  const record = AccountRecord.parse({
    account: id,
    org: patch.org !== undefined ? patch.org : (prev?.org ?? null),
    tier: patch.tier ?? prev?.tier,
    verified: patch.verified ?? prev?.verified ?? false,
    createdAt: patch.createdAt ?? prev?.createdAt ?? now,
    baseline: patch.baseline !== undefined ? patch.baseline : (prev?.baseline ?? null),
    mode: patch.mode !== undefined ? patch.mode : (prev?.mode ?? null),
    keyHashes: [...new Set(keyHashes)],
    updatedAt: now,
  });
  const removed = (prev?.keyHashes ?? []).filter((h) => !record.keyHashes.includes(h));
  const added = record.keyHashes.filter((h) => !(prev?.keyHashes ?? []).includes(h));
  const body = JSON.stringify(record);
  await Promise.all([
    kv.put(`acct:${id}`, body),
    ...record.keyHashes.map((h) => kv.put(`key:${h}`, body)),
    ...removed.map((h) => kv.delete(`key:${h}`)),
  ]);
  for (const h of [...record.keyHashes, ...removed]) records.delete(h);
  return { record, created: !prev, addedKeys: added.length, removedKeys: removed.length };
}

/** Test and admin helper: forget cached records in this isolate. */
export function clearRecordCache(): void {
  records.clear();
}
