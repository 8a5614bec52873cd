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
const CHAR_HEAD = 768;
const CHAR_TAIL = 256;

export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function fnv1a(s: string, seed = SEED_WORD): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface FeatureInput {
  /** Canonical tokens of the user-side text. */
  user: TokenStream;
  /** Canonical tokens of the system prompt (empty when none). */
  system: TokenStream;
  /** Normalised text (system then user) for character n-grams. */
  text: string;
}

/** Feature indices, with repeats (term frequency); the caller normalises by sqrt(length). */
export function extractFeatures(input: FeatureInput): Uint16Array {
  const { user, system, text } = input;
  const charLen = Math.min(text.length, CHAR_HEAD + CHAR_TAIL);
  const out = new Uint16Array(2 * user.n + 3 * system.n + charLen + 4);
  let n = 0;
  // The token hashes were accumulated by the scan: no token string is hashed here.
  const words = (hashes: Int32Array, len: number): void => {
    let prev = 0;
    for (let i = 0; i < len; i++) {
      const h = hashes[i] as number;
      out[n++] = fmix(h) & FEATURE_MASK;
      if (i > 0) out[n++] = fmix(Math.imul(prev, 0x9e3779b1) ^ h) & FEATURE_MASK;
      prev = h;
    }
  };
  words(user.hashes, user.n);
  words(system.hashes, system.n);
  for (let i = 0; i < system.n; i++) out[n++] = fmix(system.sysHashes[i] as number) & FEATURE_MASK;
  const win = text.length <= CHAR_HEAD + CHAR_TAIL ? text : text.slice(0, CHAR_HEAD) + text.slice(text.length - CHAR_TAIL);
  for (let i = 0; i + 4 <= win.length; i++) {
    let h = 0x2545f491;
    for (let j = 0; j < 4; j++) h = Math.imul(h ^ win.charCodeAt(i + j), 0x01000193);
    out[n++] = fmix(h) & FEATURE_MASK;
  }
  // Coarse shape: a system prompt present, a very short or very long user text.
  out[n++] = fmix(fnv1a(system.n > 0 ? "#sys" : "#nosys", SEED_SYS)) & FEATURE_MASK;
  out[n++] = fmix(fnv1a(user.n < 12 ? "#short" : user.n > 600 ? "#long" : "#mid", SEED_SYS)) & FEATURE_MASK;
  return out.subarray(0, n);
}
