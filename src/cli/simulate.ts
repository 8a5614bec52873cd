/**
 * npm run simulate -- --out DIR [--scale S] [--seed N] [--days D]
 *                     [--corpus PATH] [--start ISO-DATE] [--holdout]
 *                     [--egress rotating|sticky|dedicated|static] [--legit-egress fixed|churn]
 *                     [--release-users existing|new] [--campaign-accounts few|many]
 *
 * Writes DIR/accounts.jsonl, traffic.jsonl, events.jsonl (REPLAY.md formats,
 * traffic labelled with ground truth), peer-bundle.json (STIX 2.1) and
 * manifest.json. Same arguments, same bytes. Progress goes to stderr; the
 * per-scenario summary to stdout. --holdout also draws on the corpus'
 * eval-only records (src/sim/text/bank.ts): traffic to measure on, once,
 * never to tune on. --egress sticky keeps each campaign account on an
 * exit of its pool for a session; dedicated or static keeps every campaign
 * account on one address (an exit drawn from its proxy pool, or residential
 * addresses of its own) instead of the campaigns' rotating proxy pools
 * (src/sim/network.ts): traffic to measure how much containment rests on
 * proxy rotation. --legit-egress churn moves legitimate traffic as real
 * networks do (phones on carrier CGNAT, consumer VPNs, offices and
 * corporate VPNs, autoscaled cloud runners): traffic to measure what
 * address churn costs legitimate users. --release-users new makes the
 * release-day users people who sign up to try the new model.
 * --campaign-accounts many spreads each single-account-style campaign over
 * five times the accounts at a fifth of the rate each. The variants are one
 * table (src/sim/variants.ts).
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { emitSimulation, FILES } from "../sim/output.js";
import { createSimulation, DEFAULT_START } from "../sim/simulate.js";
import { readVariants, variantNotes, variantOptions, variantUsage } from "../sim/variants.js";
import { parseCorpus, type CorpusRecord } from "../sim/text/bank.js";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const DEFAULT_CORPUS = resolve(REPO, "../shared/corpus");

function fail(message: string): never {
  process.stderr.write(`simulate: ${message}\n`);
  process.exit(2);
}

function num(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) fail(`--${name} must be a positive number, got "${value}"`);
  return n;
}

function loadCorpus(path: string, holdout: boolean): { corpus: CorpusRecord[]; held: CorpusRecord[] } {
  if (!existsSync(path)) {
    process.stderr.write(`simulate: warning: no corpus at ${path}; using generated text only\n`);
    return { corpus: [], held: [] };
  }
  const files = readdirSync(path).filter((f) => f.endsWith(".jsonl")).sort()
    .map((name) => ({ name: join(path, name), content: readFileSync(join(path, name), "utf8") }));
  return { corpus: parseCorpus(files), held: holdout ? parseCorpus(files, "eval-only") : [] };
}

function args() {
  try {
    return parseArgs({
      options: {
        out: { type: "string" }, scale: { type: "string" }, seed: { type: "string" }, days: { type: "string" },
        corpus: { type: "string" }, start: { type: "string" }, holdout: { type: "boolean", default: false },
        ...variantOptions(), help: { type: "boolean", short: "h" },
      },
      strict: true,
    }).values;
  } catch (e) {
    return fail((e as Error).message);
  }
}

function main(): void {
  const values = args();
  if (values.help) {
    process.stdout.write(`usage: simulate --out DIR [--scale S] [--seed N] [--days D] [--corpus PATH] [--start ISO-DATE] [--holdout] ${variantUsage()}\n`);
    return;
  }
  if (!values.out) fail("--out DIR is required");
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed)) fail(`--seed must be an integer, got "${values.seed}"`);
  const start = values.start === undefined ? DEFAULT_START : Date.parse(values.start);
  if (!Number.isFinite(start)) fail(`--start must be an ISO date, got "${values.start}"`);
  const variants = readVariants(values, fail);
  const options = { seed, scale: num("scale", values.scale, 1), days: num("days", values.days, 3), start, ...variants };
  const { corpus, held } = loadCorpus(values.corpus ? resolve(values.corpus) : DEFAULT_CORPUS, values.holdout === true);

  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  const began = performance.now();
  process.stderr.write(`simulate: seed ${seed}, scale ${options.scale}, ${options.days} days, ${corpus.length} train-ok corpus records\n`);
  for (const note of variantNotes(variants)) process.stderr.write(`simulate: ${note}\n`);
  if (values.holdout) process.stderr.write(`simulate: holdout: ${held.length} eval-only records too, where they can stand in: measure on this traffic, never tune on it\n`);
  const sim = createSimulation(options, corpus, held);

  // Each file is written under a temporary name and renamed when complete,
  // so an interrupted run never leaves a file that looks finished.
  const fds = new Map<string, number>();
  const sink = {
    write(file: string, text: string) {
      let fd = fds.get(file);
      if (fd === undefined) fds.set(file, (fd = openSync(join(out, `${file}.partial`), "w")));
      writeSync(fd, text);
    },
  };
  // On a terminal the progress line rewrites itself; in a log it is one line per step.
  const [lead, tail] = process.stderr.isTTY ? ["\r", ""] : ["", "\n"];
  const manifest = emitSimulation(sim, sink, (n, ts) => {
    process.stderr.write(`${lead}simulate: ${n.toLocaleString("en-US")} requests, at ${new Date(ts).toISOString().slice(0, 16)}Z${tail}`);
  });
  if (process.stderr.isTTY) process.stderr.write("\n");
  for (const [file, fd] of fds) {
    closeSync(fd);
    renameSync(join(out, `${file}.partial`), join(out, file));
  }

  const rows = manifest.scenarios.map((s) => `${s.label.padEnd(24)} ${String(s.activeAccounts).padStart(6)} ${String(s.requests).padStart(9)}`);
  process.stdout.write([
    `${"label".padEnd(24)} ${"active".padStart(6)} ${"requests".padStart(9)}`, ...rows,
    `${"total".padEnd(24)} ${String(manifest.scenarios.reduce((n, s) => n + s.activeAccounts, 0)).padStart(6)} ${String(manifest.totals.requests).padStart(9)}`,
    `wrote ${Object.values(FILES).filter((f) => fds.has(f)).join(", ")} to ${out} in ${((performance.now() - began) / 1000).toFixed(1)} s`,
    "",
  ].join("\n"));
}

main();
