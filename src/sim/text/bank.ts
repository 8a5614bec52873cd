/**
 * Prompt text from ../shared/corpus, restricted to `"use": "train-ok"`
 * records (eval-only records are held out to measure detectors and must
 * never shape the training or tuning traffic), mixed with generated text.
 * With no corpus the bank is empty and every pick falls back to generation.
 *
 * A holdout bank (`npm run simulate -- --holdout`, measurement only) also
 * takes the eval-only records, and answers with them wherever they can
 * stand in: for a kind of prompt that has eval-only records (chain-of-thought
 * elicitation, autograding, critique), and for benchmark items (a query by
 * benchmark prefix, whose eval-only counterparts are other benchmarks).
 * Everything else (chat users' own prompts, tool use, capability probes,
 * which have no eval-only records) stays train-ok.
 */
import * as z from "zod";
import type { Rng } from "../rng.js";

export const CorpusRecord = z.object({
  id: z.string(),
  text: z.string(),
  kind: z.string(),
  domain: z.string(),
  use: z.string(),
});
export type CorpusRecord = z.infer<typeof CorpusRecord>;

/** Longer texts would make single bodies unrepresentatively large. */
const MAX_CHARS = 6000;

/**
 * Parses corpus JSONL files and keeps only usable records of one `use`
 * (train-ok unless asked), sorted by id so the bank does not depend on the
 * order files were listed in.
 */
export function parseCorpus(files: readonly { name: string; content: string }[], use: "train-ok" | "eval-only" = "train-ok"): CorpusRecord[] {
  const out: CorpusRecord[] = [];
  for (const f of files) {
    f.content.split("\n").forEach((line, i) => {
      if (line.trim() === "") return;
      const r = CorpusRecord.safeParse(JSON.parse(line));
      if (!r.success) throw new Error(`${f.name}:${i + 1}: not a corpus record`);
      if (r.data.use === use && r.data.text.length <= MAX_CHARS) out.push(r.data);
    });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface CorpusQuery {
  kind: string;
  domain?: string | readonly string[];
  /** Id prefix, e.g. "gsm8k" for one benchmark. */
  prefix?: string;
}

export class TextBank {
  private readonly cache = new Map<string, readonly string[]>();

  /** `holdout`: eval-only records, for a measurement-only bank (see above); none for the training and tuning traffic. */
  constructor(private readonly records: readonly CorpusRecord[], private readonly holdout: readonly CorpusRecord[] = []) {
    if (records.some((r) => r.use !== "train-ok")) throw new Error("TextBank accepts train-ok records only");
    if (holdout.some((r) => r.use !== "eval-only")) throw new Error("a holdout bank takes eval-only records only");
  }

  get size(): number {
    return this.records.length + this.holdout.length;
  }

  /** Texts matching the query (empty when the corpus has none). */
  texts(q: CorpusQuery): readonly string[] {
    const key = `${q.kind}|${String(q.domain ?? "")}|${q.prefix ?? ""}`;
    let hit = this.cache.get(key);
    if (!hit) {
      const held = this.holdout.length > 0 ? heldOut(this.holdout, q) : [];
      hit = held.length > 0 ? held : matching(this.records, q);
      this.cache.set(key, hit);
    }
    return hit;
  }

  /**
   * A corpus text for the query with probability `share`, otherwise (or when
   * the corpus has nothing that matches) a generated one.
   */
  pickOr(r: Rng, q: CorpusQuery, share: number, generate: (r: Rng) => string): string {
    const texts = this.texts(q);
    if (texts.length > 0 && r.chance(share)) return r.pick(texts);
    return generate(r);
  }
}

function matching(records: readonly CorpusRecord[], q: CorpusQuery): string[] {
  const domains = q.domain === undefined ? null : typeof q.domain === "string" ? [q.domain] : q.domain;
  return records
    .filter((r) => r.kind === q.kind && (!domains || domains.includes(r.domain)) && (!q.prefix || r.id.startsWith(`${q.prefix}-`)))
    .map((r) => r.text);
}

/**
 * What a holdout bank answers a query with: eval-only records of the kind
 * (of its domain when it names one and any match), benchmark items in place
 * of a named benchmark; nothing (so train-ok) for legitimate prompts asked
 * by domain alone and for kinds without eval-only records.
 */
function heldOut(holdout: readonly CorpusRecord[], q: CorpusQuery): string[] {
  if (q.kind === "legit" && q.prefix === undefined) return [];
  // The benchmark's name is not asked for: its held-out counterparts are other benchmarks.
  const own = matching(holdout, { kind: q.kind, domain: q.domain });
  return own.length > 0 || q.domain === undefined ? own : matching(holdout, { kind: q.kind });
}
