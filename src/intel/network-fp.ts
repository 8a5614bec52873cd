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

// Own copies of FNV-1a and the murmur3 finaliser: the value is persisted and
// exchanged with peers, so it must not move when the detectors' hashing does.
function fnv1a(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export interface NetworkParts {
  ja4: string | null;
  userAgent: string | null;
  asn: number | null;
}

/** User-Agents differ in case and inner whitespace between proxies' rewrites; nothing else is normalised. */
export function normaliseUserAgent(ua: string): string {
  return ua.trim().replace(/\s+/g, " ").toLowerCase();
}

function hex32(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}

/** The fingerprint, or null when there is no JA4 (a User-Agent alone is trivially forged and widely shared). */
export function networkFingerprint(p: NetworkParts): string | null {
  if (!p.ja4) return null;
  const text = `${p.ja4.trim().toLowerCase()}\n${normaliseUserAgent(p.userAgent ?? "")}\n${p.asn ?? "*"}`;
  const a = fnv1a(text, 0x811c9dc5);
  const b = fnv1a(text, 0x01000193 ^ 0x5bd1e995);
  return hex32(fmix(a)) + hex32(fmix(b ^ a));
}

/** What the request path looks up: the full fingerprint, then the one without ASN (peers' JA4 + UA). */
export function networkFingerprints(p: NetworkParts): string[] {
  const full = networkFingerprint(p);
  const anyAsn = p.asn === null ? null : networkFingerprint({ ...p, asn: null });
  return [full, anyAsn].filter((x): x is string => x !== null);
}
