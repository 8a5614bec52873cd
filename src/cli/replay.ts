/**
 * npm run replay -- --accounts accounts.jsonl --traffic traffic.jsonl
 *                   [--events events.jsonl] [--engine node|workerd]
 *                   [--policy policy.json] --out decisions.jsonl
 *
 * ../shared/contract/REPLAY.md: one decision line per traffic line, in
 * order; progress on stderr; the summary table on stdout. Decisions are
 * written to `<out>.partial-<pid>` and renamed to `<out>` only when every
 * line is written, so an interrupted or failed run never leaves a file that
 * looks complete. Malformed input stops the run (exit 2) with the file and
 * line. `--policy` is a partial policy merged over the defaults, as
 * `PUT /_guard/policy` takes it.
 */
import { createWriteStream, existsSync, readFileSync, renameSync, unlinkSync, type WriteStream } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { mergePolicy, type Policy } from "../policy/schema.js";
import { indexAccounts, parseEvents, type ReplayAccount } from "../replay/inputs.js";
import { NodeEngine, type CampaignAudit } from "../replay/node-engine.js";
import { summaryTable } from "../replay/report.js";
import { runReplay, trafficItems } from "../replay/run.js";
import type { Tally } from "../replay/score.js";
import { InputError, type Engine } from "../replay/types.js";
import { bundleImporter } from "./replay-intel.js";
import { preparedBatches, stageScript } from "./replay-pool.js";
import { fileLines } from "./replay-read.js";

export interface ReplayFiles {
  accounts: string;
  traffic: string;
  events?: string;
  out: string;
  engine: "node" | "workerd";
  policy?: string;
  quiet?: boolean;
  /** Worker threads for the node engine's first stage; 0 runs it in this thread. */
  jobs?: number;
}

/** One thread is the main loop's; the others prepare lines (at most 8: beyond that the main loop is the limit). */
export const DEFAULT_JOBS = Math.min(8, Math.max(0, availableParallelism() - 1));

export interface ReplayResult {
  tally: Tally;
  lines: number;
  seconds: number;
  engine: string;
  /** Node engine only: what the campaign index ended with (the eval's "no legitimate account in a campaign"). */
  campaigns?: CampaignAudit;
}

/** A file's lines with their 1-based numbers, without line ends (what the accounts and events readers take). */
export function* numbered(text: string): Generator<[string, number]> {
  let line = 1;
  let start = 0;
  for (;;) {
    const end = text.indexOf("\n", start);
    const raw = end < 0 ? text.slice(start) : text.slice(start, end);
    yield [raw.endsWith("\r") ? raw.slice(0, -1) : raw, line++];
    if (end < 0) return;
    start = end + 1;
  }
}

function readText(path: string, what: string): string {
  if (!existsSync(path)) throw new Error(`${what} file ${path} does not exist`);
  return readFileSync(path, "utf8");
}

export function loadPolicyFile(path: string | undefined): Policy {
  const raw: unknown = path ? JSON.parse(readText(path, "policy")) : {};
  const merged = mergePolicy(raw);
  if (!merged.success) throw new Error(`${path}: invalid policy: ${merged.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return merged.data;
}

function write(stream: WriteStream, chunk: string): Promise<void> | void {
  if (stream.write(chunk)) return;
  return new Promise((ok) => stream.once("drain", () => ok()));
}

export async function replayFiles(o: ReplayFiles): Promise<ReplayResult> {
  const jobs = o.jobs ?? DEFAULT_JOBS;
  // The node engine's first-stage bundle (for its worker threads) builds while the inputs are read.
  if (o.engine === "node" && jobs > 0) void stageScript().catch(() => undefined);
  const policy = loadPolicyFile(o.policy);
  const { accounts, byKey } = indexAccounts(numbered(readText(o.accounts, "accounts")), o.accounts);
  const events = o.events ? parseEvents(numbered(readText(o.events, "events")), o.events) : [];
  if (!existsSync(o.traffic)) throw new Error(`traffic file ${o.traffic} does not exist`);
  const eventsDir = o.events ? dirname(resolve(o.events)) : undefined;
  const engine: Engine = o.engine === "node" ? new NodeEngine(byKey, policy, bundleImporter(eventsDir))
    // Miniflare is loaded only for the workerd engine: the node engine does not start it.
    : await (await import("./replay-workerd.js")).startWorkerdEngine(accounts, policy, eventsDir);
  const tmp = `${o.out}.partial-${process.pid}`;
  const stream = createWriteStream(tmp, { encoding: "utf8" });
  const began = performance.now();
  const log = (s: string) => { if (!o.quiet) process.stderr.write(s); };
  try {
    const r = await runReplay({
      engine, byKey: byKey as ReadonlyMap<string, ReplayAccount>, events,
      items: engine.name === "node"
        ? preparedBatches(o.traffic, o.traffic, policy, jobs)
        : trafficItems(fileLines(o.traffic), o.traffic),
      probationMs: policy.machine.probationMs,
      write: (chunk) => write(stream, chunk),
      progress: (n, ts) => {
        const s = (performance.now() - began) / 1000;
        log(`\rreplay (${engine.name}): ${n.toLocaleString("en-US")} requests, ${Math.round(n / s).toLocaleString("en-US")}/s, at ${new Date(ts).toISOString().slice(0, 16)}Z`);
      },
      warn: (m) => log(`\nreplay: warning: ${m}\n`),
    });
    await new Promise<void>((ok, fail) => stream.end((err?: Error | null) => (err ? fail(err) : ok())));
    renameSync(tmp, o.out);
    const seconds = (performance.now() - began) / 1000;
    log(`\rreplay (${engine.name}): ${r.lines.toLocaleString("en-US")} requests in ${seconds.toFixed(1)} s (${Math.round(r.lines / seconds).toLocaleString("en-US")}/s) → ${o.out}\n`);
    return { ...r, seconds, engine: engine.name, ...(engine instanceof NodeEngine ? { campaigns: engine.campaignAudit() } : {}) };
  } catch (err) {
    stream.destroy();
    if (existsSync(tmp)) unlinkSync(tmp);
    throw err;
  } finally {
    await engine.close();
  }
}

export function jobsOf(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new Error(`--jobs must be an integer from 0 to 64, not "${v}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      accounts: { type: "string" }, traffic: { type: "string" }, events: { type: "string" },
      engine: { type: "string", default: "node" }, out: { type: "string" }, policy: { type: "string" }, jobs: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  const usage = "usage: replay --accounts FILE --traffic FILE [--events FILE] [--engine node|workerd] [--policy FILE] [--jobs N] --out FILE\n";
  if (values.help) return void process.stdout.write(usage);
  if (!values.accounts || !values.traffic || !values.out) throw new Error(`--accounts, --traffic and --out are required\n${usage}`);
  if (values.engine !== "node" && values.engine !== "workerd") throw new Error(`--engine must be node or workerd, not "${values.engine}"`);
  const r = await replayFiles({
    accounts: resolve(values.accounts), traffic: resolve(values.traffic), events: values.events ? resolve(values.events) : undefined,
    out: resolve(values.out), engine: values.engine, policy: values.policy ? resolve(values.policy) : undefined,
    jobs: values.jobs === undefined ? undefined : jobsOf(values.jobs),
  });
  process.stdout.write(`${summaryTable(r.tally)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((err: unknown) => {
    const input = err instanceof InputError;
    process.stderr.write(`\nreplay: ${input ? "malformed input: " : ""}${(err as Error).message}\n`);
    process.exit(input ? 2 : 1);
  });
}
