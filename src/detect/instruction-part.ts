/**
 * The instruction part of a prompt, what the template fingerprint hashes
 * (fingerprint.ts). Extraction pipelines fill one template with thousands of
 * problems, so the problem must not reach the hash:
 *  - fenced code, inline code, quoted strings and <tag>…</tag> bodies → QUOTE/CODE/SLOT
 *  - the body after a label ("Question:", "[Response]", "### Input") → SLOT
 *  - sentences without instruction vocabulary (the problem statement) → SLOT
 *  - numbers → #, capitalised words mid-sentence (names) → NAME
 * What is left is the template's own wording, identical across its fillings.
 */
import { FLAG, flagWords, WORD_FLAGS } from "./lexicon.js";
import { StringMemo } from "./memo.js";
import { scanIds, scanWithStarts } from "./tokens.js";

/** Instruction vocabulary (canonical English tokens; the glossary maps other languages here). */
const META = ("step reasoning reason think thinking thought explain explanation answer response respond question problem solution " +
  "following below above provide show output format final instruction task rubric score grade evaluate evaluation judge " +
  "critique feedback generate please must should assistant user model ai justify detailed verbatim include ensure given " +
  "json boxed carefully verify flaw mistake error correct corrected rate rating criteria diverse prompt rewrite reveal " +
  "chain calculation intermediate all every each your you concise brief thorough complete").split(" ");
/** Sentence-initial verbs (and "you") that mark an instruction even without instruction vocabulary. */
const IMPERATIVE = ("translate summarize write act generate create rewrite explain think find solve score grade classify describe answer " +
  "respond keep use do don finish make give provide compose draft evaluate compare identify extract convert return output " +
  "format analyze analyse please you imagine pretend consider read review check list label tag rate judge critique " +
  "correct verify continue complete fill follow ignore repeat begin start end include avoid remember note assume").split(" ");
flagWords(META, FLAG.meta);
flagWords(IMPERATIVE, FLAG.imperative);

export const MAX_CHARS = 2560;
/** A sentence is classified on its first tokens only (as many as one scan run past this bound). */
const SENTENCE_TOKENS = 200;

const LABEL_LINE_RE = /^\s*(?:#{1,6}\s*|\*\*|\[|<|#)?\s*[A-Za-z][\w /'-]{0,30}?\s*(?:\]|>|#|\*\*)?\s*:?\s*$/;
const INLINE_LABEL_RE = /^(\s*(?:[-*]\s*)?(?:\[|\*\*|#)?[A-Za-z][\w /'-]{0,24}?(?:\]|\*\*|#)?\s*:)\s*\S.*$/;

/**
 * A label line has at most five words and LABEL_LINE_RE admits at most 40
 * printable ASCII characters besides spaces (6 `#`, a letter, 30 name
 * characters, 2 closing marks and a colon). Lines past either bound skip the
 * regex, whose lazy quantifier would otherwise be retried on every prose line;
 * the walk stops at the sixth word, so a prose line costs a few characters.
 */
function mayBeLabelLine(line: string): boolean {
  let printable = 0, words = 0, inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const space = isSpace(c);
    if (!space && !inWord && ++words > 5) return false;
    inWord = !space;
    if (c > 32 && c < 127 && ++printable > 40) return false;
  }
  return true;
}

/**
 * Tokens of one (lower-cased) line with the offsets of their words, so each
 * sentence of the line is classified from one scan instead of a scan each.
 * Lines inside a slot are never scanned.
 */
interface Scanned {
  ids: Int32Array;
  starts: Int32Array;
  /** Tokens in `ids` and `starts` (the arrays may be longer). */
  len: number;
  /** Next token to look at: sentences come in text order. */
  next: number;
}

const FENCE_RE = /```[\s\S]*?(?:```|$)/g;
const INLINE_CODE_RE = /`[^`\n]+`/g;
const TAG_BODY_RE = /<([A-Za-z_][\w-]*)>[\s\S]*?<\/\1>/g;
const QUOTE_RE = /"[^"\n]{3,}"|“[^”\n]{3,}”|«[^»\n]{3,}»|「[^」\n]{2,}」/g;

/**
 * Code, tag bodies and quotations replaced by placeholders. Each regex runs
 * only when the text holds the character its every match starts with (most
 * prompts have no backtick or closing tag); the placeholders hold none of them.
 */
function maskQuoted(s: string): string {
  if (s.includes("`")) s = s.replace(FENCE_RE, " CODE ").replace(INLINE_CODE_RE, " CODE ");
  if (s.includes("</")) s = s.replace(TAG_BODY_RE, " <$1> SLOT </$1> ");
  if (s.includes('"') || s.includes("“") || s.includes("«") || s.includes("「")) s = s.replace(QUOTE_RE, " QUOTE ");
  return s;
}

/** line.trim() === "", without building the trimmed string (trim strips exactly \s). */
function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) if (!isSpace(line.charCodeAt(i))) return false;
  return true;
}

export function instructionPart(raw: string): string {
  const s = maskQuoted(raw.length > MAX_CHARS ? raw.slice(0, MAX_CHARS * 0.8) + "\n" + raw.slice(raw.length - MAX_CHARS * 0.2) : raw);
  const out: string[] = [];
  let inSlot = false;
  for (let ls = 0; ls <= s.length; ) {
    let le = s.indexOf("\n", ls);
    if (le < 0) le = s.length;
    const line = s.slice(ls, le);
    ls = le + 1;
    if (isBlank(line)) {
      inSlot = false;
      continue;
    }
    if (mayBeLabelLine(line) && LABEL_LINE_RE.test(line) && line.trim().split(/\s+/).length <= 5) {
      out.push(line.trim(), "SLOT");
      inSlot = true;
      continue;
    }
    if (inSlot) continue;
    const inline = line.includes(":") ? INLINE_LABEL_RE.exec(line) : null;
    if (inline && inline[1] && inline[1].trim().split(/\s+/).length <= 4) {
      out.push(inline[1].trim(), "SLOT");
      continue;
    }
    out.push(sentenceMemo.get(line));
  }
  return out.join("\n");
}

const SENTENCE_END_RE = /[.!?。！？]/g;
const isCjkSentenceEnd = (c: number): boolean => c === 0x3002 || c === 0xff01 || c === 0xff1f;
/** JavaScript's \s. */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * [start, end) of each piece of `line.split(/(?<=[.!?。！？])\s+|(?<=[。！？])/)`,
 * following String.prototype.split step by step: a space run after sentence
 * punctuation is dropped, and a CJK full stop ends a sentence even without one.
 */
export function sentenceRanges(line: string): number[] {
  const out: number[] = [];
  let p = 0;
  // A split can only start right after sentence punctuation, so only those positions are visited.
  SENTENCE_END_RE.lastIndex = 0;
  for (let m = SENTENCE_END_RE.exec(line); m !== null; m = SENTENCE_END_RE.exec(line)) {
    const q = m.index + 1;
    if (q >= line.length) break;
    let e = -1;
    if (isSpace(line.charCodeAt(q))) {
      e = q;
      while (e < line.length && isSpace(line.charCodeAt(e))) e++;
    } else if (isCjkSentenceEnd(line.charCodeAt(q - 1))) e = q;
    if (e < 0 || e === p) continue;
    out.push(p, q);
    p = e;
  }
  out.push(p, line.length);
  return out;
}

/** Instruction-vocabulary count and imperative opening of one sentence, from the shared scan or a scan of its own. */
function classify(sent: string, from: number, to: number, scanned: Scanned | null): boolean {
  let meta = 0, head = -1, count = 0;
  if (scanned !== null) {
    const { ids, starts, len } = scanned;
    let k = scanned.next;
    while (k < len && (starts[k] as number) < from) k++;
    const first = k;
    for (; k < len && (starts[k] as number) < to; k++) {
      const id = ids[k] as number;
      if (id >= 0 && ((WORD_FLAGS[id] as number) & FLAG.meta) !== 0) meta++;
    }
    scanned.next = k;
    count = k - first;
    head = count > 0 ? (ids[first] as number) : -1;
  }
  if (scanned === null || count >= SENTENCE_TOKENS) {
    // Long sentences are scanned on their own, so the token bound applies exactly as it always has.
    const ids = scanIds(sent.toLowerCase(), SENTENCE_TOKENS);
    meta = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      if (id >= 0 && ((WORD_FLAGS[id] as number) & FLAG.meta) !== 0) meta++;
    }
    head = ids.length > 0 ? (ids[0] as number) : -1;
  }
  return meta >= 2 || (head >= 0 && ((WORD_FLAGS[head] as number) & FLAG.imperative) !== 0);
}

/**
 * Copies of a line's scan, in arrays kept between lines: the scratch views are
 * overwritten by a later scan (a long sentence is rescanned on its own), and
 * fresh copies per line would be two off-heap allocations each.
 */
let lineIds = new Int32Array(256);
let lineStarts = new Int32Array(256);

function lineScan(t: { ids: Int32Array; starts: Int32Array }): Scanned {
  const len = t.ids.length;
  if (lineIds.length < len) {
    lineIds = new Int32Array(2 * len);
    lineStarts = new Int32Array(2 * len);
  }
  lineIds.set(t.ids);
  lineStarts.set(t.starts);
  return { ids: lineIds, starts: lineStarts, len, next: 0 };
}

/** Keeps the sentences that read as instructions; a problem statement becomes one SLOT. */
function keepInstructionSentences(line: string): string {
  const r = sentenceRanges(line);
  let scanned: Scanned | null = null;
  if (r.length > 2) {
    // Several sentences: one scan of the line serves them all, unless lower-casing moved the offsets.
    const lower = line.toLowerCase();
    if (lower.length === line.length) {
      scanned = lineScan(scanWithStarts(lower));
    }
  }
  const kept: string[] = [];
  for (let i = 0; i < r.length; i += 2) {
    const a = r[i] as number, b = r[i + 1] as number;
    const sent = line.slice(a, b);
    if (classify(sent, a, b, scanned)) kept.push(maskNames(sent));
    else if (kept[kept.length - 1] !== "SLOT") kept.push("SLOT");
  }
  return kept.join(" ");
}

/**
 * Filled templates repeat their instruction lines word for word (that is what
 * the fingerprint relies on), so a line's kept sentences are remembered:
 * over half the prose lines of the replayed traffic are repeats. Lines are
 * short (80 characters on average); longer than 512 are not kept, which
 * bounds the memory (2,048 lines).
 */
const sentenceMemo = new StringMemo<string>(2048, keepInstructionSentences, 512);

const NAME_RE = /(?<=[\p{L},;:] )\p{Lu}[\p{Ll}\p{Lu}'-]+/gu;
/**
 * What every NAME_RE match starts with: a space, then a capital A-Z or a
 * character outside ASCII (every other capital, astral ones included, is
 * one). Two sentences in three have none and skip NAME_RE, whose lookbehind
 * is tried at every position (5 ns a character).
 */
const NAME_NEAR_RE = / [^\x00-@[-\x7f]/;

export function maskNames(sent: string): string {
  const named = NAME_NEAR_RE.test(sent) ? sent.replace(NAME_RE, "NAME") : sent;
  return named.replace(/\d+(?:[.,]\d+)*/g, "#");
}
