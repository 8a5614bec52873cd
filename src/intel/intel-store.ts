/**
 * The KV side of intelligence sharing (shell): gathering what is exported,
 * writing an import or a campaign's publication under the merge rules of
 * merge.ts, and the campaign listing (`campaign:<id>`) the index objects
 * keep current so that listing campaigns never fans out to every shard.
 */
import { kvExpiration, kvKeyFits } from "../lib/kv-limits.js";
import { CampaignSummary } from "../campaign/types.js";
import { clearBlocklistCache, deleteEntry, listEntries, putEntry } from "./blocklist.js";
import { entryKey } from "./match.js";
import { shouldDelete, shouldWrite } from "./merge.js";
import { EXPORTED_KINDS, type ExportInput, type ProducerIdentity } from "./stix.js";
import type { ImportResult } from "./stix-import.js";
import { BlocklistEntry, type BlocklistKind } from "./types.js";

/** KV reads per export stay under the Workers limit of 1,000 operations per invocation. */
export const MAX_EXPORT_ENTRIES = 800;

export function producer(env: { GUARD_NAME?: string }): ProducerIdentity {
  return { name: env.GUARD_NAME?.trim() || "distill-guard", tlp: "green" };
}

export async function readExportInput(kv: KVNamespace): Promise<ExportInput> {
  const entries: BlocklistEntry[] = [];
  for (const kind of EXPORTED_KINDS) {
    let cursor: string | undefined;
    do {
      const page = await listEntries(kv, kind, cursor, Math.min(1000, MAX_EXPORT_ENTRIES - entries.length));
      entries.push(...page.entries);
      cursor = page.cursor ?? undefined;
    } while (cursor && entries.length < MAX_EXPORT_ENTRIES);
    if (entries.length >= MAX_EXPORT_ENTRIES) break;
  }
  return { entries, campaigns: await listCampaignSummaries(kv, 100, "confirmed") };
}

async function current(kv: KVNamespace, kind: BlocklistKind, value: string): Promise<BlocklistEntry | null> {
  const key = entryKey(kind, value);
  if (!kvKeyFits(key)) return null;
  const raw = await kv.get(key, { type: "json" });
  const p = raw === null ? null : BlocklistEntry.safeParse(raw);
  return p?.success ? p.data : null;
}

export interface WriteReport {
  written: number;
  /** Entries left alone because a stronger or operator entry holds the value. */
  kept: number;
  withdrawn: number;
}

/** Re-importing what is already there writes nothing (peers are polled with an overlap). */
export function sameEntry(a: BlocklistEntry, b: BlocklistEntry): boolean {
  return a.source === b.source && a.reason === b.reason && a.confidence === b.confidence && a.expiresAt === b.expiresAt;
}

export interface WriteOptions {
  /**
   * False in a replay: `now` is a record's time, not the real clock, so KV
   * gets no expiration (it must lie in the real future); the entry's own
   * expiresAt is still checked against the replay clock when it is read.
   */
  kvExpiry?: boolean;
}

async function writeEntry(kv: KVNamespace, e: BlocklistEntry, now: number, o: WriteOptions): Promise<void> {
  if (o.kvExpiry !== false) return putEntry(kv, e, now);
  await kv.put(entryKey(e.kind, e.value), JSON.stringify(e), { metadata: e.kind === "cidr" ? e : undefined });
  clearBlocklistCache();
}

/** Write a validated import (errors empty): entries where merge allows, withdrawals of this source's own entries. */
export async function applyImport(kv: KVNamespace, r: ImportResult, now: number, o: WriteOptions = {}): Promise<WriteReport> {
  if (r.errors.length) throw new Error("applyImport called with a refused import");
  const out: WriteReport = { written: 0, kept: 0, withdrawn: 0 };
  for (const e of r.entries) {
    const prev = await current(kv, e.kind, e.value);
    if (prev && sameEntry(prev, e)) continue;
    if (shouldWrite(prev, e, now)) {
      await writeEntry(kv, e, now, o);
      out.written++;
    } else out.kept++;
  }
  for (const k of r.revoked) {
    if (shouldDelete(await current(kv, k.kind, k.value), r.source)) {
      await deleteEntry(kv, k.kind, k.value);
      out.withdrawn++;
    }
  }
  return out;
}

/**
 * Publish or withdraw a campaign's entries (same rules: never over an
 * operator's entry). `wall` is the real clock: KV expirations are absolute,
 * whereas the index may be fed reports with their own (replayed) times.
 */
export async function applyPublication(
  kv: KVNamespace, publish: readonly BlocklistEntry[], unpublish: readonly { kind: BlocklistKind; value: string }[], source: string, wall: number,
  o: WriteOptions = {},
): Promise<void> {
  for (const e of publish) {
    if (e.expiresAt !== null && e.expiresAt <= wall) continue;
    if (shouldWrite(await current(kv, e.kind, e.value), e, wall)) await writeEntry(kv, e, wall, o);
  }
  for (const k of unpublish) if (shouldDelete(await current(kv, k.kind, k.value), source)) await deleteEntry(kv, k.kind, k.value);
}

const CAMPAIGN_PREFIX = "campaign:";
/** A campaign's listing outlives its expiry by this much, for the record. */
const LISTING_GRACE_MS = 30 * 86_400_000;

export async function putCampaignSummary(kv: KVNamespace, c: CampaignSummary, now: number): Promise<void> {
  const meta = { id: c.id, kind: c.kind, status: c.status, confidence: c.confidence, accounts: c.accounts, lastSeen: c.lastSeen };
  const expiration = kvExpiration(Math.max(c.expiresAt + LISTING_GRACE_MS, now + 120_000), now);
  await kv.put(`${CAMPAIGN_PREFIX}${c.id}`, JSON.stringify(c), { metadata: meta, expiration });
}

export async function listCampaignSummaries(kv: KVNamespace, limit: number, status?: string): Promise<CampaignSummary[]> {
  const out: CampaignSummary[] = [];
  let cursor: string | undefined;
  do {
    const page: KVNamespaceListResult<{ status?: string }, string> = await kv.list({ prefix: CAMPAIGN_PREFIX, cursor });
    const wanted = page.keys.filter((k) => !status || k.metadata?.status === status).slice(0, limit - out.length);
    const vals = await Promise.all(wanted.map((k) => kv.get(k.name, { type: "json" })));
    for (const v of vals) {
      const p = CampaignSummary.safeParse(v);
      if (p.success) out.push(p.data);
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor && out.length < limit);
  return out;
}
