/**
 * Distinct-account sketch (linear counting, Whang et al. 1990): a 1024-bit
 * bitmap stored as 256 hex characters (the persisted format of FpState).
 * Read through lookup tables rather than parseInt per character: the index
 * counts two unions on every observation, so this is its hottest loop. The
 * tables reproduce parseInt(c, 16) exactly, with a non-hex character (NaN,
 * which `|` reads as 0) and a missing one both counting as 0.
 */
const SKETCH_BITS = 1024;
const NIBBLES = SKETCH_BITS / 4;
export const EMPTY_SKETCH = "0".repeat(NIBBLES);

const HEX = "0123456789abcdef";
/** parseInt(String.fromCharCode(c), 16) for ASCII c, non-hex as 0. */
const NIBBLE = new Uint8Array(128);
for (let v = 0; v < 16; v++) {
  NIBBLE[HEX.charCodeAt(v)] = v;
  NIBBLE[HEX.toUpperCase().charCodeAt(v)] = v;
}
/** Zero bits of a nibble. */
const ZERO_BITS = Uint8Array.from({ length: 16 }, (_, n) => 4 - (n & 1) - ((n >> 1) & 1) - ((n >> 2) & 1) - ((n >> 3) & 1));

function nibbleAt(hex: string, i: number): number {
  const c = hex.charCodeAt(i); // NaN past the end: 0, as the "0" it stood for
  return c < 128 ? NIBBLE[c]! : 0;
}

/** The last account's bit: a report's two or three fingerprints all add the same account, one after another. */
let lastAccount: string | null = null;
let lastBit = 0;

function accountBit(account: string): number {
  if (account === lastAccount) return lastBit;
  lastBit = hashBit(account);
  lastAccount = account;
  return lastBit;
}

function hashBit(account: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < account.length; i++) h = Math.imul(h ^ account.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  return (Math.imul(h, 0x2c1b3c6d) >>> 0) % SKETCH_BITS;
}

/** The sketch with the account's bit set; the very same string when it already was. */
export function sketchAdd(hex: string, account: string): string {
  return setBit(hex, accountBit(account));
}

function setBit(hex: string, bit: number): string {
  const i = bit >> 2;
  const digit = HEX[nibbleAt(hex, i) | (1 << (bit & 3))]!;
  if (hex[i] === digit) return hex;
  return hex.slice(0, i) + digit + hex.slice(i + 1);
}

/** Zero bits in the union of bitmaps. */
function unionZeros(hexes: readonly string[]): number {
  if (hexes.length === 2) return unionZeros2(hexes[0]!, hexes[1]!);
  let zeros = 0;
  for (let i = 0; i < NIBBLES; i++) {
    let n = 0;
    for (const h of hexes) n |= nibbleAt(h, i);
    zeros += ZERO_BITS[n]!;
  }
  return zeros;
}

/** Zero bits in the union of two bitmaps (no list made for them). */
function unionZeros2(a: string, b: string): number {
  if (a === EMPTY_SKETCH && b === EMPTY_SKETCH) return SKETCH_BITS; // a new fingerprint's
  let zeros = 0;
  for (let i = 0; i < NIBBLES; i++) zeros += ZERO_BITS[nibbleAt(a, i) | nibbleAt(b, i)]!;
  return zeros;
}

function estimate(zeros: number): number {
  return Math.round(SKETCH_BITS * Math.log(SKETCH_BITS / Math.max(zeros, 1)));
}

/** Distinct accounts in the union of bitmaps; saturates near 7,000 (then "many" is all that matters). */
export function sketchCount(...hexes: string[]): number {
  return estimate(unionZeros(hexes));
}

// ---- a fingerprint's sketches (FpState["sketch"]) ----

export interface Sketches {
  epoch: number;
  all: string;
  est: string;
  prevAll: string;
  prevEst: string;
}

/**
 * Sketches made by `withAccount` and `rotated` carry the zero bits of
 * all|prevAll and est|prevEst, and of all and est alone, derived from their
 * predecessor's and the one bit added, so that `windowCount` need not rescan
 * 1,024 bits twice per observation, nor a rotation (the window moving on:
 * all becomes prevAll) once per fingerprint and window. They are never
 * mutated, so the counts cannot go stale; they are private fields (numbers,
 * not an object: one allocation less per observation), which JSON (what is
 * persisted), structured clone, spreads and test equality never see.
 * Sketches from elsewhere (storage) are counted afresh. (A WeakMap memo
 * costs more in garbage collection, with thousands of live states, than the
 * scans it saves; so does defineProperty.)
 */
class CountedSketches implements Sketches {
  epoch: number;
  all: string;
  est: string;
  prevAll: string;
  prevEst: string;
  readonly #zerosAll: number;
  readonly #zerosEst: number;
  /** Zero bits of `all` and of `est` alone: the union's zeros once they are the previous window's. */
  readonly #ownAll: number;
  readonly #ownEst: number;

  constructor(epoch: number, all: string, est: string, prevAll: string, prevEst: string, zerosAll: number, zerosEst: number, ownAll: number, ownEst: number) {
    this.epoch = epoch;
    this.all = all;
    this.est = est;
    this.prevAll = prevAll;
    this.prevEst = prevEst;
    this.#zerosAll = zerosAll;
    this.#zerosEst = zerosEst;
    this.#ownAll = ownAll;
    this.#ownEst = ownEst;
  }

  /** Zero bits of all|prevAll, or of est|prevEst when `established`. */
  static zerosOf(k: Sketches, established: boolean): number {
    if (k instanceof CountedSketches) return established ? k.#zerosEst : k.#zerosAll;
    return established ? unionZeros2(k.est, k.prevEst) : unionZeros2(k.all, k.prevAll);
  }

  /** Zero bits of `all` alone, or of `est` when `established`. */
  static ownZerosOf(k: Sketches, established: boolean): number {
    if (k instanceof CountedSketches) return established ? k.#ownEst : k.#ownAll;
    return unionZeros2(established ? k.est : k.all, EMPTY_SKETCH);
  }
}

/** sketchCount(all, prevAll), or sketchCount(est, prevEst) when `established`. */
export function windowCount(k: Sketches, established: boolean): number {
  return estimate(CountedSketches.zerosOf(k, established));
}

/** The number of zero bits of `hex` after setBit(hex, bit), from those before (of `hex | other`, or of `hex` alone for other = EMPTY_SKETCH). */
function zerosAfterSet(zeros: number, hex: string, other: string, bit: number): number {
  // setBit on a shorter (malformed) bitmap appends instead of setting: count afresh.
  if (hex.length !== NIBBLES) return unionZeros2(setBit(hex, bit), other);
  const i = bit >> 2;
  const before = nibbleAt(hex, i) | nibbleAt(other, i);
  return zeros - ZERO_BITS[before]! + ZERO_BITS[before | (1 << (bit & 3))]!;
}

/**
 * The sketches with the account added (to `est` too when established). The
 * very same sketches when its bits are already set, which is most
 * observations (an account's next request with the fingerprint), and then
 * nothing is allocated: sketches are never mutated, so sharing them is safe.
 */
export function withAccount(k: Sketches, account: string, established: boolean): Sketches {
  const bit = accountBit(account);
  const all = setBit(k.all, bit);
  const est = established ? setBit(k.est, bit) : k.est;
  if (all === k.all && est === k.est && k instanceof CountedSketches) return k;
  const zEst = CountedSketches.zerosOf(k, true);
  const oEst = CountedSketches.ownZerosOf(k, true);
  return new CountedSketches(k.epoch, all, est, k.prevAll, k.prevEst,
    zerosAfterSet(CountedSketches.zerosOf(k, false), k.all, k.prevAll, bit),
    established ? zerosAfterSet(zEst, k.est, k.prevEst, bit) : zEst,
    zerosAfterSet(CountedSketches.ownZerosOf(k, false), k.all, EMPTY_SKETCH, bit),
    established ? zerosAfterSet(oEst, k.est, EMPTY_SKETCH, bit) : oEst);
}

/**
 * The sketches for window `epoch`: the same when it is theirs; their current
 * bitmaps as the previous window's when it is the next one; all empty
 * otherwise. Counted sketches stay counted, their own zeros
 * becoming the union's, rather than rescanned.
 */
export function rotated(k: Sketches, epoch: number): Sketches {
  if (k.epoch === epoch) return k;
  if (k.epoch === epoch - 1) {
    return new CountedSketches(epoch, EMPTY_SKETCH, EMPTY_SKETCH, k.all, k.est,
      CountedSketches.ownZerosOf(k, false), CountedSketches.ownZerosOf(k, true), SKETCH_BITS, SKETCH_BITS);
  }
  return new CountedSketches(epoch, EMPTY_SKETCH, EMPTY_SKETCH, EMPTY_SKETCH, EMPTY_SKETCH, SKETCH_BITS, SKETCH_BITS, SKETCH_BITS, SKETCH_BITS);
}
