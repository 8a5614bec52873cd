/**
 * Hashed features for the extraction model, shared by training
 * (cli/train-detect.ts) and inference (model.ts) so they can never drift:
 * canonical word unigrams and bigrams (translated cues land on English
 * features), system-prompt unigrams under their own seed (role matters:
 * "justify your steps" in a system prompt is a pipeline, in a question it is
 * a student), and character 4-grams of a bounded window (robust to spelling
 * and morphology the glossary does not know).
 */
import type { TokenStream } from "./tokens.js";

export const FEATURE_BITS = 14;
export const FEATURE_MASK = (1 << FEATURE_BITS) - 1;

export const SEED_WORD = 0x811c9dc5;
export const SEED_SYS = 0x1b873593;
const SEED_CHAR = 0x2545f491;
const CHAR_HEAD = 768;
const CHAR_TAIL = 256;

import { fmix, fnv1a } from "../lib/hash32.js";

export { fmix, fnv1a };

export interface FeatureInput {
  /** Canonical tokens of the user-side text. */
  user: TokenStream;
  /** Canonical tokens of the system prompt (empty when none). */
  system: TokenStream;
  /** Where the character n-grams are read. */
  window: CharWindow;
}

/**
 * The normalised text (system, newline, user) for character n-grams: the
 * whole of it when it has at most CHAR_HEAD + CHAR_TAIL characters (`tail`
 * null), else its first CHAR_HEAD and last CHAR_TAIL characters.
 */
export interface CharWindow {
  head: string;
  tail: string | null;
}

export const CHAR_WINDOW = { head: CHAR_HEAD, tail: CHAR_TAIL, whole: CHAR_HEAD + CHAR_TAIL } as const;

/** The coarse shape features (constant per case, so hashed once). */
const shapeFeature = (tag: string): number => fmix(fnv1a(tag, SEED_SYS)) & FEATURE_MASK;
const SHAPE = {
  sys: shapeFeature("#sys"),
  nosys: shapeFeature("#nosys"),
  short: shapeFeature("#short"),
  long: shapeFeature("#long"),
  mid: shapeFeature("#mid"),
} as const;

/**
 * Word unigrams and bigrams from the token hashes the scan accumulated (no
 * token string is hashed here), written into `out` from `n`; returns the new
 * count. Top-level functions rather than closures: this runs per request.
 */
function wordFeatures(out: Uint16Array, n: number, hashes: Int32Array, len: number): number {
  let prev = 0;
  for (let i = 0; i < len; i++) {
    const h = hashes[i] as number;
    out[n++] = fmix(h) & FEATURE_MASK;
    if (i > 0) out[n++] = fmix(Math.imul(prev, 0x9e3779b1) ^ h) & FEATURE_MASK;
    prev = h;
  }
  return n;
}

/** The system prompt's own features: its word unigrams and bigrams, then its unigrams under the role seed. */
export function systemWordFeatures(out: Uint16Array, n: number, system: TokenStream): number {
  n = wordFeatures(out, n, system.hashes, system.n);
  for (let i = 0; i < system.n; i++) out[n++] = fmix((system.hashes[i] as number) ^ SEED_SYS) & FEATURE_MASK;
  return n;
}

/**
 * Character 4-grams of `text` that end at index `from` or later (all of
 * them from 3): two UTF-16 units per half, so a gram costs one multiply
 * before the mix.
 */
export function gramFeatures(out: Uint16Array, n: number, text: string, from = 3): number {
  if (text.length < 4) return n;
  const first = Math.max(3, from);
  if (first >= text.length) return n;
  let a = text.charCodeAt(first - 3), b = text.charCodeAt(first - 2), c = text.charCodeAt(first - 1);
  for (let i = first; i < text.length; i++) {
    const d = text.charCodeAt(i);
    out[n++] = fmix(Math.imul((a << 16) | b, 0x9e3779b1) ^ ((c << 16) | d) ^ SEED_CHAR) & FEATURE_MASK;
    a = b;
    b = c;
    c = d;
  }
  return n;
}

/** Scratch for inference's features (a fresh off-heap array per request costs more than filling it). */
let scratch = new Uint16Array(4096);

/**
 * Feature indices, with repeats (term frequency); the caller normalises by
 * sqrt(length). With `reuse`, they are written to a shared scratch array and
 * the view returned is valid only until the next call.
 */
export function extractFeatures(input: FeatureInput, reuse = false): Uint16Array {
  const { user, system, window } = input;
  const size = 2 * user.n + 3 * system.n + window.head.length + (window.tail?.length ?? 0) + 2;
  if (reuse && scratch.length < size) scratch = new Uint16Array(2 * size);
  const out = reuse ? scratch : new Uint16Array(size);
  let n = wordFeatures(out, 0, user.hashes, user.n);
  n = systemWordFeatures(out, n, system);
  n = gramFeatures(out, n, window.head);
  if (window.tail !== null) n = gramFeatures(out, n, window.tail);
  n = shapeFeatures(out, n, user, system);
  return out.subarray(0, n);
}

/** Coarse shape: a system prompt present, a very short or very long user text. */
function shapeFeatures(out: Uint16Array, n: number, user: TokenStream, system: TokenStream): number {
  out[n++] = system.n > 0 ? SHAPE.sys : SHAPE.nosys;
  out[n++] = user.n < 12 ? SHAPE.short : user.n > 600 ? SHAPE.long : SHAPE.mid;
  return n;
}

/**
 * The features of a request but those of its system side (systemWordFeatures,
 * and the 4-grams that end in the first `systemChars` characters of the
 * window's head, where the system text sits), into the shared scratch: a view
 * valid until the next call. The caller adds the system side's, kept per
 * system prompt (intent.ts).
 */
export function featuresBesideSystem(input: FeatureInput, systemChars: number): Uint16Array {
  const { user, system, window } = input;
  const size = 2 * user.n + window.head.length + (window.tail?.length ?? 0) + 2;
  if (scratch.length < size) scratch = new Uint16Array(2 * size);
  const out = scratch;
  let n = wordFeatures(out, 0, user.hashes, user.n);
  n = gramFeatures(out, n, window.head, systemChars);
  if (window.tail !== null) n = gramFeatures(out, n, window.tail);
  n = shapeFeatures(out, n, user, system);
  return out.subarray(0, n);
}
