/**
 * Inference for the hashed-feature logistic regression per extraction kind.
 * The weights (model-weights.ts, written by `npx tsx src/cli/train-detect.ts`)
 * are int8-quantised and stored sparse: per kind a varint count, then
 * (varint index delta, int8 value) pairs, base64-encoded. They are decoded once
 * into one interleaved Float32Array so scoring a feature touches one cache line.
 */
import { FEATURE_BITS } from "./features.js";
import { MODEL } from "./model-weights.js";
import { EXTRACTION_KINDS, type ExtractionKind } from "./types.js";

export interface PackedModel {
  bits: number;
  kinds: readonly string[];
  bias: readonly number[];
  /** Learned weight of the rule score per kind (logit units per unit of rule weight). */
  gain: readonly number[];
  scale: readonly number[];
  data: string;
}

const K = EXTRACTION_KINDS.length;
if (K !== 6) throw new Error("modelLogits is unrolled for six kinds");

interface Loaded {
  w: Float32Array;
  bias: Float64Array;
  gain: Float64Array;
}

let loaded: Loaded | null = null;

export function unpackModel(m: PackedModel): Loaded {
  if (m.bits !== FEATURE_BITS) throw new Error(`model has ${m.bits} feature bits, code expects ${FEATURE_BITS}`);
  const w = new Float32Array(K << FEATURE_BITS);
  const bias = new Float64Array(K);
  const gain = new Float64Array(K).fill(1);
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
  for (let mk = 0; mk < m.kinds.length; mk++) {
    const k = EXTRACTION_KINDS.indexOf(m.kinds[mk] as ExtractionKind);
    const count = bin.length === 0 ? 0 : varint();
    let idx = 0;
    for (let i = 0; i < count; i++) {
      idx += varint();
      const q = (bin.charCodeAt(p++) << 24) >> 24;
      if (k >= 0) w[idx * K + k] = q * (m.scale[mk] ?? 0);
    }
    if (k >= 0) {
      bias[k] = m.bias[mk] ?? 0;
      gain[k] = m.gain[mk] ?? 1;
    }
  }
  return { w, bias, gain };
}

export function packModel(kinds: readonly string[], weights: Float64Array[], bias: number[], gain: number[]): PackedModel {
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
  return { bits: FEATURE_BITS, kinds, bias, gain, scale, data: btoa(bin) };
}

/** Logits per kind for a feature vector and the per-kind rule scores. */
export function modelLogits(features: Uint16Array, rules: Record<ExtractionKind, number>): Record<ExtractionKind, number> {
  loaded ??= unpackModel(MODEL);
  const { w, bias, gain } = loaded;
  // Unrolled over the six kinds: this loop is the model's whole cost.
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0;
  for (let i = 0; i < features.length; i++) {
    const b = (features[i] as number) * K;
    a0 += w[b] as number;
    a1 += w[b + 1] as number;
    a2 += w[b + 2] as number;
    a3 += w[b + 3] as number;
    a4 += w[b + 4] as number;
    a5 += w[b + 5] as number;
  }
  const acc = [a0, a1, a2, a3, a4, a5];
  const norm = features.length > 0 ? 1 / Math.sqrt(features.length) : 0;
  const out = {} as Record<ExtractionKind, number>;
  EXTRACTION_KINDS.forEach((kind, k) => {
    out[kind] = (bias[k] ?? 0) + (gain[k] ?? 1) * rules[kind] + (acc[k] ?? 0) * norm;
  });
  return out;
}
