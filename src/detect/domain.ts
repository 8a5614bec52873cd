/**
 * Capability domain of a request. Structure decides first (images → vision;
 * tool results or a tool loop → agentic; tools offered → tool-use), then cue
 * words and symbols in the user text. The campaigns this guards against were
 * capability-targeted (agentic coding, tool use, vision), so the domain mix of
 * an account is a behavioural feature.
 */
import type { ParsedRequest } from "../dialects/types.js";
import { FLAG, flagWords, WORD_FLAGS } from "./lexicon.js";
import type { TokenStream } from "./tokens.js";
import type { Domain } from "./types.js";

const CUES: Record<"coding" | "math" | "reasoning" | "writing" | "agentic", ReadonlySet<string>> = {
  coding: new Set(("code function python javascript typescript java rust golang c++ sql html css regex bug debug compile compiler " +
    "script api class method variable algorithm implement implementation program programming library framework react node " +
    "database query json stack array string def return import error exception unit test refactor git docker kubernetes").split(" ")),
  math: new Set(("solve equation integral derivative probability calculate compute prove proof theorem number sum product " +
    "percent fraction ratio geometry triangle circle algebra matrix polynomial prime divisible remainder how much many " +
    "cost total average mean median digit x y").split(" ")),
  reasoning: new Set(("puzzle logic logical riddle deduce deduction infer inference premise conclusion valid argument true " +
    "false which statement follows implies paradox sequence pattern order arrange syllogism fallacy").split(" ")),
  writing: new Set(("story poem essay letter email blog article song lyric rewrite tone paragraph summarize summary draft " +
    "narrative character plot fiction haiku limerick speech slogan tagline headline cover copy").split(" ")),
  agentic: new Set(("tool action observation agent function_call call execute browse navigate click terminal shell command " +
    "plan environment api").split(" ")),
};

type CueDomain = keyof typeof CUES;
const MATH_RE = /\\frac|\\sqrt|\$[^$]+\$|\d\s*[-+*/^=]\s*\d/;
const MATH_NEAR_RE = /[\\$+*/^=-]/;
for (const d of Object.keys(CUES) as CueDomain[]) flagWords(CUES[d], FLAG[d]);
const CUE_FLAGS = FLAG.coding | FLAG.math | FLAG.reasoning | FLAG.writing | FLAG.agentic;

const STEP_LABELS = ["thought", "action", "observation"];

/** JavaScript's \s. */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** [A-Za-z0-9_]: what \b tells apart. */
const isAsciiWordChar = (c: number): boolean => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 95;

/** s[e - w.length, e) spells `w` (lower case) in ASCII letters of either case, from a word boundary. */
function labelEndsAt(s: string, e: number, w: string): boolean {
  const start = e - w.length;
  if (start < 0) return false;
  // c | 32 is a lower-case letter's code only for that letter and its capital.
  for (let j = 0; j < w.length; j++) if ((s.charCodeAt(start + j) | 32) !== w.charCodeAt(j)) return false;
  return start === 0 || !isAsciiWordChar(s.charCodeAt(start - 1));
}

/**
 * `/\b(?:thought|action|observation)\s*:/i.test(s)` (a ReAct step label),
 * read back from each colon instead of trying the regex at every position:
 * most texts have a few colons, and the regex cost 1.8 ns a character. /i
 * without /u folds only ASCII letters, and the label ends where the
 * whitespace before its colon starts.
 */
export function hasStepLabel(s: string): boolean {
  for (let p = s.indexOf(":"); p >= 0; p = s.indexOf(":", p + 1)) {
    let e = p;
    while (e > 0 && isSpace(s.charCodeAt(e - 1))) e--;
    for (const w of STEP_LABELS) if (labelEndsAt(s, e, w)) return true;
  }
  return false;
}

export function detectDomain(req: ParsedRequest, userTokens: TokenStream, userText: string): Domain {
  return structuralDomain(req) ?? textDomain(userTokens, userText);
}

/** The domain the request's structure decides (images, tools), or null when the text decides. */
export function structuralDomain(req: ParsedRequest): Domain | null {
  if (req.images > 0) return "vision";
  if (req.toolResults > 0 || (req.tools.length > 0 && req.assistantTurns > 0)) return "agentic";
  if (req.tools.length > 0) return "tool-use";
  return null;
}

/** The domain from the cue words and symbols of the user text: a pure function of the text, so it is remembered with it. */
export function textDomain(userTokens: TokenStream, userText: string): Domain {
  const score = { coding: 0, math: 0, reasoning: 0, writing: 0, agentic: 0 };
  const n = Math.min(userTokens.n, 1500);
  for (let i = 0; i < n; i++) {
    const id = userTokens.ids[i] as number;
    const f = id >= 0 ? (WORD_FLAGS[id] as number) & CUE_FLAGS : 0;
    if (f === 0) continue;
    if (f & FLAG.coding) score.coding++;
    if (f & FLAG.math) score.math++;
    if (f & FLAG.reasoning) score.reasoning++;
    if (f & FLAG.writing) score.writing++;
    if (f & FLAG.agentic) score.agentic++;
  }
  const sample = userText.length > 2048 ? userText.slice(0, 2048) : userText;
  if (sample.includes("```") || /[;{}]\s*\n|=>|\bdef \w+\(|\bfunction \w*\(/.test(sample)) score.coding += 4;
  // Every branch needs a backslash, a dollar or an operator: most texts have none and skip the digit-by-digit regex.
  if (MATH_NEAR_RE.test(sample) && MATH_RE.test(sample)) score.math += 3;
  if (hasStepLabel(sample)) score.agentic += 3;
  if (/\d/.test(sample)) score.math += 0.5;
  let best: Domain = "general";
  let bestScore = 1.5;
  for (const [d, s] of Object.entries(score) as Array<[keyof typeof score, number]>) {
    if (s > bestScore) {
      best = d;
      bestScore = s;
    }
  }
  return best;
}
