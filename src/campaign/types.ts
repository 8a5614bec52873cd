/**
 * Campaign index types (issue 5). The request path reports, off its critical
 * path, what each request looked like (`CampaignReport`); the report is split
 * into one observation per fingerprint (`FpObservation`), each sent to the
 * index shard owning that fingerprint; the shard answers with the campaigns
 * the account is now part of (`CampaignFinding[]`).
 *
 * Wiring (docs/intel.md): routes/proxy.ts reports each decided request
 * (`campaignReport()`, report.ts; `reportToCampaigns()`, client.ts) in
 * ctx.waitUntil and hands the findings to the account object
 * (`noteCampaigns`), whose machine turns them, and the fingerprint entries the
 * request matched at the edge, into risk terms (account/campaign-intel.ts,
 * weights in `CampaignPolicy.account`). The replay's node engine does the same
 * in memory (memory-index.ts).
 */
import * as z from "zod";
import { BLOCKLIST_KINDS, type BlocklistKind } from "../intel/types.js";
import { hex64 } from "../lib/hash32.js";
// Type only: policy/schema.ts will import CampaignPolicy from here, and a value import back would be a cycle.
import type { Tier } from "../policy/schema.js";

/**
 * What a fingerprint is of: a prompt template, a system prompt, a network
 * client, or an organisation. `org` is evidence kept inside this deployment:
 * an org campaign (an organisation whose own accounts are restricted for
 * extraction) is never published to the blocklists nor exported to peers
 * (lifecycle.ts campaignEntries, intel/stix.ts), so it has no blocklist kind.
 */
export const FP_KINDS = ["template", "system", "network", "org"] as const;
export type FpKind = (typeof FP_KINDS)[number];
/** The kinds whose campaigns may be published and shared. */
export type PublishedFpKind = Exclude<FpKind, "org">;
/** Each kind's place in FP_KINDS, for tables and keys indexed by kind. */
export const FP_KIND_INDEX: Record<FpKind, number> = { template: 0, system: 1, network: 2, org: 3 };

export const FP_BLOCK_KIND: Record<PublishedFpKind, BlocklistKind> = { template: "templateFp", system: "systemFp", network: "networkFp" };
const ID_PREFIX: Record<FpKind, string> = { template: "tpl", system: "sys", network: "net", org: "org" };

/**
 * Template and system-prompt fingerprints are SimHashes: a near one is the
 * same prompt filled differently, and joins the stored one. Network and org
 * fingerprints are exact hashes.
 */
export function joinsNearDuplicates(kind: FpKind): boolean {
  return kind === "template" || kind === "system";
}

/**
 * An org's fingerprint: 64 bits of a hash of its id (lib/hash32.ts hex64),
 * so that the index, its campaign ids and its listing hold no raw org id,
 * as they hold no raw prompt. Not a secret (an operator who knows the id
 * can compute it), only not the id itself.
 */
export function orgFingerprint(org: string): string {
  return hex64(`org\n${org}`);
}

/** Campaign ids name their fingerprint ("tpl-0123456789abcdef"), so the owning shard is known from the id alone. */
export function campaignIdOf(kind: FpKind, fp: string): string {
  return `${ID_PREFIX[kind]}-${fp}`;
}

export function parseCampaignId(id: string): { kind: FpKind; fp: string } | null {
  const m = /^(tpl|sys|net|org)-([0-9a-f]{16})$/.exec(id);
  if (!m) return null;
  const kind = FP_KINDS.find((k) => ID_PREFIX[k] === m[1])!;
  return { kind, fp: m[2]! };
}

/** The shard (Durable Object name) of a fingerprint: kind plus its first byte, 4 × 256 objects. */
export function shardOf(kind: FpKind, fp: string): string {
  return `${kind}:${fp.slice(0, 2)}`;
}

/** What the request path sends after each model request. */
export interface CampaignReport {
  at: number;
  account: { id: string; org: string | null; tier: Tier; verified: boolean; createdAt: number };
  /** Account risk in [0, 1] after this request (Decision.risk). */
  risk: number;
  /** The account machine already restricts this account (degrade, throttle, challenge or block). */
  restricted: boolean;
  /** Signals.extraction of this request, in [0, 1]. */
  extraction: number;
  /** The request asks for heavy reasoning (account/features.ts asksHeavyReasoning); absent from older callers: false. */
  heavy?: boolean;
  /** The account's own stream shows how it operates (Decision.operates); absent from older callers: false. */
  operates?: boolean;
  templateFp: string | null;
  systemFp: string | null;
  /** Signals.promptHash: the same for a prompt sent verbatim (absent from older callers). */
  promptHash?: number;
  client: { ip: string; asn: number | null; ja4: string | null; userAgent: string | null };
}

export interface MemberObservation {
  account: string;
  org: string | null;
  tier: Tier;
  verified: boolean;
  createdAt: number;
  risk: number;
  restricted: boolean;
  extraction: number;
  /** 1 when the request asks for heavy reasoning, else 0. */
  heavy: number;
  /** 1 when the account's own stream shows how it operates (CampaignReport.operates), else 0. */
  operates: number;
  ip: string;
  asn: number | null;
}

export interface NetParts {
  ja4: string | null;
  userAgent: string | null;
  asn: number | null;
}

/** One fingerprint of one report, as the owning shard receives it. */
export interface FpObservation {
  kind: FpKind;
  fp: string;
  at: number;
  member: MemberObservation;
  /** For network fingerprints: what it was computed from (exported to peers, never a secret). */
  net: NetParts | null;
  /** The report's other fingerprints, so a campaign can list the templates and clients it uses. */
  related: { kind: FpKind; fp: string }[];
  /** For template fingerprints: the prompt's hash (CampaignReport.promptHash), to tell a prompt sent verbatim from a filled template. */
  text?: number | null;
}

export const CAMPAIGN_STATUSES = ["suspected", "confirmed", "dismissed", "expired"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** What an account learns from the index: a campaign it is (now) part of. */
export interface CampaignFinding {
  campaignId: string;
  kind: FpKind;
  fp: string;
  status: "suspected" | "confirmed";
  confidence: number;
  /** Machine-readable, naming the campaign: "campaign:tpl-…", "campaign-confirmed". */
  reasons: string[];
  /**
   * For the request-level hold only (policy.campaign.account.harvestHoldSuspected): a member the campaign does not
   * implicate (established, or aged and unverified) that asks for the reasoning in full through the fingerprint
   * nearly every time. Not evidence about the account: its risk does not read it (campaign-intel.ts campaignTerms).
   */
  hold?: true;
}

const Frac = z.number().min(0).max(1);

export const CampaignPolicy = z.object({
  enabled: z.boolean().default(true),
  /** Distinct accounts are counted over this window. */
  windowMs: z.number().int().positive().default(24 * 3_600_000),
  /** Most recent distinct members kept per fingerprint (bounded state). */
  maxMembers: z.number().int().min(8).max(256).default(48),
  /** Suspicious members (young or unverified, extraction-like) needed for a campaign. */
  minAccounts: z.number().int().min(2).default(5),
  /**
   * A template whose prompts are sent verbatim is a popular prompt ("Are you
   * the new model?"), not a harvesting template: extraction needs many
   * distinct problems through few templates. After `verbatimMin` reports of
   * a new text or of another account's (FpState.textReports), a template is
   * legitimate while at least `verbatimShare` of them repeat one of its last
   * 8 distinct texts sent by another account.
   */
  verbatimMin: z.number().int().min(2).default(3),
  verbatimShare: Frac.default(0.5),
  minSuspiciousShare: Frac.default(0.6),
  youngDays: z.number().positive().default(14),
  extractionMin: Frac.default(0.5),
  riskMin: Frac.default(0.5),
  /**
   * A harvesting template seen from the population alone, when its accounts
   * each send too little for the account machine to restrict them (a
   * many-account campaign on its first day, or one whose accounts send a
   * few requests each): at least `minAccounts` distinct accounts in the
   * window sent it, nearly every report a new text (at most `maxRepeatShare`
   * repeats: many problems through one template, unlike a popular prompt),
   * at least `minYoungShare` of its window members young or unverified, and
   * their mean extraction score at least `minExtraction`. Its confidence is
   * `confidence`, plus 5 for each further `minAccounts` accounts (to 90).
   * Checked after every rule that clears a fingerprint (established
   * accounts, one org, sent verbatim). `enabled: false` turns it off.
   */
  harvest: z.object({
    enabled: z.boolean().default(true),
    minAccounts: z.number().int().min(5).default(20),
    maxRepeatShare: Frac.default(0.1),
    minYoungShare: Frac.default(0.8),
    minExtraction: Frac.default(0.35),
    confidence: z.number().int().min(0).max(100).default(80),
  }).default({ enabled: true, minAccounts: 20, maxRepeatShare: 0.1, minYoungShare: 0.8, minExtraction: 0.35, confidence: 80 }),
  /**
   * Accounts the account machine already restricts, at riskMin or more (not
   * merely on watch): this many, and this share, make a campaign on their own.
   */
  minRestricted: z.number().int().min(2).default(3),
  restrictedShare: Frac.default(0.5),
  /**
   * …and for a template, only when what they send through it is
   * extraction-like at all: their mean extraction on it (Member.extraction)
   * at least this. Accounts restricted for what they do elsewhere send any
   * text besides, public puzzles and benchmark questions among them, and a
   * new user who sends the same puzzle is not in their campaign. System
   * prompts and network clients are the campaign's own whatever is sent
   * through them, so they are not held to it. 0 turns the check off.
   */
  restrictedTemplateExtraction: Frac.default(0.05),
  /**
   * Rule 7 (young or unverified members with extraction-like requests or
   * risk): for a template, the same bar on its suspicious members, their
   * mean extraction on it at least restrictedTemplateExtraction, or else
   * their mean share of requests through it that ask for the reasoning in
   * full (Member.heavy) at least this. A many-account campaign sends
   * everyday chat prompts as cover, and its accounts, suspicious for what
   * they send elsewhere, made a chat template a campaign whose finding went
   * to the chat users who write such prompts themselves; an agentic-coding
   * campaign's template carries no extraction wording but the reasoning
   * asked for on every request. restrictedTemplateExtraction 0 turns the
   * check off.
   */
  suspiciousTemplateHeavy: Frac.default(0.5),
  /**
   * Rule 3d (assess.ts): a restricted minority too large for a shared tool's
   * users. A template or system prompt whose members restricted at riskMin
   * or more are at least `minRestricted`, at least `share` of its window's
   * members and at least `ofEstablished` times the members established now
   * is a campaign, though established accounts share it: asked only where
   * rule 3c would clear it, so a fingerprint without established members
   * still needs rule 5's restricted half. For a template, rule 5's
   * extraction bar holds as well. A
   * real tool's users who share a prompt with a few restricted accounts
   * are many times more; a campaign on aged accounts, of which only those
   * on proxies are restricted, is not. Its findings go, as every template
   * campaign's, to the non-established members only.
   */
  minority: z.object({
    enabled: z.boolean().default(true),
    minRestricted: z.number().int().min(2).default(6),
    share: Frac.default(0.25),
    ofEstablished: z.number().min(0).max(10).default(0.5),
    /**
     * Only established members that vouch for the fingerprint count against the rule: those that use it as
     * customers do. One that asks for the reasoning in full through it nearly every time (Member.heavy at least
     * this) sends it as the campaign's restricted accounts do. Above 1 (1.01): every established member
     * counts, as before.
     */
    harvestingMember: z.number().min(0).max(1.01).default(0.9),
    /**
     * When no established member vouches (every one asks for the reasoning in full through the fingerprint nearly
     * every time), the rule needs only this many restricted members, and `share` of the members other than those
     * established harvesting ones: none of its established users uses it as a customer would, so they neither
     * outweigh the restricted members nor make the crowd they are a share of. At minRestricted or more: as before.
     */
    unvouchedMin: z.number().int().min(2).default(3),
  }).default({ enabled: true, minRestricted: 6, share: 0.25, ofEstablished: 0.5, harvestingMember: 0.9, unvouchedMin: 3 }),
  /**
   * Org evidence (kind `org`): an organisation whose own accounts the account
   * machine restricts for extraction no longer vouches for its other
   * accounts. Every report of an account in an org is also an observation
   * of the org's fingerprint; the org is a campaign when, among its window's
   * members, at least `minRestricted` are restricted at riskMin or more,
   * they are at least `restrictedShare` of the members, and their mean
   * extraction is at least restrictedTemplateExtraction. Its finding goes to
   * every member, established ones included, and counts at full weight in
   * the account machine whatever the account's exposure; it is never
   * published nor shared. `enabled: false`: no org observations at all.
   */
  org: z.object({
    enabled: z.boolean().default(true),
    minRestricted: z.number().int().min(1).default(2),
    restrictedShare: Frac.default(0.3),
    /** While a confirmed campaign of its org is noted, a member is judged outside the org and its enterprise contract (account/campaign-intel.ts withoutOrgVouching). */
    withdrawVouching: z.boolean().default(true),
  }).default({ enabled: true, minRestricted: 2, restrictedShare: 0.3, withdrawVouching: true }),
  /** One org's accounts sharing a template is that org's pipeline (a RAG bot), not a campaign. */
  singleOrgShare: Frac.default(0.8),
  /** Established (verified, older, unrestricted) members at this share: a benchmark or common tool. */
  establishedShare: Frac.default(0.5),
  /** Established distinct accounts in the window that clear a fingerprint: this many and this share of all… */
  establishedMin: z.number().int().min(1).default(3),
  establishedRatio: Frac.default(0.2),
  /** …or this many whatever the share (an SDK's default system prompt). */
  establishedCommon: z.number().int().min(1).default(25),
  /** Known-benchmark and shared fingerprints that never become campaigns. */
  allow: z.array(z.object({ kind: z.enum(FP_KINDS).optional(), fp: z.string().regex(/^[0-9a-f]{16}$/), label: z.string().max(200) })).max(1000).default([]),
  /** Confidence at which a campaign is confirmed (and published) without an operator; null: operators confirm. */
  autoConfirmConfidence: z.number().int().min(0).max(100).nullable().default(80),
  /** A campaign expires this long after its last suspicious activity. */
  campaignTtlMs: z.number().int().positive().default(7 * 86_400_000),
  /** Published blocklist entries live this long and are refreshed while the campaign is active. */
  publishTtlMs: z.number().int().positive().default(3 * 86_400_000),
  republishMs: z.number().int().positive().default(6 * 3_600_000),
  publish: z.object({
    fingerprint: z.boolean().default(true),
    /** Exit addresses shared by several suspicious members and no established one. */
    ips: z.boolean().default(true),
    ipMinAccounts: z.number().int().min(1).default(2),
    maxIps: z.number().int().min(0).max(200).default(16),
    /** Whole ASNs are off by default: a proxy provider's ASN also carries its other customers. */
    asn: z.boolean().default(false),
  }).default({ fingerprint: true, ips: true, ipMinAccounts: 2, maxIps: 16, asn: false }),
  maxStatesPerShard: z.number().int().min(100).default(4000),
  /**
   * What campaign evidence adds to an account's risk (account/campaign-intel.ts), in
   * log-odds at confidence 100, before the account's exposure (1 unverified … 0 established).
   */
  account: z.object({
    confirmed: z.number().min(0).max(10).default(3),
    suspected: z.number().min(0).max(10).default(1.5),
    /** A template or system-prompt fingerprint on the blocklist (a confirmed campaign's, a peer's). */
    promptHit: z.number().min(0).max(10).default(3),
    /** A network fingerprint on the blocklist: weaker, an SDK and a TLS stack are shared by many. */
    networkHit: z.number().min(0).max(10).default(1.2),
    /** A peer's AS number or bare JA4 (evidence, not a block: intel/match.ts): weaker still, a whole provider or TLS stack. */
    networkWideHit: z.number().min(0).max(10).default(0.8),
    /** The campaign family's total is capped here. */
    max: z.number().min(0).max(10).default(4),
    /** An account remembers a campaign finding this long after it was last noted. */
    memoryMs: z.number().int().positive().default(3 * 86_400_000),
    /**
     * Floors on an account's exposure from its own stream, whatever its standing (account/behaviour.ts):
     * traffic through a proxy pool (risk.ts pooled), requests sent as a campaign sends them (risk.ts agreement),
     * full reasoning harvested on nearly every request (risk.ts harvestAgreement).
     */
    pooledFloor: z.boolean().default(true),
    agreementFloor: z.boolean().default(true),
    harvestFloor: z.boolean().default(true),
    /**
     * A request that asks for heavy reasoning through a template or system prompt on the blocklist (a confirmed
     * campaign's, a peer's) is degraded whatever the account's state, when the account's exposure (its standing's,
     * or its own stream's floors above) is at least this: the reasoning is what a harvesting campaign takes
     * through it. Only that request: the account's risk and state are the evidence's as ever. An account with a
     * documented baseline in force is never held: its operator vouched for its reasoning use. Above 1 (1.01): off.
     */
    harvestHold: z.number().min(0).max(1.01).default(0.5),
    /**
     * An account exposed only by its own stream (the floors; its standing's exposure under harvestHold) is held
     * only while its network or its hours are not one person's: the risk model's network or rhythm family above 0
     * (more than three addresses, or activity in every eight hours). A developer at a desk, from a home or office
     * address, who runs a public harness that a campaign also runs, with the reasoning its default, is not held.
     * false: the floors alone.
     */
    harvestHoldOperation: z.boolean().default(true),
    /**
     * The hold reads the harvest floor as a steady account's (risk.ts steadyHarvestAgreement): the share of its
     * requests that ask for heavy reasoning, with as many requests of evidence as before counted over days rather
     * than over the last hours, so an account that works in bursts hours apart is not let through at the start of
     * each burst. Only the hold: the floor on the risk's campaign terms is as before. false: the floor as it is.
     */
    harvestHoldSteady: z.boolean().default(true),
    /** Pseudo-requests of shrinkage in that reading: an account each of whose requests asks for heavy reasoning reaches 0.5 after 19 times this many. */
    harvestHoldShrinkage: z.number().min(0).max(100).default(0.5),
    /**
     * The hold before a campaign is confirmed: a member it does not implicate (established, or aged and unverified)
     * that asks for the reasoning in full through a template or system prompt nearly every time (Member.heavy at least minority.harvestingMember) is told of the
     * fingerprint's campaign while it is suspected (a finding for the hold only, CampaignFinding.hold), and its
     * heavy-reasoning requests through that fingerprint are held on its own stream's floor alone (at least
     * harvestHold, and it operates): not by its standing, and never as evidence about the account. false: only
     * blocklisted fingerprints hold a request, as before.
     */
    harvestHoldSuspected: z.boolean().default(true),
    /**
     * With harvestHoldSuspected: an account told its own org is a campaign (suspected or confirmed: accounts of the org
     * restricted for extraction) has its heavy-reasoning requests held, through any prompt, on its own stream alone
     * (the steady harvest floor at harvestHold, and it operates). false: not for an org's campaign.
     */
    harvestHoldOrg: z.boolean().default(true),
    /**
     * With harvestHoldSuspected, the hold before there is any campaign: a template or system prompt whose window has at
     * least this many established members, of more than one org, each asking for the reasoning in full through it
     * nearly every time (Member.heavy at least minority.harvestingMember) from a stream that shows how it operates
     * (Member.operates at least one half: more than three addresses or two TLS clients, or activity in every eight
     * hours), and they are nearly all its established members (harvestHoldOperatedShare; the others use it otherwise:
     * assess.ts operatedHarvest). Such members, and aged unverified ones
     * that send it the same way, are told of the fingerprint for the request-level hold only: no campaign is recorded,
     * nothing is published, and nothing counts as evidence about the account. A developer at a desk who runs a public
     * harness with the reasoning its default uses it otherwise, and clears it. 0: off.
     */
    harvestHoldOperated: z.number().int().min(0).max(1000).default(5),
    /**
     * The share of the fingerprint's established members that must run it so: one odd member, a campaign account
     * whose own stream does not show it yet, does not clear a prompt twenty others run as machines; a real tool's
     * users, most of whom work as people do, are far under it. 1: every one, none using it otherwise.
     */
    harvestHoldOperatedShare: Frac.default(0.9),
    /**
     * The same hold from fewer established members when the fingerprint's other members corroborate it: at least
     * harvestHoldOperatedRestricted of its window members that are not established are restricted by the account
     * machine (served degraded or worse, watch included: a proxy pool's accounts are, from their first requests), and
     * then this many established members running it as above suffice (the other conditions unchanged). A campaign that
     * mixes aged accounts on a few cloud addresses with pooled ones is told apart in its first half hour, where five
     * established members took it an hour; a tool's users who share a prompt have no restricted crowd beside them.
     * 0: off (harvestHoldOperated alone); at or above harvestHoldOperated it changes nothing.
     */
    harvestHoldOperatedCorroborated: z.number().int().min(0).max(1000).default(3),
    /** Restricted members (not established) that corroborate: see harvestHoldOperatedCorroborated. */
    harvestHoldOperatedRestricted: z.number().int().min(1).max(1000).default(2),
  }).default({ confirmed: 3, suspected: 1.5, promptHit: 3, networkHit: 1.2, networkWideHit: 0.8, max: 4, memoryMs: 3 * 86_400_000, pooledFloor: true, agreementFloor: true, harvestFloor: true, harvestHold: 0.5, harvestHoldOperation: true, harvestHoldSteady: true, harvestHoldShrinkage: 0.5, harvestHoldSuspected: true, harvestHoldOrg: true, harvestHoldOperated: 5, harvestHoldOperatedShare: 0.9, harvestHoldOperatedCorroborated: 3, harvestHoldOperatedRestricted: 2 }),
});
export type CampaignPolicy = z.infer<typeof CampaignPolicy>;
export const DEFAULT_CAMPAIGN_POLICY: CampaignPolicy = CampaignPolicy.parse({});

/** The campaign section of a policy document (`policy.campaign`), defaults when absent or invalid. */
export function campaignPolicyOf(policy: unknown): CampaignPolicy {
  const section = typeof policy === "object" && policy !== null ? (policy as Record<string, unknown>).campaign : undefined;
  const r = CampaignPolicy.safeParse(section ?? {});
  return r.success ? r.data : DEFAULT_CAMPAIGN_POLICY;
}

// ---- Persisted state (validated when a Durable Object loads it) ----

export const Member = z.object({
  account: z.string(),
  org: z.string().nullable(),
  tier: z.string(),
  verified: z.boolean(),
  createdAt: z.number(),
  risk: z.number(),
  restricted: z.boolean(),
  /** Exponentially weighted extraction score of this member's requests with the fingerprint. */
  extraction: z.number(),
  /** The same weighting of its requests with the fingerprint that ask for heavy reasoning (1 each, else 0); states stored before it have none. */
  heavy: z.number().default(0),
  /** The same weighting of its reports from an account whose stream shows how it operates (1 each, else 0); states stored before it have none. */
  operates: z.number().default(0),
  ip: z.string(),
  asn: z.number().nullable(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  count: z.number().int(),
});
export type Member = z.infer<typeof Member>;

export const NetPartsSchema = z.object({ ja4: z.string().nullable(), userAgent: z.string().nullable(), asn: z.number().nullable() });

export const TimelineEvent = z.object({ at: z.number(), event: z.string(), by: z.string().optional(), note: z.string().optional() });
export type TimelineEvent = z.infer<typeof TimelineEvent>;

export const PublishedKey = z.object({ kind: z.enum(BLOCKLIST_KINDS), value: z.string() });
export type PublishedKey = z.infer<typeof PublishedKey>;

export const CampaignRecord = z.object({
  id: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  confidence: z.number().int(),
  reasons: z.array(z.string()),
  detectedAt: z.number(),
  updatedAt: z.number(),
  confirmedAt: z.number().nullable(),
  confirmedBy: z.string().nullable(),
  /** Last report by a suspicious member; the campaign expires campaignTtlMs after it. */
  lastActivityAt: z.number(),
  publishedAt: z.number().nullable(),
  published: z.array(PublishedKey),
  peakAccounts: z.number().int(),
  timeline: z.array(TimelineEvent),
});
export type CampaignRecord = z.infer<typeof CampaignRecord>;

/** Distinct prompt texts a template state remembers (FpState.texts). */
export const MAX_TEXTS = 8;

export const FpState = z.object({
  kind: z.enum(FP_KINDS),
  fp: z.string(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  reports: z.number().int(),
  /** Linear-counting bitmaps (hex) of distinct accounts, all and established, this window and the previous. */
  sketch: z.object({ epoch: z.number().int(), all: z.string(), est: z.string(), prevAll: z.string(), prevEst: z.string() }),
  members: z.array(Member),
  related: z.array(z.object({ kind: z.enum(FP_KINDS), fp: z.string(), count: z.number().int() })),
  /**
   * Template states: the last 8 distinct prompt texts, newest first, each as
   * [its hash, a hash of the account that last sent it]; `textReports` counts
   * the reports of a new text or of a known text from another account (an
   * account repeating its own prompt, an agent's steps or a retry, counts for
   * nothing), and `repeated` those of a known text from another account.
   */
  texts: z.array(z.tuple([z.number().int(), z.number().int()])).max(MAX_TEXTS).default([]),
  textReports: z.number().int().nonnegative().default(0),
  repeated: z.number().int().nonnegative().default(0),
  net: NetPartsSchema.nullable(),
  campaign: CampaignRecord.nullable(),
  /** Operator dismissal: the fingerprint is legitimate; never flagged again until `until`. */
  dismissed: z.object({ at: z.number(), by: z.string(), note: z.string(), until: z.number().nullable() }).nullable(),
});
export type FpState = z.infer<typeof FpState>;

/** A campaign as listed in KV (`campaign:<id>`) and exported to peers: no account ids. */
export const CampaignSummary = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(FP_KINDS),
  fp: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  confidence: z.number().int().min(0).max(100),
  reasons: z.array(z.string()),
  firstSeen: z.number(),
  lastSeen: z.number(),
  detectedAt: z.number(),
  updatedAt: z.number(),
  expiresAt: z.number(),
  /** Estimated distinct accounts in the window when last updated. */
  accounts: z.number().int(),
  net: NetPartsSchema.nullable(),
  related: z.array(z.object({ kind: z.enum(FP_KINDS), fp: z.string() })),
  published: z.array(PublishedKey),
});
export type CampaignSummary = z.infer<typeof CampaignSummary>;
