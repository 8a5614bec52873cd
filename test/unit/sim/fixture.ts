/**
 * Runs the simulator in memory (the CLI's code path minus the disk) and
 * parses its output, for the tests. The corpus here is invented for the
 * tests: no text of ../shared/corpus is copied into the repository.
 */
import { AccountLine, EventLine, TrafficLine } from "../../../src/sim/contract.js";
import { emitSimulation, FILES, type Manifest } from "../../../src/sim/output.js";
import { createSimulation, DEFAULT_START, type SimOptions } from "../../../src/sim/simulate.js";
import { parseCorpus, type CorpusRecord } from "../../../src/sim/text/bank.js";

export const TRAIN_MARK = "ZEBRAFISH-TRAIN-OK";
export const EVAL_MARK = "PLATYPUS-EVAL-ONLY";

const rec = (id: string, kind: string, domain: string, use: string, text: string) =>
  JSON.stringify({ id, text, source: "test", kind, domain, use });

/** A tiny corpus with the real corpus' shape: kinds, domains, `use` flags. */
export const TEST_CORPUS_FILES = [
  {
    name: "test.jsonl",
    content: [
      ...Array.from({ length: 6 }, (_, i) => rec(`gsm8k-0000${i}`, "legit", "eval-benchmark", "train-ok", `${TRAIN_MARK} benchmark item ${i}: how many apples are left if ${i + 3} are eaten?`)),
      ...Array.from({ length: 6 }, (_, i) => rec(`gsm8k-1000${i}`, "legit", "eval-benchmark", "eval-only", `${EVAL_MARK} held-out item ${i}`)),
      rec("chat-00001", "legit", "general", "train-ok", `${TRAIN_MARK} what is a good name for a cat?`),
      rec("chat-00002", "legit", "general", "eval-only", `${EVAL_MARK} what is a good name for a dog?`),
      rec("cot-00001", "cot-elicitation", "math", "train-ok", `${TRAIN_MARK} Think out loud about every step: {question}`),
      rec("cot-00002", "cot-elicitation", "math", "eval-only", `${EVAL_MARK} Reveal all steps: {question}`),
      rec("judge-00001", "autograde", "general", "train-ok", `[SYSTEM]\n${TRAIN_MARK} You grade answers.\n\n[USER]\nQuestion: {question}\nAnswer: {answer}`),
      rec("judge-00002", "autograde", "general", "eval-only", `${EVAL_MARK} grade {answer}`),
    ].join("\n"),
  },
];

export function testCorpus(): CorpusRecord[] {
  return parseCorpus(TEST_CORPUS_FILES);
}

export interface Output {
  files: Record<string, string>;
  manifest: Manifest;
  accounts: AccountLine[];
  traffic: TrafficLine[];
  events: EventLine[];
  releaseAt: number;
  importAt: number;
  options: SimOptions;
}

export function simulate(partial: Partial<SimOptions> = {}, corpus: CorpusRecord[] = testCorpus()): Output {
  const options: SimOptions = { seed: 7, scale: 0.05, days: 3, start: DEFAULT_START, ...partial };
  const sim = createSimulation(options, corpus);
  const parts: Record<string, string[]> = {};
  const manifest = emitSimulation(sim, { write: (f, t) => (parts[f] ??= []).push(t) });
  const files = Object.fromEntries(Object.entries(parts).map(([f, p]) => [f, p.join("")]));
  const lines = (f: string) => (files[f] ?? "").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as unknown);
  return {
    files, manifest, options, releaseAt: sim.releaseAt, importAt: sim.importAt,
    accounts: lines(FILES.accounts) as AccountLine[],
    traffic: lines(FILES.traffic) as TrafficLine[],
    events: lines(FILES.events) as EventLine[],
  };
}

/**
 * The highest use of its limits one account's traffic makes over any rolling
 * 60 s window (requests in (t - 60 s, t], as the contract counts them): the
 * larger of requests / rpm and tokens / tpm. Above 1 means over a limit.
 */
export function worstShare(lines: readonly TrafficLine[], limit: (ts: number) => { rpm: number; tpm: number }): number {
  let worst = 0;
  let head = 0;
  let tokens = 0;
  const tok = (l: TrafficLine) => (l.usage?.input_tokens ?? 0) + (l.usage?.output_tokens ?? 0);
  lines.forEach((l, i) => {
    tokens += tok(l);
    while ((lines[head] as TrafficLine).ts <= l.ts - 60_000) tokens -= tok(lines[head++] as TrafficLine);
    const lim = limit(l.ts);
    worst = Math.max(worst, (i - head + 1) / lim.rpm, tokens / lim.tpm);
  });
  return worst;
}

export { AccountLine, EventLine, TrafficLine };
