/**
 * Small non-cryptographic 32-bit hashes shared by the detectors, the account
 * features and the network fingerprint: FNV-1a over UTF-16 code units and
 * MurmurHash3's 32-bit finaliser. Both are fixed, published algorithms;
 * values derived from them are persisted (account state) and exchanged with
 * peers (network fingerprints), so they must never change.
 */
export const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a (32-bit) of a string's UTF-16 code units, from `seed` (the FNV offset basis by default). */
export function fnv1a(s: string, seed = FNV_OFFSET): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's fmix32: spreads FNV-1a's regular low bits (dotted addresses, short words). */
export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hex32(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}

/**
 * 64 bits of a text as 16 hex characters: two FNV-1a passes from different
 * seeds, each finalised (the second mixed with the first). The network
 * fingerprint is this of its parts, and peers receive it: it must never change.
 */
export function hex64(text: string): string {
  const a = fnv1a(text, FNV_OFFSET);
  const b = fnv1a(text, 0x01000193 ^ 0x5bd1e995);
  return hex32(fmix(a)) + hex32(fmix(b ^ a));
}
