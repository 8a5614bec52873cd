/**
 * The campaign index in memory (the replay's node engine): the same pure
 * core as the CampaignIndex objects (campaign-do.ts), with the same sharding
 * (near-duplicate templates are looked up within a shard, as each object
 * only knows its own), the same per-shard bound, and effects returned as
 * data for the caller's blocklist. No clock: every report carries its time.
 */
import { observe, resolveFingerprint, splitReport } from "./cluster.js";
import { isActive } from "./lifecycle.js";
import { shardOf, type CampaignFinding, type CampaignPolicy, type CampaignReport, type FpState, type PublishedKey } from "./types.js";
import type { BlocklistEntry } from "../intel/types.js";

export interface Publication {
  source: string;
  publish: BlocklistEntry[];
  unpublish: PublishedKey[];
}

export class MemoryCampaignIndex {
  /** shard → fingerprint → state, in (re)write order like the objects' SQLite rowids. */
  private readonly shards = new Map<string, Map<string, FpState>>();

  /** Report one request (reportToCampaigns without the network): its findings, and what to publish or withdraw. */
  report(r: CampaignReport, p: CampaignPolicy): { findings: CampaignFinding[]; publications: Publication[] } {
    const findings: CampaignFinding[] = [];
    const publications: Publication[] = [];
    if (!p.enabled) return { findings, publications };
    for (const o of splitReport(r)) {
      const shard = this.shardMap(shardOf(o.kind, o.fp));
      const fp = resolveFingerprint(shard.keys(), o.kind, o.fp);
      const res = observe(shard.get(fp) ?? null, { ...o, fp }, p, o.at);
      shard.delete(fp);
      shard.set(fp, res.state);
      if (res.finding) findings.push(res.finding);
      const c = res.state.campaign;
      if (c && (res.publish.length || res.unpublish.length)) publications.push({ source: `campaign:${c.id}`, publish: res.publish, unpublish: res.unpublish });
      this.prune(shard, p);
    }
    return { findings, publications };
  }

  /** Every fingerprint state (for the scorer and tests). */
  *states(): Generator<FpState> {
    for (const s of this.shards.values()) yield* s.values();
  }

  private shardMap(name: string): Map<string, FpState> {
    let m = this.shards.get(name);
    if (!m) this.shards.set(name, (m = new Map()));
    return m;
  }

  /** As the object does: past maxStatesPerShard, the least recently seen fingerprints without an active campaign go. */
  private prune(shard: Map<string, FpState>, p: CampaignPolicy): void {
    const excess = shard.size - p.maxStatesPerShard;
    if (excess <= 0) return;
    const idle = [...shard.values()].filter((s) => !isActive(s.campaign)).sort((a, b) => a.lastSeen - b.lastSeen);
    for (const s of idle.slice(0, excess)) shard.delete(s.fp);
  }
}
