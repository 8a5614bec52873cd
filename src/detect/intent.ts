/**
 * Extraction intent per kind: weighted cue rules (rules.ts) plus the hashed
 * n-gram model (model.ts), combined in logit space. Each cue's weight is
 * calibrated on the corpus around its hand-set prior (the weights ship with
 * the model); the n-grams then learn corrections around the cues (e.g. "step
 * by step" in a plain benchmark question). The cues carry the languages, the
 * evasions and the pipelines the corpus lacks.
 */
import { type CharWindow, extractFeatures } from "./features.js";
import { modelLogits, ruleWeights } from "./model.js";
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

/** How much of each rule (RULES order) fired: 1, 0.6 for an Orca-style cue only in the user turn, else 0. */
export function ruleHits(userTokens: TokenStream, systemTokens: TokenStream): Float64Array {
  const inUser = streamHits(userTokens);
  const inSystem = streamHits(systemTokens);
  const x = new Float64Array(RULES.length);
  for (let i = 0; i < RULES.length; i++) {
    if (inSystem[i] === 1) x[i] = 1;
    else if (inUser[i] === 1) x[i] = (RULES[i] as (typeof RULES)[number]).kind === "distillSystem" ? SYSTEM_CUE_IN_USER : 1;
  }
  return x;
}

export function ruleScores(userTokens: TokenStream, systemTokens: TokenStream, weights: Float64Array = ruleWeights()): RuleScores {
  const x = ruleHits(userTokens, systemTokens);
  const sums = zeroKinds();
  const cues: string[] = [];
  for (let i = 0; i < RULES.length; i++) {
    if (x[i] === 0) continue;
    const r = RULES[i] as (typeof RULES)[number];
    sums[r.kind] += (weights[i] as number) * (x[i] as number);
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
  const features = extractFeatures({ user: input.userTokens, system: input.systemTokens, window: input.window });
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
