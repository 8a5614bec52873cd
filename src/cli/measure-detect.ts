/**
 * Measures the extraction signals: `npx tsx src/cli/measure-detect.ts [--corpus ../shared/corpus] [--split dev|final]`.
 *  dev   (default while developing): 5-fold cross-validation inside the training part (each fold scored by a
 *        model trained on the other four), plus our own pipeline-style and critique prompts and lookalikes scored
 *        by each fold's model against that fold's 1%-FPR threshold and against the account machine's kind
 *        threshold. Never touches the held-out split or eval-only records.
 *  final: scores the shipped model on (a) the held-out fifth of train-ok and (b) the eval-only records.
 * Per kind: ROC AUC and recall at 1% FPR against all legit records and against the
 * benchmark hard negatives (legit_eval_benchmarks.jsonl); then retention on our own
 * translated and obfuscated prompts (shipped model). Prints markdown.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  CRITIQUE_LOOKALIKES,
  CRITIQUE_LOOKALIKES_FRESH,
  CRITIQUE_LOOKALIKES_ROUND2,
  CRITIQUE_OWN_WORK,
  CRITIQUE_PASTED,
  CRITIQUE_PROMPTS_FRESH,
  CRITIQUE_PROMPTS_ROUND2,
  CRITIQUE_STEPWISE,
} from "../../test/unit/detect/fixtures/critique-prompts.js";
import { type OwnPrompt, PIPELINE_LOOKALIKES, PIPELINE_PROMPTS, PIPELINE_PROMPTS_FRESH } from "../../test/unit/detect/fixtures/pipeline-prompts.js";
import { ownRetention } from "../../test/unit/detect/fixtures/retention.js";
import { type CorpusRecord, isHardNegative, isLegit, positiveKinds, splitOf } from "../detect/corpus-labels.js";
import { fnv1a } from "../detect/features.js";
import { computeSignals, requestFromText } from "../detect/index.js";
import { zeroKinds } from "../detect/intent.js";
import { RULES } from "../detect/rules.js";
import { recallAtFpr, rocAuc } from "../detect/metrics.js";
import { EXTRACTION_KINDS, type ExtractionKind } from "../detect/types.js";
import { DEFAULT_MACHINE_POLICY } from "../policy/machine.js";
import { type Example, featurize, featurizeText, readCorpus, type TrainedModel, train } from "./train-detect.js";

type Scores = Record<ExtractionKind, number> & { extraction: number };
type Key = ExtractionKind | "extraction";

const fmt = (x: number): string => (Number.isNaN(x) ? "–" : x.toFixed(3));

function table(title: string, scored: Array<{ r: CorpusRecord; s: Scores }>): string {
  const legit = scored.filter((x) => isLegit(x.r));
  const hard = legit.filter((x) => isHardNegative(x.r));
  const rows = [`### ${title}`, "", "| kind | positives | AUC vs legit | R@1%FPR vs legit | AUC vs benchmarks | R@1%FPR vs benchmarks |", "|---|---|---|---|---|---|"];
  const row = (name: string, pos: number[], key: Key): void => {
    const neg = legit.map((x) => x.s[key]), hn = hard.map((x) => x.s[key]);
    rows.push(`| ${name} | ${pos.length} | ${fmt(rocAuc(pos, neg))} | ${fmt(recallAtFpr(pos, neg))} | ${fmt(rocAuc(pos, hn))} | ${fmt(recallAtFpr(pos, hn))} |`);
  };
  for (const k of EXTRACTION_KINDS) row(k, scored.filter((x) => positiveKinds(x.r).includes(k)).map((x) => x.s[k]), k);
  row("tool-use → extraction", scored.filter((x) => x.r.kind === "tool-use").map((x) => x.s.extraction), "extraction");
  row("any → extraction", scored.filter((x) => !isLegit(x.r)).map((x) => x.s.extraction), "extraction");
  rows.push("", `negatives: ${legit.length} legit, of which ${hard.length} benchmark prompts`, "");
  return rows.join("\n");
}

const shipped = (r: CorpusRecord): Scores => {
  const s = computeSignals(requestFromText(r.text));
  return { ...s.kinds, extraction: s.extraction };
};

/** Scores with an unquantised trained model, as the shipped one would after packing. */
function scoreWith(m: TrainedModel, ex: Omit<Example, "rec">): Scores {
  const out = { extraction: 0 } as Scores;
  const cue = zeroKinds();
  RULES.forEach((r, i) => (cue[r.kind] += (m.rules[i] as number) * (ex.hits[i] as number)));
  EXTRACTION_KINDS.forEach((k, i) => {
    let z = (m.bias[i] ?? 0) + cue[k];
    const w = m.weights[i] as Float64Array;
    let acc = 0;
    for (const f of ex.features) acc += w[f] ?? 0;
    z += ex.features.length ? acc / Math.sqrt(ex.features.length) : 0;
    out[k] = 1 / (1 + Math.exp(-z));
    out.extraction = Math.max(out.extraction, out[k]);
  });
  return out;
}

/** Score above which at most 1% of the negatives lie (the threshold recallAtFpr uses). */
function threshold1(neg: number[]): number {
  const sorted = [...neg].sort((a, b) => b - a);
  return sorted[Math.floor(neg.length * 0.01)] ?? -Infinity;
}

interface Fold {
  model: TrainedModel;
  /** 1%-FPR thresholds on this fold's legit records, per kind and for the overall score. */
  thr: Record<Key, number>;
}

/** The account machine's default `kindThreshold`: a kind at or above it counts for the account. */
const KIND_THRESHOLD = DEFAULT_MACHINE_POLICY.kindThreshold;

const OWN_SETS: ReadonlyArray<readonly [string, readonly OwnPrompt[]]> = [
  ["pipeline", PIPELINE_PROMPTS],
  ["pipeline (fresh)", PIPELINE_PROMPTS_FRESH],
  ["lookalike", PIPELINE_LOOKALIKES],
  ["critique: pasted reasoning", CRITIQUE_PASTED],
  ["critique: own work", CRITIQUE_OWN_WORK],
  ["critique: examiner, step by step", CRITIQUE_STEPWISE],
  ["critique: second round", CRITIQUE_PROMPTS_ROUND2],
  ["critique (fresh)", CRITIQUE_PROMPTS_FRESH],
  ["critique lookalike", CRITIQUE_LOOKALIKES],
  ["critique lookalike: second round", CRITIQUE_LOOKALIKES_ROUND2],
  ["critique lookalike (fresh)", CRITIQUE_LOOKALIKES_FRESH],
];

function ownTable(folds: Fold[]): string {
  const own = (p: OwnPrompt): Omit<Example, "rec"> => featurizeText(p.text, p.system);
  const rows = [
    "### Own pipeline-style and critique prompts and lookalikes (each fold's model, each fold's 1%-FPR threshold on legit; mean over folds)",
    "",
    `| set | kind | prompts | mean score | above threshold (kind) | above threshold (extraction) | kind ≥ ${KIND_THRESHOLD} |`,
    "|---|---|---|---|---|---|---|",
  ];
  for (const [name, set] of OWN_SETS) {
    for (const kind of EXTRACTION_KINDS) {
      const items = set.filter((p) => p.kind === kind).map(own);
      if (items.length === 0) continue;
      let mean = 0, above = 0, aboveAny = 0, counted = 0;
      for (const f of folds) {
        for (const ex of items) {
          const s = scoreWith(f.model, ex);
          mean += s[kind];
          if (s[kind] > f.thr[kind]) above++;
          if (s.extraction > f.thr.extraction) aboveAny++;
          if (s[kind] >= KIND_THRESHOLD) counted++;
        }
      }
      const n = items.length * folds.length;
      rows.push(`| ${name} | ${kind} | ${items.length} | ${fmt(mean / n)} | ${fmt(above / n)} | ${fmt(aboveAny / n)} | ${fmt(counted / n)} |`);
    }
  }
  return rows.join("\n") + "\n";
}

function retentionTable(): string {
  const rows = ["### Retention on our own prompts, shipped model (mean score of variant / mean score of the English original)", "", "| variant | prompts | mean score | retention |", "|---|---|---|---|"];
  for (const r of ownRetention((t) => computeSignals(requestFromText(t)).extraction)) rows.push(`| ${r.variant} | ${r.n} | ${fmt(r.mean)} | ${fmt(r.retention)} |`);
  return rows.join("\n");
}

function crossValidate(trainPart: CorpusRecord[]): string {
  const foldOf = (r: CorpusRecord): number => (fnv1a(r.id) >>> 3) % 5;
  const examples = trainPart.map(featurize);
  const scored: Array<{ r: CorpusRecord; s: Scores }> = [];
  const folds: Fold[] = [];
  for (let f = 0; f < 5; f++) {
    const model = train(examples.filter((e) => foldOf(e.rec) !== f));
    const part = examples.filter((e) => foldOf(e.rec) === f).map((e) => ({ r: e.rec, s: scoreWith(model, e) }));
    scored.push(...part);
    const legit = part.filter((x) => isLegit(x.r));
    const thr = {} as Record<Key, number>;
    for (const k of [...EXTRACTION_KINDS, "extraction"] as const) thr[k] = threshold1(legit.map((x) => x.s[k]));
    folds.push({ model, thr });
  }
  return [table("dev: 5-fold cross-validation inside the training part (out-of-fold scores, pooled)", scored), ownTable(folds)].join("\n");
}

export function measure(dir: string, split: "dev" | "final"): string {
  const all = readCorpus(dir);
  if (split === "dev") return [crossValidate(all.filter((r) => splitOf(r) === "train")), retentionTable()].join("\n");
  const held = all.filter((r) => splitOf(r) === "heldout");
  const evalOnly = all.filter((r) => splitOf(r) === "eval");
  const score = (recs: CorpusRecord[]): Array<{ r: CorpusRecord; s: Scores }> => recs.map((r) => ({ r, s: shipped(r) }));
  return [
    table("(a) held-out fifth of train-ok", score(held)),
    table("(b) eval-only records (negatives: held-out legit + eval-only legit)", score([...evalOnly, ...held.filter(isLegit)])),
    retentionTable(),
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const ci = args.indexOf("--corpus");
  const si = args.indexOf("--split");
  console.log(measure(resolve(ci >= 0 ? (args[ci + 1] ?? "") : "../shared/corpus"), si >= 0 && args[si + 1] === "final" ? "final" : "dev"));
}
