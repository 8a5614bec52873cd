/**
 * 64-bit SimHash (Charikar 2002) of word 3-shingles, read straight from the
 * word spans of a text (no token or shingle strings are built). A shingle's
 * hash is fnv1a of "a b c": FNV-1a continued over the three words and the
 * spaces between them.
 */
import { fmix } from "./features.js";

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SPACE = 32;

/** FNV-1a continued over text[start, end) from the state `h`. */
function fnvRange(h: number, text: string, start: number, end: number): number {
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

/** fnv1a of words [from, to) of `spans` joined by single spaces. */
function joinedHash(text: string, spans: Int32Array, from: number, to: number): number {
  let h = FNV_OFFSET;
  for (let w = from; w < to; w++) {
    if (w > from) h = Math.imul(h ^ SPACE, FNV_PRIME);
    h = fnvRange(h, text, spans[2 * w] as number, spans[2 * w + 1] as number);
  }
  return h >>> 0;
}

/**
 * Per-bit vote counters in bit-sliced form: plane k holds bit k of the count
 * of ones seen at each of 32 positions, so adding a 32-bit hash is a short
 * ripple-carry over planes instead of 32 separate increments. Planes 0-15
 * count the low word of the fingerprint, 16-31 the high word.
 */
const PLANES = 16;

function vote(planes: Int32Array, base: number, x: number): void {
  let carry = x;
  for (let k = base; carry !== 0 && k < base + PLANES; k++) {
    const p = planes[k] as number;
    planes[k] = p ^ carry;
    carry = p & carry;
  }
}

/**
 * Bits set where the ones outnumber the zeros among `total` votes, i.e. where
 * the 16-bit count exceeds floor(total / 2): one bit-sliced comparison of all
 * 32 counts with that constant, from the top plane down.
 */
function majority(planes: Int32Array, base: number, total: number): number {
  const half = Math.floor(total / 2);
  if (half >= 1 << PLANES) return 0;
  let gt = 0, eq = -1;
  for (let k = PLANES - 1; k >= 0; k--) {
    const p = planes[base + k] as number;
    const t = (half >>> k) & 1 ? -1 : 0;
    gt |= eq & p & ~t;
    eq &= ~(p ^ t);
  }
  return gt;
}

const HEX = Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
const nibble = (x: number, shift: number): number => HEX[(x >>> shift) & 15] as number;

/**
 * `hi` then `lo` as 8 hex digits each, like `toString(16).padStart(8, "0")`
 * of each: one flat string from one call, not two radix conversions, two
 * paddings and a concatenation.
 */
export function hex16(hi: number, lo: number): string {
  return String.fromCharCode(
    nibble(hi, 28), nibble(hi, 24), nibble(hi, 20), nibble(hi, 16), nibble(hi, 12), nibble(hi, 8), nibble(hi, 4), nibble(hi, 0),
    nibble(lo, 28), nibble(lo, 24), nibble(lo, 20), nibble(lo, 16), nibble(lo, 12), nibble(lo, 8), nibble(lo, 4), nibble(lo, 0),
  );
}

/** Vote counters, reused (cleared per call): simhash is synchronous, and a fresh array would live off the heap. */
const planes = new Int32Array(2 * PLANES);

/** Word w of `spans` is a masked number ("#", "##"…: maskNames) and nothing else. */
export function maskOnly(text: string, spans: Int32Array, w: number): boolean {
  const end = spans[2 * w + 1] as number;
  for (let i = spans[2 * w] as number; i < end; i++) if (text.charCodeAt(i) !== 35) return false;
  return true;
}

/**
 * 64-bit SimHash of the word 3-shingles of `n` words (start, end pairs in
 * `spans`) of `text`, as 16 hex characters. A shingle of three masked
 * numbers ("# # #") says nothing of a template's wording and is the same in
 * every number-heavy text, where it would pull unrelated prompts to one
 * fingerprint: it is left out, unless the text has no other.
 */
export function simhash(text: string, spans: Int32Array, n: number): string {
  planes.fill(0);
  let total = 0;
  // Fewer than three words: the words joined make the one shingle.
  const shingles = n < 3 ? 1 : n - 2;
  for (let pass = 0; pass < 2 && total === 0; pass++) {
    for (let i = 0; i < shingles; i++) {
      if (pass === 0 && n >= 3 && maskOnly(text, spans, i) && maskOnly(text, spans, i + 1) && maskOnly(text, spans, i + 2)) continue;
      const h = n < 3 ? joinedHash(text, spans, 0, n) : joinedHash(text, spans, i, i + 3);
      vote(planes, 0, fmix(h));
      vote(planes, PLANES, fmix(h ^ 0x5bd1e995));
      total++;
    }
  }
  return hex16(majority(planes, PLANES, total), majority(planes, 0, total));
}
