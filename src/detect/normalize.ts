/**
 * Normalisation against evasion. An extraction prompt must score the same
 * whether it is written plainly or dressed up with invisible characters,
 * fullwidth or Cyrillic lookalike letters, leetspeak, or wrapped in base64,
 * hex or rot13. Every step that changed something is reported, because the
 * obfuscation itself is a signal (legitimate users rarely base64 their asks).
 */
import { BIDI_RE, HOMOGLYPHS, INVISIBLE_RE, LEET } from "./confusables.js";
import { decodePayloads, decodeRot13Lines } from "./payloads.js";

export type Obfuscation = "invisible" | "bidi" | "compat" | "homoglyph" | "leet" | "base64" | "hex" | "rot13";

export interface Normalized {
  /** Lower-cased, folded, whitespace-collapsed text, with decoded payloads appended. */
  text: string;
  obfuscation: Obfuscation[];
}

/** Normalisation before the whitespace fold, which the tokenizer does not need (it splits on any whitespace). */
export interface Folded {
  /** Lower-cased and folded text, whitespace as written. */
  lower: string;
  /** Decoded payloads, normalised, in the order `text` appends them. */
  payloads: string[];
  obfuscation: Obfuscation[];
  /** The rot13 gate was left to the caller (foldText's `gateRot13`): the text is ASCII and was not tested. */
  rot13Unchecked: boolean;
}

/** Bounds the work on huge prompts: instructions sit at the start and the end, the bulk in between is material. */
export function boundText(raw: string, head = 3072, tail = 1024): string {
  if (raw.length <= head + tail) return raw;
  return `${raw.slice(0, head)}\n${raw.slice(raw.length - tail)}`;
}

const CYR_GREEK_RE = /[\u0370-\u03FF\u0400-\u04FF\u0500-\u052F]/;
const LATIN_RE = /[a-z]/;
/**
 * Letter, leet run, letter (`[a-z][0134579@$|!€]+[a-z]`) or a leet character
 * before two letters (`[0134579@$€][a-z]{2}`), written to start with the leet
 * class so the regex engine skips ahead to candidate characters.
 */
const LEET_GATE_RE = /[0134579@$|!€](?:(?<=[a-z][0134579@$|!€])[0134579@$|!€]*[a-z]|(?<=[0134579@$€])[a-z]{2})/;
/** What both branches of the gate need, a leet character right before a letter: cheaper, and enough for most texts. */
const LEET_NEAR_RE = /[0134579@$|!€][a-z]/;
/** rot13 of "the", "and", "you", "your", "of", "to", "is": the gate looks for them as whole words. */
export const ROT13_GATE_WORDS = ["gur", "naq", "lbh", "lbhe", "bs", "gb", "vf"] as const;
const ROT13_GATE_RE = new RegExp(`\\b(?:${ROT13_GATE_WORDS.join("|")})\\b`);

const NON_ASCII_RE = /[^\x00-\x7f]/;

export function normalize(raw: string): Normalized {
  const f = foldText(raw);
  return { text: joinFolded(f), obfuscation: f.obfuscation };
}

/** Each whitespace run becomes one space (only runs and non-space whitespace are rewritten: replacing every single space costs). */
const collapse = (s: string): string => s.replace(/\s\s+|[^\S ]/g, " ");

/** `normalize(raw).text` from its folded form. */
export function joinFolded(f: Folded): string {
  let text = collapse(f.lower).trim();
  for (const p of f.payloads) text += ` \n ${p}`;
  return text;
}

/**
 * The ends of `normalize(raw).text` that the detectors read (its first
 * `head` and last `tail` characters), without collapsing the whole text: the
 * collapse is local, so a long enough prefix (suffix) collapses to a prefix
 * (suffix) of the result. Null when the text is shorter than head + tail + 2
 * or carries payloads; the caller then uses joinFolded.
 */
export function foldedEnds(f: Folded, head: number, tail: number): { head: string; tail: string } | null {
  const s = f.lower;
  if (f.payloads.length > 0 || s.length < 2 * (head + tail)) return null;
  const h = collapse(s.slice(0, 2 * head)).trimStart();
  const t = collapse(s.slice(s.length - 2 * tail)).trimEnd();
  // One character more than asked: the last one of a cut may be a space the whole text trims.
  if (h.length <= head || t.length <= tail) return null;
  return { head: h.slice(0, head), tail: t.slice(t.length - tail) };
}

/**
 * `gateRot13` false leaves the rot13 gate to the caller on ASCII text (and
 * says so in `rot13Unchecked`): there each gate word is a token of its own,
 * so a caller that tokenises anyway can test the tokens instead of running
 * the gate's regex over the text, then rot13Lines when one is there, and
 * fold again with the gate only when that finds lines.
 */
export function foldText(raw: string, gateRot13 = true): Folded {
  const found = new Set<Obfuscation>();
  let s = raw;
  // Invisible and bidi controls, compatibility letters and lookalikes are all outside ASCII; most prompts are not.
  const ascii = !NON_ASCII_RE.test(s);
  if (!ascii) {
    if (BIDI_RE.test(s)) found.add("bidi");
    const stripped = s.replace(INVISIBLE_RE, "");
    if (stripped.length !== s.length) found.add("invisible");
    s = stripped;
    const nfkc = s.normalize("NFKC");
    // NFKC also rewrites harmless ligatures and superscripts; only letters-from-other-blocks count as evasion.
    if (nfkc !== s && /[\uFF01-\uFF5E\u{1D400}-\u{1D7FF}\u24B6-\u24E9]/u.test(s)) found.add("compat");
    s = nfkc;
  }
  const payloads = decodePayloads(s, found);
  let lower = s.toLowerCase();
  if (!ascii && CYR_GREEK_RE.test(lower) && LATIN_RE.test(lower)) lower = foldHomoglyphs(lower, found);
  // Cheap gates first: most texts have no letter-digit-letter tokens and no rot13'd function words.
  if (LEET_NEAR_RE.test(lower) && LEET_GATE_RE.test(lower)) lower = foldLeet(lower, found);
  const rot = gateRot13 || !ascii ? rot13Lines(lower) : null;
  if (rot) {
    found.add("rot13");
    payloads.push(rot);
  }
  return { lower, payloads: payloads.map(normalizePayload), obfuscation: [...found], rot13Unchecked: !gateRot13 && ascii };
}

/** The rot13 lines of a folded text, decoded, behind the gate that most texts fail; null when there are none. */
export function rot13Lines(lower: string): string | null {
  return ROT13_GATE_RE.test(lower) ? decodeRot13Lines(lower) : null;
}

/** Decoded payloads get the cheap folds only (no recursive decoding: one layer is what we have seen). */
function normalizePayload(p: string): string {
  return p.replace(INVISIBLE_RE, "").normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

const isCyrGreek = (c: number): boolean => c >= 0x0370 && c <= 0x052f;
const LETTER_RE = /^\p{L}$/u;
/** \p{L} for the code units below U+0530 (Latin, Greek, Cyrillic), looked up instead of tested. */
const LOW_LETTER = new Uint8Array(0x530).map((_, c) => (LETTER_RE.test(String.fromCharCode(c)) ? 1 : 0));

/** Code units of the letter (\p{L}) that ends just before `i`, or 0. */
function letterBefore(s: string, i: number): number {
  const c = s.charCodeAt(i - 1);
  if (c < 0x530) return LOW_LETTER[c] as number;
  const pair = c >= 0xdc00 && c <= 0xdfff && i >= 2 && s.charCodeAt(i - 2) >= 0xd800 && s.charCodeAt(i - 2) <= 0xdbff;
  const w = pair ? 2 : 1;
  return LETTER_RE.test(s.slice(i - w, i)) ? w : 0;
}

/** Code units of the letter (\p{L}) that starts at `i`, or 0. */
function letterAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 0x530) return LOW_LETTER[c] as number;
  const w = (s.codePointAt(i) ?? c) > 0xffff ? 2 : 1;
  return LETTER_RE.test(s.slice(i, i + w)) ? w : 0;
}

/**
 * Folds lookalike letters in the words (\p{L}+ runs) that hold a Cyrillic or
 * Greek letter. Only those words are visited: each one is grown out from its
 * foreign letter, so Latin prose costs nothing.
 */
function foldHomoglyphs(s: string, found: Set<Obfuscation>): string {
  let letters = 0;
  let foreign = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) letters++;
    else if (isCyrGreek(c)) {
      letters++;
      foreign++;
    }
  }
  // In a mostly Latin text, a word made only of lookalikes is a disguise; in Russian or Greek text it is a word.
  const latinDoc = foreign < letters * 0.3;
  let out = "";
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isCyrGreek(c) || LOW_LETTER[c] !== 1) continue;
    let start = i, end = i + 1;
    while (start > last && letterBefore(s, start) > 0) start -= letterBefore(s, start);
    for (let w = end < s.length ? letterAt(s, end) : 0; w > 0; w = end < s.length ? letterAt(s, end) : 0) end += w;
    const folded = foldWord(s.slice(start, end), latinDoc);
    if (folded !== null) {
      out += s.slice(last, start) + folded;
      last = end;
      found.add("homoglyph");
    }
    i = end - 1;
  }
  return last === 0 ? s : out + s.slice(last);
}

/** The word with its lookalikes folded, or null when it is left as it is. */
function foldWord(w: string, latinDoc: boolean): string | null {
  const mixed = LATIN_RE.test(w);
  if (!mixed && !latinDoc) return null;
  let out = "";
  for (const ch of w) {
    const m = HOMOGLYPHS[ch];
    if (m === undefined && !mixed) return null;
    out += m ?? ch;
  }
  return out;
}

/** [a-z0-9@$|!€]: the characters of a token leetspeak can hide in. */
function isLeetTokenChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 64 || c === 36 || c === 124 || c === 33 || c === 0x20ac;
}

/** A character of a leet token that is not a letter: where every candidate run must have one. */
const LEET_SYMBOL_RE = /[0-9@$|!€]/g;

/**
 * Folds leetspeak inside runs of [a-z0-9@$|!€]{3,}. A run needs at least two
 * letters and one other character to be a candidate, so the runs are grown
 * around the digits and symbols the regex finds; the plain words in between,
 * which are nearly all of a text, are never visited.
 */
function foldLeet(s: string, found: Set<Obfuscation>): string {
  let folded = 0;
  let out = "";
  let last = 0;
  let done = 0;
  LEET_SYMBOL_RE.lastIndex = 0;
  for (let m = LEET_SYMBOL_RE.exec(s); m !== null; m = LEET_SYMBOL_RE.exec(s)) {
    let i = m.index, j = m.index + 1;
    while (i > done && isLeetTokenChar(s.charCodeAt(i - 1))) i--;
    while (j < s.length && isLeetTokenChar(s.charCodeAt(j))) j++;
    done = j;
    LEET_SYMBOL_RE.lastIndex = j;
    let letters = 0;
    for (let k = i; k < j; k++) {
      const c = s.charCodeAt(k);
      if (c >= 97 && c <= 122) letters++;
    }
    if (j - i < 3 || letters < 2) continue;
    const tok = s.slice(i, j);
    const r = foldLeetToken(tok);
    if (r !== null) {
      out += s.slice(last, i) + r;
      last = j;
      folded++;
    }
  }
  if (folded >= 2) found.add("leet");
  return folded >= 1 ? out + s.slice(last) : s;
}

/** The folded token, or null when the token does not read as leetspeak. */
function foldLeetToken(tok: string): string | null {
  const core = tok.replace(/[!|]+$/, "");
  const letters = core.replace(/[^a-z]/g, "").length;
  const leet = core.length - letters;
  if (letters < 2 || leet === 0 || /^[0-9a-f]+$/.test(core) && leet > 2) return null;
  if (!/[a-z][0134579@$|!€][a-z]/.test(core) && leet < 2) return null;
  let r = "";
  for (const ch of core) r += LEET[ch] ?? ch;
  return r + tok.slice(core.length);
}
