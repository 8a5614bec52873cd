/**
 * Trains the extraction model: `npx tsx src/cli/train-detect.ts [--corpus ../shared/corpus]`.
 * One logistic regression per kind over hashed features (detect/features.ts),
 * with the rule score as a fixed offset so the model learns corrections to the
 * rules. Fits only `train-ok` records outside the held-out fifth; writes
 * src/detect/model-weights.ts (int8, sparse, top weights per kind).
 */
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type CorpusRecord, isLegit, positiveKinds, splitOf } from "../detect/corpus-labels.js";
import { extractFeatures, FEATURE_BITS } from "../detect/features.js";
import { prepareText } from "../detect/index.js";
import { RULE_GAIN, ruleScores } from "../detect/intent.js";
import { packModel } from "../detect/model.js";
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
  rules: Record<ExtractionKind, number>;
}

export function featurize(rec: CorpusRecord): Example {
  const p = prepareText(rec.text);
  const features = extractFeatures({ user: p.userTokens, system: p.systemTokens, text: p.text });
  return { rec, features, rules: ruleScores(p.userTokens, p.systemTokens).sums };
}

export interface TrainOptions {
  epochs: number;
  lr: number;
  l2: number;
  keep: number;
}

export const DEFAULT_TRAIN: TrainOptions = { epochs: 12, lr: 0.3, l2: 1e-4, keep: 1500 };

const D = 1 << FEATURE_BITS;
/** The rule gain may grow but not fall below this: the cues carry what the corpus lacks. */
const MIN_GAIN = 1.5;
/**
 * The bias is kept in [-5, -3]: a prompt with no evidence must score low (a
 * positive bias let short foreign-language questions score as probes), and a
 * kind with a handful of training positives must not be buried so deep that
 * its hand-written cues can no longer raise it.
 */
const MIN_BIAS = -5;
const MAX_BIAS = -3;

/** Adagrad logistic regression for one kind; `mask` (when set) freezes pruned weights at zero. */
function fitKind(xs: Example[], ys: number[], kind: ExtractionKind, o: TrainOptions, w: Float64Array, b: { v: number; a: number }, mask?: Uint8Array): void {
  const g2 = new Float64Array(D).fill(1e-6);
  let gb2 = 1e-6;
  let ga2 = 1e-6;
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
      let z = b.v + b.a * x.rules[kind];
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
      b.v = Math.min(MAX_BIAS, Math.max(MIN_BIAS, b.v - (o.lr * g) / Math.sqrt(gb2)));
      const ga = g * x.rules[kind];
      ga2 += ga * ga;
      b.a = Math.max(MIN_GAIN, b.a - (o.lr * ga) / Math.sqrt(ga2));
    }
  }
}

export interface TrainedModel {
  weights: Float64Array[];
  bias: number[];
  gain: number[];
}

export function train(examples: Example[], o: TrainOptions = DEFAULT_TRAIN): TrainedModel {
  const weights: Float64Array[] = [];
  const bias: number[] = [];
  const gain: number[] = [];
  for (const kind of EXTRACTION_KINDS) {
    const xs: Example[] = [];
    const ys: number[] = [];
    for (const ex of examples) {
      const pos = positiveKinds(ex.rec).includes(kind);
      if (!pos && !isLegit(ex.rec)) continue;
      xs.push(ex);
      ys.push(pos ? 1 : 0);
    }
    const w = new Float64Array(D);
    const b = { v: -3, a: RULE_GAIN };
    fitKind(xs, ys, kind, o, w, b);
    // Keep the strongest weights only (bundle size), then refit them with the rest frozen at zero.
    const thr = [...w].map(Math.abs).sort((a, c) => c - a)[o.keep] ?? 0;
    const mask = new Uint8Array(D);
    w.forEach((x, i) => {
      if (Math.abs(x) > thr) mask[i] = 1;
      else w[i] = 0;
    });
    fitKind(xs, ys, kind, { ...o, epochs: Math.ceil(o.epochs / 2) }, w, b, mask);
    weights.push(w);
    bias.push(Math.round(b.v * 1e4) / 1e4);
    gain.push(Math.round(b.a * 1e4) / 1e4);
  }
  return { weights, bias, gain };
}

function main(): void {
  const args = process.argv.slice(2);
  const ci = args.indexOf("--corpus");
  const dir = resolve(ci >= 0 ? (args[ci + 1] ?? "") : "../shared/corpus");
  const records = readCorpus(dir).filter((r) => splitOf(r) === "train");
  const t0 = performance.now();
  const examples = records.map(featurize);
  const model = train(examples);
  const packed = packModel(EXTRACTION_KINDS, model.weights, model.bias, model.gain);
  const body =
    "// Generated by `npx tsx src/cli/train-detect.ts` from ../shared/corpus train-ok records outside the\n" +
    "// held-out fifth. Do not edit by hand. Format: see detect/model.ts.\n" +
    'import type { PackedModel } from "./model.js";\n' +
    `export const MODEL: PackedModel = ${JSON.stringify(packed)};\n`;
  writeFileSync(resolve("src/detect/model-weights.ts"), body);
  console.log(`trained on ${examples.length} records in ${((performance.now() - t0) / 1000).toFixed(1)} s; weights ${(body.length / 1024).toFixed(1)} KiB`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main();
