/**
 * Measures the extraction signals: `npx tsx src/cli/measure-detect.ts [--corpus ../shared/corpus] [--split dev|final]`.
 *  dev   (default while developing): retrains on four fifths of the training part and scores the fifth,
 *        never touching the held-out split or the eval-only records.
 *  final: scores the shipped model on (a) the held-out fifth of train-ok and (b) the eval-only records.
 * Per kind: ROC AUC and recall at 1% FPR against all legit records and against the
 * benchmark hard negatives (legit_eval_benchmarks.jsonl); then retention on our own
 * translated and obfuscated prompts. Prints markdown.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ownRetention } from "../../test/unit/detect/fixtures/retention.js";
import { type CorpusRecord, isHardNegative, isLegit, positiveKinds, splitOf } from "../detect/corpus-labels.js";
import { fnv1a } from "../detect/features.js";
import { computeSignals, requestFromText } from "../detect/index.js";
import { recallAtFpr, rocAuc } from "../detect/metrics.js";
import { EXTRACTION_KINDS, type ExtractionKind } from "../detect/types.js";
import { type Example, featurize, readCorpus, train } from "./train-detect.js";

type Scorer = (r: CorpusRecord) => Record<ExtractionKind, number> & { extraction: number };

const fmt = (x: number): string => (Number.isNaN(x) ? "–" : x.toFixed(3));

function table(title: string, recs: CorpusRecord[], score: Scorer): string {
  const scored = recs.map((r) => ({ r, s: score(r) }));
  const legit = scored.filter((x) => isLegit(x.r));
  const hard = legit.filter((x) => isHardNegative(x.r));
  const rows = [`### ${title}`, "", "| kind | positives | AUC vs legit | R@1%FPR vs legit | AUC vs benchmarks | R@1%FPR vs benchmarks |", "|---|---|---|---|---|---|"];
  const row = (name: string, pos: number[], key: ExtractionKind | "extraction"): void => {
    const neg = legit.map((x) => x.s[key]), hn = hard.map((x) => x.s[key]);
    rows.push(`| ${name} | ${pos.length} | ${fmt(rocAuc(pos, neg))} | ${fmt(recallAtFpr(pos, neg))} | ${fmt(rocAuc(pos, hn))} | ${fmt(recallAtFpr(pos, hn))} |`);
  };
  for (const k of EXTRACTION_KINDS) row(k, scored.filter((x) => positiveKinds(x.r).includes(k)).map((x) => x.s[k]), k);
  row("tool-use → extraction", scored.filter((x) => x.r.kind === "tool-use").map((x) => x.s.extraction), "extraction");
  row("any → extraction", scored.filter((x) => !isLegit(x.r)).map((x) => x.s.extraction), "extraction");
  rows.push("", `negatives: ${legit.length} legit, of which ${hard.length} benchmark prompts`, "");
  return rows.join("\n");
}

const shipped: Scorer = (r) => {
  const s = computeSignals(requestFromText(r.text));
  return { ...s.kinds, extraction: s.extraction };
};

function devScorer(trainSet: Example[]): Scorer {
  const m = train(trainSet);
  return (r) => {
    const ex = featurize(r);
    const out = { extraction: 0 } as Record<ExtractionKind, number> & { extraction: number };
    EXTRACTION_KINDS.forEach((k, i) => {
      let z = (m.bias[i] ?? 0) + (m.gain[i] ?? 1) * ex.rules[k];
      const w = m.weights[i] as Float64Array;
      let acc = 0;
      for (const f of ex.features) acc += w[f] ?? 0;
      z += ex.features.length ? acc / Math.sqrt(ex.features.length) : 0;
      out[k] = 1 / (1 + Math.exp(-z));
      out.extraction = Math.max(out.extraction, out[k]);
    });
    return out;
  };
}

function retentionTable(): string {
  const rows = ["### Retention on our own prompts (mean score of variant / mean score of the English original)", "", "| variant | prompts | mean score | retention |", "|---|---|---|---|"];
  for (const r of ownRetention((t) => computeSignals(requestFromText(t)).extraction)) rows.push(`| ${r.variant} | ${r.n} | ${fmt(r.mean)} | ${fmt(r.retention)} |`);
  return rows.join("\n");
}

export function measure(dir: string, split: "dev" | "final"): string {
  const all = readCorpus(dir);
  if (split === "dev") {
    const trainPart = all.filter((r) => splitOf(r) === "train");
    const fold = (r: CorpusRecord): boolean => (fnv1a(r.id) >>> 3) % 5 === 0;
    const scorer = devScorer(trainPart.filter((r) => !fold(r)).map(featurize));
    return [table("dev fold (one fifth of the training part)", trainPart.filter(fold), scorer), retentionTable()].join("\n");
  }
  const held = all.filter((r) => splitOf(r) === "heldout");
  const evalOnly = all.filter((r) => splitOf(r) === "eval");
  return [
    table("(a) held-out fifth of train-ok", held, shipped),
    table("(b) eval-only records (negatives: held-out legit + eval-only legit)", [...evalOnly, ...held.filter(isLegit)], shipped),
    retentionTable(),
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const ci = args.indexOf("--corpus");
  const si = args.indexOf("--split");
  console.log(measure(resolve(ci >= 0 ? (args[ci + 1] ?? "") : "../shared/corpus"), si >= 0 && args[si + 1] === "final" ? "final" : "dev"));
}
