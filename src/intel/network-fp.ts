/**
 * Network fingerprint of a client: its TLS client hello (JA4), its
 * User-Agent and its AS number, hashed into 16 hex characters. This is the
 * `networkFp` blocklist value and the key of network entries in the campaign
 * index. A campaign behind a commercial proxy service rotates exit addresses
 * by the thousand but keeps one HTTP stack: JA4 + User-Agent stay fixed, and
 * the ASN narrows it to the proxy provider it rents from.
 *
 * Peers often share JA4 + User-Agent without an ASN, so the request path
 * checks both the full fingerprint and the ASN-less one
 * (`networkFingerprints`). The hash is exact, not locality-sensitive: a
 * different JA4 is a different client.
 */

// The value is persisted and exchanged with peers: lib/hash32.ts holds the
// fixed algorithms it is built from.
import { hex64 } from "../lib/hash32.js";

export interface NetworkParts {
  ja4: string | null;
  userAgent: string | null;
  asn: number | null;
}

/** User-Agents differ in case and inner whitespace between proxies' rewrites; nothing else is normalised. */
export function normaliseUserAgent(ua: string): string {
  return ua.trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * Fingerprints already computed, by their exact inputs: the request path
 * computes a client's fingerprint several times (the blocklist lookups, the
 * campaign report), and a replay sees the same few clients again and again.
 * A memo of a pure function, bounded by clearing. Keyed JA4 → User-Agent →
 * ASN rather than by one joined string: the parts are the request's own
 * strings, whose hashes V8 keeps, where a joined key is built and hashed
 * afresh on every call. A missing User-Agent hashes as an empty one, so both
 * share an entry.
 */
const memo = new Map<string, Map<string, Map<number | null, string>>>();
let memoSize = 0;
const MEMO_MAX = 4096;

/** The fingerprint, or null when there is no JA4 (a User-Agent alone is trivially forged and widely shared). */
export function networkFingerprint(p: NetworkParts): string | null {
  if (!p.ja4) return null;
  const ua = p.userAgent ?? "";
  let byUa = memo.get(p.ja4);
  let byAsn = byUa?.get(ua);
  let fp = byAsn?.get(p.asn);
  if (fp === undefined) {
    if (memoSize >= MEMO_MAX) {
      memo.clear();
      memoSize = 0;
      byUa = byAsn = undefined;
    }
    if (!byUa) memo.set(p.ja4, (byUa = new Map()));
    if (!byAsn) byUa.set(ua, (byAsn = new Map()));
    byAsn.set(p.asn, (fp = compute(p.ja4, p.userAgent, p.asn)));
    memoSize++;
  }
  return fp;
}

function compute(ja4: string, userAgent: string | null, asn: number | null): string {
  return hex64(`${ja4.trim().toLowerCase()}\n${normaliseUserAgent(userAgent ?? "")}\n${asn ?? "*"}`);
}

/** What the request path looks up: the full fingerprint, then the one without ASN (peers' JA4 + UA). */
export function networkFingerprints(p: NetworkParts): string[] {
  const full = networkFingerprint(p);
  const anyAsn = p.asn === null ? null : networkFingerprint({ ja4: p.ja4, userAgent: p.userAgent, asn: null });
  const out: string[] = [];
  if (full !== null) out.push(full);
  if (anyAsn !== null) out.push(anyAsn);
  return out;
}
