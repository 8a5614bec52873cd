/**
 * Template fingerprint: a 64-bit SimHash (Charikar 2002) over word 3-shingles
 * of the instruction part of a prompt (instruction-part.ts: the template's own
 * wording, with the problem it was filled with replaced by slots). Requests
 * from one template share a fingerprint (Hamming distance ≤ 3 of 64);
 * unrelated texts sit around 32 apart.
 */
import { fmix, fnv1a } from "./features.js";
import { instructionPart, MAX_CHARS, maskNames } from "./instruction-part.js";

export { instructionPart } from "./instruction-part.js";

function shingleTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}#]+/gu) ?? [];
}

/** FNV-1a continued over `s` from the state `h`. */
function fnvMore(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * Per-bit vote counters in bit-sliced form: plane k holds bit k of the count
 * of ones seen at each of 32 positions, so adding a 32-bit hash is a short
 * ripple-carry over planes instead of 32 separate increments.
 */
class BitVotes {
  private readonly planes = new Int32Array(16);
  add(x: number): void {
    let carry = x;
    for (let k = 0; carry !== 0 && k < 16; k++) {
      const p = this.planes[k] as number;
      this.planes[k] = p ^ carry;
      carry = p & carry;
    }
  }
  /** Bits set where the ones outnumber the zeros among `total` votes. */
  majority(total: number): number {
    let out = 0;
    for (let b = 0; b < 32; b++) {
      let ones = 0;
      for (let k = 0; k < 16; k++) ones |= (((this.planes[k] as number) >>> b) & 1) << k;
      if (2 * ones > total) out |= 1 << b;
    }
    return out;
  }
}

/** 64-bit SimHash of word 3-shingles, as 16 hex characters. */
export function simhash(tokens: readonly string[]): string {
  const lo = new BitVotes(), hi = new BitVotes();
  let total = 0;
  const add = (h: number): void => {
    lo.add(fmix(h));
    hi.add(fmix(h ^ 0x5bd1e995));
    total++;
  };
  const n = tokens.length;
  if (n < 3) add(fnv1a(tokens.join(" ")));
  // fnv1a of "a b c", continued over the three tokens without building the string.
  for (let i = 0; i + 3 <= n; i++) {
    let h = fnvMore(0x811c9dc5, tokens[i] as string);
    h = fnvMore(Math.imul(h ^ 32, 0x01000193), tokens[i + 1] as string);
    h = fnvMore(Math.imul(h ^ 32, 0x01000193), tokens[i + 2] as string);
    add(h >>> 0);
  }
  const hx = (x: number): string => (x >>> 0).toString(16).padStart(8, "0");
  return hx(hi.majority(total)) + hx(lo.majority(total));
}

/** Fingerprint of the instruction part; falls back to the masked whole when no instruction is found. */
export function templateFingerprint(raw: string): string {
  const part = instructionPart(raw);
  let toks = shingleTokens(part).filter((t, i, a) => t !== "slot" || a[i - 1] !== "slot");
  if (toks.filter((t) => t !== "slot").length < 3) toks = shingleTokens(maskNames(raw.slice(0, MAX_CHARS)));
  return simhash(toks);
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

export function fingerprintDistance(a: string, b: string): number {
  const d = (i: number): number => popcount((parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16)) >>> 0);
  return d(0) + d(8);
}

export const SAME_TEMPLATE_MAX_DISTANCE = 3;

export function sameTemplate(a: string, b: string, maxDistance = SAME_TEMPLATE_MAX_DISTANCE): boolean {
  return fingerprintDistance(a, b) <= maxDistance;
}
