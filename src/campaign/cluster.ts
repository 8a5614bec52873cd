/**
 * Campaign clustering (pure). Per fingerprint — prompt template, system
 * prompt, network client — a bounded state: the most recent distinct members
 * with their risk, age, verification, org and tier, plus linear-counting
 * sketches of how many distinct accounts (and established accounts) used it
 * in the window. `assess` (assess.ts) decides whether that population is a
 * campaign:
 *
 *  campaign  many young or unverified accounts with extraction-like requests,
 *            or accounts the account machine already restricts;
 *  legit     allowlisted (known benchmarks, SDK default prompts), dismissed
 *            by an operator, used by established accounts too (benchmarks,
 *            common tools), or one org's accounts (its own RAG bot);
 *  watch     not enough evidence either way.
 *
 * Established = verified, older than `youngDays`, not restricted, low risk.
 * Established members never receive a finding, so a real customer who
 * happens to use a campaign's template is not put in the campaign. Nor does
 * an older account that its own behaviour does not already restrict: short
 * generic prompts can share a template's SimHash, and an old unverified
 * customer's "explain this step by step" is not a campaign's. A finding goes
 * to young accounts (the fresh accounts a campaign keeps opening) and to
 * restricted ones.
 */
import { fingerprintDistance, SAME_TEMPLATE_MAX_DISTANCE } from "../detect/fingerprint.js";
import { networkFingerprint } from "../intel/network-fp.js";
import { DAY, emptyState, isEstablished, sketchAdd, EMPTY_SKETCH } from "./assess.js";
import { decideCampaign, isActive, sweep, type Effects } from "./lifecycle.js";
import type { CampaignFinding, CampaignPolicy, CampaignReport, FpKind, FpObservation, FpState, Member, MemberObservation } from "./types.js";

export { assess, allowedBy, emptyState, isEstablished, isSuspicious, sketchCount, type Assessment } from "./assess.js";
export { act, campaignEntries, campaignView, summarize, sweep, type Effects } from "./lifecycle.js";

const MAX_RELATED = 8;

export interface IndexResult extends Effects {
  /** The campaign this observation's account is part of, if any (never for an established account). */
  finding: CampaignFinding | null;
}

/** One observation per fingerprint of the report (template, system prompt, network client). */
export function splitReport(r: CampaignReport): FpObservation[] {
  const member: MemberObservation = {
    account: r.account.id, org: r.account.org, tier: r.account.tier, verified: r.account.verified,
    createdAt: r.account.createdAt, risk: r.risk, restricted: r.restricted, extraction: r.extraction,
    ip: r.client.ip, asn: r.client.asn,
  };
  const net = { ja4: r.client.ja4, userAgent: r.client.userAgent, asn: r.client.asn };
  const netFp = networkFingerprint(net);
  const fps = [
    r.templateFp ? { kind: "template" as const, fp: r.templateFp } : null,
    r.systemFp ? { kind: "system" as const, fp: r.systemFp } : null,
    netFp ? { kind: "network" as const, fp: netFp } : null,
  ].filter((x): x is NonNullable<typeof x> => x !== null);
  return fps.map((f) => ({
    ...f, at: r.at, member, net: f.kind === "network" ? net : null,
    related: fps.filter((o) => o !== f),
  }));
}

/**
 * The stored fingerprint a new one joins: itself if known, else the nearest
 * stored template within SimHash distance (the same template, filled
 * differently). Network fingerprints are exact.
 */
export function resolveFingerprint(known: Iterable<string>, kind: FpKind, fp: string): string {
  let best: { fp: string; d: number } | null = null;
  for (const k of known) {
    if (k === fp) return fp;
    if (kind === "network") continue;
    const d = fingerprintDistance(k, fp);
    if (d <= SAME_TEMPLATE_MAX_DISTANCE && (!best || d < best.d)) best = { fp: k, d };
  }
  return best?.fp ?? fp;
}

function rotate(s: FpState, p: CampaignPolicy, now: number): FpState["sketch"] {
  const epoch = Math.floor(now / p.windowMs);
  const k = s.sketch;
  if (k.epoch === epoch) return k;
  if (k.epoch === epoch - 1) return { epoch, all: EMPTY_SKETCH, est: EMPTY_SKETCH, prevAll: k.all, prevEst: k.est };
  return { epoch, all: EMPTY_SKETCH, est: EMPTY_SKETCH, prevAll: EMPTY_SKETCH, prevEst: EMPTY_SKETCH };
}

/** Most recent first; the least recently seen member is dropped past `max`. */
function upsertMember(members: Member[], o: FpObservation, max: number): Member[] {
  const m = o.member;
  const prev = members.find((x) => x.account === m.account);
  const next: Member = {
    account: m.account, org: m.org, tier: m.tier, verified: m.verified, createdAt: m.createdAt, risk: m.risk,
    restricted: m.restricted, ip: m.ip, asn: m.asn,
    // A weighted mean, so one odd request neither makes nor clears a member.
    extraction: prev ? 0.7 * prev.extraction + 0.3 * m.extraction : m.extraction,
    firstSeen: prev?.firstSeen ?? o.at, lastSeen: o.at, count: (prev?.count ?? 0) + 1,
  };
  return [next, ...members.filter((x) => x.account !== m.account)].slice(0, max);
}

function mergeRelated(rel: FpState["related"], add: FpObservation["related"]): FpState["related"] {
  const out = rel.map((r) => ({ ...r }));
  for (const a of add) {
    const hit = out.find((r) => r.kind === a.kind && r.fp === a.fp);
    if (hit) hit.count++;
    else out.push({ ...a, count: 1 });
  }
  return out.sort((a, b) => b.count - a.count).slice(0, MAX_RELATED);
}

/** Fold one observation into its fingerprint's state and run the campaign lifecycle. */
export function observe(prev: FpState | null, o: FpObservation, p: CampaignPolicy, now: number): IndexResult {
  const swept = sweep(prev ?? emptyState(o.kind, o.fp, now, p.windowMs), p, now);
  const sketch = rotate(swept.state, p, now);
  const est = isEstablished(o.member, p, now);
  const s: FpState = {
    ...swept.state,
    lastSeen: Math.max(swept.state.lastSeen, now), reports: swept.state.reports + 1,
    sketch: { ...sketch, all: sketchAdd(sketch.all, o.member.account), est: est ? sketchAdd(sketch.est, o.member.account) : sketch.est },
    members: upsertMember(swept.state.members, o, p.maxMembers),
    related: mergeRelated(swept.state.related, o.related),
    net: o.net ?? swept.state.net,
  };
  const r = decideCampaign(s, p, now);
  const c = r.state.campaign;
  const m = r.state.members[0]!;
  const implicated = !isEstablished(m, p, now) && (m.restricted || now - m.createdAt < p.youngDays * DAY);
  const finding: CampaignFinding | null = isActive(c) && implicated
    ? {
      campaignId: c.id, kind: s.kind, fp: s.fp, status: c.status, confidence: c.confidence,
      reasons: [`campaign:${c.id}`, `campaign-${c.status}`, `campaign-${s.kind}-fingerprint`],
    }
    : null;
  return { ...r, finding, unpublish: [...swept.unpublish, ...r.unpublish], changed: r.changed || swept.changed };
}
