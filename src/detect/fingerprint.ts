/**
 * Template fingerprint: a 64-bit SimHash (simhash.ts) over word 3-shingles
 * of the instruction part of a prompt (instruction-part.ts: the template's own
 * wording, with the problem it was filled with replaced by slots). Requests
 * from one template share a fingerprint (Hamming distance ≤ 3 of 64);
 * unrelated texts sit around 32 apart.
 */
import { instructionPart, MAX_CHARS, maskNames } from "./instruction-part.js";
import { StringMemo } from "./memo.js";
import { maskOnly, simhash } from "./simhash.js";
import { popcount } from "../lib/bits.js";
import { hex64 } from "../lib/hash32.js";

export { instructionPart } from "./instruction-part.js";

const WORD_RE = /^[\p{L}\p{N}]$/u;
/**
 * [\p{L}\p{N}#] per UTF-16 code unit outside surrogates: 1 yes, 2 no, 0 not
 * looked up yet. Filled as characters are met (the regex runs once per
 * distinct character), so module load stays cheap.
 */
const WORD_UNIT = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) WORD_UNIT[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 35 ? 1 : 2;

/** The same for astral characters (emoji, mostly), by code point. */
const ASTRAL_WORD = new Map<number, boolean>();

function astralWord(cp: number): boolean {
  let known = ASTRAL_WORD.get(cp);
  if (known === undefined) {
    known = WORD_RE.test(String.fromCodePoint(cp));
    // Bounded: an adversary can send many distinct astral characters.
    if (ASTRAL_WORD.size < 4096) ASTRAL_WORD.set(cp, known);
  }
  return known;
}

/** Code units of the shingle-word character ([\p{L}\p{N}#], by code point as /u reads it) at i, or 0. */
function wordCharAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  let known = WORD_UNIT[c] as number;
  if (known === 0) {
    if (c >= 0xd800 && c <= 0xdfff) {
      // An astral character (a surrogate pair) is tested as one; a lone surrogate is no letter.
      const cp = s.codePointAt(i) as number;
      return cp > 0xffff && astralWord(cp) ? 2 : 0;
    }
    known = WORD_RE.test(String.fromCharCode(c)) ? 1 : 2;
    WORD_UNIT[c] = known;
  }
  return known === 1 ? 1 : 0;
}

/** Scratch for word spans (start, end pairs), reused: fingerprinting is synchronous. */
let spans = new Int32Array(1024);

/**
 * Spans of the words of `text` as `text.match(/[\p{L}\p{N}#]+/gu)` finds
 * them, into `spans`; returns how many. A run of "slot" words is kept as one
 * when `foldSlots` (a slot is one hole, however many labels preceded it).
 */
function wordSpans(text: string, foldSlots: boolean): number {
  if (spans.length < text.length + 2) spans = new Int32Array(2 * text.length + 2);
  let n = 0, prevSlot = false;
  for (let i = 0; i < text.length; ) {
    let w = wordCharAt(text, i);
    if (w === 0) {
      // A surrogate pair that is no word is stepped over whole, as /u does (stepping one unit would do too).
      i += (text.codePointAt(i) as number) > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    while (w > 0) {
      i += w;
      w = i < text.length ? wordCharAt(text, i) : 0;
    }
    const slot = foldSlots && isSlot(text, start, i);
    if (slot && prevSlot) continue;
    prevSlot = slot;
    spans[2 * n] = start;
    spans[2 * n + 1] = i;
    n++;
  }
  return n;
}

/** text[start, end) === "slot" */
function isSlot(text: string, start: number, end: number): boolean {
  return end - start === 4 && text.charCodeAt(start) === 115 && text.charCodeAt(start + 1) === 108 &&
    text.charCodeAt(start + 2) === 111 && text.charCodeAt(start + 3) === 116;
}

/** Words among the first `n` spans that are not "slot". */
function nonSlotWords(text: string, n: number): number {
  let k = 0;
  for (let w = 0; w < n; w++) if (!isSlot(text, spans[2 * w] as number, spans[2 * w + 1] as number)) k++;
  return k;
}

/** Fingerprint of an instruction part, or null when it has fewer than three words besides slots. */
function instructionFingerprint(part: string): string | null {
  const text = part.toLowerCase();
  const n = wordSpans(text, true);
  return nonSlotWords(text, n) < 3 ? null : simhash(text, spans, n);
}

/**
 * Fillings of one template have one instruction part (that is the point of
 * it), so most texts seen for the first time hash an instruction part seen
 * before: the hash is remembered by the part (its median is 120 characters;
 * parts over 1,024 are not kept, so the memo holds 2 MiB at the very most).
 */
const byInstruction = new StringMemo<string | null>(1024, instructionFingerprint, 1024);

/** Whether at least `min` of the first `n` spans are words, not masked numbers ("#", "##"…: maskNames); stops at the `min`-th. */
function hasWords(text: string, n: number, min: number): boolean {
  for (let w = 0, k = 0; w < n; w++) if (!maskOnly(text, spans, w) && ++k >= min) return true;
  return false;
}

/**
 * Fingerprint of the instruction part; falls back to the masked whole when
 * no instruction is found; null when that has fewer than three words besides
 * masked numbers too. Such a text has no wording to tell a template by:
 * every number-only puzzle ("2=14 3=39 … 9=?"), every "hi", would share one
 * fingerprint, and a fingerprint shared by everyone draws unrelated accounts
 * into one campaign.
 */
export function templateFingerprint(raw: string): string | null {
  const fp = byInstruction.get(instructionPart(raw));
  if (fp !== null) return fp;
  const text = maskNames(raw.slice(0, MAX_CHARS)).toLowerCase();
  // wordSpans may replace `spans` with a larger array, so it runs before `spans` is read.
  const n = wordSpans(text, false);
  return hasWords(text, n, 3) ? simhash(text, spans, n) : null;
}


/**
 * The template fingerprint of a request that names a prompt stored at the
 * provider (Responses `prompt.id`) instead of sending its text: the id is
 * the template, whatever it is filled with, so requests naming one id share
 * one fingerprint. A 64-bit hash of the id in the SimHash's format, as far
 * from any SimHash as two unrelated texts are.
 */
export function storedPromptFingerprint(id: string): string {
  return hex64(`stored-prompt\n${id}`);
}

export function fingerprintDistance(a: string, b: string): number {
  const d = (i: number): number => popcount((parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16)) >>> 0);
  return d(0) + d(8);
}

export const SAME_TEMPLATE_MAX_DISTANCE = 3;

export function sameTemplate(a: string, b: string, maxDistance = SAME_TEMPLATE_MAX_DISTANCE): boolean {
  return fingerprintDistance(a, b) <= maxDistance;
}
