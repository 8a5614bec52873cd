/**
 * Campaign clustering (pure). Per fingerprint — prompt template, system
 * prompt, network client, organisation — a bounded state: the most recent distinct members
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
 *
 * Findings for the request-level hold only (CampaignFinding.hold) are not
 * evidence and go to established members too: those that ask for the
 * reasoning in full through a suspected campaign's prompt, or through a
 * prompt nearly all of whose established users run it as machines harvesting
 * the reasoning (assess.ts operatedHarvest, with no campaign at all).
 *
 * The exception is an org's fingerprint (kind `org`, assess.ts assessOrg):
 * an org whose own accounts are restricted for extraction no longer vouches
 * for the others, so an org campaign's finding goes to every member,
 * established ones included. It is never published nor shared.
 */
import { SAME_TEMPLATE_MAX_DISTANCE } from "../detect/fingerprint.js";
import { fnv1a } from "../lib/hash32.js";
import { fpWords, wordsDistance, type FpWords } from "./fp-words.js";
import { networkFingerprint } from "../intel/network-fp.js";
import { DAY, emptyState, isEstablished, operatedHarvest } from "./assess.js";
import { rotated, withAccount } from "./sketch.js";
import { decideCampaign, isActive, sweep, sweepDue, type Effects } from "./lifecycle.js";
import { FP_KINDS, FP_KIND_INDEX, MAX_TEXTS, campaignIdOf, joinsNearDuplicates, orgFingerprint, type CampaignFinding, type CampaignPolicy, type CampaignReport, type FpKind, type FpObservation, type FpState, type Member, type MemberObservation } from "./types.js";

export { assess, allowedBy, emptyState, isEstablished, isSuspicious, sketchCount, type Assessment } from "./assess.js";
export { act, campaignEntries, campaignView, summarize, sweep, type Effects } from "./lifecycle.js";

const MAX_RELATED = 8;

export interface IndexResult extends Effects {
  /** The campaign this observation's account is part of, if any (for an established account, only an org's). */
  finding: CampaignFinding | null;
}

/** The last org whose fingerprint splitReport computed: most reports come from a few orgs' accounts in turn. */
let lastOrg: string | null = null;
let lastOrgFp = "";

function orgFp(org: string): string {
  if (org !== lastOrg) {
    lastOrg = org;
    lastOrgFp = orgFingerprint(org);
  }
  return lastOrgFp;
}

/**
 * One observation per fingerprint of the report (template, system prompt,
 * network client), and one of the account's org when it has one and
 * `p.org.enabled`. The org is never among another observation's `related`
 * fingerprints: those are listed with a campaign and exported to peers
 * (summarize, intel/stix.ts), and an org is never shared. The org's
 * observation lists the others, for its operators' view.
 */
export function splitReport(r: CampaignReport, p: Pick<CampaignPolicy, "org">): FpObservation[] {
  const member: MemberObservation = {
    account: r.account.id, org: r.account.org, tier: r.account.tier, verified: r.account.verified,
    createdAt: r.account.createdAt, risk: r.risk, restricted: r.restricted, extraction: r.extraction, heavy: r.heavy ? 1 : 0,
    operates: r.operates ? 1 : 0, ip: r.client.ip, asn: r.client.asn,
  };
  // networkFingerprint reads only ja4, userAgent and asn: the client's own, so that the
  // network's parts are copied out only for a network observation (requests without a JA4 have none).
  const netFp = networkFingerprint(r.client);
  const net = netFp ? { ja4: r.client.ja4, userAgent: r.client.userAgent, asn: r.client.asn } : null;
  // Arrays of their final size (pushes onto [] allocate room for 17): this runs on every request.
  const n = (r.templateFp ? 1 : 0) + (r.systemFp ? 1 : 0) + (netFp ? 1 : 0);
  const org = r.account.org !== null && r.account.org !== "" && p.org.enabled ? orgFp(r.account.org) : null;
  const fps = new Array<{ kind: FpKind; fp: string }>(n);
  let k = 0;
  if (r.templateFp) fps[k++] = { kind: "template", fp: r.templateFp };
  if (r.systemFp) fps[k++] = { kind: "system", fp: r.systemFp };
  if (netFp) fps[k++] = { kind: "network", fp: netFp };
  const out = new Array<FpObservation>(n + (org ? 1 : 0));
  for (let i = 0; i < n; i++) {
    const f = fps[i]!;
    const related: FpObservation["related"] = new Array(n - 1);
    for (let j = 0, q = 0; j < n; j++) if (j !== i) related[q++] = fps[j]!;
    // Literals rather than `{ ...f, at }` here and below: V8 (Node 20) takes a slow
    // path, microseconds each, for a spread followed by properties it lacks.
    out[i] = { kind: f.kind, fp: f.fp, at: r.at, member, net: f.kind === "network" ? net : null, related, text: f.kind === "template" ? (r.promptHash ?? null) : null };
  }
  if (org) out[n] = { kind: "org", fp: org, at: r.at, member, net: null, related: fps, text: null };
  return out;
}

/**
 * The stored fingerprint a new one joins: itself if known, else the nearest
 * stored template within SimHash distance (the same template, filled
 * differently; the first in `known`'s order among the nearest). Network
 * and org fingerprints are exact.
 */
export function resolveFingerprint(known: Iterable<string> | ReadonlySet<string>, kind: FpKind, fp: string): string {
  if (!joinsNearDuplicates(kind) || ("has" in known && known.has(fp))) return fp;
  return nearestFingerprint(parsed(known), fp);
}

function* parsed(known: Iterable<string>): Generator<KnownFp> {
  for (const fp of known) yield { fp, words: fpWords(fp) };
}

/** A stored fingerprint with its parsed form (fp-words.ts), for callers that keep it. */
export interface KnownFp {
  fp: string;
  words: FpWords;
}

/** resolveFingerprint's search for a template or system-prompt fingerprint. */
export function nearestFingerprint(known: Iterable<KnownFp>, fp: string): string {
  const target = fpWords(fp);
  let best = fp;
  let bestD = SAME_TEMPLATE_MAX_DISTANCE + 1;
  for (const k of known) {
    if (k.fp === fp) return fp;
    const d = wordsDistance(k.words, target);
    if (d < bestD) {
      best = k.fp;
      bestD = d;
    }
  }
  return best;
}

/** Most recent first; the least recently seen member is dropped past `max`. */
function upsertMember(members: Member[], o: FpObservation, max: number): Member[] {
  const m = o.member;
  let at = -1;
  let same = 0;
  for (let i = 0; i < members.length; i++) {
    if (members[i]!.account !== m.account) continue;
    if (at < 0) at = i;
    same++;
  }
  const prev = at < 0 ? undefined : members[at]!;
  const next: Member = {
    account: m.account, org: m.org, tier: m.tier, verified: m.verified, createdAt: m.createdAt, risk: m.risk,
    restricted: m.restricted, ip: m.ip, asn: m.asn,
    // A weighted mean, so one odd request neither makes nor clears a member.
    extraction: prev ? 0.7 * prev.extraction + 0.3 * m.extraction : m.extraction,
    heavy: prev ? 0.7 * prev.heavy + 0.3 * m.heavy : m.heavy,
    operates: prev ? 0.7 * prev.operates + 0.3 * m.operates : m.operates,
    firstSeen: prev?.firstSeen ?? o.at, lastSeen: o.at, count: (prev?.count ?? 0) + 1,
  };
  if (same === 1 && members.length <= max) {
    // The usual case, a known member's next request: the same members with it moved to the front,
    // copied natively (slice) rather than one by one (2-3x faster in a micro-benchmark).
    const out = members.slice();
    for (let i = at; i > 0; i--) out[i] = out[i - 1]!;
    out[0] = next;
    return out;
  }
  // Sized up front: pushing onto [next] regrows the array twice or three times for a full state.
  const out = new Array<Member>(1 + Math.max(0, Math.min(max - 1, members.length - same)));
  out[0] = next;
  for (let i = 0, j = 1; i < members.length && j < out.length; i++) if (members[i]!.account !== m.account) out[j++] = members[i]!;
  return out;
}

/**
 * Most used first, ties in their order: what a stable sort by descending
 * count gives, as an insertion sort (at most 10 entries, nearly always in
 * order already, where Array.prototype.sort's set-up costs more).
 */
function sortByCountDesc(rel: FpState["related"]): void {
  for (let i = 1; i < rel.length; i++) {
    const x = rel[i]!;
    let j = i - 1;
    while (j >= 0 && rel[j]!.count < x.count) {
      rel[j + 1] = rel[j]!;
      j--;
    }
    rel[j + 1] = x;
  }
}

function mergeRelated(rel: FpState["related"], add: FpObservation["related"]): FpState["related"] {
  // A new array (of room for every addition: a push would regrow it); only the entries whose
  // count changes are new objects (states are never mutated).
  const out: FpState["related"] = new Array(rel.length + add.length);
  let len = rel.length;
  for (let i = 0; i < len; i++) out[i] = rel[i]!;
  for (const a of add) {
    let i = 0;
    while (i < len && !(out[i]!.kind === a.kind && out[i]!.fp === a.fp)) i++;
    // A literal in the entry's key order, not `{ ...out[i], count }` (see splitReport).
    if (i < len) out[i] = { kind: out[i]!.kind, fp: out[i]!.fp, count: out[i]!.count + 1 };
    else out[len++] = { kind: a.kind, fp: a.fp, count: 1 };
  }
  out.length = len;
  sortByCountDesc(out);
  if (out.length > MAX_RELATED) out.length = MAX_RELATED;
  return out;
}

/** The last account whose hash textsWith computed: a report's fingerprints come one after another. */
let textAccount: string | null = null;
let textAccountHash = 0;

/**
 * A template state's recent texts after `account` sent the text `hash`:
 * a new text joins them (newest first, MAX_TEXTS at most); a known one from
 * another account is a repeat, and is kept as that account's last; a known
 * one from the same account changes nothing and counts for nothing.
 */
function textsWith(texts: FpState["texts"], hash: number, account: string): { texts: FpState["texts"]; counts: boolean; repeat: boolean } {
  if (account !== textAccount) {
    textAccount = account;
    textAccountHash = fnv1a(account) | 0;
  }
  const who = textAccountHash;
  for (let i = 0; i < texts.length; i++) {
    const e = texts[i]!;
    if (e[0] !== hash) continue;
    if (e[1] === who) return { texts, counts: false, repeat: false };
    const out = texts.slice();
    out[i] = [hash, who];
    return { texts: out, counts: true, repeat: true };
  }
  const out: FpState["texts"] = new Array(Math.min(MAX_TEXTS, texts.length + 1));
  out[0] = [hash, who];
  for (let i = 1; i < out.length; i++) out[i] = texts[i - 1]!;
  return { texts: out, counts: true, repeat: false };
}

/** Fold one observation into its fingerprint's state and run the campaign lifecycle. */
export function observe(prev: FpState | null, o: FpObservation, p: CampaignPolicy, now: number): IndexResult {
  const start = prev ?? emptyState(o.kind, o.fp, now, p.windowMs);
  // Swept only when due: sweep's no-op effects are three objects per observation for nothing.
  const swept = sweepDue(start, p, now) ? sweep(start, p, now) : null;
  const t = swept ? swept.state : start;
  const sketch = rotated(t.sketch, Math.floor(now / p.windowMs));
  const est = isEstablished(o.member, p, now);
  // Every field spelled out rather than `{ ...t, … }`: states reach here in several
  // object shapes (new, observed, parsed from storage), where V8's spread is slow.
  const txt = typeof o.text === "number" ? textsWith(t.texts, o.text, o.member.account) : null;
  const s: FpState = {
    kind: t.kind, fp: t.fp, firstSeen: t.firstSeen, lastSeen: Math.max(t.lastSeen, now), reports: t.reports + 1,
    sketch: withAccount(sketch, o.member.account, est),
    members: upsertMember(t.members, o, p.maxMembers),
    related: mergeRelated(t.related, o.related),
    texts: txt ? txt.texts : t.texts,
    textReports: t.textReports + (txt && txt.counts ? 1 : 0),
    repeated: t.repeated + (txt && txt.repeat ? 1 : 0),
    net: o.net ?? t.net, campaign: t.campaign, dismissed: t.dismissed,
  };
  const r = decideCampaign(s, p, now);
  const c = r.state.campaign;
  const m = r.state.members[0]!;
  // An org campaign's evidence is against the org's vouching, so it reaches every member, established ones included.
  const implicated = s.kind === "org" || (!isEstablished(m, p, now) && (m.restricted || now - m.createdAt < p.youngDays * DAY));
  // Any other member (established, or aged and unverified) that asks for the reasoning in full through a prompt fingerprint
  // nearly every time, as the campaign's restricted members do, is told of it for the request-level hold only
  // (policy.campaign.account.harvestHoldSuspected).
  const holdOnly = !implicated && holdsForHarvest(s.kind, m, p);
  const finding: CampaignFinding | null = isActive(c)
    ? implicated || holdOnly
      ? {
        campaignId: c.id, kind: s.kind, fp: s.fp, status: c.status, confidence: c.confidence,
        reasons: findingReasons(c.id, c.status, s.kind), ...(holdOnly ? { hold: true as const } : {}),
      }
      : null
    // No campaign: the hold alone, where nearly all the fingerprint's established users run it as machines harvesting the
    // reasoning (policy.campaign.account.harvestHoldOperated) and this member sends it as they do.
    : holdOnly && m.operates >= 0.5 && operatedHarvest(r.state, p, now) > 0 ? operatedFinding(s.kind, s.fp) : null;
  const unpublish = swept && swept.unpublish.length ? [...swept.unpublish, ...r.unpublish] : r.unpublish;
  return { state: r.state, publish: r.publish, unpublish, changed: r.changed || (swept !== null && swept.changed), finding };
}

/**
 * The hold-only finding of a fingerprint without a campaign (operatedHarvest): named as its campaign would be, so
 * that the account's hold matches the request's fingerprint to it (account/campaign-intel.ts harvestHoldCode),
 * status suspected at confidence 0. Made once per fingerprint and shared (bounded by clearing).
 */
const operatedFindings = new Map<string, CampaignFinding>();

function operatedFinding(kind: FpKind, fp: string): CampaignFinding {
  const id = campaignIdOf(kind, fp);
  let f = operatedFindings.get(id);
  if (f === undefined) {
    if (operatedFindings.size >= 1024) operatedFindings.clear();
    const reasons = Object.freeze([`campaign:${id}`, "harvest-operated", `campaign-${kind}-fingerprint`]) as string[];
    f = Object.freeze({ campaignId: id, kind, fp, status: "suspected" as const, confidence: 0, reasons, hold: true as const });
    operatedFindings.set(id, f);
  }
  return f;
}

/** A member a hold-only finding goes to (the caller checks that the campaign does not implicate it). */
function holdsForHarvest(kind: FpKind, m: Member, p: CampaignPolicy): boolean {
  const w = p.account;
  return w.harvestHoldSuspected && w.harvestHold <= 1 && joinsNearDuplicates(kind) && m.heavy >= p.minority.harvestingMember;
}

/**
 * A finding's reason codes, made once per campaign, status and kind: an
 * active campaign's accounts get a finding on most requests, and the codes
 * are only read. Frozen and shared; bounded by clearing.
 */
const findingCodes = new Map<string, (string[] | undefined)[]>();

function findingReasons(id: string, status: "suspected" | "confirmed", kind: FpKind): string[] {
  let slots = findingCodes.get(id);
  if (!slots) {
    if (findingCodes.size >= 1024) findingCodes.clear();
    findingCodes.set(id, (slots = new Array<string[] | undefined>(2 * FP_KINDS.length).fill(undefined)));
  }
  // Slot by status and kind (two statuses of an active campaign, each kind).
  const i = (status === "confirmed" ? FP_KINDS.length : 0) + FP_KIND_INDEX[kind];
  return (slots[i] ??= Object.freeze([`campaign:${id}`, `campaign-${status}`, `campaign-${kind}-fingerprint`]) as string[]);
}
