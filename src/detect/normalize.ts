/**
 * Normalisation against evasion. An extraction prompt must score the same
 * whether it is written plainly or dressed up with invisible characters,
 * fullwidth or Cyrillic lookalike letters, leetspeak, or wrapped in base64,
 * hex or rot13. Every step that changed something is reported, because the
 * obfuscation itself is a signal (legitimate users rarely base64 their asks).
 */
import { BIDI_RE, HOMOGLYPHS, INVISIBLE_RE, LEET } from "./confusables.js";
import { ENGLISH_STOPWORDS } from "./language.js";

export type Obfuscation = "invisible" | "bidi" | "compat" | "homoglyph" | "leet" | "base64" | "hex" | "rot13";

export interface Normalized {
  /** Lower-cased, folded, whitespace-collapsed text, with decoded payloads appended. */
  text: string;
  obfuscation: Obfuscation[];
}

/** Bounds the work on huge prompts: instructions sit at the start and the end, the bulk in between is material. */
export function boundText(raw: string, head = 3072, tail = 1024): string {
  if (raw.length <= head + tail) return raw;
  return `${raw.slice(0, head)}\n${raw.slice(raw.length - tail)}`;
}

const CYR_GREEK_RE = /[\u0370-\u03FF\u0400-\u04FF\u0500-\u052F]/;
const LATIN_RE = /[a-z]/;
const MIN_PAYLOAD = 24;
const MAX_PAYLOADS = 6;
const LEET_GATE_RE = /[a-z][0134579@$|!€]+[a-z]|[0134579@$€][a-z]{2}/;
/** rot13 of "the", "and", "you", "your", "of", "to", "is" as whole words. */
const ROT13_GATE_RE = /\b(?:gur|naq|lbh|lbhe|bs|gb|vf)\b/;

const NON_ASCII_RE = /[^\x00-\x7f]/;

export function normalize(raw: string): Normalized {
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
  if (LEET_GATE_RE.test(lower)) lower = foldLeet(lower, found);
  const rot = ROT13_GATE_RE.test(lower) ? decodeRot13Lines(lower) : null;
  if (rot) {
    found.add("rot13");
    payloads.push(rot);
  }
  // Only runs and non-space whitespace are rewritten: most spaces are single, and replacing each one costs.
  let text = lower.replace(/\s\s+|[^\S ]/g, " ").trim();
  for (const p of payloads) text += ` \n ${normalizePayload(p)}`;
  return { text, obfuscation: [...found] };
}

/** Decoded payloads get the cheap folds only (no recursive decoding: one layer is what we have seen). */
function normalizePayload(p: string): string {
  return p.replace(INVISIBLE_RE, "").normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

const isCyrGreek = (c: number): boolean => c >= 0x0370 && c <= 0x052f;
/** Letter runs that hold at least one Cyrillic or Greek letter: only those can be disguises. */
const FOREIGN_WORD_RE = /\p{L}*[\u0370-\u052F]\p{L}*/gu;

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
  return s.replace(FOREIGN_WORD_RE, (w) => {
    const mixed = LATIN_RE.test(w);
    if (!mixed && !latinDoc) return w;
    let out = "";
    for (const ch of w) {
      const m = HOMOGLYPHS[ch];
      if (m === undefined && !mixed) return w;
      out += m ?? ch;
    }
    found.add("homoglyph");
    return out;
  });
}

/** [a-z0-9@$|!€]: the characters of a token leetspeak can hide in. */
function isLeetTokenChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 64 || c === 36 || c === 124 || c === 33 || c === 0x20ac;
}

/**
 * Folds leetspeak inside runs of [a-z0-9@$|!€]{3,}. A run needs at least two
 * letters and one other character to be a candidate; the rest (plain words,
 * plain numbers), which is nearly all of a text, is skipped without a string.
 */
function foldLeet(s: string, found: Set<Obfuscation>): string {
  let folded = 0;
  let out = "";
  let last = 0;
  for (let i = 0; i < s.length; ) {
    if (!isLeetTokenChar(s.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i, letters = 0;
    for (; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (!isLeetTokenChar(c)) break;
      if (c >= 97 && c <= 122) letters++;
    }
    if (j - i >= 3 && letters >= 2 && letters < j - i) {
      const tok = s.slice(i, j);
      const r = foldLeetToken(tok);
      if (r !== null) {
        out += s.slice(last, i) + r;
        last = j;
        folded++;
      }
    }
    i = j;
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

/** Base64 alphabet (standard and URL-safe) and padding. */
function isB64(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 45 || c === 95 || c === 61;
}

/**
 * Finds long runs of base64 / hex characters with one pass over char codes (a
 * regex here cost more than all other normalisation together) and keeps the
 * runs that decode to readable text.
 */
function decodePayloads(s: string, found: Set<Obfuscation>): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= s.length && out.length < MAX_PAYLOADS; i++) {
    if (i < s.length && isB64(s.charCodeAt(i))) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0 && i - start >= MIN_PAYLOAD) {
      const run = s.slice(start, i);
      const hex = /^(?:0x)?[0-9a-fA-F]+$/.test(run) ? decodeHex(run) : null;
      const text = hex ?? decodeBase64(run);
      if (text !== null) {
        out.push(text);
        found.add(hex !== null ? "hex" : "base64");
      }
    }
    start = -1;
  }
  return out;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** A decoded payload counts only if it reads as text: words separated by spaces, few control bytes. */
function readable(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return null;
  }
  if (text.length < 8 || !text.includes(" ")) return null;
  let ok = 0;
  for (const ch of text) if (/[\p{L}\p{N}\p{P}\s]/u.test(ch)) ok++;
  return ok >= text.length * 0.9 ? text : null;
}

export function decodeBase64(b64: string): string | null {
  const std = b64.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  if (std.length % 4 === 1) return null;
  try {
    const bin = atob(std + "=".repeat((4 - (std.length % 4)) % 4));
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return readable(bytes);
  } catch {
    return null;
  }
}

export function decodeHex(hex: string): string | null {
  const digits = hex.replace(/^0x/, "").replace(/[ :]/g, "");
  if (digits.length % 2 !== 0) return null;
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return readable(bytes);
}

export function rot13(s: string): string {
  return s.replace(/[a-z]/gi, (c) => {
    const base = c <= "Z" ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

/**
 * Rot13 leaves no marker, so test it the way a reader would: a line of Latin
 * words with almost no English function words, which becomes ordinary English
 * once rotated, was rot13. Only lines that fail the plain-English test pay for it.
 */
function decodeRot13Lines(s: string): string | null {
  let out = "";
  for (const line of s.split("\n", 200)) {
    const words = line.match(/[a-z]+/g);
    if (!words || words.length < 4) continue;
    const plain = countStop(words);
    if (plain > words.length * 0.12) continue;
    const rotated = words.map(rot13);
    const hits = countStop(rotated);
    if (hits >= 2 && hits > words.length * 0.2) out += `${rot13(line)}\n`;
  }
  return out === "" ? null : out;
}

function countStop(words: string[]): number {
  let n = 0;
  for (const w of words) if (ENGLISH_STOPWORDS.has(w)) n++;
  return n;
}
