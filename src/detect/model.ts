/**
 * Inference for the hashed-feature logistic regression per extraction kind.
 * The weights (model-weights.ts, written by `npx tsx src/cli/train-detect.ts`)
 * are int8-quantised and stored sparse: per kind a varint count, then
 * (varint index delta, int8 value) pairs, base64-encoded. They are decoded once
 * into a row table: feature → row (Uint16Array, 32 KiB) and row → six int8
 * weights (8 bytes a row, a few tens of KiB). Most features have no weight and
 * share the zero row, so scoring stays in cache (a dense float table of all
 * 2^14 features x 6 kinds, 384 KiB, cost a cache miss per feature).
 */
import { FEATURE_BITS } from "./features.js";
import { MODEL } from "./model-weights.js";
import { PRIOR_GAIN, RULES } from "./rules.js";
import { EXTRACTION_KINDS, type ExtractionKind } from "./types.js";

export interface PackedModel {
  bits: number;
  kinds: readonly string[];
  bias: readonly number[];
  /** Calibrated weight of each cue rule in logits, by rule id (rules.ts); a rule missing here keeps its prior. */
  rules: Readonly<Record<string, number>>;
  scale: readonly number[];
  data: string;
}

const K = EXTRACTION_KINDS.length;
if (EXTRACTION_KINDS.join() !== "cot,critique,autograde,datagen,probe,distillSystem") throw new Error("modelLogits is unrolled for these six kinds in this order");

interface Loaded {
  /** Feature index → row in `q` (row 0 is all zeros). */
  row: Uint16Array;
  /** Int8 weights, ROW_STRIDE per row, kind k at offset k. */
  q: Int8Array;
  scale: Float64Array;
  bias: Float64Array;
}

const ROW_STRIDE = 8;

let loaded: Loaded | null = null;

export function unpackModel(m: PackedModel): Loaded {
  if (m.bits !== FEATURE_BITS) throw new Error(`model has ${m.bits} feature bits, code expects ${FEATURE_BITS}`);
  const row = new Uint16Array(1 << FEATURE_BITS);
  const entries: Array<[number, number, number]> = [];
  const scale = new Float64Array(K);
  const bias = new Float64Array(K);
  const bin = atob(m.data);
  let p = 0;
  const varint = (): number => {
    let v = 0, shift = 0, b = 0;
    do {
      b = bin.charCodeAt(p++);
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return v;
  };
  let rows = 1;
  for (let mk = 0; mk < m.kinds.length; mk++) {
    const k = EXTRACTION_KINDS.indexOf(m.kinds[mk] as ExtractionKind);
    const count = bin.length === 0 ? 0 : varint();
    let idx = 0;
    for (let i = 0; i < count; i++) {
      idx += varint();
      const q = (bin.charCodeAt(p++) << 24) >> 24;
      if (k < 0) continue;
      if (row[idx] === 0) row[idx] = rows++;
      entries.push([row[idx] as number, k, q]);
    }
    if (k >= 0) {
      scale[k] = m.scale[mk] ?? 0;
      bias[k] = m.bias[mk] ?? 0;
    }
  }
  const q = new Int8Array(rows * ROW_STRIDE);
  for (const [r, k, v] of entries) q[r * ROW_STRIDE + k] = v;
  return { row, q, scale, bias };
}

let cueWeights: Float64Array | null = null;

/** Logit weight of each rule in RULES order: the calibrated one shipped with the model, else the prior. */
export function ruleWeights(): Float64Array {
  cueWeights ??= Float64Array.from(RULES, (r) => MODEL.rules[r.id] ?? PRIOR_GAIN * r.w);
  return cueWeights;
}

export function packModel(kinds: readonly string[], weights: Float64Array[], bias: number[], rules: Record<string, number>): PackedModel {
  const bytes: number[] = [];
  const scale: number[] = [];
  const varint = (v: number): void => {
    while (v >= 0x80) {
      bytes.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    bytes.push(v);
  };
  for (const w of weights) {
    let max = 0;
    for (const x of w) max = Math.max(max, Math.abs(x));
    const s = max / 127 || 1;
    scale.push(s);
    const entries: Array<[number, number]> = [];
    w.forEach((x, i) => {
      const q = Math.round(x / s);
      if (q !== 0) entries.push([i, q]);
    });
    varint(entries.length);
    let prev = 0;
    for (const [i, q] of entries) {
      varint(i - prev);
      bytes.push(q & 0xff);
      prev = i;
    }
  }
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return { bits: FEATURE_BITS, kinds, bias, rules, scale, data: btoa(bin) };
}

/** One kind's logit: its bias, its cue logits, and its integer feature sum scaled and length-normalised. */
function logit(bias: Float64Array, scale: Float64Array, k: number, rules: number, acc: number, norm: number): number {
  return (bias[k] as number) + rules + acc * (scale[k] as number) * norm;
}

/**
 * The model's integer weight sums per kind over some features, and how many
 * features: integer sums of disjoint parts add up to those of the whole
 * exactly, so what a repeated part contributes can be summed once and kept.
 */
export class WeightSums {
  count = 0;
  a0 = 0;
  a1 = 0;
  a2 = 0;
  a3 = 0;
  a4 = 0;
  a5 = 0;

  /** Adds the weights of `features`. Unrolled over the six kinds: this loop is the model's whole cost. */
  addFeatures(features: Uint16Array): void {
    loaded ??= unpackModel(MODEL);
    const { row, q } = loaded;
    let a0 = this.a0, a1 = this.a1, a2 = this.a2, a3 = this.a3, a4 = this.a4, a5 = this.a5;
    for (let i = 0; i < features.length; i++) {
      const b = (row[features[i] as number] as number) * ROW_STRIDE;
      a0 += q[b] as number;
      a1 += q[b + 1] as number;
      a2 += q[b + 2] as number;
      a3 += q[b + 3] as number;
      a4 += q[b + 4] as number;
      a5 += q[b + 5] as number;
    }
    this.a0 = a0;
    this.a1 = a1;
    this.a2 = a2;
    this.a3 = a3;
    this.a4 = a4;
    this.a5 = a5;
    this.count += features.length;
  }

  add(o: WeightSums): void {
    this.a0 += o.a0;
    this.a1 += o.a1;
    this.a2 += o.a2;
    this.a3 += o.a3;
    this.a4 += o.a4;
    this.a5 += o.a5;
    this.count += o.count;
  }
}

/** Logits per kind from the weight sums of all of a request's features and the per-kind cue logits. */
export function logitsFromSums(s: WeightSums, rules: Record<ExtractionKind, number>): Record<ExtractionKind, number> {
  loaded ??= unpackModel(MODEL);
  const { scale, bias } = loaded;
  const norm = s.count > 0 ? 1 / Math.sqrt(s.count) : 0;
  // Kind k is EXTRACTION_KINDS[k] (checked at load above).
  return {
    cot: logit(bias, scale, 0, rules.cot, s.a0, norm),
    critique: logit(bias, scale, 1, rules.critique, s.a1, norm),
    autograde: logit(bias, scale, 2, rules.autograde, s.a2, norm),
    datagen: logit(bias, scale, 3, rules.datagen, s.a3, norm),
    probe: logit(bias, scale, 4, rules.probe, s.a4, norm),
    distillSystem: logit(bias, scale, 5, rules.distillSystem, s.a5, norm),
  };
}

/** Logits per kind for a feature vector and the per-kind cue logits. */
export function modelLogits(features: Uint16Array, rules: Record<ExtractionKind, number>): Record<ExtractionKind, number> {
  const s = new WeightSums();
  s.addFeatures(features);
  return logitsFromSums(s, rules);
}
