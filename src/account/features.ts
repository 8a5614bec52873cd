/**
 * What an account's request stream looks like, in bounded memory (issue 4,
 * item 1). Everything is a fixed-size summary updated once per request:
 *
 * - exponentially decayed counters (half-life `machine.halfLifeMs`): a
 *   count that forgets, so a share of two of them is a share over roughly the
 *   last few half-lives, and an idle account's evidence fades by itself;
 * - a 24-bin hour-of-day histogram with a longer half-life (daily rhythm);
 * - an EWMA of log inter-arrival times (regularity);
 * - two 256-bit linear-counting bitmaps of client addresses, one per day
 *   (distinct addresses over the last one to two days, within about 10%
 *   up to a few hundred): a slow campaign that rotates its exit
 *   on every request shows up even at a few requests a day; beside each,
 *   the day's addresses as 16-bit tags while they are few (IP_TAGS), which
 *   count them exactly where the bitmaps only estimate (three addresses
 *   read as 3.02, and two of four share a bit about 2% of the time);
 * - small last-seen tables of ASNs, countries and JA4s, and space-saving
 *   top-k tables of template fingerprints and models.
 *
 * The serialised state is a few KiB whatever the history (tested: < 8 KiB
 * after a million requests; the contract of issue 4 is 64 KiB). Pure: time
 * is a parameter, nothing here reads a clock.
 */
import * as z from "zod";
import { DOMAINS, EXTRACTION_KINDS, type Domain, type RequestShape } from "../detect/types.js";
import type { MachinePolicy } from "../policy/machine.js";
import type { RequestObservation } from "./types.js";
import { fmix, fnv1a } from "../lib/hash32.js";
import { hexWord } from "../campaign/fp-words.js";
import { parseIp } from "../intel/match.js";
import { popcount } from "../lib/bits.js";

export const EPOCH_MS = 24 * 3_600_000;
/** Networks seen within this long count as "current" fan-out. */
export const FANOUT_MS = 2 * EPOCH_MS;
const BITMAP_WORDS = 8; // 256 bits
/**
 * Addresses counted exactly, by tag (the low 16 bits of the hash whose low 8 bits are the bitmap's bit), while the two
 * days hold at most this many; more, and the bitmaps' estimate counts. The gates read from the count sit at three and
 * four addresses (rotation() starts above three; behaviour.ts operates, operatesByNetworkOrHours), where one address
 * is a quarter of the count and linear counting's error moves a decision; past eight, one address is an eighth of it,
 * and rotation() is read as the estimate was measured. A tag stands for about 65,000 IPv4 addresses: it keeps no
 * address.
 */
export const IP_TAGS = 8;
const MAX_NETS = 8;
/** Networks whose decayed request counts are kept (netCounts): the home network of a person is the largest. */
const MAX_NET_COUNTS = 4;
/** Addresses whose decayed request counts are kept (addrCounts): a home and an office's, with room for a phone's burst. */
const MAX_ADDR_COUNTS = 8;
/** Network-and-country pairs kept (pairKey). */
const MAX_PAIRS = 12;
const MAX_JA4 = 4;
const MAX_TEMPLATES = 12;
const MAX_MODELS = 6;
/** The critique kind's bit in RequestTraits.kindMask. */
const CRITIQUE_BIT = 1 << EXTRACTION_KINDS.indexOf("critique");
const CAPABILITY: ReadonlySet<Domain> = new Set(["reasoning", "math", "coding", "agentic", "tool-use", "vision"]);
/** CAPABILITY by DOMAINS index: updateFeatures has the index already, and a Set lookup per request costs more. */
const CAPABLE: readonly boolean[] = DOMAINS.map((d) => CAPABILITY.has(d));

const num = z.number().finite();
const counts = (n: number) => z.array(num.nonnegative()).length(n);
const table = <K extends z.ZodType>(key: K, max: number) => z.array(z.tuple([key, num])).max(max);

export const FeatureState = z.object({
  /** Last update and first request, epoch ms (0: none yet). */
  t: num.default(0),
  first: num.default(0),
  // Decayed counters (half-life machine.halfLifeMs).
  n: num.default(0),
  kinds: counts(EXTRACTION_KINDS.length).default(EXTRACTION_KINDS.map(() => 0)),
  intent: num.default(0),
  joint: num.default(0),
  heavy: num.default(0),
  knobs: num.default(0),
  single: num.default(0),
  depth: num.default(0),
  capability: num.default(0),
  domains: counts(DOMAINS.length).default(DOMAINS.map(() => 0)),
  covered: num.default(0),
  fresh: num.default(0),
  obfuscated: num.default(0),
  /**
   * Requests in a conversation (not single-turn, or continuing one the provider keeps: RequestObservation.continues)
   * that ask for a critique: a self-refinement loop (critique, rewrite, critique the rewrite) collects the model's
   * feedback and revisions turn after turn.
   */
  loops: num.default(0),
  // Slow counters (half-life machine.rhythmHalfLifeMs).
  long: num.default(0),
  hours: counts(24).default(Array.from({ length: 24 }, () => 0)),
  // Inter-arrival: EWMA of ln(gap in seconds).
  gapMean: num.default(0),
  gapVar: num.default(0),
  gaps: num.default(0),
  // Network fan-out.
  epoch: num.default(0),
  ipCur: z.array(z.number().int()).length(BITMAP_WORDS).default(Array.from({ length: BITMAP_WORDS }, () => 0)),
  ipPrev: z.array(z.number().int()).length(BITMAP_WORDS).default(Array.from({ length: BITMAP_WORDS }, () => 0)),
  /**
   * The current and the previous epoch's addresses as distinct tags (IP_TAGS), in first-seen order; null when the
   * epoch saw more than IP_TAGS, or began before the tags were kept (a state stored by an earlier version): then the
   * bitmaps' estimate counts (risk.ts networkView).
   */
  ipTags: z.array(z.number().int().min(0).max(0xffff)).max(IP_TAGS).nullable().default(null),
  ipTagsPrev: z.array(z.number().int().min(0).max(0xffff)).max(IP_TAGS).nullable().default(null),
  asns: table(z.number().int(), MAX_NETS).default([]),
  /**
   * Decayed request counts (half-life machine.halfLifeMs) by network, as `asns` keys them, for the few largest
   * (space-saving, as `templates`): the largest one's share of `n` is the account's home network's (risk.ts homeShare).
   */
  netCounts: table(z.number().int(), MAX_NET_COUNTS).default([]),
  /**
   * Decayed request counts (half-life machine.halfLifeMs) by address, keyed by its 16-bit tag as ipTags keep it (a
   * tag stands for about 65,000 IPv4 addresses, so no address is kept), for the few largest (space-saving: a new
   * address in a full table takes the smallest slot's count, plus one), each with the decayed count of its repeats:
   * the requests it sent after its first while in the table. A person's home and office addresses carry most of the
   * account's requests again and again, a phone's carrier hands out new ones; a pool's exits, fresh at each request,
   * repeat nothing, whatever count they inherit (risk.ts fixedShare). A table that does not read as one (a state
   * written while it was keyed otherwise) starts empty: the next requests rebuild it, and the rest of the state is kept.
   */
  addrCounts: z.array(z.tuple([z.number().int().min(0).max(0xffff), num.nonnegative(), num.nonnegative()])).max(MAX_ADDR_COUNTS).catch([]),
  countries: table(z.string().max(8), MAX_NETS).default([]),
  /** The same for each ASN and country seen together (pairKey), to tell one provider's many countries from many providers'. */
  pairs: table(z.number().int().nonnegative(), MAX_PAIRS).default([]),
  ja4s: table(z.string().max(64), MAX_JA4).default([]),
  templates: table(z.string().max(32), MAX_TEMPLATES).default([]),
  models: table(z.string().max(128), MAX_MODELS).default([]),
});
export type FeatureState = z.infer<typeof FeatureState>;

export function emptyFeatures(): FeatureState {
  return FeatureState.parse({});
}

/**
 * The subscriber behind an address, as the address bitmaps count them: an
 * IPv4 address itself; an IPv6 address by its /64, the block one household,
 * phone or server is given, whose interface half changes with privacy
 * extensions (RFC 8981) many times a day; an IPv4-mapped address as the
 * IPv4 address. Text that is no address counts as it is.
 */
export function subscriber(ip: string): string {
  if (!ip.includes(":")) return ip;
  const a = parseIp(ip);
  if (!a) return ip;
  const v4 = ipv4Of(a);
  if (v4 !== null) {
    const v = Number(v4);
    return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  }
  return `${(a.value >> 64n).toString(16)}::/64`;
}

/** The IPv4 address of a parsed IPv4 or IPv4-mapped (::ffff:a.b.c.d) address, else null: both count as IPv4. */
function ipv4Of(a: NonNullable<ReturnType<typeof parseIp>>): bigint | null {
  if (a.bits === 32) return a.value;
  return a.value >> 32n === 0xffffn ? a.value & 0xffffffffn : null;
}

/**
 * The network an address belongs to, for a request that names no ASN
 * (REPLAY.md makes `asn` optional, and a traffic set without it would
 * otherwise show a proxy pool's hundreds of addresses as one network): its
 * routing prefix, an IPv4 /12 or an IPv6 /32 (an IPv4-mapped address as
 * IPv4), as a negative number so that it never equals an AS number. Coarse
 * on purpose: one carrier's CGNAT pool or one cloud region's addresses fall
 * in one or a few prefixes, a proxy pool's exits in many. Null for text that
 * is no address.
 */
export function addressNetwork(ip: string): number | null {
  const a = parseIp(ip);
  if (!a) return null;
  const v4 = ipv4Of(a);
  if (v4 !== null) return -(1 + Number(v4 >> 20n));
  return -(4097 + Number(a.value >> 96n));
}

/**
 * An ASN and a country as one number: the ASN times 2^16, plus the
 * country's two letters (a longer or non-ASCII name by its hash). Exact for
 * every 32-bit ASN, and no string is built per request.
 */
export function pairKey(asn: number, country: string): number {
  const code = country.length === 2 && country.charCodeAt(0) < 256 && country.charCodeAt(1) < 256
    ? (country.charCodeAt(0) << 8) | country.charCodeAt(1)
    : fnv1a(country) & 0xffff;
  return asn * 65536 + code;
}

/**
 * Fold one request into the account's features at `now`. Never mutates `prev`.
 * `r`: the request's traits, when the caller already has them (decide).
 */
export function updateFeatures(prev: FeatureState, obs: RequestObservation, m: MachinePolicy, now: number, r: RequestTraits = requestTraits(obs, m, now)): FeatureState {
  const dt = prev.t === 0 ? 0 : Math.max(0, now - prev.t);
  const f = Math.exp((-dt * Math.LN2) / m.halfLifeMs);
  const g = Math.exp((-dt * Math.LN2) / m.rhythmHalfLifeMs);
  const s = obs.signals;

  // Loops, not map(): this runs on every request, and a closure per call costs
  // (tsx's keepNames wraps each in __name). The arithmetic is map()'s, term for term.
  // The kinds at the threshold come from the traits' mask (requestTraits compared them already),
  // and the domain is compared once: not a keyed load and a string comparison per slot.
  const kinds = prev.kinds.slice();
  for (let i = 0; i < kinds.length; i++) kinds[i] = kinds[i]! * f + ((r.kindMask >>> i) & 1);
  const domains = prev.domains.slice();
  const domain = s ? DOMAINS.indexOf(s.domain) : -1;
  for (let i = 0; i < domains.length; i++) domains[i] = domains[i]! * f + (i === domain ? 1 : 0);
  const hours = prev.hours.slice();
  for (let i = 0; i < hours.length; i++) hours[i] = hours[i]! * g;
  const hour = Math.floor((now % 86_400_000) / 3_600_000);
  hours[hour] = (hours[hour] ?? 0) + 1;

  // gapStats and network inline (not as objects to copy fields from): this runs on every request.
  let gapMean = 0, gapVar = 0, gaps = 0;
  if (prev.t !== 0) {
    // ln of the gap in seconds, floored at 1 s: bursts of parallel requests are one event.
    const x = Math.log(Math.max(1000, now - prev.t) / 1000);
    if (prev.gaps === 0) {
      gapMean = x;
      gaps = 1;
    } else {
      const a = 0.1;
      const d = x - prev.gapMean;
      gapMean = prev.gapMean + a * d;
      gapVar = (1 - a) * (prev.gapVar + a * d * d);
      gaps = Math.min(1000, prev.gaps + 1);
    }
  }
  const epoch = Math.floor(now / EPOCH_MS) * EPOCH_MS;
  const c = obs.client;
  const tag = fmix(fnv1a(subscriber(c.ip))) & 0xffff;
  const bit = tag & 255;
  const w = bit >>> 5;
  const mask = 1 << (bit & 31);
  let ipCur = prev.ipCur;
  let ipPrev = prev.ipPrev;
  let ipTags = prev.ipTags ?? null;
  let ipTagsPrev = prev.ipTagsPrev ?? null;
  if (epoch !== prev.epoch) {
    const next = epoch - prev.epoch === EPOCH_MS;
    ipPrev = next ? prev.ipCur : zeroWords();
    ipTagsPrev = next ? ipTags : [];
    ipCur = zeroWords();
    ipCur[w] = mask | 0;
    ipTags = [tag];
  } else {
    if ((ipCur[w]! & mask) === 0) {
      ipCur = ipCur.slice();
      ipCur[w] = (ipCur[w]! | mask) | 0;
    } // else: the address's bit is already set, and the bitmap is shared as it is
    // A new tag is added (a list no longer exact, past IP_TAGS, becomes null); a known one shares the list.
    if (ipTags !== null && !ipTags.includes(tag)) ipTags = ipTags.length < IP_TAGS ? [...ipTags, tag] : null;
  }

  // The request's network: its AS number, else its address's prefix (addressNetwork).
  const net = c.asn !== null ? c.asn : addressNetwork(c.ip);
  const next: FeatureState = {
    t: now,
    first: prev.first || now,
    n: prev.n * f + 1,
    kinds,
    intent: prev.intent * f + r.intent,
    joint: prev.joint * f + (r.harvest ? r.intent : 0),
    heavy: prev.heavy * f + (r.heavy ? 1 : 0),
    knobs: prev.knobs * f + (r.knobs ? 1 : 0),
    single: prev.single * f + (s?.shape.singleTurn ? 1 : 0),
    depth: prev.depth * f + (s?.shape.conversationDepth ?? 0),
    capability: prev.capability * f + (domain >= 0 && CAPABLE[domain] ? 1 : 0),
    domains,
    covered: prev.covered * f + (r.covered ? 1 : 0),
    fresh: prev.fresh * f + (r.fresh ? 1 : 0),
    obfuscated: prev.obfuscated * f + (s && s.obfuscation.length > 0 && r.intent > 0 ? 1 : 0),
    loops: prev.loops * f + (s && (!s.shape.singleTurn || obs.continues === true) && (r.kindMask & CRITIQUE_BIT) !== 0 ? 1 : 0),
    long: prev.long * g + 1,
    hours,
    gapMean, gapVar, gaps,
    epoch, ipCur, ipPrev, ipTags, ipTagsPrev,
    asns: net === null ? prev.asns : lastSeen(prev.asns, net, now, MAX_NETS),
    netCounts: net === null ? decay(prev.netCounts, f) : topK(prev.netCounts, net, f, MAX_NET_COUNTS, null),
    // By tag: a fresh exit shares one of the eight tags about once in 8,000 requests, too seldom to read as a repeat.
    addrCounts: addressCounts(prev.addrCounts, tag, f),
    countries: c.country === null ? prev.countries : lastSeen(prev.countries, c.country.slice(0, 8), now, MAX_NETS),
    pairs: c.asn === null || c.country === null || !(c.asn >= 0) ? prev.pairs : lastSeen(prev.pairs, pairKey(c.asn, c.country.slice(0, 8)), now, MAX_PAIRS),
    ja4s: c.ja4 === null ? prev.ja4s : lastSeen(prev.ja4s, c.ja4.slice(0, 64), now, MAX_JA4),
    templates: s && s.templateFp !== null ? topK(prev.templates, s.templateFp, f, MAX_TEMPLATES, nearTemplate) : decay(prev.templates, f),
    models: obs.model ? topK(prev.models, obs.model.slice(0, 128), f, MAX_MODELS, null) : decay(prev.models, f),
  };
  return next;
}

export interface RequestTraits {
  /** Kind-weighted extraction intent of this request, 0 when no kind reaches the threshold. */
  intent: number;
  /** Asks for the reasoning trace, token logprobs or several samples. */
  harvest: boolean;
  /** Reasoning with a large (or unset) output budget. */
  heavy: boolean;
  /** logprobs or n > 1. */
  knobs: boolean;
  /** Inside the account's documented baseline domains. */
  covered: boolean;
  /** On a model released within the release window. */
  fresh: boolean;
  /** Kinds at or above the threshold. */
  kinds: readonly string[];
  /** The kinds whose score reaches the threshold as bits, bit i for EXTRACTION_KINDS[i]: what the features count. */
  kindMask: number;
}

/**
 * `kinds` lists by mask, made once and shared (frozen: they are only ever
 * read): most requests have none, and no request need build its own.
 */
const KIND_LISTS: readonly (readonly string[])[] = Array.from({ length: 1 << EXTRACTION_KINDS.length }, (_, mask) =>
  Object.freeze(EXTRACTION_KINDS.filter((_, i) => (mask >>> i) & 1)));

/** Reasoning asked for with a large output budget (at least machine.heavyOutputTokens) or none set: the trace harvested in full. */
export function asksHeavyReasoning(shape: Pick<RequestShape, "reasoningRequested" | "maxTokens">, m: Pick<MachinePolicy, "heavyOutputTokens">): boolean {
  return shape.reasoningRequested && (shape.maxTokens === null || shape.maxTokens >= m.heavyOutputTokens);
}

/** Whether a request's answer budget can hold what extraction wants (policy.machine.shortAnswerTokens): unset, or above it. */
export function answerHasRoom(shape: { maxTokens: number | null } | undefined, m: Pick<MachinePolicy, "shortAnswerTokens">): boolean {
  return !shape || shape.maxTokens === null || shape.maxTokens > m.shortAnswerTokens;
}

/** What one request shows, independent of the account's history. */
export function requestTraits(obs: RequestObservation, m: MachinePolicy, now: number): RequestTraits {
  const s = obs.signals;
  let kindMask = 0;
  let listed = 0; // kindMask but for a score that is no number (NaN, missing): listed, as ever, yet never counted
  let intent = 0;
  if (s && answerHasRoom(s.shape, m)) {
    for (let i = 0; i < EXTRACTION_KINDS.length; i++) {
      const k = EXTRACTION_KINDS[i]!;
      const x = s.kinds[k];
      if (x >= m.kindThreshold) kindMask |= 1 << i;
      if (x < m.kindThreshold) continue;
      listed |= 1 << i;
      intent = Math.max(intent, m.kindWeights[k]);
    }
  }
  const shape = s?.shape;
  const knobs = !!shape && (shape.logprobs || shape.n > 1);
  const reasoning = !!shape && shape.reasoningRequested;
  const heavy = reasoning && asksHeavyReasoning(shape, m);
  const b = obs.account.baseline;
  const covered = !!s && !!b && (b.until === null || b.until > now) && b.domains.includes(s.domain);
  const rel = obs.modelReleasedAt ?? null;
  const fresh = rel !== null && now >= rel && now - rel < m.releaseWindowMs;
  return { intent, harvest: knobs || reasoning, heavy, knobs, covered, fresh, kinds: KIND_LISTS[listed]!, kindMask };
}

/** A fresh all-zero address bitmap. */
function zeroWords(): number[] {
  return new Array<number>(BITMAP_WORDS).fill(0);
}

/**
 * Record `key` as seen at `now`; when full, the entry seen longest ago makes room.
 * Written into an array of its final size (no filtered copy, no splice, no growth):
 * three of these tables are rebuilt on every request.
 */
function lastSeen<K>(entries: readonly [K, number][], key: K, now: number, max: number): [K, number][] {
  const n = entries.length;
  if (n > 0 && n <= max && entries[n - 1]![0] === key) {
    // Already the newest entry (the usual case: 99% of requests for the JA4 table, 67% for
    // the ASN one on the reference day): the table with its last time moved on, as a
    // builtin copy, unless a stored table holds the key twice (the general path folds them).
    let twice = false;
    for (let i = 0; i < n - 1; i++) if (entries[i]![0] === key) twice = true;
    if (!twice) {
      const out = entries.slice();
      out[n - 1] = [key, now];
      return out;
    }
  }
  let kept = 0;
  for (let i = 0; i < entries.length; i++) if (entries[i]![0] !== key) kept++;
  let drop = -1; // the first of the oldest entries other than `key`, when there is no room
  if (kept >= max) {
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (e[0] !== key && (drop < 0 || e[1] < entries[drop]![1])) drop = i;
    }
  }
  const out = new Array<[K, number]>(drop < 0 ? kept + 1 : kept);
  let j = 0;
  for (let i = 0; i < entries.length; i++) if (i !== drop && entries[i]![0] !== key) out[j++] = entries[i]!;
  out[j] = [key, now];
  return out;
}

/** The first entry within Hamming distance 3 of `key` (detect/fingerprint.ts sameTemplate), or -1. */
function nearTemplate(entries: readonly [string, number][], key: string): number {
  if (key.length !== 16) return -1;
  // hexWord is parseInt of the 8-digit slices, without making them (this runs on every request).
  const hi = hexWord(key, 0);
  const lo = hexWord(key, 8);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]![0];
    if (e.length !== 16) continue;
    // The low half is parsed only when the high half leaves room: a count is never negative, so
    // more than 3 differing bits there already decide (most entries are no near match).
    const d = popcount((hexWord(e, 0) ^ hi) >>> 0);
    if (d <= 3 && d + popcount((hexWord(e, 8) ^ lo) >>> 0) <= 3) return i;
  }
  return -1;
}

function decay<K>(entries: readonly [K, number][], f: number): [K, number][] {
  if (f === 1) return entries as [K, number][];
  // A loop, not map() with a closure over f (see updateFeatures); sized up front.
  const out = new Array<[K, number]>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    out[i] = [e[0], e[1] * f];
  }
  return out;
}

/**
 * Space-saving top-k (Metwally et al., 2005) over decayed counts: a key not
 * in a full table takes the smallest entry's place and count + 1, so heavy
 * hitters are never lost and counts are overestimated by at most the
 * smallest count. `near`: where a near-duplicate of the key sits, if any.
 * The slot is found on `entries` first (matching reads only keys), so the
 * result is built in one pass with one new pair per entry, not decayed and
 * then replaced; `entries` and its pairs are never mutated.
 */
function topK<K>(entries: readonly [K, number][], key: K, f: number, max: number, near: ((entries: readonly [K, number][], key: K) => number) | null): [K, number][] {
  const n = entries.length;
  // Exact matches first: the near-match test is the expensive one.
  let i = 0;
  while (i < n && entries[i]![0] !== key) i++;
  if (i === n) i = near ? near(entries, key) : -1;
  let add: [K, number] | null = null; // a new key with room: appended
  let evict = false; // a new key in a full table: it takes slot i
  if (i < 0 && n >= max) {
    // The smallest decayed count (the first among equals) makes room.
    let min = 0;
    for (let j = 1; j < n; j++) if (entries[j]![1] * f < entries[min]![1] * f) min = j;
    i = min;
    evict = true;
  } else if (i < 0) add = [key, 1];
  const out = new Array<[K, number]>(add ? n + 1 : n);
  for (let j = 0; j < n; j++) {
    const e = entries[j]!;
    if (j === i) out[j] = [evict ? key : e[0], e[1] * f + 1];
    else out[j] = f === 1 ? e : [e[0], e[1] * f]; // undecayed pairs are shared, as entries.slice() did
  }
  if (add) out[n] = add;
  return out;
}

/**
 * Space-saving over addresses (MAX_ADDR_COUNTS slots): a new address in a full table takes the slot of the smallest
 * decayed count and that count plus one, which orders the evictions; beside it, the decayed count of the requests
 * the address sent again after its first while it held its slot, which no eviction inflates. Both decay alike
 * (factor f).
 */
function addressCounts(entries: readonly [number, number, number][], key: number, f: number): [number, number, number][] {
  const n = entries.length;
  let i = 0;
  while (i < n && entries[i]![0] !== key) i++;
  let evict = false;
  if (i === n && n >= MAX_ADDR_COUNTS) {
    let min = 0;
    for (let j = 1; j < n; j++) if (entries[j]![1] < entries[min]![1]) min = j;
    i = min;
    evict = true;
  }
  const out = new Array<[number, number, number]>(i === n ? n + 1 : n);
  for (let j = 0; j < n; j++) {
    const e = entries[j]!;
    if (j !== i) out[j] = f === 1 ? e : [e[0], e[1] * f, e[2] * f];
    else out[j] = evict ? [key, e[1] * f + 1, 0] : [e[0], e[1] * f + 1, e[2] * f + 1];
  }
  if (i === n) out[n] = [key, 1, 0];
  return out;
}

export { fnv1a };


/**
 * Distinct addresses of two epochs' tags (their union; `[]` for an epoch with none), when that is at most IP_TAGS;
 * null where it is more, or where either list is not exact (null or absent: over IP_TAGS, or from before the tags).
 */
export function exactDistinct(cur: readonly number[] | null | undefined, prev: readonly number[] | null | undefined): number | null {
  if (!cur || !prev) return null;
  let n = cur.length;
  for (let i = 0; i < prev.length; i++) if (!cur.includes(prev[i]!)) n++;
  return n <= IP_TAGS ? n : null;
}

/**
 * Linear counting (Whang et al., 1990): distinct keys from the share of zero
 * bits; of the union of two bitmaps of one size when `or` is given (read
 * word by word, not built).
 */
export function distinctEstimate(words: readonly number[], or?: readonly number[]): number {
  if (words.length === 0) return 0;
  let ones = 0;
  for (let i = 0; i < words.length; i++) ones += popcount((or ? words[i]! | or[i]! : words[i]!) >>> 0);
  const m = words.length * 32;
  const zeros = m - ones;
  if (zeros === 0) return m * Math.log(m);
  return -m * Math.log(zeros / m);
}

