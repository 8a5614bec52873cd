/**
 * Cross-account evidence in the account machine (issue 5): the campaigns the
 * index found the account in (kept in its state, bounded and expiring), and
 * the fingerprint blocklist entries its request matched at the edge (a
 * confirmed campaign's published template, a peer's client fingerprint).
 * Pure, like the rest of the machine.
 *
 * The evidence is scaled by the account's exposure: a fresh, unverified,
 * cheap account that shows a campaign's fingerprint is most likely one of
 * its accounts, so it is contained from its first requests; an established
 * verified account using the same template is a customer who happens to, so
 * campaign evidence adds nothing to it, unless the campaign is its own
 * org's (kind `org`), whose vouching is what made it established. The terms form their own family
 * ("campaign"), which never counts as corroboration (behaviour.ts): campaign
 * evidence alone degrades, it never throttles, challenges or blocks.
 */
import * as z from "zod";
import { FP_KINDS, parseCampaignId, type CampaignFinding, type CampaignPolicy } from "../campaign/types.js";
import { sameTemplate } from "../detect/fingerprint.js";
import type { Signals } from "../detect/types.js";
import { networkFingerprints, type NetworkParts } from "../intel/network-fp.js";
import type { BlocklistEntry, BlocklistKind } from "../intel/types.js";
import type { AccountInfo } from "./record.js";
import { isContracted } from "./identity.js";
import { isCheapTier, sortTerms, type Term } from "./risk.js";

const DAY = 86_400_000;
export const MAX_NOTED = 8;

/**
 * A blocklist entry the request matched that is evidence, not a block
 * (routes/proxy.ts reads them next to the blocklist check): a fingerprint
 * (a confirmed campaign's published template, a peer's client fingerprint),
 * or a peer's AS number or bare JA4 (intel/match.ts blocks).
 */
export interface FingerprintHit {
  kind: Extract<BlocklistKind, "templateFp" | "systemFp" | "networkFp" | "asn" | "ja4" | "ip">;
  source: string;
  confidence: number;
  reason: string;
}

/**
 * The fingerprint entries to look up for a request's evidence, in order:
 * its template, its system prompt, its client (JA4 + User-Agent + ASN, then
 * without the ASN, as peers share it). A peer's AS number or JA4 is
 * evidence too: the blocklist check, which reads those keys, returns it
 * (intel/blocklist.ts findBlock, replay/blocklist.ts check).
 */
export function fingerprintLookups(signals: Signals | null, client: NetworkParts): { kind: FingerprintHit["kind"]; value: string }[] {
  const out: { kind: FingerprintHit["kind"]; value: string }[] = [];
  eachFingerprintLookup(signals, client, (kind, value) => void out.push({ kind, value }));
  return out;
}

/** fingerprintLookups' entries in its order, each handed to `visit` as it comes (the replay's engine looks them up without listing them). */
export function eachFingerprintLookup(signals: Signals | null, client: NetworkParts, visit: (kind: FingerprintHit["kind"], value: string) => void): void {
  if (signals?.templateFp) visit("templateFp", signals.templateFp);
  if (signals?.systemFp) visit("systemFp", signals.systemFp);
  for (const v of networkFingerprints(client)) visit("networkFp", v);
}

/** An evidence entry as the account machine takes it: a fingerprint lookup's, or the blocklist check's evidence. */
export function toHit(e: BlocklistEntry): FingerprintHit {
  return { kind: e.kind as FingerprintHit["kind"], source: e.source, confidence: e.confidence, reason: e.reason.slice(0, 200) };
}

export const NotedCampaign = z.object({
  campaignId: z.string().max(64),
  /** Every FP_KINDS kind; an org's (added later) is an enum value older states simply lack. */
  kind: z.enum(FP_KINDS),
  status: z.enum(["suspected", "confirmed"]),
  confidence: z.number().int().min(0).max(100),
  firstAt: z.number().int().nonnegative(),
  lastAt: z.number().int().nonnegative(),
  /** Noted for the request-level hold only (CampaignFinding.hold): not evidence about the account. States stored before it have none. */
  hold: z.boolean().default(false),
});
export type NotedCampaign = z.infer<typeof NotedCampaign>;

/**
 * Fold the index's findings into the account's list: the newest first, at
 * most MAX_NOTED, each forgotten `memoryMs` after it was last noted.
 */
export function noteCampaigns(noted: readonly NotedCampaign[], findings: readonly CampaignFinding[], p: CampaignPolicy, now: number): NotedCampaign[] {
  // Loops, not filter/find/spread with closures: an account in a campaign gets a finding on most requests.
  let out: NotedCampaign[] = [];
  for (const n of noted) if (n.lastAt + p.account.memoryMs > now) out.push(n);
  for (const f of findings) {
    let prev: NotedCampaign | undefined;
    let others = 0;
    for (const n of out) {
      if (n.campaignId !== f.campaignId) others++;
      else prev ??= n;
    }
    const next: NotedCampaign = {
      campaignId: f.campaignId.slice(0, 64), kind: f.kind, status: f.status,
      confidence: Math.max(0, Math.min(100, Math.round(f.confidence))), firstAt: prev?.firstAt ?? now, lastAt: now,
      // Hold-only while every finding of it has been: one that implicates the account makes it evidence.
      hold: f.hold === true && (prev === undefined || prev.hold),
    };
    // The newest first, then the others in their order.
    const moved = new Array<NotedCampaign>(others + 1);
    moved[0] = next;
    for (let i = 0, j = 1; i < out.length; i++) if (out[i]!.campaignId !== f.campaignId) moved[j++] = out[i]!;
    out = moved;
  }
  return out.length > MAX_NOTED ? out.slice(0, MAX_NOTED) : out;
}

/**
 * How much campaign evidence says about this account: 1 young and
 * unverified … 0 established and verified. Campaigns keep opening fresh
 * cheap accounts; an account with history has more to lose and more reasons
 * to share a popular prompt.
 */
export function campaignExposure(a: AccountInfo, p: CampaignPolicy, now: number): number {
  if (isContracted(a)) return 0;
  const cheap = isCheapTier(a.tier);
  const age = now - a.createdAt;
  const young = age < p.youngDays * DAY;
  if (!a.verified) return young ? 1 : age < 90 * DAY ? (cheap ? 0.5 : 0.25) : (cheap ? 0.25 : 0.1);
  if (young) return cheap ? 0.6 : 0.4;
  if (age >= 90 * DAY) return 0;
  return cheap ? 0.25 : 0.2;
}

/** hitCode of peers' entries, by kind and source (a few peers, on every request that matches one): bounded by clearing. */
const peerCodes = new Map<string, string>();

/** A reason code naming where the evidence came from: the campaign itself, or the peer that shared it. */
export function hitCode(h: FingerprintHit): string {
  if (h.source.startsWith("campaign:")) return h.source.slice(0, 80);
  const key = `${h.kind}|${h.source}`; // kinds have no "|"
  let code = peerCodes.get(key);
  if (code === undefined) {
    if (peerCodes.size >= 1024) peerCodes.clear();
    const slug = h.source.toLowerCase().replace(/[^a-z0-9:]+/g, "-").replace(/-+$/, "");
    peerCodes.set(key, (code = `intel:${h.kind}:${slug}`.slice(0, 80)));
  }
  return code;
}

/** `campaign:<id>` by campaign id (a few campaigns, on every request of their accounts): bounded by clearing. */
const campaignCodes = new Map<string, string>();

function campaignCode(id: string): string {
  let code = campaignCodes.get(id);
  if (code === undefined) {
    if (campaignCodes.size >= 1024) campaignCodes.clear();
    campaignCodes.set(id, (code = `campaign:${id}`));
  }
  return code;
}

/**
 * The largest positive value per code, as terms. A list searched linearly
 * rather than a Map: there are a few at most (MAX_NOTED, four hits), and
 * this runs on every request of an account with campaign evidence.
 */
function keepLargest(best: Term[], code: string, v: number): void {
  for (let i = 0; i < best.length; i++) {
    const t = best[i]!;
    if (t.code !== code) continue;
    if (v > t.value) t.value = v;
    return;
  }
  if (v > 0) best.push({ code, family: "campaign", value: v });
}

function hitWeight(h: FingerprintHit, w: CampaignPolicy["account"]): number {
  switch (h.kind) {
    case "templateFp": case "systemFp": return w.promptHit;
    case "networkFp": case "ip": return w.networkHit;
    default: return w.networkWideHit;
  }
}

/**
 * The blocklisted prompt fingerprint a request asking for heavy reasoning is held for (policy.campaign.account.harvestHold),
 * as its reason code, or null: the first template or system-prompt hit, when the account's exposure is at least the
 * policy's: its standing's (campaignExposure), or `floor`, its own stream's (behaviour.ts holdFloor), the latter
 * only while `operates` (its network or hours are not one person's: harvestHoldOperation). Without a hit, on the
 * stream alone: a `noted` campaign (hold-only findings too) whose template or system prompt the request's `signals`
 * name (harvestHoldSuspected), or the account's own org's (harvestHoldOrg). The caller checks the request.
 */
export function harvestHoldCode(
  hits: readonly FingerprintHit[], a: AccountInfo, p: CampaignPolicy, now: number, floor: number, operates: boolean,
  noted: readonly NotedCampaign[] = NO_NOTED, signals: Pick<Signals, "templateFp" | "systemFp"> | null = null,
): string | null {
  const bar = p.account.harvestHold;
  if (!p.enabled || bar > 1) return null;
  const byStream = floor >= bar && (operates || !p.account.harvestHoldOperation);
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i]!;
    if (h.kind !== "templateFp" && h.kind !== "systemFp") continue;
    return byStream || campaignExposure(a, p, now) >= bar ? hitCode(h) : null;
  }
  // Before its campaign is confirmed and published (harvestHoldSuspected): a campaign the account was told of whose
  // fingerprint the request's is (a near-duplicate template's too), on the account's own stream alone.
  if (!byStream || !p.account.harvestHoldSuspected || signals === null) return null;
  for (let i = 0; i < noted.length; i++) {
    const n = noted[i]!;
    if (n.lastAt + p.account.memoryMs <= now) continue;
    if (n.kind === "org") { if (p.account.harvestHoldOrg) return campaignCode(n.campaignId); continue; }
    const fp = n.kind === "template" ? signals.templateFp : n.kind === "system" ? signals.systemFp : null;
    const id = fp ? parseCampaignId(n.campaignId) : null;
    if (id && sameTemplate(fp!, id.fp)) return campaignCode(n.campaignId);
  }
  return null;
}

const NO_NOTED: readonly NotedCampaign[] = Object.freeze([]);

/** No campaign terms (most requests), shared: the result is only read when there are none to cut. */
const NO_TERMS = Object.freeze([]) as readonly never[] as never[];

/**
 * The account as the risk model should see it when a campaign of its own org is noted and live
 * (`status` confirmed, within account.memoryMs): without the org and without the org's enterprise
 * contract, whose vouching is what the org campaign withdraws. Otherwise the account itself.
 */
export function withoutOrgVouching(a: AccountInfo, noted: readonly NotedCampaign[], p: CampaignPolicy, now: number): AccountInfo {
  if (a.org === null || !p.enabled || !p.org.withdrawVouching) return a;
  for (let i = 0; i < noted.length; i++) {
    const n = noted[i]!;
    if (n.kind === "org" && n.status === "confirmed" && n.lastAt + p.account.memoryMs > now) {
      return { ...a, org: null, tier: a.tier === "enterprise" ? "paid" : a.tier };
    }
  }
  return a;
}

function notesOrg(noted: readonly NotedCampaign[]): boolean {
  for (let i = 0; i < noted.length; i++) if (noted[i]!.kind === "org") return true;
  return false;
}

/**
 * The campaign family's risk terms (log-odds), largest first, their sum capped at `account.max`.
 * Each is scaled by the account's exposure, except an org campaign's finding, which counts at
 * exposure 1: an org whose own accounts are restricted for extraction no longer vouches for
 * its other accounts. The family never corroborates (behaviour.ts), so it only ever degrades.
 */
export function campaignTerms(
  noted: readonly NotedCampaign[], hits: readonly FingerprintHit[], a: AccountInfo, p: CampaignPolicy, now: number, floor = 0,
): Term[] {
  if (!p.enabled || (noted.length === 0 && hits.length === 0)) return NO_TERMS;
  // `floor`: what the account's own stream says whatever its standing (behaviour.ts exposureFloor): traffic through
  // a proxy pool (risk.ts pooled), or requests sent as the campaign sends them (risk.ts agreement, harvestAgreement).
  const exposure = Math.max(campaignExposure(a, p, now), floor);
  if (exposure === 0 && !notesOrg(noted)) return NO_TERMS;
  const out: Term[] = [];
  const w = p.account;
  // Indexed loops, not for-of (the lists may be holey: noteCampaigns sizes them up front); measured ~5% of this function.
  for (let i = 0; i < noted.length; i++) {
    const n = noted[i]!;
    if (n.hold || n.lastAt + w.memoryMs <= now) continue;
    // An org's campaign counts in full: the org's trust is what the account's prior drew on (risk.ts priorTerms, trustFactor).
    const x = n.kind === "org" ? 1 : exposure;
    keepLargest(out, campaignCode(n.campaignId), (n.status === "confirmed" ? w.confirmed : w.suspected) * (n.confidence / 100) * x);
  }
  for (const h of hits) keepLargest(out, hitCode(h), hitWeight(h, w) * (h.confidence / 100) * exposure);
  // Largest first, ties by code (codes are distinct), then capped: the terms are this call's own, so cut in place.
  sortTerms(out);
  let left = w.max;
  let kept = 0;
  for (const t of out) {
    const value = Math.min(t.value, left);
    if (value <= 0) break;
    t.value = value;
    left -= value;
    kept++;
  }
  while (out.length > kept) out.pop(); // not out.length = kept: a runtime call, even when the length stays
  return out;
}
