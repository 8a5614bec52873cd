/**
 * The KV side of intelligence sharing (shell): gathering what is exported,
 * writing an import or a campaign's publication under the merge rules of
 * merge.ts, and the campaign listing (`campaign:<id>`) the index objects
 * keep current so that listing campaigns never fans out to every shard.
 */
import { kvExpiration } from "../lib/kv-limits.js";
import { CampaignSummary } from "../campaign/types.js";
import { listEntries } from "./blocklist.js";
import type { BlocklistWriter } from "./keeper.js";
import { claimsOf } from "./merge.js";
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
      // Every claim: the guard's own (an operator's, a campaign's) is exported even where a peer's stands before it.
      for (const s of page.entries) entries.push(...claimsOf(s));
      cursor = page.cursor ?? undefined;
    } while (cursor && entries.length < MAX_EXPORT_ENTRIES);
    if (entries.length >= MAX_EXPORT_ENTRIES) break;
  }
  return { entries, campaigns: await listCampaignSummaries(kv, 100, "confirmed") };
}

export interface WriteReport {
  /** Claims stored that apply first. */
  written: number;
  /** Claims stored under a stronger one or an operator's (they apply when it goes), or dropped past MAX_CLAIMS. */
  kept: number;
  withdrawn: number;
}

export interface WriteOptions {
  /**
   * False in a replay: `now` is a record's time, not the real clock, so KV
   * gets no expiration (it must lie in the real future); the entry's own
   * expiresAt is still checked against the replay clock when it is read.
   */
  kvExpiry?: boolean;
}

/**
 * Write a validated import (errors empty): each entry as the source's claim on
 * its value (intel/merge.ts), and the source's claims it revokes withdrawn,
 * each through the value's writer (intel/keeper.ts).
 */
export async function applyImport(w: BlocklistWriter, r: ImportResult, now: number, o: WriteOptions = {}): Promise<WriteReport> {
  if (r.errors.length) throw new Error("applyImport called with a refused import");
  const out: WriteReport = { written: 0, kept: 0, withdrawn: 0 };
  const kvExpiry = o.kvExpiry !== false;
  for (const e of r.entries) {
    const res = await w.change(e.kind, e.value, { put: e }, now, kvExpiry);
    if (!res.changed) continue;
    if (res.applies) out.written++;
    else out.kept++;
  }
  for (const k of r.revoked) {
    if ((await w.change(k.kind, k.value, { withdraw: r.source }, now, kvExpiry)).changed) out.withdrawn++;
  }
  return out;
}

/**
 * Publish or withdraw a campaign's entries, as its claims (the same rules:
 * never before an operator's). `wall` is the real clock: KV expirations are
 * absolute, whereas the index may be fed reports with their own (replayed)
 * times.
 */
export async function applyPublication(
  w: BlocklistWriter, publish: readonly BlocklistEntry[], unpublish: readonly { kind: BlocklistKind; value: string }[], source: string, wall: number,
  o: WriteOptions = {},
): Promise<void> {
  const kvExpiry = o.kvExpiry !== false;
  for (const e of publish) {
    if (e.expiresAt !== null && e.expiresAt <= wall) continue;
    await w.change(e.kind, e.value, { put: e }, wall, kvExpiry);
  }
  for (const k of unpublish) await w.change(k.kind, k.value, { withdraw: source }, wall, kvExpiry);
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
