/**
 * A 16-hex-digit fingerprint as its two 32-bit halves, so that comparing one
 * fingerprint with many (near-duplicate lookup in a shard, the allowlists)
 * parses each side once instead of on every comparison. The halves are
 * exactly what detect/fingerprint.ts fingerprintDistance parses (a NaN half
 * XORs as 0 there and here), so distances are identical.
 */
import { popcount } from "../lib/bits.js";

export interface FpWords {
  hi: number;
  lo: number;
}

export function fpWords(fp: string): FpWords {
  return { hi: hexWord(fp, 0), lo: hexWord(fp, 8) };
}

/** Hex digit values by character code, -1 for anything else. */
const DIGIT = new Int8Array(128).fill(-1);
for (let v = 0; v < 16; v++) {
  DIGIT["0123456789abcdef".charCodeAt(v)] = v;
  DIGIT["0123456789ABCDEF".charCodeAt(v)] = v;
}

/**
 * parseInt(s.slice(start, start + 8), 16), without the slice: this parses
 * stored fingerprints on every request. Eight hex digits are read directly
 * (exactly parseInt's value); anything else (a sign, "0x", a short or
 * malformed fingerprint) goes to parseInt itself.
 */
export function hexWord(s: string, start: number): number {
  const end = start + 8;
  if (s.length < end) return parseInt(s.slice(start, end), 16);
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    const d = c < 128 ? DIGIT[c]! : -1;
    if (d < 0) return parseInt(s.slice(start, end), 16);
    v = v * 16 + d;
  }
  return v;
}


/** fingerprintDistance on parsed fingerprints. */
export function wordsDistance(a: FpWords, b: FpWords): number {
  return distanceTo(a, b.hi, b.lo);
}

/** wordsDistance(w, { hi, lo }) without making the object (allowedBy, once per observation). */
export function distanceTo(w: FpWords, hi: number, lo: number): number {
  return popcount((w.hi ^ hi) >>> 0) + popcount((w.lo ^ lo) >>> 0);
}
