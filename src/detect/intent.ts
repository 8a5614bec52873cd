/**
 * Extraction intent per kind: weighted cue rules (rules.ts) plus the hashed
 * n-gram model (model.ts), combined in logit space: the rule score is one
 * more input of the logistic regression with its own learned gain (kept at
 * least 1 so the hand-written cues, which carry the languages and the
 * evasions the corpus lacks, are never trained away), and the n-grams learn
 * corrections (e.g. "step by step" in a plain benchmark question).
 */
import { extractFeatures } from "./features.js";
import { modelLogits } from "./model.js";
import { compileRules, matchRules } from "./rule-engine.js";
import { RULES } from "./rules.js";
import type { TokenStream } from "./tokens.js";
import { EXTRACTION_KINDS, type ExtractionKind } from "./types.js";

/** Initial logit units per unit of rule weight; training learns the gain per kind. */
export const RULE_GAIN = 1;
/** Orca-style system cues count less when they come from the user turn. */
const SYSTEM_CUE_IN_USER = 0.6;

const MATCHER = compileRules(RULES);

export interface IntentInput {
  userTokens: TokenStream;
  systemTokens: TokenStream;
  /** Normalised text used for character n-grams (system then user). */
  text: string;
}

export interface RuleScores {
  sums: Record<ExtractionKind, number>;
  cues: string[];
}

export function zeroKinds(): Record<ExtractionKind, number> {
  return { cot: 0, critique: 0, autograde: 0, datagen: 0, probe: 0, distillSystem: 0 };
}

const NO_HITS = new Uint8Array(RULES.length);

export function ruleScores(userTokens: TokenStream, systemTokens: TokenStream): RuleScores {
  const sums = zeroKinds();
  const inUser = matchRules(MATCHER, userTokens);
  const inSystem = systemTokens.n > 0 ? matchRules(MATCHER, systemTokens) : NO_HITS;
  const cues: string[] = [];
  for (let i = 0; i < RULES.length; i++) {
    const u = inUser[i] === 1, s = inSystem[i] === 1;
    if (!u && !s) continue;
    const r = RULES[i] as (typeof RULES)[number];
    const factor = s ? 1 : r.kind === "distillSystem" ? SYSTEM_CUE_IN_USER : 1;
    sums[r.kind] += r.w * factor;
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

export function scoreIntent(input: IntentInput): IntentResult {
  const rules = ruleScores(input.userTokens, input.systemTokens);
  const features = extractFeatures({ user: input.userTokens, system: input.systemTokens, text: input.text });
  const logits = modelLogits(features, rules.sums);
  const kinds = zeroKinds();
  let extraction = 0;
  for (const k of EXTRACTION_KINDS) {
    const p = sigmoid(logits[k]);
    kinds[k] = Math.round(p * 1e4) / 1e4;
    extraction = Math.max(extraction, kinds[k]);
  }
  return { kinds, extraction, cues: rules.cues };
}
