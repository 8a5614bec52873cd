/**
 * A 16-hex-digit fingerprint as its two 32-bit halves, so that comparing one
 * fingerprint with many (near-duplicate lookup in a shard, the allowlists)
 * parses each side once instead of on every comparison. The halves are
 * exactly what detect/fingerprint.ts fingerprintDistance parses (a NaN half
 * XORs as 0 there and here), so distances are identical.
 */
export interface FpWords {
  hi: number;
  lo: number;
}

export function fpWords(fp: string): FpWords {
  return { hi: parseInt(fp.slice(0, 8), 16), lo: parseInt(fp.slice(8, 16), 16) };
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** fingerprintDistance on parsed fingerprints. */
export function wordsDistance(a: FpWords, b: FpWords): number {
  return popcount((a.hi ^ b.hi) >>> 0) + popcount((a.lo ^ b.lo) >>> 0);
}
