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
export { EMPTY_STREAM, type TokenStream } from "./token-stream.js";
import { fnv1a, SEED_WORD } from "./features.js";
import { CJK_GLOSSARY, CJK_MAX, CYRILLIC_GLOSSARY, LATIN_GLOSSARY } from "./glossary.js";
import { asciiBytes } from "./ascii-bytes.js";
import { copyStream, type TokenStream } from "./token-stream.js";
import { addForm, FLAG, FORM_TARGET, flagWords, LEXICON, WORD_FLAGS, WORD_HASH, wordId } from "./lexicon.js";

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

/** Word character test with fast paths for the common scripts; the regex only sees the rest. */
function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
  if (c >= 0xc0 && c <= 0x52f) return c !== 0xd7 && c !== 0xf7;
  if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af)) return true;
  if ((c >= 0x2000 && c <= 0x206f) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xd800 && c <= 0xdfff)) return false;
  return OTHER_WORD_RE.test(String.fromCharCode(c));
}

/**
 * What the scanner does with a UTF-16 code unit, one table load per
 * character: GAP ends a word; CJK puts the word on the CJK path; a word that
 * starts with CYRILLIC takes the Cyrillic path; WORD is any other word
 * character. UNSEEN entries are classified when first met (isWordChar runs
 * once per distinct character), so module load stays cheap.
 */
const UNSEEN = 0, GAP = 1, WORD = 2, CJK = 3, CYRILLIC = 4;
const CLASS = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) CLASS[c] = isWordChar(c) ? WORD : GAP;

function classify(c: number): number {
  const k = !isWordChar(c) ? GAP : c >= 0x3040 && c <= 0x9fff ? CJK : c >= 0x0400 && c <= 0x04ff ? CYRILLIC : WORD;
  CLASS[c] = k;
  return k;
}

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
  return copyStream(ids, hashes, nums, n);
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

/** The tokens of `text` into the scratch arrays. */
function scanInto(text: string, limit: number): void {
  n = 0;
  ensure(Math.min(limit, text.length) + 8);
  // Nearly all prompts are ASCII, and their bytes are cheaper to read than their characters (ascii-bytes.ts).
  const ascii = asciiBytes(text);
  n = ascii !== null ? scanAscii(text, ascii, limit) : scanChars(text, limit);
}

/**
 * scanChars for an ASCII text (its bytes `b`): every character is a word
 * character or a gap, every word a Latin one, and the tokens cannot outgrow
 * the scratch arrays (a token takes at least one character and a gap).
 */
function scanAscii(text: string, b: Uint8Array, limit: number): number {
  const cls = CLASS, tIds = ids, tHashes = hashes, tNums = nums, tStarts = starts;
  const len = text.length;
  let out = 0;
  for (let i = 0; i < len; ) {
    let c = b[i] as number;
    if (cls[c] === GAP) {
      i++;
      continue;
    }
    const start = i, c0 = c;
    let h = SEED_WORD, hp = h;
    for (;;) {
      hp = h;
      h = Math.imul(h ^ c, 0x01000193);
      if (++i >= len) break;
      c = b[i] as number;
      if (cls[c] === GAP) break;
    }
    writeLatin(tIds, tHashes, tNums, tStarts, out, text, start, i, h, hp, c0);
    if (++out >= limit) break;
  }
  return out;
}

/**
 * The tokens of any text, returning how many. Latin-script words, nearly
 * all of them, are written by writeLatin to the arrays this loop holds as
 * locals; the string paths write through pushId, so `n` and the arrays are
 * synced around them.
 */
function scanChars(text: string, limit: number): number {
  let out = 0, tIds = ids, tHashes = hashes, tNums = nums, tStarts = starts;
  const cls = CLASS;
  const len = text.length;
  for (let i = 0; i < len; ) {
    let c = text.charCodeAt(i);
    let k = cls[c] as number;
    if (k === UNSEEN) k = classify(c);
    if (k === GAP) {
      i++;
      continue;
    }
    // One word: its fnv1a (h) and the same without its last character (hp, for the plural fold). A word
    // with any CJK character takes the CJK path, one that starts with a Cyrillic letter the Cyrillic one.
    const start = i, first = k, c0 = c;
    let h = SEED_WORD, hp = h, cjk = k === CJK;
    for (;;) {
      hp = h;
      h = Math.imul(h ^ c, 0x01000193);
      if (++i >= len) break;
      c = text.charCodeAt(i);
      k = cls[c] as number;
      if (k !== WORD) {
        if (k === UNSEEN) k = classify(c);
        if (k === GAP) break;
        if (k === CJK) cjk = true;
      }
    }
    if (cjk || first === CYRILLIC || out >= cap) {
      n = out;
      wordStart = start;
      if (cjk) splitCjk(text.slice(start, i));
      else if (first === CYRILLIC) pushString(canonical(text.slice(start, i)));
      else latinWord(text, start, i, h, hp);
      // pushId may have grown the arrays.
      out = n;
      tIds = ids;
      tHashes = hashes;
      tNums = nums;
      tStarts = starts;
    } else {
      writeLatin(tIds, tHashes, tNums, tStarts, out, text, start, i, h, hp, c0);
      out++;
    }
    if (out >= limit) break;
  }
  return out;
}

/**
 * Token `out` for the Latin-script word text[start, end) (h: its fnv1a, hp:
 * the same without its last character, c0: its first character), written to
 * the arrays the scan loops hold as locals (module-level bindings cost a
 * context load and a hole check on every access). A known word's hash is its
 * lexicon hash (the one its characters give); an unknown one is as spelled or folded.
 */
function writeLatin(
  tIds: Int32Array, tHashes: Int32Array, tNums: Uint8Array, tStarts: Int32Array, out: number,
  text: string, start: number, end: number, h: number, hp: number, c0: number,
): void {
  const plural = isPlural(text, start, end);
  const id = latinId(text, start, end, h, hp, plural);
  tIds[out] = id;
  tHashes[out] = id >= 0 ? (WORD_HASH[id] as number) : plural ? hp : h;
  tStarts[out] = start;
  tNums[out] = (c0 >= 48 && c0 <= 57) || (id >= 0 && ((WORD_FLAGS[id] as number) & FLAG.num) !== 0) ? 1 : 0;
}

/** The plural fold (fold()) applies to text[start, end): longer than 3, ends in "s" but not "ss", "us", "is". */
function isPlural(text: string, start: number, end: number): boolean {
  if (end - start <= 3 || text.charCodeAt(end - 1) !== 115) return false;
  const p = text.charCodeAt(end - 2);
  return p !== 115 && p !== 117 && p !== 105;
}

/**
 * Lexicon id of canonical() of a Latin-script word, from its hashes: a
 * glossary form gives its English word; otherwise the word itself, or without
 * its plural "s" (one probe for the word, a second one only for a plural).
 */
function latinId(text: string, start: number, end: number, h: number, hp: number, plural: boolean): number {
  const id = LEXICON.mayHold(h) ? LEXICON.lookup(text, start, end, h) : -1;
  if (id >= 0) {
    const g = FORM_TARGET[id] as number;
    if (g >= 0) return g;
  }
  if (!plural) return id;
  return LEXICON.mayHold(hp) ? LEXICON.lookup(text, start, end - 1, hp) : -1;
}

/** latinId's token through pushId, for a word met when the scratch arrays are full. */
function latinWord(text: string, start: number, end: number, h: number, hp: number): void {
  const plural = isPlural(text, start, end);
  const id = latinId(text, start, end, h, hp, plural);
  const first = text.charCodeAt(start);
  pushId(id, id >= 0 ? (WORD_HASH[id] as number) : plural ? hp : h, first >= 48 && first <= 57);
}

/**
 * The longest CJK glossary phrase (up to CJK_MAX) that starts with each code
 * unit: most CJK characters start none, and skip the longest-match probes (a
 * slice and a Map lookup per length tried) straight to the single character.
 */
const CJK_LONGEST = new Map<number, number>();
for (const phrase of CJK_GLOSSARY.keys()) {
  const c = phrase.charCodeAt(0);
  CJK_LONGEST.set(c, Math.min(CJK_MAX, Math.max(CJK_LONGEST.get(c) ?? 0, phrase.length)));
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
    for (let len = Math.min(CJK_LONGEST.get(c) ?? 0, run.length - i); len >= 1; len--) {
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
