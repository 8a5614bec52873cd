/**
 * Extraction intent per kind: weighted cue rules (rules.ts) plus the hashed
 * n-gram model (model.ts), combined in logit space. Each cue's weight is
 * calibrated on the corpus around its hand-set prior (the weights ship with
 * the model); the n-grams then learn corrections around the cues (e.g. "step
 * by step" in a plain benchmark question). The cues carry the languages, the
 * evasions and the pipelines the corpus lacks.
 */
import { type CharWindow, featuresBesideSystem, gramFeatures, systemWordFeatures } from "./features.js";
import { logitsFromSums, ruleWeights, WeightSums } from "./model.js";
import { compileRules, matchRules } from "./rule-engine.js";
import { RULES } from "./rules.js";
import type { TokenStream } from "./tokens.js";
import { EXTRACTION_KINDS, type ExtractionKind } from "./types.js";

/** Orca-style system cues count less when they come from the user turn. */
const SYSTEM_CUE_IN_USER = 0.6;

const MATCHER = compileRules(RULES);

export interface IntentInput {
  userTokens: TokenStream;
  systemTokens: TokenStream;
  /** Where character n-grams are read (system then user). */
  window: CharWindow;
  /** The normalised system text `systemTokens` were scanned from; the window's head starts with it (as much as fits). */
  systemText: string;
}

export interface RuleScores {
  /** Logits per kind from the cues that fired. */
  sums: Record<ExtractionKind, number>;
  cues: string[];
}

export function zeroKinds(): Record<ExtractionKind, number> {
  return { cot: 0, critique: 0, autograde: 0, datagen: 0, probe: 0, distillSystem: 0 };
}

const NO_HITS = new Uint8Array(RULES.length);

/**
 * Rule hits by token stream: a memoised text (prepare.ts) comes back as the
 * same stream object, so its rules are matched once. Weak, so streams that
 * are not remembered take their hits with them.
 */
const hitsByStream = new WeakMap<TokenStream, Uint8Array>();

function streamHits(tokens: TokenStream): Uint8Array {
  if (tokens.n === 0) return NO_HITS;
  let hits = hitsByStream.get(tokens);
  if (hits === undefined) {
    hits = matchRules(MATCHER, tokens);
    hitsByStream.set(tokens, hits);
  }
  return hits;
}

/** How much rule i fired given its hits in each part: 1, 0.6 for an Orca-style cue only in the user turn, else 0. */
function hitWeight(i: number, inUser: Uint8Array, inSystem: Uint8Array): number {
  if (inSystem[i] === 1) return 1;
  if (inUser[i] !== 1) return 0;
  return (RULES[i] as (typeof RULES)[number]).kind === "distillSystem" ? SYSTEM_CUE_IN_USER : 1;
}

/** How much of each rule (RULES order) fired (hitWeight), as training reads it. */
export function ruleHits(userTokens: TokenStream, systemTokens: TokenStream): Float64Array {
  const inUser = streamHits(userTokens);
  const inSystem = streamHits(systemTokens);
  const x = new Float64Array(RULES.length);
  for (let i = 0; i < RULES.length; i++) x[i] = hitWeight(i, inUser, inSystem);
  return x;
}

/** The fired rules' logits per kind; straight from the hits, without ruleHits' per-request array. */
export function ruleScores(userTokens: TokenStream, systemTokens: TokenStream, weights: Float64Array = ruleWeights()): RuleScores {
  const inUser = streamHits(userTokens);
  const inSystem = streamHits(systemTokens);
  const sums = zeroKinds();
  const cues: string[] = [];
  for (let i = 0; i < RULES.length; i++) {
    const x = hitWeight(i, inUser, inSystem);
    if (x === 0) continue;
    const r = RULES[i] as (typeof RULES)[number];
    sums[r.kind] += (weights[i] as number) * x;
    cues.push(r.id);
  }
  return { sums, cues };
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export interface IntentResult {
  kinds: Record<ExtractionKind, number>;
  extraction: number;
  cues: string[];
}

/**
 * What a system prompt adds to the model's sums of every request it comes
 * with: its word features, and the 4-grams of the start of its text by how
 * many characters of it the window's head holds (the whole text, or the head
 * when the text fills it: two lengths at most). Kept per system token stream
 * like the rule hits; a few dozen system prompts carry most requests.
 */
interface SystemSums {
  text: string;
  words: WeightSums;
  grams: Array<{ chars: number; sums: WeightSums }>;
}

const systemSumsByStream = new WeakMap<TokenStream, SystemSums>();

function systemSums(system: TokenStream, text: string): SystemSums {
  let kept = systemSumsByStream.get(system);
  if (kept === undefined || kept.text !== text) {
    const words = new WeightSums();
    words.addFeatures(wordsOf(system));
    kept = { text, words, grams: [] };
    systemSumsByStream.set(system, kept);
  }
  return kept;
}

function wordsOf(system: TokenStream): Uint16Array {
  const out = new Uint16Array(3 * system.n);
  return out.subarray(0, systemWordFeatures(out, 0, system));
}

/** The sums of the 4-grams that end in the first `chars` characters of the system text. */
function systemGrams(kept: SystemSums, chars: number): WeightSums {
  for (const g of kept.grams) if (g.chars === chars) return g.sums;
  const sums = new WeightSums();
  const out = new Uint16Array(chars);
  sums.addFeatures(out.subarray(0, gramFeatures(out, 0, kept.text.slice(0, chars))));
  if (kept.grams.length < 4) kept.grams.push({ chars, sums });
  return sums;
}

/** The model's sums over all of a request's features (extractFeatures), the system side's taken as kept. */
function requestSums(input: IntentInput): WeightSums {
  const { userTokens: user, systemTokens: system, window, systemText } = input;
  const chars = Math.min(systemText.length, window.head.length);
  const total = new WeightSums();
  if (system.n > 0 || chars > 0) {
    const kept = systemSums(system, systemText);
    total.add(kept.words);
    total.add(systemGrams(kept, chars));
  }
  total.addFeatures(featuresBesideSystem({ user, system, window }, chars));
  return total;
}

export function scoreIntent(input: IntentInput): IntentResult {
  const rules = ruleScores(input.userTokens, input.systemTokens);
  const logits = logitsFromSums(requestSums(input), rules.sums);
  const kinds = zeroKinds();
  let extraction = 0;
  for (const k of EXTRACTION_KINDS) {
    const p = sigmoid(logits[k]);
    kinds[k] = Math.round(p * 1e4) / 1e4;
    extraction = Math.max(extraction, kinds[k]);
  }
  return { kinds, extraction, cues: rules.cues };
}
