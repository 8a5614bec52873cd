/**
 * Pure matching of a request's identity against blocklist entries: which KV
 * keys to look up, CIDR containment, expiry.
 */
import { isContracted } from "../account/identity.js";
import { KV_KEY_BYTES, KV_METADATA_BYTES, kvKeyFits, kvMetadataFits } from "../lib/kv-limits.js";
import type { BlocklistEntry, BlocklistKind } from "./types.js";

/**
 * Why KV could not store the entry, or null: its key (`bl:<kind>:<value>`)
 * too long or not well-formed, or a CIDR entry too large for the key's
 * metadata. Admin writes refuse such an entry with a 400; imports skip it.
 */
export function entryProblem(e: BlocklistEntry): string | null {
  if (!kvKeyFits(entryKey(e.kind, e.value))) return `the ${e.kind} value is not well-formed text or is too long to store (at most ${KV_KEY_BYTES} bytes with its prefix "bl:${e.kind}:")`;
  // A CIDR entry carries itself in its key's metadata (blocklist.ts putEntry).
  if (e.kind === "cidr" && !kvMetadataFits(e)) return `the entry is too large to store with a CIDR range (at most ${KV_METADATA_BYTES} bytes as JSON): shorten its reason`;
  return null;
}

/**
 * What an entry does to a request it matches, for the requester's standing.
 * A peer's AS number or bare JA4 names a whole hosting provider or TLS stack:
 * the consumer VPNs on a proxy provider's networks, every client of a
 * runtime. On a peer's word alone that is evidence (the account machine's
 * fingerprint hits, account/campaign-intel.ts), not a 403 for everyone
 * behind it. The operator's own entries (`admin:`) and the campaign index's
 * (`campaign:`, ASNs only with campaign.publish.asn) block, as every other
 * kind does, but for one:
 *
 * An exit address the campaign index published (shared by its accounts, no
 * established one then) is an ephemeral hosting address, or a residential
 * proxy's exit through a real person's home line. It holds the campaign's
 * fresh accounts from their first request. An established account that gets
 * it later (a verified customer's autoscaled runner) is given it as
 * evidence, scaled by its exposure, not a 403. An older account that is not
 * established (unverified, at least campaign.youngDays old) is `hold`: the
 * edge cannot tell the person who lives behind that address from a
 * campaign's aged account, so its account object decides
 * (account/machine.ts judgeHeldExit): evidence if it trusts the account,
 * else the block the edge would have given.
 */
export function entryEffect(e: BlocklistEntry, established = false, aged = false): "block" | "evidence" | "hold" {
  if ((e.kind === "asn" || e.kind === "ja4") && e.source.startsWith("peer:")) return "evidence";
  if (e.kind === "ip" && e.source.startsWith("campaign:")) {
    if (established) return "evidence";
    if (aged) return "hold";
  }
  return "block";
}

/** Whether an entry blocks the requests it matches at the edge (entryEffect). */
export function blocks(e: BlocklistEntry, established = false): boolean {
  return entryEffect(e, established) === "block";
}

/**
 * What an entry does to the requests it matches, as the admin API lists it:
 * blocks them; is evidence for the account machine (fingerprints, a peer's
 * ASN or JA4); or, for a campaign's published exit address, blocks all but
 * established accounts, for which it is evidence (and older accounts their
 * account machine trusts: entryEffect).
 */
export function effectOf(e: BlocklistEntry): "block" | "evidence" | "block-unless-established" {
  if (e.kind === "templateFp" || e.kind === "systemFp" || e.kind === "networkFp" || !blocks(e)) return "evidence";
  return blocks(e, true) ? "block" : "block-unless-established";
}

export interface Subject {
  keyHash: string;
  account: string;
  org: string | null;
  ip: string;
  asn: number | null;
  ja4: string | null;
  /**
   * Verified and at least campaign.youngDays old, or a verified enterprise
   * account (the campaign index's established account, as far as the edge
   * knows it, without its risk): a campaign's published exit address is
   * evidence for it, not a block.
   */
  established?: boolean;
  /** At least campaign.youngDays old, verified or not (agedAt): such an exit is held for its account object (entryEffect). */
  aged?: boolean;
}

/** Subject.established for an account record at `now`. */
export function establishedAt(a: { verified: boolean; createdAt: number; tier: string }, youngDays: number, now: number): boolean {
  return isContracted(a) || (a.verified && agedAt(a, youngDays, now));
}

/** Subject.aged for an account record at `now`. */
export function agedAt(a: { createdAt: number }, youngDays: number, now: number): boolean {
  return now - a.createdAt >= youngDays * 86_400_000;
}

export function entryKey(kind: BlocklistKind, value: string): string {
  return `bl:${kind}:${value}`;
}

/**
 * The exact-match entries to look for, in the order they are read (CIDRs
 * are matched separately), each handed to `visit` until one gives a result,
 * which is returned: the replay's in-memory blocklist looks them up as they
 * come, subjectLookups lists them.
 */
export function firstLookup<T>(s: Subject, visit: (kind: BlocklistKind, value: string) => T | null): T | null {
  return visit("keyHash", s.keyHash) ?? visit("account", s.account) ?? visit("ip", s.ip)
    ?? (s.org ? visit("org", s.org) : null)
    ?? (s.asn !== null ? visit("asn", String(s.asn)) : null)
    ?? (s.ja4 ? visit("ja4", s.ja4) : null);
}

export function subjectLookups(s: Subject): { kind: BlocklistKind; value: string }[] {
  const out: { kind: BlocklistKind; value: string }[] = [];
  firstLookup(s, (kind, value) => {
    out.push({ kind, value });
    return null;
  });
  return out;
}

/** The KV keys of subjectLookups. */
export function subjectKeys(s: Subject): string[] {
  return subjectLookups(s).map((l) => entryKey(l.kind, l.value));
}

export function isLive(e: BlocklistEntry, now: number): boolean {
  return e.expiresAt === null || e.expiresAt > now;
}

/** Parse an IPv4 or IPv6 address to a bigint and its bit width; null when invalid. */
export function parseIp(ip: string): { value: bigint; bits: 32 | 128 } | null {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) {
    const parts = ip.split(".").map(Number);
    if (parts.some((p) => p > 255)) return null;
    return { value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n), bits: 32 };
  }
  if (!ip.includes(":")) return null;
  const v4tail = ip.match(/^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/);
  let text = ip;
  if (v4tail) {
    const v4 = parseIp(v4tail[2]!);
    if (!v4) return null;
    text = `${v4tail[1]}${(v4.value >> 16n).toString(16)}:${(v4.value & 0xffffn).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  return { value, bits: 128 };
}

export function parseCidr(cidr: string): { net: bigint; bits: 32 | 128; prefix: number } | null {
  const [addr, p] = cidr.split("/");
  const ip = addr ? parseIp(addr) : null;
  const prefix = p === undefined ? (ip?.bits ?? 0) : Number(p);
  if (!ip || !Number.isInteger(prefix) || prefix < 0 || prefix > ip.bits) return null;
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(ip.bits - prefix);
  return { net: ip.value & mask, bits: ip.bits, prefix };
}

export function cidrContains(cidr: string, ip: string): boolean {
  const c = parseCidr(cidr);
  const a = parseIp(ip);
  if (!c || !a || c.bits !== a.bits) return false;
  const mask = c.prefix === 0 ? 0n : ((1n << BigInt(c.prefix)) - 1n) << BigInt(c.bits - c.prefix);
  return (a.value & mask) === c.net;
}
