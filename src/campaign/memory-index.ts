/**
 * The campaign index in memory (the replay's node engine): the same pure
 * core as the CampaignIndex objects (campaign-do.ts), with the same sharding
 * (near-duplicate templates are looked up within a shard, as each object
 * only knows its own), the same per-shard bound, and effects returned as
 * data for the caller's blocklist. No clock: every report carries its time.
 */
import { observe, splitReport } from "./cluster.js";
import { isActive } from "./lifecycle.js";
import { ShardSlots, type Slot } from "./shard-slots.js";
import { FP_KIND_INDEX, joinsNearDuplicates, shardOf, type CampaignFinding, type CampaignPolicy, type CampaignReport, type FpKind, type FpState, type PublishedKey } from "./types.js";
import type { BlocklistEntry } from "../intel/types.js";

/** The empty result lists, shared (frozen: they are only read). */
const NONE = Object.freeze([]) as readonly never[] as never[];


export interface Publication {
  source: string;
  publish: BlocklistEntry[];
  unpublish: PublishedKey[];
}

export class MemoryCampaignIndex {
  /** shard → its fingerprints' states (shard-slots.ts). */
  private readonly shards = new Map<number | string, ShardSlots>();

  /** Report one request (reportToCampaigns without the network): its findings, and what to publish or withdraw. */
  report(r: CampaignReport, p: CampaignPolicy): { findings: CampaignFinding[]; publications: Publication[] } {
    // Lists made at their first entry: most reports find and publish nothing, and then share frozen empties.
    let findings: CampaignFinding[] = NONE;
    let publications: Publication[] = NONE;
    if (!p.enabled) return { findings, publications };
    for (const o of splitReport(r, p)) {
      const shard = this.shardMap(o.kind, o.fp);
      // resolveFingerprint through the shard's block index: the stored fingerprint itself, or the nearest
      // stored template (then the observation is of that one), or none (new). Told apart by which lookup
      // found the slot, rather than by comparing the fingerprints' strings again.
      let slot = shard.get(o.fp) ?? null;
      let seen = o;
      if (!slot && joinsNearDuplicates(o.kind)) {
        slot = shard.nearestSlot(o.fp);
        // A literal, not `{ ...o, fp }` (see splitReport).
        if (slot) seen = { kind: o.kind, fp: slot.fp, at: o.at, member: o.member, net: o.net, related: o.related, text: o.text };
      }
      const res = observe(slot ? slot.state : null, seen, p, o.at);
      if (slot) shard.update(slot, res.state);
      else shard.write(o.fp, res.state);
      if (res.finding) (findings === NONE ? (findings = []) : findings).push(res.finding);
      const c = res.state.campaign;
      if (c && (res.publish.length || res.unpublish.length)) (publications === NONE ? (publications = []) : publications).push({ source: `campaign:${c.id}`, publish: res.publish, unpublish: res.unpublish });
      this.prune(shard, p);
    }
    return { findings, publications };
  }

  /** Every fingerprint state (for the scorer and tests). */
  *states(): Generator<FpState> {
    for (const s of this.shards.values()) for (const slot of s.values()) yield slot.state;
  }

  /**
   * The shard of shardOf(kind, fp). Keyed by a number when the fingerprint's
   * first two characters are bytes (fingerprints are hex), so that no name is
   * built and hashed per observation; the partition is shardOf's all the same.
   */
  private shardMap(kind: FpKind, fp: string): ShardSlots {
    const c0 = fp.charCodeAt(0);
    const c1 = fp.charCodeAt(1);
    const key = c0 < 256 && c1 < 256 ? (FP_KIND_INDEX[kind] << 16) | (c0 << 8) | c1 : shardOf(kind, fp); // NaN (too short) compares false
    let m = this.shards.get(key);
    if (!m) this.shards.set(key, (m = new ShardSlots()));
    return m;
  }

  /** As the object does: past maxStatesPerShard, the least recently seen fingerprints without an active campaign go. */
  private prune(shard: ShardSlots, p: CampaignPolicy): void {
    const excess = shard.size - p.maxStatesPerShard;
    if (excess <= 0) return;
    if (excess === 1) {
      // The usual case (an observation adds at most one state): the first of the least recently
      // seen, as the sort below would put first, without copying and sorting the shard.
      let oldest: Slot | null = null;
      for (const s of shard.unordered()) if (!isActive(s.state.campaign) && (!oldest || staler(s, oldest) < 0)) oldest = s;
      if (oldest) shard.delete(oldest.fp);
      return;
    }
    const idle = [...shard.unordered()].filter((s) => !isActive(s.state.campaign)).sort(staler);
    for (const s of idle.slice(0, excess)) shard.delete(s.fp);
  }
}

/** Least recently seen first, the earliest written among equals (the shard's order). */
function staler(a: Slot, b: Slot): number {
  return a.state.lastSeen - b.state.lastSeen || a.seq - b.seq;
}
