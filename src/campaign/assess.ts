/**
 * Whether the population of one fingerprint is a campaign (pure): the
 * bounded state's members, the distinct-account sketches, and the rules that
 * keep legitimate shared templates out. See cluster.ts for the overview.
 */
import { isContracted } from "../account/identity.js";
import { SAME_TEMPLATE_MAX_DISTANCE, templateFingerprint } from "../detect/fingerprint.js";
import { distanceTo, fpWords, hexWord } from "./fp-words.js";
import { EMPTY_SKETCH, sketchCount, windowCount } from "./sketch.js";
import { joinsNearDuplicates, type CampaignPolicy, type FpState, type Member } from "./types.js";

export const DAY = 86_400_000;
export { EMPTY_SKETCH, sketchAdd, sketchCount } from "./sketch.js";

/** System prompts SDKs and tutorials put in by default: shared by everyone, never a campaign. */
const BUILTIN_ALLOW = [
  "You are a helpful assistant.",
  "You are a helpful AI assistant.",
  "You are a helpful assistant. Answer the user's questions.",
  "You are an AI assistant that helps people find information.",
].map((t) => ({ words: fpWords(templateFingerprint(t)!), label: "sdk-default-system-prompt" }));

export function emptyState(kind: FpState["kind"], fp: string, now: number, windowMs: number): FpState {
  return {
    kind, fp, firstSeen: now, lastSeen: now, reports: 0,
    sketch: { epoch: Math.floor(now / windowMs), all: EMPTY_SKETCH, est: EMPTY_SKETCH, prevAll: EMPTY_SKETCH, prevEst: EMPTY_SKETCH },
    members: [], related: [], texts: [], textReports: 0, repeated: 0, net: null, campaign: null, dismissed: null,
  };
}

/** Verified and past youngDays, or a verified enterprise account at any age (account/identity.ts isContracted). */
function seasoned(m: Pick<Member, "verified" | "createdAt" | "tier">, p: CampaignPolicy, now: number): boolean {
  return isContracted(m) || (m.verified && now - m.createdAt >= p.youngDays * DAY);
}

export function isEstablished(m: Pick<Member, "verified" | "createdAt" | "restricted" | "risk" | "tier">, p: CampaignPolicy, now: number): boolean {
  return seasoned(m, p, now) && !m.restricted && m.risk < p.riskMin;
}

export function isSuspicious(m: Member, p: CampaignPolicy, now: number): boolean {
  if (m.restricted) return true;
  const youngOrUnverified = !seasoned(m, p, now);
  return youngOrUnverified && (m.extraction >= p.extractionMin || m.risk >= p.riskMin);
}

// ---- assessment ----

export interface Assessment {
  verdict: "campaign" | "legit" | "watch";
  reasons: string[];
  confidence: number;
  stats: { members: number; suspicious: number; restricted: number; established: number; topOrgShare: number; accounts: number; establishedAccounts: number };
}

export function allowedBy(kind: FpState["kind"], fp: string, p: CampaignPolicy): string | null {
  if (!joinsNearDuplicates(kind)) {
    for (const a of p.allow) if ((a.kind === undefined || a.kind === kind) && a.fp === fp) return a.label;
    return null;
  }
  // Parsed once here, not once per allowlist entry, and as two numbers rather than an
  // FpWords object: this runs on every observation. The near-duplicate test is sameTemplate's.
  const hi = hexWord(fp, 0);
  const lo = hexWord(fp, 8);
  for (const a of p.allow) if ((a.kind === undefined || a.kind === kind) && distanceTo(fpWords(a.fp), hi, lo) <= SAME_TEMPLATE_MAX_DISTANCE) return a.label;
  for (const a of BUILTIN_ALLOW) if (distanceTo(a.words, hi, lo) <= SAME_TEMPLATE_MAX_DISTANCE) return a.label;
  return null;
}

export function windowMembers(s: FpState, p: CampaignPolicy, now: number): Member[] {
  return s.members.filter((m) => m.lastSeen > now - p.windowMs);
}

type Stats = Assessment["stats"];

/**
 * memberStats' result and its list of orgs: scratch, filled and read at once
 * (assess is synchronous), rather than an object and two arrays made on
 * every observation.
 */
const counted = { n: 0, suspicious: 0, restricted: 0, established: 0, vouching: 0, topOrg: 0, restrictedExtraction: 0, suspiciousExtraction: 0, suspiciousHeavy: 0 };
const orgNames: string[] = [];
const orgCounts: number[] = [];
/** How many of orgNames' entries the current count has filled (each caller starts it at 0). */
let orgsCounted = 0;

/** One more member of `org` in the scratch lists: the org's count now. */
function tallyOrg(org: string): number {
  let i = 0;
  while (i < orgsCounted && orgNames[i] !== org) i++;
  if (i === orgsCounted) {
    orgNames[orgsCounted] = org;
    orgCounts[orgsCounted++] = 1;
    return 1;
  }
  return ++orgCounts[i]!;
}

/**
 * The window's member counts and largest org, in one pass (the counts of windowMembers' filters), into `counted`;
 * and the restricted members' mean extraction on this fingerprint (0 without any). `restricted` counts the
 * members restricted at riskMin or more (the restricted-accounts rule's).
 */
function memberStats(s: FpState, p: CampaignPolicy, now: number): typeof counted {
  const since = now - p.windowMs;
  let n = 0, suspicious = 0, restricted = 0, established = 0, vouching = 0, topOrg = 0, rx = 0, sx = 0, sh = 0;
  const harvesting = p.minority.harvestingMember;
  // Members' orgs and their counts in two short lists rather than a Map: a state has at most
  // maxMembers members and few orgs among them. The first `orgsCounted` entries are this call's.
  orgsCounted = 0;
  for (const m of s.members) {
    if (!(m.lastSeen > since)) continue;
    n++;
    if (isSuspicious(m, p, now)) {
      suspicious++;
      sx += m.extraction;
      sh += m.heavy;
    }
    // Restricted at riskMin or more: an account on `watch` (risk from 0.35) is there mostly for being new
    // and unverified, and a crowd of new users on one client or one popular prompt is no campaign.
    if (m.restricted && m.risk >= p.riskMin) {
      restricted++;
      rx += m.extraction;
    }
    if (isEstablished(m, p, now)) {
      established++;
      // Vouching for the fingerprint (rule 3d): not asking for the reasoning in full through it nearly every time.
      if (!(m.heavy >= harvesting)) vouching++;
    }
    if (m.org) {
      const c = tallyOrg(m.org);
      if (c > topOrg) topOrg = c;
    }
  }
  counted.n = n;
  counted.suspicious = suspicious;
  counted.restricted = restricted;
  counted.established = established;
  counted.vouching = vouching;
  counted.topOrg = topOrg;
  counted.restrictedExtraction = restricted ? rx / restricted : 0;
  counted.suspiciousExtraction = suspicious ? sx / suspicious : 0;
  counted.suspiciousHeavy = suspicious ? sh / suspicious : 0;
  return counted;
}

/** Distinct accounts of the current window (and the previous one): all, or established ones. */
function sketchStat(s: FpState, p: CampaignPolicy, now: number, established: boolean): number {
  const epoch = Math.floor(now / p.windowMs);
  const k = s.sketch;
  if (k.epoch === epoch) return windowCount(k, established);
  if (k.epoch === epoch - 1) return sketchCount(established ? k.est : k.all, "");
  return 0; // sketchCount of empty bitmaps
}

/** A template whose texts are mostly one text sent verbatim (a benchmark's prompt), from enough reports to tell. */
function sentVerbatim(s: FpState, p: CampaignPolicy): boolean {
  return s.kind === "template" && s.textReports >= p.verbatimMin && s.repeated >= p.verbatimShare * s.textReports;
}

/** An operator dismissed the fingerprint, for good or until a time still ahead. */
function dismissedAt(s: FpState, now: number): boolean {
  return !!s.dismissed && (s.dismissed.until === null || s.dismissed.until > now);
}

/** `[reason]` by reason, frozen and shared: a legit verdict's reasons are only read (a few constant codes, and allowlist labels). */
const legitReasons = new Map<string, string[]>();

function legit(reason: string, stats: Stats): Assessment {
  let reasons = legitReasons.get(reason);
  if (reasons === undefined) {
    if (legitReasons.size >= 256) legitReasons.clear();
    legitReasons.set(reason, (reasons = Object.freeze([reason]) as string[]));
  }
  return { verdict: "legit", reasons, confidence: 0, stats };
}

/**
 * False only when `assess` cannot return a "campaign" verdict, checked without
 * assessing: the campaign rules need a count of window members (restricted
 * ones, at least minRestricted or the smaller of minority.minRestricted and minority.unvouchedMin; suspicious ones, at least minAccounts), and a
 * restricted member is a suspicious one, so fewer suspicious window members
 * than the smaller minimum rule both out, whatever the rest of the state.
 * Most observations are of fingerprints one or two accounts use (their own
 * template), where assessing costs more than the rest of the observation.
 */
export function mayBeCampaign(s: FpState, p: CampaignPolicy, now: number): boolean {
  if (s.kind === "org" && !p.org.enabled) return false;
  if (mayBeHarvest(s, p)) return true;
  // An org's one rule needs org.minRestricted restricted members, each a suspicious one.
  // At least 2 each (the policy schema).
  const need = s.kind === "org" ? p.org.minRestricted
    : p.minority.enabled ? Math.min(p.minRestricted, p.minAccounts, p.minority.minRestricted, p.minority.unvouchedMin)
    : Math.min(p.minRestricted, p.minAccounts);
  const members = s.members;
  if (members.length < need) return false;
  if (need <= 0) return true;
  const since = now - p.windowMs;
  let suspicious = 0;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (m.lastSeen > since && isSuspicious(m, p, now) && ++suspicious >= need) return true;
  }
  return false;
}

export function assess(s: FpState, p: CampaignPolicy, now: number): Assessment {
  const { n, suspicious, restricted, established, vouching, topOrg, restrictedExtraction, suspiciousExtraction, suspiciousHeavy } = memberStats(s, p, now);
  // Two numbers rather than a { all, est } object: this runs on every observation.
  const stats: Stats = {
    members: n, suspicious, restricted, established, topOrgShare: n ? topOrg / n : 0,
    accounts: Math.max(n, sketchStat(s, p, now, false)), establishedAccounts: Math.max(established, sketchStat(s, p, now, true)),
  };
  const allowed = allowedBy(s.kind, s.fp, p);
  if (allowed) return legit(`allowlisted:${allowed}`, stats);
  if (dismissedAt(s, now)) return legit("dismissed-by-operator", stats);
  if (s.kind === "org") return assessOrg(p, stats, restrictedExtraction);
  if (sentVerbatim(s, p)) return legit("sent-verbatim", stats);
  if (stats.establishedAccounts >= p.establishedCommon) return legit("common-among-established-accounts", stats);
  const byRestricted = restricted >= p.minRestricted && restricted / n >= p.restrictedShare && (s.kind !== "template" || restrictedExtraction >= p.restrictedTemplateExtraction);
  // More restricted members than established ones now: the established accounts that share it are the few, and
  // the window's sketch (establishedAccounts) still counts the members established when first seen and restricted since.
  if (byRestricted && restricted > established) return restrictedCampaign(p, stats);
  if (stats.establishedAccounts >= p.establishedMin && stats.establishedAccounts >= p.establishedRatio * stats.accounts) {
    // Unless a restricted minority is too large for a shared tool's users (rule 3d): only in place of this clearing.
    if (restrictedMinority(s.kind, restricted, n, established, vouching, restrictedExtraction, p)) return restrictedCampaign(p, stats);
    return legit("shared-with-established-accounts", stats);
  }
  if (topOrg >= 2 && stats.topOrgShare >= p.singleOrgShare) return legit("single-org", stats);
  if (byRestricted) return restrictedCampaign(p, stats);
  if (n && established / n >= p.establishedShare) return legit("established-accounts", stats);
  const harvest = harvestConfidence(s, p, now, stats.accounts);
  if (harvest > 0) return { verdict: "campaign", reasons: [`harvest-template:${stats.accounts}`, `accounts:${stats.accounts}`], confidence: harvest, stats };
  const share = n ? suspicious / n : 0;
  // For a template, as for rule 5: only when what the suspicious members send through it is at all extraction-like,
  // or asks for the reasoning in full (suspiciousTemplateHeavy). Accounts suspicious for what they send elsewhere also
  // send everyday prompts as cover, and the chat users who write such prompts themselves are no campaign's.
  if (suspicious >= p.minAccounts && share >= p.minSuspiciousShare && (s.kind !== "template" || sendsAsCampaign(suspiciousExtraction, suspiciousHeavy, p))) {
    const confidence = clamp(
      50 + Math.min(30, 4 * (suspicious - p.minAccounts)) + Math.round((30 * (share - p.minSuspiciousShare)) / Math.max(0.01, 1 - p.minSuspiciousShare)),
      50, 95,
    );
    return { verdict: "campaign", reasons: [`young-or-unverified-extraction-accounts:${suspicious}`, `accounts:${stats.accounts}`], confidence, stats };
  }
  return { verdict: "watch", reasons: [], confidence: 0, stats };
}

/** Rule 7's bar for a template: its suspicious members' mean extraction on it, or their share asking for the reasoning in full. */
function sendsAsCampaign(extraction: number, heavy: number, p: CampaignPolicy): boolean {
  return extraction >= p.restrictedTemplateExtraction || heavy >= p.suspiciousTemplateHeavy;
}

/**
 * Rule 3d (policy.minority, types.ts): restricted members too many, against all and against the established ones that
 * vouch for the fingerprint (`vouching`: not asking for the reasoning in full through it nearly every time), to be
 * a shared tool's few. Asked only where rule 3c would clear the fingerprint: without established accounts to outweigh,
 * rule 5's restricted half is the bar, as before.
 */
function restrictedMinority(
  kind: FpState["kind"], restricted: number, n: number, established: number, vouching: number, restrictedExtraction: number, p: CampaignPolicy,
): boolean {
  const r = p.minority;
  // No established member vouching (policy.minority.unvouchedMin): the established members that harvest are not the crowd.
  const unvouched = vouching === 0 && r.unvouchedMin < r.minRestricted;
  const need = unvouched ? r.unvouchedMin : r.minRestricted;
  const crowd = unvouched ? n - established : n;
  return r.enabled && kind !== "network" && restricted >= need && restricted >= r.share * crowd && restricted >= r.ofEstablished * vouching &&
    (kind !== "template" || restrictedExtraction >= p.restrictedTemplateExtraction);
}

/** The restricted-accounts rule's verdict (its conditions are the caller's). */
function restrictedCampaign(p: CampaignPolicy, stats: Stats): Assessment {
  const { members: n, restricted } = stats;
  const confidence = clamp(60 + 5 * (restricted - p.minRestricted) + Math.round(20 * (restricted / n)), 60, 95);
  return { verdict: "campaign", reasons: [`restricted-accounts:${restricted}`, `accounts:${stats.accounts}`], confidence, stats };
}

/**
 * An org's one rule (policy.org, types.ts). Its members are one org by
 * definition, and mostly established: the rules that clear a fingerprint
 * shared by one org or by established accounts, and those that need young
 * members, do not apply. Accounts of the org restricted by their own
 * behaviour, enough of them and a large enough share, sending
 * extraction-like requests at all, make the org a campaign; without that it
 * is only watched (never "legit": nothing here is evidence that it is).
 */
function assessOrg(p: CampaignPolicy, stats: Stats, restrictedExtraction: number): Assessment {
  const { members: n, restricted } = stats;
  const o = p.org;
  if (o.enabled && restricted >= o.minRestricted && restricted / n >= o.restrictedShare && restrictedExtraction >= p.restrictedTemplateExtraction) {
    const confidence = clamp(60 + 5 * (restricted - o.minRestricted) + Math.round(20 * (restricted / n)), 60, 95);
    return { verdict: "campaign", reasons: [`org-restricted-accounts:${restricted}`, `accounts:${stats.accounts}`], confidence, stats };
  }
  return { verdict: "watch", reasons: [], confidence: 0, stats };
}

/**
 * The fingerprint's established members that run it as a machine harvesting the reasoning
 * (policy.campaign.account.harvestHoldOperated): in the window, each asking for the reasoning in full through it nearly
 * every time (Member.heavy at least minority.harvestingMember) from a stream that shows how it operates
 * (Member.operates at least one half). Their number when they are at least harvestHoldOperated (or
 * harvestHoldOperatedCorroborated, when at least harvestHoldOperatedRestricted of the window's members that are not
 * established are restricted by the account machine), of more than one org
 * (an account without an org is one of its own) with none of them `singleOrgShare` or more, and at least
 * harvestHoldOperatedShare of the established members (the others use the fingerprint otherwise: without the reasoning
 * so, or as one person works); else 0.
 * Allowlisted, dismissed and verbatim fingerprints (assess) never count. Only a template or a system prompt. 0 with
 * the hold it serves off (harvestHoldSuspected false, or harvestHold above 1), as the admin detail shows it.
 */
export function operatedHarvest(s: FpState, p: CampaignPolicy, now: number): number {
  const w = p.account;
  const min = w.harvestHoldOperated;
  // With corroboration (harvestHoldOperatedCorroborated): fewer suffice when restricted members share the fingerprint.
  const least = w.harvestHoldOperatedCorroborated > 0 ? Math.min(min, w.harvestHoldOperatedCorroborated) : min;
  // Nobody is held through it with the hold off (cluster.ts holdsForHarvest): then it is nothing to show either.
  if (min <= 0 || !w.harvestHoldSuspected || w.harvestHold > 1 || (s.kind !== "template" && s.kind !== "system") || s.members.length < least) return 0;
  const since = now - p.windowMs;
  const harvesting = p.minority.harvestingMember;
  let n = 0, others = 0, topOrg = 0, solo = 0, restricted = 0;
  orgsCounted = 0;
  for (const m of s.members) {
    if (!(m.lastSeen > since)) continue;
    if (!isEstablished(m, p, now)) {
      if (m.restricted) restricted++;
      continue;
    }
    if (!(m.heavy >= harvesting) || !(m.operates >= 0.5)) {
      others++;
      continue;
    }
    n++;
    if (!m.org) {
      solo++;
      if (topOrg < 1) topOrg = 1;
      continue;
    }
    const c = tallyOrg(m.org);
    if (c > topOrg) topOrg = c;
  }
  if (n < least || (n < min && restricted < w.harvestHoldOperatedRestricted) || n < w.harvestHoldOperatedShare * (n + others) || orgsCounted + solo < 2 || topOrg >= p.singleOrgShare * n) return 0;
  if (allowedBy(s.kind, s.fp, p) !== null || dismissedAt(s, now)) return 0;
  if (sentVerbatim(s, p)) return 0;
  return n;
}

/**
 * False only when harvestConfidence is 0 whatever the members: its text
 * counts, and enough members for its account count. The sketch's estimate
 * (linear counting over 1024 bits) stays within a few percent of the
 * distinct accounts it holds at these counts, and members keep every
 * distinct account up to maxMembers, so fewer than half of minAccounts
 * members (below maxMembers) cannot make minAccounts accounts.
 */
function mayBeHarvest(s: FpState, p: CampaignPolicy): boolean {
  return harvestTexts(s, p) && s.members.length >= Math.min(p.maxMembers, p.harvest.minAccounts >> 1);
}

/** policy.harvest's conditions on the state's texts: on, a template, enough of its texts and few repeated. */
function harvestTexts(s: FpState, p: CampaignPolicy): boolean {
  const h = p.harvest;
  return h.enabled && s.kind === "template" && s.textReports >= h.minAccounts && s.repeated <= h.maxRepeatShare * s.textReports;
}

/**
 * The confidence of policy.harvest's rule (types.ts) for a template state,
 * or 0 when it does not hold: many distinct accounts, nearly every report a
 * new text, young or unverified members sending extraction-like requests
 * on average, though none need be suspicious on its own.
 */
function harvestConfidence(s: FpState, p: CampaignPolicy, now: number, accounts: number): number {
  const h = p.harvest;
  if (accounts < h.minAccounts || !harvestTexts(s, p)) return 0;
  const since = now - p.windowMs;
  let n = 0, young = 0, extraction = 0;
  for (const m of s.members) {
    if (!(m.lastSeen > since)) continue;
    n++;
    if (!seasoned(m, p, now)) young++;
    extraction += m.extraction;
  }
  if (n === 0 || young < h.minYoungShare * n || extraction < h.minExtraction * n) return 0;
  return clamp(h.confidence + 5 * (Math.floor(accounts / h.minAccounts) - 1), 0, 90);
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

