/**
 * Trains the extraction model: `npx tsx src/cli/train-detect.ts [--corpus ../shared/corpus]`.
 * Per kind, in two stages: the cue weights are calibrated first, alone, around
 * their hand-set priors; then a logistic regression over hashed features
 * (detect/features.ts) learns corrections with the cue logits as a fixed
 * offset. Fits only `train-ok` records outside the held-out fifth; writes
 * src/detect/model-weights.ts (cue weights; n-gram weights int8, sparse, top per kind).
 */
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type CorpusRecord, isLegit, positiveKinds, splitOf } from "../detect/corpus-labels.js";
import { extractFeatures, FEATURE_BITS } from "../detect/features.js";
import { prepareText } from "../detect/index.js";
import { ruleHits } from "../detect/intent.js";
import { packModel } from "../detect/model.js";
import { PRIOR_GAIN, RULES } from "../detect/rules.js";
import { EXTRACTION_KINDS, type ExtractionKind } from "../detect/types.js";

export function readCorpus(dir: string): CorpusRecord[] {
  const out: CorpusRecord[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".jsonl")).sort()) {
    for (const line of readFileSync(join(dir, file), "utf8").split("\n")) {
      if (line.trim()) out.push({ ...(JSON.parse(line) as Omit<CorpusRecord, "file">), file });
    }
  }
  return out;
}

export interface Example {
  rec: CorpusRecord;
  features: Uint16Array;
  /** How much of each cue rule fired (RULES order; see intent.ruleHits). */
  hits: Float64Array;
}

/** Features and cue hits of a text (corpus `[SYSTEM]…[USER]…` convention accepted). */
export function featurizeText(text: string, system?: string): Omit<Example, "rec"> {
  const p = prepareText(text, system);
  const features = extractFeatures({ user: p.userTokens, system: p.systemTokens, window: p.window });
  return { features, hits: ruleHits(p.userTokens, p.systemTokens) };
}

export function featurize(rec: CorpusRecord): Example {
  return { rec, ...featurizeText(rec.text) };
}

export interface TrainOptions {
  epochs: number;
  lr: number;
  l2: number;
  keep: number;
  /** Mean (PRIOR_GAIN x hand-set weight) and standard deviation of the prior on each cue weight, in logits. */
  priorGain: number;
  priorSd: number;
}

export const DEFAULT_TRAIN: TrainOptions = { epochs: 12, lr: 0.3, l2: 1e-4, keep: 1500, priorGain: PRIOR_GAIN, priorSd: 0.5 };

const D = 1 << FEATURE_BITS;
/**
 * Kinds scored by their cues alone. The corpus's capability probes are
 * ordinary prompts picked because models answer them differently (LLMmap,
 * llm-fingerprint): one request carries no sign of it, the sweep does, and the
 * account and campaign objects see sweeps. An n-gram model fitted on them
 * learnt "short generic prompt" and scored "hi" at 0.98, so only the explicit
 * self-identification cues (who made you, which model, knowledge cutoff) count.
 */
const RULES_ONLY: ReadonlySet<ExtractionKind> = new Set(["probe"]);
/**
 * The bias is kept in [-5, -3]: a prompt with no evidence must score low (a
 * positive bias let short foreign-language questions score as probes), and a
 * kind with a handful of training positives must not be buried so deep that
 * its hand-written cues can no longer raise it.
 */
const MIN_BIAS = -5;
const MAX_BIAS = -3;
const clampBias = (v: number): number => Math.min(MAX_BIAS, Math.max(MIN_BIAS, v));

/**
 * Stage 1, the cues alone: a logistic regression over the kind's cue hits
 * with a Gaussian prior centred on PRIOR_GAIN x the hand-set weight, fitted
 * by full-batch Adagrad. A cue the corpus rarely sees keeps about its prior
 * (the held-out pipelines, other languages); one that fires on ordinary
 * prompts as often as on positives is turned down. Weights stay >= 0: a cue is
 * never evidence against. Unweighted classes, because what matters is the
 * ranking among the many negatives at a low false-positive rate.
 */
function fitCues(xs: Example[], ys: number[], ruleIdx: number[], o: TrainOptions): { theta: Float64Array; bias: number } {
  const prior = Float64Array.from(ruleIdx, (r) => o.priorGain * (RULES[r] as (typeof RULES)[number]).w);
  const theta = Float64Array.from(prior);
  let bias = -3;
  // Sparse cue hits per example (most have none).
  const hits = xs.map((ex) => ruleIdx.flatMap((r, j) => ((ex.hits[r] as number) > 0 ? [[j, ex.hits[r] as number] as const] : [])));
  const g2 = new Float64Array(ruleIdx.length).fill(1e-8);
  let gb2 = 1e-8;
  const inv = 1 / (o.priorSd * o.priorSd);
  for (let it = 0; it < 400; it++) {
    const grad = new Float64Array(ruleIdx.length);
    let gb = 0;
    for (let i = 0; i < xs.length; i++) {
      let z = bias;
      for (const [j, x] of hits[i] ?? []) z += (theta[j] as number) * x;
      const g = 1 / (1 + Math.exp(-z)) - (ys[i] ?? 0);
      gb += g;
      for (const [j, x] of hits[i] ?? []) grad[j] = (grad[j] as number) + g * x;
    }
    for (let j = 0; j < ruleIdx.length; j++) {
      const gj = (grad[j] as number) + ((theta[j] as number) - (prior[j] as number)) * inv;
      g2[j] = (g2[j] as number) + gj * gj;
      theta[j] = Math.max(0, (theta[j] as number) - (0.2 * gj) / Math.sqrt(g2[j] as number));
    }
    gb2 += gb * gb;
    bias = clampBias(bias - (0.2 * gb) / Math.sqrt(gb2));
  }
  return { theta, bias };
}

/** Stage 2: Adagrad logistic regression of the n-gram weights around the fixed cue logits; `mask` freezes pruned weights at zero. */
function fitKind(xs: Example[], ys: number[], cueLogit: Float64Array, o: TrainOptions, w: Float64Array, b: { v: number }, mask?: Uint8Array): void {
  const g2 = new Float64Array(D).fill(1e-6);
  let gb2 = 1e-6;
  const nPos = ys.filter((y) => y === 1).length;
  const posWeight = Math.min(20, (ys.length - nPos) / Math.max(1, nPos));
  const order = xs.map((_, i) => i);
  let seed = 12345;
  for (let e = 0; e < o.epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const j = seed % (i + 1);
      [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
    }
    for (const i of order) {
      const x = xs[i] as Example, y = ys[i] ?? 0;
      const norm = x.features.length > 0 ? 1 / Math.sqrt(x.features.length) : 0;
      let z = b.v + (cueLogit[i] as number);
      for (const f of x.features) z += (w[f] ?? 0) * norm;
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - y) * (y === 1 ? posWeight : 1);
      for (const f of x.features) {
        if (mask && !mask[f]) continue;
        const gf = g * norm + o.l2 * (w[f] ?? 0);
        g2[f] = (g2[f] ?? 0) + gf * gf;
        w[f] = (w[f] ?? 0) - (o.lr * gf) / Math.sqrt(g2[f] ?? 1);
      }
      gb2 += g * g;
      b.v = clampBias(b.v - (o.lr * g) / Math.sqrt(gb2));
    }
  }
}

export interface TrainedModel {
  weights: Float64Array[];
  bias: number[];
  /** Calibrated logit weight of every cue rule, RULES order. */
  rules: Float64Array;
}

export function train(examples: Example[], o: TrainOptions = DEFAULT_TRAIN): TrainedModel {
  const weights: Float64Array[] = [];
  const bias: number[] = [];
  const rules = new Float64Array(RULES.length);
  for (const kind of EXTRACTION_KINDS) {
    const xs: Example[] = [];
    const ys: number[] = [];
    for (const ex of examples) {
      const pos = positiveKinds(ex.rec).includes(kind);
      if (!pos && !isLegit(ex.rec)) continue;
      xs.push(ex);
      ys.push(pos ? 1 : 0);
    }
    const ruleIdx = RULES.flatMap((r, i) => (r.kind === kind ? [i] : []));
    const cues = fitCues(xs, ys, ruleIdx, o);
    ruleIdx.forEach((r, j) => (rules[r] = Math.round((cues.theta[j] as number) * 1e3) / 1e3));
    const cueLogit = Float64Array.from(xs, (ex) => ruleIdx.reduce((z, r) => z + (rules[r] as number) * (ex.hits[r] as number), 0));
    const w = new Float64Array(D);
    const b = { v: cues.bias };
    if (!RULES_ONLY.has(kind)) {
      fitKind(xs, ys, cueLogit, o, w, b);
      // Keep the strongest weights only (bundle size), then refit them with the rest frozen at zero.
      const thr = [...w].map(Math.abs).sort((a, c) => c - a)[o.keep] ?? 0;
      const mask = new Uint8Array(D);
      w.forEach((x, i) => {
        if (Math.abs(x) > thr) mask[i] = 1;
        else w[i] = 0;
      });
      fitKind(xs, ys, cueLogit, { ...o, epochs: Math.ceil(o.epochs / 2) }, w, b, mask);
    }
    weights.push(w);
    bias.push(Math.round(b.v * 1e4) / 1e4);
  }
  return { weights, bias, rules };
}

function main(): void {
  const args = process.argv.slice(2);
  const ci = args.indexOf("--corpus");
  const dir = resolve(ci >= 0 ? (args[ci + 1] ?? "") : "../shared/corpus");
  const records = readCorpus(dir).filter((r) => splitOf(r) === "train");
  const t0 = performance.now();
  const examples = records.map(featurize);
  const model = train(examples);
  const packed = packModel(EXTRACTION_KINDS, model.weights, model.bias, Object.fromEntries(RULES.map((r, i) => [r.id, model.rules[i] ?? 0])));
  const body =
    "// Generated by `npx tsx src/cli/train-detect.ts` from ../shared/corpus train-ok records outside the\n" +
    "// held-out fifth. Do not edit by hand. Format: see detect/model.ts.\n" +
    'import type { PackedModel } from "./model.js";\n' +
    `export const MODEL: PackedModel = ${JSON.stringify(packed)};\n`;
  writeFileSync(resolve("src/detect/model-weights.ts"), body);
  console.log(`trained on ${examples.length} records in ${((performance.now() - t0) / 1000).toFixed(1)} s; weights ${(body.length / 1024).toFixed(1)} KiB`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main();
