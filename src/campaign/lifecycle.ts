/**
 * A campaign's lifecycle on one fingerprint (pure): detected by the index,
 * confirmed (automatically at high confidence, or by an operator), refreshed
 * while active, then dismissed, expired or cleared. Confirmation publishes
 * blocklist entries as data; the Durable Object writes them to KV.
 */
import type { BlocklistEntry } from "../intel/types.js";
import { assess, isEstablished, isSuspicious, mayBeCampaign, operatedHarvest, windowMembers, type Assessment } from "./assess.js";
import { FP_BLOCK_KIND, campaignIdOf, type CampaignPolicy, type CampaignRecord, type CampaignSummary, type FpState, type PublishedKey } from "./types.js";

const MAX_TIMELINE = 50;

/** What the shell applies after a transition. */
export interface Effects {
  state: FpState;
  /** Blocklist entries to write (a campaign confirmed or refreshed) and to withdraw. */
  publish: BlocklistEntry[];
  unpublish: PublishedKey[];
  /** The campaign's listing (KV summary) should be rewritten. */
  changed: boolean;
}

/**
 * The empty effect lists, shared: most observations publish nothing, and
 * effects are only ever read (frozen, so an append would throw, not leak).
 */
const NONE = Object.freeze([]) as readonly never[] as never[];

function event<C extends CampaignRecord>(c: C, at: number, name: string, by?: string, note?: string): C {
  const e = { at, event: name, ...(by ? { by } : {}), ...(note ? { note } : {}) };
  return { ...c, updatedAt: at, timeline: [...c.timeline, e].slice(-MAX_TIMELINE) };
}

export function isActive(c: CampaignRecord | null): c is CampaignRecord & { status: "suspected" | "confirmed" } {
  return c !== null && (c.status === "suspected" || c.status === "confirmed");
}

function autoConfirms(p: CampaignPolicy, confidence: number): boolean {
  return p.autoConfirmConfidence !== null && confidence >= p.autoConfirmConfidence;
}

/**
 * `{ ...s, campaign }` spelled out: on the observation path states come in
 * several object shapes, where V8's spread takes a slow path.
 */
function withCampaign(s: FpState, campaign: CampaignRecord): FpState {
  return {
    kind: s.kind, fp: s.fp, firstSeen: s.firstSeen, lastSeen: s.lastSeen, reports: s.reports, sketch: s.sketch,
    members: s.members, related: s.related, texts: s.texts, textReports: s.textReports, repeated: s.repeated, net: s.net, campaign, dismissed: s.dismissed,
  };
}

/** An active campaign refreshed by an observation (decideCampaign), fields in CampaignRecord's order. */
function refreshed(c: CampaignRecord, a: Assessment, lastActivityAt: number): CampaignRecord {
  const campaign = a.verdict === "campaign";
  return {
    id: c.id, status: c.status, confidence: campaign ? Math.max(c.confidence, a.confidence) : c.confidence, reasons: campaign ? a.reasons : c.reasons,
    detectedAt: c.detectedAt, updatedAt: c.updatedAt, confirmedAt: c.confirmedAt, confirmedBy: c.confirmedBy, lastActivityAt,
    publishedAt: c.publishedAt, published: c.published, peakAccounts: Math.max(c.peakAccounts, a.stats.accounts), timeline: c.timeline,
  };
}

/** The campaign lifecycle after an observation: detect, auto-confirm, refresh, or clear. */
export function decideCampaign(s: FpState, p: CampaignPolicy, now: number): Effects {
  const c = s.campaign;
  // Without an active campaign only a "campaign" verdict changes anything: skip assessing when it cannot be one (exact, see mayBeCampaign).
  if (!isActive(c) && !mayBeCampaign(s, p, now)) return { state: s, publish: NONE, unpublish: NONE, changed: false };
  const a = assess(s, p, now);
  if (!isActive(c)) {
    if (a.verdict !== "campaign") return { state: s, publish: NONE, unpublish: NONE, changed: false };
    const camp: CampaignRecord = event({
      id: campaignIdOf(s.kind, s.fp), status: "suspected", confidence: a.confidence, reasons: a.reasons,
      detectedAt: now, updatedAt: now, confirmedAt: null, confirmedBy: null, lastActivityAt: now,
      publishedAt: null, published: [], peakAccounts: a.stats.accounts, timeline: c?.timeline ?? [],
    }, now, "detected", "index", a.reasons.join(", "));
    const next = withCampaign(s, camp);
    return autoConfirms(p, a.confidence) ? confirm(next, "auto", undefined, p, now) : { state: next, publish: NONE, unpublish: NONE, changed: true };
  }
  if (a.verdict === "legit" && (c.confirmedBy === null || c.confirmedBy === "auto")) {
    // New evidence shows legitimate accounts share the fingerprint: withdraw what the index decided alone.
    return end(s, "expired", "cleared", "index", a.reasons.join(", "), now);
  }
  const camp = refreshed(c, a, isSuspicious(s.members[0]!, p, now) ? now : c.lastActivityAt);
  const next = withCampaign(s, camp);
  if (camp.status === "suspected" && autoConfirms(p, camp.confidence)) return confirm(next, "auto", undefined, p, now);
  if (camp.status === "confirmed" && (camp.publishedAt === null || now - camp.publishedAt >= p.republishMs)) return publishNow(next, p, now);
  return { state: next, publish: NONE, unpublish: NONE, changed: false };
}

/** An operator's decision on a campaign. */
export function act(s: FpState, action: "confirm" | "dismiss" | "expire", by: string, note: string | undefined, p: CampaignPolicy, now: number): Effects | { error: string } {
  const c = s.campaign;
  if (!c) return { error: "there is no campaign on this fingerprint" };
  if (action === "confirm") return confirm(s, by, note, p, now);
  if (!isActive(c) && c.status === (action === "dismiss" ? "dismissed" : "expired")) return { error: `the campaign is already ${c.status}` };
  if (action === "expire") return end(s, "expired", "expired", by, note, now);
  const r = end(s, "dismissed", "dismissed", by, note, now);
  return { ...r, state: { ...r.state, dismissed: { at: now, by, note: note ?? "", until: null } } };
}

/** Confirm (by the index at high confidence, or by an operator) and publish. */
export function confirm(s: FpState, by: string, note: string | undefined, p: CampaignPolicy, now: number): Effects {
  const c = s.campaign!;
  const camp = event({ ...c, status: "confirmed" as const, confirmedAt: now, confirmedBy: by, lastActivityAt: Math.max(c.lastActivityAt, now) }, now, "confirmed", by, note);
  return publishNow({ ...s, campaign: camp, dismissed: null }, p, now);
}

function publishNow(s: FpState, p: CampaignPolicy, now: number): Effects {
  const entries = campaignEntries(s, p, now);
  const keys = entries.map((e) => ({ kind: e.kind, value: e.value }));
  const c = s.campaign!;
  const gone = c.published.filter((k) => !keys.some((x) => x.kind === k.kind && x.value === k.value));
  // A refresh that publishes the same entries again only extends their expiry: no timeline event.
  const same = c.publishedAt !== null && gone.length === 0 && keys.length === c.published.length;
  const next = { ...c, publishedAt: now, published: keys };
  const camp = same ? next : event(next, now, "published", undefined, `${keys.length} blocklist entries`);
  return { state: { ...s, campaign: camp }, publish: entries, unpublish: gone, changed: true };
}

/**
 * End a campaign and withdraw its entries. An expired one (operator or TTL)
 * also forgets its members, so it needs fresh evidence to return; a cleared
 * one keeps them, as they are the evidence that it is legitimate.
 */
export function end(s: FpState, status: "dismissed" | "expired", name: string, by: string, note: string | undefined, now: number): Effects {
  const c = s.campaign!;
  const camp = event({ ...c, status, published: [] }, now, name, by, note);
  return {
    state: { ...s, campaign: camp, members: name === "expired" ? [] : s.members },
    publish: [], unpublish: c.published, changed: true,
  };
}

/** Whether `sweep` would expire the state's campaign at `now` (its members went quiet). */
export function sweepDue(s: FpState, p: CampaignPolicy, now: number): boolean {
  const c = s.campaign;
  return isActive(c) && now >= c.lastActivityAt + p.campaignTtlMs;
}

/** Expire a campaign whose members went quiet. */
export function sweep(s: FpState, p: CampaignPolicy, now: number): Effects {
  if (sweepDue(s, p, now)) return end(s, "expired", "expired", "ttl", undefined, now);
  return { state: s, publish: NONE, unpublish: NONE, changed: false };
}

/**
 * The blocklist entries a confirmed campaign publishes (pure; the shell writes them to KV).
 * None for an org: its fingerprint names a customer, not a tool a campaign uses, and its
 * members' addresses are the org's own; it is evidence for this deployment's account
 * machine only (types.ts policy.org).
 */
export function campaignEntries(s: FpState, p: CampaignPolicy, now: number): BlocklistEntry[] {
  if (s.kind === "org") return [];
  const c = s.campaign!;
  const source = `campaign:${c.id}`;
  const expiresAt = now + p.publishTtlMs;
  const entry = (kind: BlocklistEntry["kind"], value: string, confidence: number, reason: string): BlocklistEntry => ({
    kind, value, reason: `Campaign ${c.id}: ${reason}`.slice(0, 500), source, confidence: clamp(confidence, 0, 100), createdAt: now, expiresAt,
  });
  const out: BlocklistEntry[] = [];
  if (p.publish.fingerprint) out.push(entry(FP_BLOCK_KIND[s.kind], s.fp, c.confidence, c.reasons.join(", ")));
  const w = windowMembers(s, p, now);
  const sus = w.filter((m) => isSuspicious(m, p, now));
  const legitIps = new Set(w.filter((m) => isEstablished(m, p, now)).map((m) => m.ip));
  if (p.publish.ips) {
    const byIp = new Map<string, number>();
    for (const m of sus) if (!legitIps.has(m.ip)) byIp.set(m.ip, (byIp.get(m.ip) ?? 0) + 1);
    [...byIp].filter(([, n]) => n >= p.publish.ipMinAccounts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, p.publish.maxIps)
      .forEach(([ip, n]) => out.push(entry("ip", ip, c.confidence - 20, `exit address shared by ${n} campaign accounts`)));
  }
  if (p.publish.asn && sus.length) {
    const legitAsns = new Set(w.filter((m) => isEstablished(m, p, now)).map((m) => m.asn));
    const byAsn = new Map<number, number>();
    for (const m of sus) if (m.asn !== null && !legitAsns.has(m.asn)) byAsn.set(m.asn, (byAsn.get(m.asn) ?? 0) + 1);
    for (const [asn, n] of byAsn) if (n / sus.length >= 0.8) out.push(entry("asn", String(asn), c.confidence - 30, `AS of ${n} campaign accounts`));
  }
  return out;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** The campaign as listed in KV and exported to peers (no account ids); null when there is none. */
export function summarize(s: FpState, p: CampaignPolicy, now: number): CampaignSummary | null {
  const c = s.campaign;
  if (!c) return null;
  const a = assess(s, p, now);
  return {
    id: c.id, name: `Distillation campaign ${c.id}`, kind: s.kind, fp: s.fp, status: c.status, confidence: c.confidence,
    reasons: c.reasons, firstSeen: s.firstSeen, lastSeen: s.lastSeen, detectedAt: c.detectedAt, updatedAt: c.updatedAt,
    expiresAt: c.lastActivityAt + p.campaignTtlMs, accounts: Math.max(a.stats.accounts, c.peakAccounts),
    net: s.kind === "network" ? s.net : null, related: s.related.map((r) => ({ kind: r.kind, fp: r.fp })), published: c.published,
  };
}

/**
 * Everything an operator sees on GET /_guard/campaigns/:id: a campaign's fingerprint, or one without a campaign whose
 * members are told of it for the request-level hold (`operatedHarvest`, the count of its established members that
 * run it as machines harvesting the reasoning; 0 when the rule does not hold: policy.campaign.account.harvestHoldOperated).
 */
export function campaignView(s: FpState, p: CampaignPolicy, now: number) {
  const a = assess(s, p, now);
  return {
    campaign: summarize(s, p, now),
    assessment: a,
    operatedHarvest: operatedHarvest(s, p, now),
    members: s.members.map((m) => ({
      account: m.account, org: m.org, tier: m.tier, verified: m.verified, ageDays: Math.floor((now - m.createdAt) / 86_400_000),
      risk: m.risk, restricted: m.restricted, extraction: Math.round(m.extraction * 1000) / 1000, ip: m.ip, asn: m.asn,
      firstSeen: m.firstSeen, lastSeen: m.lastSeen, requests: m.count,
      suspicious: isSuspicious(m, p, now), established: isEstablished(m, p, now),
    })),
    fingerprints: [{ kind: s.kind, fp: s.fp, net: s.net }, ...s.related],
    timeline: s.campaign?.timeline ?? [],
    dismissed: s.dismissed,
  };
}
