/**
 * Tokens as the rules and the model see them: words of the normalised text,
 * translated to English through the cue glossary, with a light plural fold.
 * CJK runs have no spaces, so they are cut by longest glossary match and
 * otherwise fall apart into single characters.
 *
 * `scan` is the hot path: for Latin-script words it accumulates the FNV-1a hash
 * while walking the characters and finds the word's id (lexicon.ts) from that
 * hash, so no token string is built. Cyrillic and CJK words, which need prefix
 * or longest-match lookups, take the string path; both paths give the same
 * (id, hash) for the same canonical word.
 */
import { fnv1a, SEED_WORD } from "./features.js";
import { CJK_GLOSSARY, CJK_MAX, CYRILLIC_GLOSSARY, LATIN_GLOSSARY } from "./glossary.js";
import { addForm, FLAG, FORM_TARGET, flagWords, lookupRange, WORD_FLAGS, WORD_HASH, wordId } from "./lexicon.js";

/** Plural fold shared by rule compilation and tokenisation so both sides agree. */
export function fold(t: string): string {
  const n = t.length;
  if (n > 3 && t.charCodeAt(n - 1) === 115 /* s */) {
    const p = t.charCodeAt(n - 2);
    if (p !== 115 && p !== 117 /* u */ && p !== 105 /* i */) return t.slice(0, -1);
  }
  return t;
}

export function canonical(t: string): string {
  const g = LATIN_GLOSSARY.get(t);
  if (g !== undefined) return fold(g);
  const c = t.charCodeAt(0);
  if (c >= 0x0400 && c <= 0x04ff) {
    for (let len = Math.min(t.length, 10); len >= 3; len--) {
      const s = CYRILLIC_GLOSSARY.get(t.slice(0, len));
      if (s !== undefined) return fold(s);
    }
    return t;
  }
  return fold(t);
}

for (const [form, en] of LATIN_GLOSSARY) addForm(form, fold(en));
/** Number words fill the rules' `#` slot like digits do (the glossary brings "zwei", "deux"... here). */
flagWords("two three four five six seven eight nine ten twelve fifteen twenty thirty forty fifty hundred".split(" "), FLAG.num);

const OTHER_WORD_RE = /[\p{L}\p{N}\p{M}]/u;

/** ASCII letters and digits. */
const ASCII_WORD = new Uint8Array(128).map((_, c) => ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) ? 1 : 0));

/** Word character test with fast paths for the common scripts; the regex only sees the rest. */
function isWordChar(c: number): boolean {
  if (c < 128) return ASCII_WORD[c] === 1;
  if (c >= 0xc0 && c <= 0x52f) return c !== 0xd7 && c !== 0xf7;
  if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af)) return true;
  if ((c >= 0x2000 && c <= 0x206f) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xd800 && c <= 0xdfff)) return false;
  return OTHER_WORD_RE.test(String.fromCharCode(c));
}

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

/** Scratch arrays reused across scans (scanning is synchronous); each scan returns copies. */
let cap = 1024;
let ids = new Int32Array(cap);
let hashes = new Int32Array(cap);
let nums = new Uint8Array(cap);
/** Offset in the scanned text of the word each token came from. */
let starts = new Int32Array(cap);
let wordStart = 0;
let n = 0;

function ensure(extra: number): void {
  if (n + extra <= cap) return;
  while (cap < n + extra) cap *= 2;
  const grow = <T extends Int32Array | Uint8Array>(a: T, b: T): T => (b.set(a), b);
  ids = grow(ids, new Int32Array(cap));
  hashes = grow(hashes, new Int32Array(cap));
  nums = grow(nums, new Uint8Array(cap));
  starts = grow(starts, new Int32Array(cap));
}

function pushId(id: number, h: number, digit: boolean): void {
  if (n >= cap) ensure(1);
  ids[n] = id;
  hashes[n] = h;
  starts[n] = wordStart;
  nums[n] = digit || (id >= 0 && ((WORD_FLAGS[id] as number) & FLAG.num) !== 0) ? 1 : 0;
  n++;
}

/** The string path: Cyrillic stems, CJK glossary words and single CJK characters. */
function pushString(w: string): void {
  const c = w.charCodeAt(0);
  pushId(wordId(w), fnv1a(w) | 0, c >= 48 && c <= 57);
}

/** Tokenises already-normalised (lower-cased) text. `limit` bounds the work. */
export function scan(text: string, limit = 4000): TokenStream {
  scanInto(text, limit);
  return { n, ids: ids.slice(0, n), hashes: hashes.slice(0, n), num: nums.slice(0, n) };
}

/** The ids of `scan(text, limit)` as a view of the scratch space: valid only until the next scan. */
export function scanIds(text: string, limit: number): Int32Array {
  scanInto(text, limit);
  return ids.subarray(0, n);
}

/** Ids of all tokens and the offsets of the words they came from, as views valid only until the next scan. */
export function scanWithStarts(text: string): { ids: Int32Array; starts: Int32Array } {
  scanInto(text, Infinity);
  return { ids: ids.subarray(0, n), starts: starts.subarray(0, n) };
}

function scanInto(text: string, limit: number): void {
  n = 0;
  ensure(Math.min(limit, text.length) + 8);
  const len = text.length;
  for (let i = 0; i < len; ) {
    let c = text.charCodeAt(i);
    if (!(c < 128 ? ASCII_WORD[c] === 1 : isWordChar(c))) {
      i++;
      continue;
    }
    // One word: its fnv1a (h) and the same without its last character (hp, for the plural fold). CJK and
    // Cyrillic words take the string path (cjk is set by any CJK character; Cyrillic is seen from the first).
    const start = i;
    let h = SEED_WORD, hp = h, cjk = false;
    for (;;) {
      hp = h;
      h = Math.imul(h ^ c, 0x01000193);
      if (++i >= len) break;
      c = text.charCodeAt(i);
      if (c < 128) {
        if (ASCII_WORD[c] !== 1) break;
      } else {
        if (!isWordChar(c)) break;
        if (c >= 0x3040 && c <= 0x9fff) cjk = true;
      }
    }
    const first = text.charCodeAt(start);
    if (first >= 0x3040 && first <= 0x9fff) cjk = true;
    wordStart = start;
    if (cjk) splitCjk(text.slice(start, i));
    else if (first >= 0x0400 && first <= 0x04ff) pushString(canonical(text.slice(start, i)));
    else latinWord(text, start, i, h, hp);
    if (n >= limit) break;
  }
}

/**
 * canonical() for a Latin-script word, from its hashes: a glossary form gives
 * its English word; otherwise the word itself, or without its plural "s" (one
 * probe for the word, a second one only for a folded plural).
 */
function latinWord(text: string, start: number, end: number, h: number, hp: number): void {
  const first = text.charCodeAt(start);
  const digit = first >= 48 && first <= 57;
  const id = lookupRange(text, start, end, h);
  const g = id >= 0 ? (FORM_TARGET[id] as number) : -1;
  if (g >= 0) {
    pushId(g, WORD_HASH[g] as number, digit);
    return;
  }
  const len = end - start;
  if (len > 3 && text.charCodeAt(end - 1) === 115) {
    const p = text.charCodeAt(end - 2);
    if (p !== 115 && p !== 117 && p !== 105) {
      pushId(lookupRange(text, start, end - 1, hp), hp, digit);
      return;
    }
  }
  pushId(id, h, digit);
}

function splitCjk(run: string): void {
  let i = 0;
  while (i < run.length) {
    const c = run.charCodeAt(i);
    if (c < 0x3040) {
      // Latin letters glued to CJK in the same \p{L} run.
      let j = i;
      while (j < run.length && run.charCodeAt(j) < 0x3040) j++;
      pushString(canonical(run.slice(i, j)));
      i = j;
      continue;
    }
    let matched = false;
    for (let len = Math.min(CJK_MAX, run.length - i); len >= 1; len--) {
      const g = CJK_GLOSSARY.get(run.slice(i, i + len));
      if (g !== undefined) {
        for (const w of g.split(" ")) pushString(fold(w));
        i += len;
        matched = true;
        break;
      }
    }
    if (!matched) {
      pushString(run[i] ?? "");
      i++;
    }
  }
}
