/**
 * Whether the population of one fingerprint is a campaign (pure): the
 * bounded state's members, the distinct-account sketches, and the rules that
 * keep legitimate shared templates out. See cluster.ts for the overview.
 */
import { sameTemplate, templateFingerprint } from "../detect/fingerprint.js";
import type { CampaignPolicy, FpState, Member } from "./types.js";

export const DAY = 86_400_000;
const SKETCH_BITS = 1024;
export const EMPTY_SKETCH = "0".repeat(SKETCH_BITS / 4);

/** System prompts SDKs and tutorials put in by default: shared by everyone, never a campaign. */
const BUILTIN_ALLOW = [
  "You are a helpful assistant.",
  "You are a helpful AI assistant.",
  "You are a helpful assistant. Answer the user's questions.",
  "You are an AI assistant that helps people find information.",
].map((t) => ({ fp: templateFingerprint(t), label: "sdk-default-system-prompt" }));

// ---- distinct-account sketch (linear counting, Whang et al. 1990) ----

function accountBit(account: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < account.length; i++) h = Math.imul(h ^ account.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  return (Math.imul(h, 0x2c1b3c6d) >>> 0) % SKETCH_BITS;
}

export function sketchAdd(hex: string, account: string): string {
  const bit = accountBit(account);
  const i = bit >> 2;
  const nibble = parseInt(hex[i]!, 16) | (1 << (bit & 3));
  return hex.slice(0, i) + nibble.toString(16) + hex.slice(i + 1);
}

/** Distinct accounts in the union of bitmaps; saturates near 7,000 (then "many" is all that matters). */
export function sketchCount(...hexes: string[]): number {
  let zeros = 0;
  for (let i = 0; i < SKETCH_BITS / 4; i++) {
    let n = 0;
    for (const h of hexes) n |= parseInt(h[i] ?? "0", 16);
    zeros += 4 - (n & 1) - ((n >> 1) & 1) - ((n >> 2) & 1) - ((n >> 3) & 1);
  }
  return Math.round(SKETCH_BITS * Math.log(SKETCH_BITS / Math.max(zeros, 1)));
}

export function emptyState(kind: FpState["kind"], fp: string, now: number, windowMs: number): FpState {
  return {
    kind, fp, firstSeen: now, lastSeen: now, reports: 0,
    sketch: { epoch: Math.floor(now / windowMs), all: EMPTY_SKETCH, est: EMPTY_SKETCH, prevAll: EMPTY_SKETCH, prevEst: EMPTY_SKETCH },
    members: [], related: [], net: null, campaign: null, dismissed: null,
  };
}

export function isEstablished(m: Pick<Member, "verified" | "createdAt" | "restricted" | "risk">, p: CampaignPolicy, now: number): boolean {
  return m.verified && now - m.createdAt >= p.youngDays * DAY && !m.restricted && m.risk < p.riskMin;
}

export function isSuspicious(m: Member, p: CampaignPolicy, now: number): boolean {
  if (m.restricted) return true;
  const youngOrUnverified = !m.verified || now - m.createdAt < p.youngDays * DAY;
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
  const near = (a: string) => (kind === "network" ? a === fp : sameTemplate(a, fp));
  const hit = p.allow.find((a) => (a.kind === undefined || a.kind === kind) && near(a.fp));
  if (hit) return hit.label;
  return kind === "network" ? null : (BUILTIN_ALLOW.find((a) => near(a.fp))?.label ?? null);
}

export function windowMembers(s: FpState, p: CampaignPolicy, now: number): Member[] {
  return s.members.filter((m) => m.lastSeen > now - p.windowMs);
}

export function assess(s: FpState, p: CampaignPolicy, now: number): Assessment {
  const w = windowMembers(s, p, now);
  const n = w.length;
  const suspicious = w.filter((m) => isSuspicious(m, p, now)).length;
  const restricted = w.filter((m) => m.restricted).length;
  const established = w.filter((m) => isEstablished(m, p, now)).length;
  const orgs = new Map<string, number>();
  for (const m of w) if (m.org) orgs.set(m.org, (orgs.get(m.org) ?? 0) + 1);
  const topOrg = Math.max(0, ...orgs.values());
  const epoch = Math.floor(now / p.windowMs);
  const fresh = s.sketch.epoch === epoch ? [s.sketch.all, s.sketch.prevAll, s.sketch.est, s.sketch.prevEst] : s.sketch.epoch === epoch - 1 ? [s.sketch.all, "", s.sketch.est, ""] : ["", "", "", ""];
  const stats = {
    members: n, suspicious, restricted, established, topOrgShare: n ? topOrg / n : 0,
    accounts: Math.max(n, sketchCount(fresh[0]!, fresh[1]!)), establishedAccounts: Math.max(established, sketchCount(fresh[2]!, fresh[3]!)),
  };
  const legit = (reason: string): Assessment => ({ verdict: "legit", reasons: [reason], confidence: 0, stats });
  const allowed = allowedBy(s.kind, s.fp, p);
  if (allowed) return legit(`allowlisted:${allowed}`);
  if (s.dismissed && (s.dismissed.until === null || s.dismissed.until > now)) return legit("dismissed-by-operator");
  if (stats.establishedAccounts >= p.establishedCommon) return legit("common-among-established-accounts");
  if (stats.establishedAccounts >= p.establishedMin && stats.establishedAccounts >= p.establishedRatio * stats.accounts) {
    return legit("shared-with-established-accounts");
  }
  if (topOrg >= 2 && stats.topOrgShare >= p.singleOrgShare) return legit("single-org");
  if (restricted >= p.minRestricted && restricted / n >= p.restrictedShare) {
    const confidence = clamp(60 + 5 * (restricted - p.minRestricted) + Math.round(20 * (restricted / n)), 60, 95);
    return { verdict: "campaign", reasons: [`restricted-accounts:${restricted}`, `accounts:${stats.accounts}`], confidence, stats };
  }
  if (n && established / n >= p.establishedShare) return legit("established-accounts");
  const share = n ? suspicious / n : 0;
  if (suspicious >= p.minAccounts && share >= p.minSuspiciousShare) {
    const confidence = clamp(
      50 + Math.min(30, 4 * (suspicious - p.minAccounts)) + Math.round((30 * (share - p.minSuspiciousShare)) / Math.max(0.01, 1 - p.minSuspiciousShare)),
      50, 95,
    );
    return { verdict: "campaign", reasons: [`young-or-unverified-extraction-accounts:${suspicious}`, `accounts:${stats.accounts}`], confidence, stats };
  }
  return { verdict: "watch", reasons: [], confidence: 0, stats };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

