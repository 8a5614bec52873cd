/**
 * The token streams the tokenizer (tokens.ts) returns, and where their
 * memory comes from.
 */

/** Canonical tokens as parallel arrays; `n` of them are valid. */
export interface TokenStream {
  n: number;
  /** Lexicon id of the canonical token, -1 when the word is in no list. */
  ids: Int32Array;
  /** fnv1a of the canonical token (signed 32-bit): the model's word feature. */
  hashes: Int32Array;
  /** 1 when the token is a number (starts with a digit, or is a number word). */
  num: Uint8Array;
}

export const EMPTY_STREAM: TokenStream = { n: 0, ids: new Int32Array(0), hashes: new Int32Array(0), num: new Uint8Array(0) };

/**
 * The streams scan returns are views carved out of shared slabs: V8 puts
 * every typed array over 64 bytes in a buffer of its own off the heap, and
 * allocating and later freeing those cost more than scanning a short prompt
 * (three per stream: ~2.5 µs, against ~0.5 µs for three views of a slab). A
 * slab is freed when no stream carved from it is left. The memos keep at most
 * 576 streams (prepare.ts: 256 system, 256 user, 64 long user texts), so at
 * most that many slabs stay pinned (9 MiB if every kept
 * stream held a different slab; the first-in-first-out memos keep streams
 * made one after another, which share slabs). A stream larger than a quarter
 * slab gets a buffer of its own.
 */
const SLAB_BYTES = 16384;
let slab = new ArrayBuffer(SLAB_BYTES);
let slabUsed = 0;

/** A copy of the first `n` tokens of a scan's scratch arrays. */
export function copyStream(ids: Int32Array, hashes: Int32Array, nums: Uint8Array, n: number): TokenStream {
  const bytes = 9 * n;
  let buf = slab, at = slabUsed;
  if (bytes > SLAB_BYTES / 4) {
    buf = new ArrayBuffer(bytes);
    at = 0;
  } else {
    if (at + bytes > SLAB_BYTES) {
      slab = buf = new ArrayBuffer(SLAB_BYTES);
      at = 0;
    }
    slabUsed = at + ((bytes + 3) & ~3);
  }
  const out: TokenStream = {
    n,
    ids: new Int32Array(buf, at, n),
    hashes: new Int32Array(buf, at + 4 * n, n),
    num: new Uint8Array(buf, at + 8 * n, n),
  };
  // A loop: subarray() views to set() from would be three more allocations.
  const { ids: i2, hashes: h2, num: n2 } = out;
  for (let k = 0; k < n; k++) {
    i2[k] = ids[k] as number;
    h2[k] = hashes[k] as number;
    n2[k] = nums[k] as number;
  }
  return out;
}
