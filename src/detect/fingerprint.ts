/**
 * Template fingerprint: a 64-bit SimHash (Charikar 2002) over word 3-shingles
 * of the *instruction part* of a prompt. Extraction pipelines fill one template
 * with thousands of problems, so the problem must not reach the hash:
 *  - fenced code, inline code, quoted strings and <tag>…</tag> bodies → QUOTE/CODE/SLOT
 *  - the body after a label ("Question:", "[Response]", "### Input") → SLOT
 *  - sentences without instruction vocabulary (the problem statement) → SLOT
 *  - numbers → #, capitalised words mid-sentence (names) → NAME
 * What is left is the template's own wording, identical across its fillings.
 * Requests from one template share a fingerprint (Hamming distance ≤ 3 of 64);
 * unrelated texts sit around 32 apart.
 */
import { fmix, fnv1a } from "./features.js";
import { FLAG, flagWords, WORD_FLAGS } from "./lexicon.js";
import { scan } from "./tokens.js";

/** Instruction vocabulary (canonical English tokens; the glossary maps other languages here). */
const META = new Set(
  ("step reasoning reason think thinking thought explain explanation answer response respond question problem solution " +
    "following below above provide show output format final instruction task rubric score grade evaluate evaluation judge " +
    "critique feedback generate please must should assistant user model ai justify detailed verbatim include ensure given " +
    "json boxed carefully verify flaw mistake error correct corrected rate rating criteria diverse prompt rewrite reveal " +
    "chain calculation intermediate all every each your you concise brief thorough complete")
    .split(" "),
);
/** Sentence-initial verbs (and "you") that mark an instruction even without instruction vocabulary. */
const IMPERATIVE = new Set(
  ("translate summarize write act generate create rewrite explain think find solve score grade classify describe answer " +
    "respond keep use do don finish make give provide compose draft evaluate compare identify extract convert return output " +
    "format analyze analyse please you imagine pretend consider read review check list label tag rate judge critique " +
    "correct verify continue complete fill follow ignore repeat begin start end include avoid remember note assume")
    .split(" "),
);
flagWords(META, FLAG.meta);
flagWords(IMPERATIVE, FLAG.imperative);
const MAX_CHARS = 2560;

const LABEL_LINE_RE = /^\s*(?:#{1,6}\s*|\*\*|\[|<|#)?\s*[A-Za-z][\w /'-]{0,30}?\s*(?:\]|>|#|\*\*)?\s*:?\s*$/;
const INLINE_LABEL_RE = /^(\s*(?:[-*]\s*)?(?:\[|\*\*|#)?[A-Za-z][\w /'-]{0,24}?(?:\]|\*\*|#)?\s*:)\s*\S.*$/;

export function instructionPart(raw: string): string {
  let s = raw.length > MAX_CHARS ? raw.slice(0, MAX_CHARS * 0.8) + "\n" + raw.slice(raw.length - MAX_CHARS * 0.2) : raw;
  s = s
    .replace(/```[\s\S]*?(?:```|$)/g, " CODE ")
    .replace(/`[^`\n]+`/g, " CODE ")
    .replace(/<([A-Za-z_][\w-]*)>[\s\S]*?<\/\1>/g, " <$1> SLOT </$1> ")
    .replace(/"[^"\n]{3,}"|“[^”\n]{3,}”|«[^»\n]{3,}»|「[^」\n]{2,}」/g, " QUOTE ");
  const out: string[] = [];
  let inSlot = false;
  for (const line of s.split("\n")) {
    if (line.trim() === "") {
      inSlot = false;
      continue;
    }
    if (LABEL_LINE_RE.test(line) && line.trim().split(/\s+/).length <= 5) {
      out.push(line.trim(), "SLOT");
      inSlot = true;
      continue;
    }
    if (inSlot) continue;
    const inline = INLINE_LABEL_RE.exec(line);
    if (inline && inline[1] && inline[1].trim().split(/\s+/).length <= 4) {
      out.push(inline[1].trim(), "SLOT");
      continue;
    }
    out.push(keepInstructionSentences(line));
  }
  return out.join("\n");
}

/** Keeps the sentences that read as instructions; a problem statement becomes one SLOT. */
function keepInstructionSentences(line: string): string {
  const sentences = line.split(/(?<=[.!?。！？])\s+|(?<=[。！？])/);
  const kept: string[] = [];
  for (const sent of sentences) {
    const toks = scan(sent.toLowerCase(), 200);
    let meta = 0;
    for (let i = 0; i < toks.n; i++) {
      const id = toks.ids[i] as number;
      if (id >= 0 && ((WORD_FLAGS[id] as number) & FLAG.meta) !== 0) meta++;
    }
    const head = toks.n > 0 ? (toks.ids[0] as number) : -1;
    if (meta >= 2 || (head >= 0 && ((WORD_FLAGS[head] as number) & FLAG.imperative) !== 0)) kept.push(maskNames(sent));
    else if (kept[kept.length - 1] !== "SLOT") kept.push("SLOT");
  }
  return kept.join(" ");
}

function maskNames(sent: string): string {
  return sent
    .replace(/(?<=[\p{L},;:] )\p{Lu}[\p{Ll}\p{Lu}'-]+/gu, "NAME")
    .replace(/\d+(?:[.,]\d+)*/g, "#");
}

function shingleTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}#]+/gu) ?? [];
}

/** 64-bit SimHash of word 3-shingles, as 16 hex characters. */
export function simhash(tokens: readonly string[]): string {
  const v = new Int32Array(64);
  const n = tokens.length;
  const add = (h1: number, h2: number): void => {
    for (let b = 0; b < 32; b++) {
      v[b] = (v[b] ?? 0) + ((h1 >>> b) & 1 ? 1 : -1);
      v[b + 32] = (v[b + 32] ?? 0) + ((h2 >>> b) & 1 ? 1 : -1);
    }
  };
  if (n < 3) {
    const h = fnv1a(tokens.join(" "));
    add(fmix(h), fmix(h ^ 0x5bd1e995));
  }
  for (let i = 0; i + 3 <= n; i++) {
    const h = fnv1a(`${tokens[i]} ${tokens[i + 1]} ${tokens[i + 2]}`);
    add(fmix(h), fmix(h ^ 0x5bd1e995));
  }
  let hi = 0, lo = 0;
  for (let b = 0; b < 32; b++) {
    if ((v[b] ?? 0) > 0) lo |= 1 << b;
    if ((v[b + 32] ?? 0) > 0) hi |= 1 << b;
  }
  return (hi >>> 0).toString(16).padStart(8, "0") + (lo >>> 0).toString(16).padStart(8, "0");
}

/** Fingerprint of the instruction part; falls back to the masked whole when no instruction is found. */
export function templateFingerprint(raw: string): string {
  const part = instructionPart(raw);
  let toks = shingleTokens(part).filter((t, i, a) => t !== "slot" || a[i - 1] !== "slot");
  if (toks.filter((t) => t !== "slot").length < 3) toks = shingleTokens(maskNames(raw.slice(0, MAX_CHARS)));
  return simhash(toks);
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

export function fingerprintDistance(a: string, b: string): number {
  const d = (i: number): number => popcount((parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16)) >>> 0);
  return d(0) + d(8);
}

export const SAME_TEMPLATE_MAX_DISTANCE = 3;

export function sameTemplate(a: string, b: string, maxDistance = SAME_TEMPLATE_MAX_DISTANCE): boolean {
  return fingerprintDistance(a, b) <= maxDistance;
}
