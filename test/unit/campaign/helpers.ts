/** A campaign index in memory: the pure core fed observation by observation, effects applied to a map. */
import { observe, type IndexResult } from "../../../src/campaign/cluster";
import { DEFAULT_CAMPAIGN_POLICY, type CampaignPolicy, type FpKind, type FpObservation, type FpState } from "../../../src/campaign/types";
import type { BlocklistEntry } from "../../../src/intel/types";
import type { Tier } from "../../../src/policy/schema";

export const DAY = 86_400_000;
export const T0 = Date.parse("2026-03-01T00:00:00.000Z");

export interface Acct {
  id: string;
  org?: string | null;
  verified?: boolean;
  ageDays?: number;
  tier?: Tier;
}

export interface Obs {
  extraction?: number;
  /** 1: the request asks for heavy reasoning. */
  heavy?: number;
  /** 1: the account's own stream shows how it operates. */
  operates?: number;
  risk?: number;
  restricted?: boolean;
  ip?: string;
  asn?: number | null;
  /** The prompt's hash (FpObservation.text). */
  text?: number;
}

export function obs(kind: FpKind, fp: string, a: Acct, at: number, o: Obs = {}): FpObservation {
  return {
    kind, fp, at, net: null, related: [], ...(o.text === undefined ? {} : { text: o.text }),
    member: {
      account: a.id, org: a.org ?? null, tier: a.tier ?? "free", verified: a.verified ?? false,
      createdAt: at - (a.ageDays ?? 1) * DAY, risk: o.risk ?? 0.2, restricted: o.restricted ?? false,
      extraction: o.extraction ?? 0.8, heavy: o.heavy ?? 0, operates: o.operates ?? 0, ip: o.ip ?? `203.0.113.${a.id.length % 250}`, asn: o.asn ?? 64500,
    },
  };
}

export class MemoryIndex {
  readonly states = new Map<string, FpState>();
  readonly kv = new Map<string, BlocklistEntry>();
  constructor(readonly policy: CampaignPolicy = DEFAULT_CAMPAIGN_POLICY) {}

  feed(o: FpObservation): IndexResult {
    const k = `${o.kind}:${o.fp}`;
    const r = observe(this.states.get(k) ?? null, o, this.policy, o.at);
    this.states.set(k, r.state);
    for (const e of r.publish) this.kv.set(`${e.kind}:${e.value}`, e);
    for (const u of r.unpublish) this.kv.delete(`${u.kind}:${u.value}`);
    return r;
  }

  state(kind: FpKind, fp: string): FpState {
    return this.states.get(`${kind}:${fp}`)!;
  }
}

/** `n` accounts named prefix-0 … prefix-(n-1) with the given traits. */
export function accounts(prefix: string, n: number, traits: Omit<Acct, "id"> = {}): Acct[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, ...traits }));
}
