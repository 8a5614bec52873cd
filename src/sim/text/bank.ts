/**
 * Prompt text from ../shared/corpus, restricted to `"use": "train-ok"`
 * records (eval-only records are held out to measure detectors and must
 * never shape the training or tuning traffic), mixed with generated text.
 * With no corpus the bank is empty and every pick falls back to generation.
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
 * Parses corpus JSONL files and keeps only usable `train-ok` records, sorted
 * by id so the bank does not depend on the order files were listed in.
 */
export function parseCorpus(files: readonly { name: string; content: string }[]): CorpusRecord[] {
  const out: CorpusRecord[] = [];
  for (const f of files) {
    f.content.split("\n").forEach((line, i) => {
      if (line.trim() === "") return;
      const r = CorpusRecord.safeParse(JSON.parse(line));
      if (!r.success) throw new Error(`${f.name}:${i + 1}: not a corpus record`);
      if (r.data.use === "train-ok" && r.data.text.length <= MAX_CHARS) out.push(r.data);
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

  constructor(private readonly records: readonly CorpusRecord[]) {
    if (records.some((r) => r.use !== "train-ok")) throw new Error("TextBank accepts train-ok records only");
  }

  get size(): number {
    return this.records.length;
  }

  /** Texts matching the query (empty when the corpus has none). */
  texts(q: CorpusQuery): readonly string[] {
    const key = `${q.kind}|${String(q.domain ?? "")}|${q.prefix ?? ""}`;
    let hit = this.cache.get(key);
    if (!hit) {
      const domains = q.domain === undefined ? null : typeof q.domain === "string" ? [q.domain] : q.domain;
      hit = this.records
        .filter((r) => r.kind === q.kind && (!domains || domains.includes(r.domain)) && (!q.prefix || r.id.startsWith(`${q.prefix}-`)))
        .map((r) => r.text);
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
