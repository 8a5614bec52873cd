/**
 * An account's risk from its features (issue 4, item 2): a logistic score
 * whose terms are documented in docs/behaviour.md and weighted by
 * `policy.machine`. Each term is a feature scaled to [0, 1] times its weight
 * in log-odds, so the reasons of a decision are simply the largest terms.
 *
 * Two principles shape it:
 * - Content and request shape (extraction-intent prompts, reasoning and
 *   logprobs, templates, volume) are what both distillers and legitimate
 *   evaluation teams send, so their weight is scaled down by how much the
 *   account has at stake (trust: verified, months old, in an organisation),
 *   and by the part of the stream a documented baseline covers.
 * - Network and rhythm (proxy rotation, round-the-clock automation) are what
 *   a paying organisation's own traffic does not do, so they are not.
 */
import { EXTRACTION_KINDS } from "../detect/types.js";
import type { MachinePolicy } from "../policy/machine.js";
import { distinctEstimate, EPOCH_MS, exactDistinct, FANOUT_MS, type FeatureState } from "./features.js";
import { isContracted } from "./identity.js";
import type { AccountInfo } from "./record.js";

/** "campaign": cross-account evidence (campaign-intel.ts); it never counts as corroboration. */
export const FAMILIES = ["identity", "content", "shape", "volume", "network", "rhythm", "campaign"] as const;
export type Family = (typeof FAMILIES)[number];

export interface Term {
  code: string;
  family: Family;
  /** Contribution to the log-odds. */
  value: number;
}

export interface RiskResult {
  risk: number;
  logOdds: number;
  trust: number;
  /** Positive terms, largest first (identity terms included). */
  terms: Term[];
  /** Sum of the terms of each family. */
  families: Record<Family, number>;
}

const DAY = 86_400_000;
const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);
/** Codes built once, not per request: `intent:<kind>` by kind index. */
const INTENT_CODES = EXTRACTION_KINDS.map((k) => `intent:${k}`);

export function activeBaseline(a: AccountInfo, now: number): AccountInfo["baseline"] {
  const b = a.baseline;
  return b && (b.until === null || b.until > now) ? b : null;
}

/** How much an account has at stake: scales content and shape evidence. */
export function trustFactor(a: AccountInfo, now: number): number {
  if (!a.verified) return 1;
  if (isContracted(a)) return 0.35;
  const established = now - a.createdAt >= 90 * DAY;
  if (!established) return 0.75;
  return a.org !== null || a.tier === "enterprise" ? 0.35 : 0.5;
}

/** The identity codes, each with its slot in identityTerms. */
const IDENTITY_CODES = [
  "identity:base", "identity:tier-free", "identity:tier-edu", "identity:tier-research", "identity:enterprise",
  "identity:unverified", "identity:new-account", "identity:young-account", "identity:recent-account",
  "identity:old-account", "identity:org", "identity:baseline",
] as const;
const ID = {
  base: 0, tierFree: 1, tierEdu: 2, tierResearch: 3, enterprise: 4, unverified: 5,
  newAccount: 6, youngAccount: 7, recentAccount: 8, oldAccount: 9, org: 10, baseline: 11,
} as const;

/** The slot of `identity:tier-<tier>` for the cheap tiers (free, edu, research), else -1. */
function cheapTierSlot(tier: string): number {
  switch (tier) {
    case "free": return ID.tierFree;
    case "edu": return ID.tierEdu;
    case "research": return ID.tierResearch;
    default: return -1;
  }
}

/** The cheap tiers (DESIGN.md: the "free tier to extraction pipeline" path), as the identity terms list them. */
export const isCheapTier = (tier: string): boolean => cheapTierSlot(tier) >= 0;

/**
 * Identity terms by slot: their values are the policy's constants, so the
 * same term objects serve every request (terms are never mutated once made;
 * a changed value makes a new one). Slots, not a Map by code: five or six
 * string-keyed lookups per request were measurable (see the commit).
 */
const identityTerms: (Term | undefined)[] = IDENTITY_CODES.map(() => undefined);

/** Adds the term of slot `slot` (ID) at `value`, of any sign but zero (identity terms may lower the odds). */
function addIdentity(t: Term[], slot: number, value: number): void {
  if (value === 0) return;
  let term = identityTerms[slot];
  if (term === undefined || term.value !== value) identityTerms[slot] = term = { code: IDENTITY_CODES[slot]!, family: "identity", value };
  t.push(term);
}

/** Adds a positive term (evidence only ever raises the odds). */
function addTerm(t: Term[], code: string, family: Family, value: number): void {
  if (value > 0) t.push({ code, family, value });
}

function priorTerms(a: AccountInfo, m: MachinePolicy, strikes: number, now: number): Term[] {
  const p = m.prior;
  const age = now - a.createdAt;
  const t: Term[] = [];
  addIdentity(t, ID.base, p.base);
  const tierSlot = cheapTierSlot(a.tier);
  if (tierSlot >= 0) addIdentity(t, tierSlot, p.cheapTier);
  if (a.tier === "enterprise") addIdentity(t, ID.enterprise, p.enterprise);
  if (!a.verified) addIdentity(t, ID.unverified, p.unverified);
  if (age >= 180 * DAY) addIdentity(t, ID.oldAccount, p.ageOld);
  else if (isContracted(a)) { /* no new-account prior: see isContracted */ }
  else if (age < DAY) addIdentity(t, ID.newAccount, p.ageDay);
  else if (age < 7 * DAY) addIdentity(t, ID.youngAccount, p.ageWeek);
  else if (age < 30 * DAY) addIdentity(t, ID.recentAccount, p.ageMonth);
  if (a.org !== null) addIdentity(t, ID.org, p.org);
  if (activeBaseline(a, now)) addIdentity(t, ID.baseline, p.baseline);
  // Not through the shared terms: its value changes on every request.
  if (strikes > 0.05) {
    const value = Math.min(p.strikeMax, p.strike * strikes);
    if (value !== 0) t.push({ code: "history:strikes", family: "identity", value });
  }
  return t;
}

/**
 * The trust factor of an account whose traffic comes through a proxy pool:
 * its standing (verified, months old, in an organisation) is what the owner
 * has at stake, and traffic spread over many unrelated networks in several
 * countries is not the owner's own (an organisation's services run from its
 * cloud, its people from home, office and phone; rotation() tells them
 * apart). From rotation 0.5 (many addresses over three or more networks, or
 * networks spanning countries) to 1 (a pool), content and shape evidence
 * count in full again, as for an unvetted account: a resold or shared key,
 * or a campaign renting established accounts, is judged by what it sends.
 */
export function pooledTrust(trust: number, rot: number): number {
  return trust + (1 - trust) * pooled(rot);
}

/**
 * How much an account's own stream agrees with campaign evidence, in [0, 1]:
 * the share of its requests, outside what a documented baseline covers,
 * that both show extraction intent and harvest heavy reasoning
 * (`intent:with-harvest`), from a quarter (0) to half (1). Campaign
 * evidence about an established account counts by this much
 * (campaign-intel.ts campaignTerms): sharing a campaign's template is what a
 * customer using a popular prompt does too, sending it as the campaign does
 * is not.
 */
export function agreement(f: FeatureState, m: MachinePolicy): number {
  return f.n > 0 ? clamp01((shareOf(f.joint, f.n, m.shrinkage) - 0.25) / 0.25) * uncovered(f) : 0;
}

/**
 * The same for a campaign whose requests carry no extraction intent, only
 * the harvest (an agentic-coding campaign collects trajectories with their
 * reasoning): the share of the account's requests, outside its baseline,
 * that ask for heavy reasoning, from 0.9 (0) to every request (1). Sending
 * a campaign's published template or system prompt with the full
 * reasoning asked for, nearly every time, is sending it as the campaign
 * does; a customer whose prompt happens to share a campaign's fingerprint
 * asks for reasoning as its own work needs. Without campaign evidence it
 * counts for nothing (campaign-intel.ts campaignTerms).
 */
export function harvestAgreement(f: FeatureState, m: MachinePolicy): number {
  return f.n > 0 ? clamp01((shareOf(f.heavy, f.n, m.shrinkage) - 0.9) / 0.1) * uncovered(f) : 0;
}

/**
 * harvestAgreement as the request-level hold reads it (policy.campaign.account.harvestHoldSteady): the share of
 * heavy-reasoning requests is the decayed counters' (a pause decays both alike, so it keeps the share), and the
 * shrinkage weighs against the slow counter's requests (half-life rhythmHalfLifeMs) instead of the decayed count,
 * so an account that pauses between bursts for longer than halfLifeMs does not start each burst as if new. The
 * same number of requests is needed before it reaches a level (76 for 0.5 at shrinkage 4, each heavy).
 */
export function steadyHarvestAgreement(f: FeatureState, shrinkage: number): number {
  // 0 without requests (reasoningShare).
  return clamp01((reasoningShare(f, shrinkage) - 0.9) / 0.1) * uncovered(f);
}

/**
 * The share of the account's requests that ask for heavy reasoning, read as a steady account's: the decayed counters'
 * share (a pause decays both alike), shrunk by `shrinkage` pseudo-requests against the slow counter (half-life
 * rhythmHalfLifeMs), so that an account sending a few requests an hour is not read as new at every burst.
 */
export function reasoningShare(f: Pick<FeatureState, "n" | "heavy" | "long">, shrinkage: number): number {
  return f.n > 0 ? (f.heavy / f.n) * (f.long / (f.long + shrinkage)) : 0;
}

/** The share of the account's recent requests outside its documented baseline's domains (1 without requests). */
function uncovered(f: FeatureState): number {
  return f.n > 0 ? clamp01(1 - f.covered / f.n) : 1;
}

/** How surely the traffic is a proxy pool's, from its rotation: 0 up to rotation 0.5, 1 at rotation 1. */
export function pooled(rot: number): number {
  return clamp01((rot - 0.5) / 0.5);
}

/** The quietest 8 consecutive hours' share of a 24-bin histogram. */
export function quietShare(hours: readonly number[]): number {
  let total = 0;
  for (const h of hours) total += h;
  if (total === 0) return 0;
  let win = 0;
  for (let i = 0; i < 8; i++) win += hours[i] ?? 0;
  let min = win;
  for (let i = 1; i < 24; i++) {
    win += (hours[(i + 7) % 24] ?? 0) - (hours[i - 1] ?? 0);
    if (win < min) min = win;
  }
  return min / total;
}

export interface NetworkView {
  ips: number;
  asns: number;
  countries: number;
  /** ASNs seen in two or more countries (a provider with exits abroad). Counted only where rotation() reads it (else 0). */
  spanning: number;
  ja4s: number;
  /** Of `asns`, the networks known only by an address prefix (requests that named no ASN: features.ts addressNetwork). Counted only where rotation() reads it (else 0). */
  prefixes: number;
  /**
   * The share of the recent requests (decayed, half-life machine.halfLifeMs) sent from the account's most used
   * network (homeShare). Counted only where rotation() reads it (else 0).
   */
  home: number;
  /**
   * The share of the recent requests (decayed as `home`) that the account's three most repeated addresses sent
   * again after their first (fixedShare). Counted only where rotation() reads it, five networks or more (else 0).
   */
  fixed: number;
}

/** The previous epoch's tags when it is too old to count: none (exactDistinct). */
const NO_TAGS: readonly number[] = Object.freeze([]);

export function networkView(f: FeatureState, now: number): NetworkView {
  // Addresses of the current and the previous epoch (day); stale bitmaps count as empty.
  const age = Math.floor(now / EPOCH_MS) * EPOCH_MS - f.epoch;
  const since = now - FANOUT_MS;
  // Exact from the tags while the two days hold at most features.ts IP_TAGS addresses, else the bitmaps' estimate.
  const ips = age === 0
    ? exactDistinct(f.ipTags, f.ipTagsPrev) ?? distinctEstimate(f.ipCur, f.ipPrev)
    : age === EPOCH_MS ? exactDistinct(f.ipTags, NO_TAGS) ?? distinctEstimate(f.ipCur) : 0;
  const asns = recent(f.asns, since);
  const countries = recent(f.countries, since);
  // The two tables' scans only where spread() can read them: a rotation above 0 over several networks
  // (most requests come from one to three addresses, and the scans were 4% of a replay's second stage).
  const read = ips > 3 && asns >= 2;
  return {
    ips, asns, countries, spanning: read && asns < 5 && countries >= 3 ? spanning(f.pairs, since) : 0, ja4s: recent(f.ja4s, since),
    prefixes: read ? recentPrefixes(f.asns, since) : 0, home: read ? homeShare(f) : 0,
    // Only where spread() reads it: five networks or more (its other pool clause needs three countries, which `fixed` never excuses).
    fixed: read && asns >= 5 ? fixedShare(f) : 0,
  };
}

/**
 * The largest network's share of the account's decayed requests (features.ts netCounts; 0 without requests). Its
 * counts are space-saving's: a key that took an evicted slot carries that slot's count, so a pool's exits read at
 * most about a quarter each plus their own requests, never the half a home network has.
 */
export function homeShare(f: Pick<FeatureState, "n" | "netCounts">): number {
  if (!(f.n > 0)) return 0;
  let top = 0;
  for (let i = 0; i < f.netCounts.length; i++) if (f.netCounts[i]![1] > top) top = f.netCounts[i]![1];
  return Math.min(1, top / f.n);
}

/**
 * What the account's three most repeated addresses sent again after their first request (features.ts addrCounts),
 * as a share of its decayed requests (0 without requests). A proxy pool's exits, fresh at each request, repeat
 * nothing, and a sticky session's exit only for the session; a person's home and office addresses carry most
 * requests again and again, the phone's carrier addresses the rest. The table keeps eight addresses, so that a burst
 * of the phone's addresses does not push the home and office out; only three count, so that a sticky pool's last
 * eight sessions are not read as a person's few addresses.
 */
export function fixedShare(f: Pick<FeatureState, "n" | "addrCounts">): number {
  if (!(f.n > 0)) return 0;
  // The three largest of at most eight, in three locals: this runs on most requests of a rotating account.
  let a = 0, b = 0, c = 0;
  for (let i = 0; i < f.addrCounts.length; i++) {
    const x = f.addrCounts[i]![2];
    if (x > a) { c = b; b = a; a = x; } else if (x > b) { c = b; b = x; } else if (x > c) c = x;
  }
  return Math.min(1, (a + b + c) / f.n);
}

/** Entries of the networks' table seen after `since` that are address prefixes (negative keys). */
function recentPrefixes(t: readonly [number, number][], since: number): number {
  let n = 0;
  for (let i = 0; i < t.length; i++) if (t[i]![0] < 0 && t[i]![1] > since) n++;
  return n;
}

/** Scratch for spanning(): the recent pairs' keys and ASNs (at most MAX_PAIRS), filled and read at once. */
const pairKeys: number[] = [];
const pairAsns: number[] = [];

/** ASNs among the recent pairs (features.ts pairKey) that come with two or more countries. */
function spanning(pairs: readonly [number, number][], since: number): number {
  // The recent pairs first, in their order, so that the pairwise pass reads two flat lists
  // (it runs on most requests of a rotating pool, where a destructuring pass over the table cost 3%).
  let m = 0;
  for (let i = 0; i < pairs.length; i++) {
    const e = pairs[i]!;
    if (e[1] > since) {
      pairKeys[m] = e[0];
      pairAsns[m++] = Math.floor(e[0] / 65536);
    }
  }
  let n = 0;
  for (let i = 0; i < m; i++) {
    const asn = pairAsns[i]!;
    let first = true, other = false;
    for (let j = 0; j < m; j++) {
      if (pairAsns[j] !== asn) continue;
      if (j < i) { first = false; break; }
      if (pairKeys[j] !== pairKeys[i]) other = true;
    }
    // Counted at its first recent pair, when another recent pair of it names another country.
    if (first && other) n++;
  }
  return n;
}

/** Entries of a last-seen table seen after `since`. */
function recent<K>(t: readonly [K, number][], since: number): number {
  let n = 0;
  for (let i = 0; i < t.length; i++) if (t[i]![1] > since) n++;
  return n;
}

/** NetworkView.home at which the traffic is a person's home network and its satellites rather than a pool's (spread). */
export const HOME_SHARE = 0.5;

/**
 * NetworkView.fixed at which the traffic comes from a few addresses of the account's own, however many networks
 * they and the phone's carriers span (spread): a home and an office's two egresses, with a phone roaming over
 * carriers, are not a pool.
 */
export const FIXED_SHARE = 0.5;

/**
 * Proxy rotation in [0, 1]: many addresses across unrelated networks,
 * counted by AS number. Many addresses of one network are a provider's own
 * churn (an autoscaled service's runners over a cloud's regions, a
 * carrier's CGNAT); a few networks in one or two countries are a person's
 * home, phone and office, and one of them abroad in several countries is
 * their VPN (a corporate VPN's regions). A proxy pool spreads its exits
 * over several networks that each appear in several countries (hosting
 * exits), or (residential exits) over many networks, none of which carries
 * half the traffic as a person's home network does (HOME_SHARE). A request
 * that names no AS number counts its address's prefix instead (features.ts
 * addressNetwork).
 */
export function rotation(v: NetworkView): number {
  return clamp01((v.ips - 3) / 12) * spread(v);
}

function spread(v: NetworkView): number {
  if (v.asns <= 1) return 0.1;
  // Networks known only by their prefixes, in one or two countries: a cloud's regions span several
  // prefixes as a pool's exits do, and without AS numbers they cannot be told apart there.
  if (v.prefixes === v.asns && v.countries > 0 && v.countries <= 2) return 0.1;
  // At least half the recent requests from one network, all in one or two countries: a person's home, with the
  // phone's carriers (a CGNAT address each time, on whatever carrier it roams to) and an office for the rest, however
  // many networks those are. A pool's exits, even in one country, leave no network half of the traffic.
  if (v.home >= HOME_SHARE && v.countries > 0 && v.countries <= 2) return 0.3;
  // Many networks, yet most requests from a few addresses that come back, in one or two countries: a home and an office whose
  // egresses are two providers, with a phone that roams over carriers, is read as a few networks are. A pool's exits
  // repeat no address (FIXED_SHARE).
  const own = v.fixed >= FIXED_SHARE && v.countries > 0 && v.countries <= 2;
  if (!own && (v.asns >= 5 || (v.countries >= 3 && v.spanning >= 2))) return 1;
  return v.asns >= 3 ? 0.5 : 0.3;
}

/** The share of decayed count `x` among the account's `n` requests, shrunk towards 0 for small `n`. */
function shareOf(x: number, n: number, shrinkage: number): number {
  return n + shrinkage > 0 ? x / (n + shrinkage) : 0;
}

function perDay(count: number, halfLife: number): number {
  return (count * Math.LN2 * DAY) / halfLife;
}

/** Largest first, ties by code. */
function byValueDesc(x: Term, y: Term): number {
  return y.value - x.value || (x.code < y.code ? -1 : 1);
}

// Helpers are module functions, not closures: this runs on every request, and
// each closure created per call costs (tsx's keepNames wraps them in __name).

/**
 * `extra`: terms computed elsewhere (the campaign family), added as they are.
 * `net`: networkView(f, now), when the caller has it (behaviour.ts assess, which also weighs campaign evidence by it).
 */
export function assessRisk(
  f: FeatureState, a: AccountInfo, m: MachinePolicy, strikes: number, now: number, extra: readonly Term[] = [], net: NetworkView = networkView(f, now),
): RiskResult {
  const e = m.evidence;
  const rot = rotation(net);
  // A key used through a proxy pool does not borrow its owner's standing (see pooledTrust).
  const trust = m.pooledTrust ? pooledTrust(trustFactor(a, now), rot) : trustFactor(a, now);
  const n = f.n;
  const k = m.shrinkage;
  const outside = uncovered(f);
  const scaled = trust * outside;
  const terms = priorTerms(a, m, strikes, now);

  const intent = clamp01(shareOf(f.intent, n, k));
  addTerm(terms, INTENT_CODES[dominantKind(f)]!, "content", e.intent * intent * scaled);
  addTerm(terms, "intent:with-harvest", "content", e.joint * clamp01(shareOf(f.joint, n, k)) * scaled);
  let top = 0;
  for (let i = 0; i < f.templates.length; i++) top = Math.max(top, f.templates[i]![1]);
  addTerm(terms, "intent:obfuscated", "content", e.obfuscatedIntent * clamp01(shareOf(f.obfuscated, n, k)) * scaled);
  addTerm(terms, "templates:repeated", "content", e.templatedIntent * clamp01(shareOf(top, n, k)) * clamp01(intent / 0.5) * scaled);
  addTerm(terms, "intent:critique-loop", "content", e.critiqueLoop * clamp01(shareOf(f.loops, n, k) / 0.5) * scaled);

  addTerm(terms, "harvest:reasoning", "shape", e.heavyReasoning * clamp01(shareOf(f.heavy, n, k)) * scaled);
  addTerm(terms, "harvest:logprobs-or-n", "shape", e.knobs * clamp01(shareOf(f.knobs, n, k)) * scaled);
  addTerm(terms, "shape:single-turn", "shape", e.singleTurn * clamp01(2 * shareOf(f.single, n, k) - 1) * trust);
  addTerm(terms, "domain:capability-focus", "shape", e.capability * clamp01(shareOf(f.capability, n, k)) * scaled);

  const recentRate = perDay(n, m.halfLifeMs);
  const b = activeBaseline(a, now);
  const norm = Math.max(m.tierNorms[a.tier], (b?.rpm ?? 0) * 60 * 6);
  addTerm(terms, "volume:above-norm", "volume", e.volume * clamp01(Math.log2(recentRate / norm) / 3) * trust);
  if (now - f.first >= 3 * DAY && f.long > 0) {
    const surge = recentRate / perDay(f.long, m.rhythmHalfLifeMs);
    addTerm(terms, "volume:surge", "volume", e.surge * clamp01((Math.log2(surge) - 1) / 3) * trust);
  }
  const volumeGate = clamp01((n - 30) / 70);
  addTerm(terms, "release:fast-pivot", "volume", e.releasePivot * clamp01(shareOf(f.fresh, n, k)) * volumeGate * trust);

  addTerm(terms, "network:rotation", "network", e.network * rot);
  addTerm(terms, "network:many-clients", "network", e.clients * clamp01((net.ja4s - 2) / 2));

  let hn = 0;
  for (const h of f.hours) hn += h;
  if (hn >= 40 && now - f.first >= 20 * 3_600_000) {
    addTerm(terms, "rhythm:round-the-clock", "rhythm", e.roundTheClock * clamp01((quietShare(f.hours) - 0.08) / 0.17));
  }
  if (f.gaps >= 30) addTerm(terms, "rhythm:regular", "rhythm", e.regularity * clamp01((0.35 - Math.sqrt(f.gapVar)) / 0.25));

  for (const t of extra) if (t.value > 0) terms.push(t);
  let logOdds = 0;
  // Each family summed in a local, in the terms' order as before, not by a store keyed by
  // the family's name into the record (a keyed store with a changing key is V8's slow path).
  let identity = 0, content = 0, shape = 0, volume = 0, network = 0, rhythm = 0, campaign = 0;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i]!;
    logOdds += t.value;
    switch (t.family) {
      case "identity": identity += t.value; break;
      case "content": content += t.value; break;
      case "shape": shape += t.value; break;
      case "volume": volume += t.value; break;
      case "network": network += t.value; break;
      case "rhythm": rhythm += t.value; break;
      case "campaign": campaign += t.value; break;
    }
  }
  // FAMILIES' order.
  const families: Record<Family, number> = { identity, content, shape, volume, network, rhythm, campaign };
  sortTerms(terms);
  // No term is 0 (addIdentity, addTerm, extra), so once sorted the positive ones are a prefix: cut the rest
  // off, by pop() (inlined) rather than setting the length (a runtime call; there is always a negative
  // term or two: identity:base, and an established account's).
  let positive = 0;
  while (positive < terms.length && terms[positive]!.value > 0) positive++;
  while (terms.length > positive) terms.pop();
  return { risk: 1 / (1 + Math.exp(-logOdds)), logOdds, trust, terms, families };
}

/**
 * terms.sort(byValueDesc) as an insertion sort: a score has a dozen terms or
 * so, where Array.prototype.sort's set-up costs more than the sorting. Codes
 * are distinct, so byValueDesc is a total order and any sort gives the same.
 */
export function sortTerms(terms: Term[]): void {
  for (let i = 1; i < terms.length; i++) {
    const x = terms[i]!;
    let j = i - 1;
    while (j >= 0 && byValueDesc(terms[j]!, x) > 0) {
      terms[j + 1] = terms[j]!;
      j--;
    }
    terms[j + 1] = x;
  }
}

/** Index (in EXTRACTION_KINDS) of the kind with the largest count, the first among equals. */
function dominantKind(f: FeatureState): number {
  let best = 0;
  for (let i = 1; i < f.kinds.length; i++) if (f.kinds[i]! > f.kinds[best]!) best = i;
  return best;
}

/** The least log-odds a behavioural term adds to be a reason (topReasons), and a family to count as evidence (behaviour.ts). */
export const REASON_MIN = 0.25;

/** Behavioural reason codes of a result: its largest non-identity terms. */
export function topReasons(r: RiskResult, min = REASON_MIN, max = 4): string[] {
  const out: string[] = [];
  for (const t of r.terms) {
    if (out.length >= max) break;
    if (t.family !== "identity" && t.value >= min) out.push(t.code);
  }
  return out;
}
