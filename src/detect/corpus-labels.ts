/**
 * How corpus records (../shared/corpus, see its SOURCES.md) map onto the
 * extraction kinds, and the deterministic held-out split. Pure, so training
 * and measurement agree on both. Only `use: "train-ok"` records may be fitted;
 * of those, the held-out fifth (by id hash) is only scored at the end.
 */
import { fnv1a } from "./features.js";
import type { ExtractionKind } from "./types.js";

export interface CorpusRecord {
  id: string;
  text: string;
  source: string;
  kind: string;
  domain: string;
  use: "train-ok" | "eval-only";
  /** File the record came from (set by the loader). */
  file: string;
}

/**
 * Kinds a record is a positive for; empty for legit records. Orca-style
 * explanation system messages and the UltraFeedback principle system prompts
 * are distillation-pipeline system prompts; tool-use trajectory harvesting has
 * no kind of its own and is counted as templated data generation.
 */
export function positiveKinds(r: CorpusRecord): ExtractionKind[] {
  switch (r.kind) {
    case "cot-elicitation":
      return r.id.startsWith("orca-") ? ["cot", "distillSystem"] : ["cot"];
    case "critique":
      return ["critique"];
    case "autograde":
      return ["autograde"];
    case "capability-probe":
      return ["probe"];
    case "extraction-template":
      return r.source.includes("comparison_data_generation") ? ["distillSystem"] : ["datagen"];
    case "tool-use":
      return ["datagen"];
    default:
      return [];
  }
}

export const isLegit = (r: CorpusRecord): boolean => r.kind === "legit";
export const isHardNegative = (r: CorpusRecord): boolean => r.file === "legit_eval_benchmarks.jsonl";

export type Split = "train" | "heldout" | "eval";

/** train-ok records split 80/20 by a hash of the id; eval-only records are their own test set. */
export function splitOf(r: CorpusRecord): Split {
  if (r.use !== "train-ok") return "eval";
  return fnv1a(r.id) % 5 === 0 ? "heldout" : "train";
}
