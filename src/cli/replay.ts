/**
 * npm run replay -- --accounts accounts.jsonl --traffic traffic.jsonl
 *                   [--events events.jsonl] [--engine node|workerd]
 *                   [--policy policy.json] [--jobs N] [--stage-cache]
 *                   --out decisions.jsonl
 *
 * ../shared/contract/REPLAY.md: one decision line per traffic line, in
 * order; progress on stderr; the summary table on stdout. Decisions are
 * written to `<out>.partial-<pid>` and renamed to `<out>` only when every
 * line is written, so an interrupted or failed run never leaves a file that
 * looks complete. Malformed input stops the run (exit 2) with the file and
 * line. `--policy` is a partial policy merged over the defaults, as
 * `PUT /_guard/policy` takes it. `--stage-cache` (node engine) keeps the
 * first stage's results of a complete run and reads them back on a later
 * run of the same traffic file, first-stage code and StagePolicy, which
 * then runs only the second stage (src/cli/stage-cache.ts).
 */
import { createWriteStream, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, type WriteStream } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { mergePolicy, type Policy } from "../policy/schema.js";
import { noSuchField, unknownFields } from "../lib/validate.js";
import { indexAccounts, parseEvents, type ReplayAccount } from "../replay/inputs.js";
import { NodeEngine, type CampaignAudit } from "../replay/node-engine.js";
import { summaryTable } from "../replay/report.js";
import { runReplay, trafficItems } from "../replay/run.js";
import type { Tally } from "../replay/score.js";
import { InputError, type Engine } from "../replay/types.js";
import { bundleImporter } from "./replay-intel.js";
import { preparedBatches, stageScript } from "./replay-pool.js";
import { fileLines } from "./replay-read.js";
import { cachedBatches, findCache, StageCacheWriter, stageCacheKey, touchCache } from "./stage-cache.js";

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
  /** Node engine: read the first stage from its cache when there is one, else write one (stage-cache.ts). */
  stageCache?: boolean;
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
  /** With stageCache: whether the first stage was read from the cache or prepared (then written to it, if it could be). */
  stage?: "cached" | "prepared";
  /** With stageCache: whether a cache of this run's first stage exists at its end. */
  stageCached?: boolean;
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

/** A whole input file as text, without a leading byte-order mark (Windows tools write one; the traffic reader drops it too). */
function readText(path: string, what: string): string {
  if (!existsSync(path)) throw new Error(`${what} file ${path} does not exist`);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`cannot read the ${what} file ${path}: ${(e as Error).message}`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function loadPolicyFile(path: string | undefined): Policy {
  const raw: unknown = path ? JSON.parse(readText(path, "policy")) : {};
  const merged = mergePolicy(raw);
  if (!merged.success) throw new Error(`${path}: invalid policy: ${merged.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const unknown = unknownFields(raw, merged.data);
  if (unknown.length) throw new Error(`${path}: invalid policy: ${noSuchField(unknown)}`);
  return merged.data;
}

/**
 * The output file under its temporary name, in a folder made if missing;
 * opened before any engine starts, so that a path that cannot be written
 * fails with its own message rather than after a workerd start or a crash
 * of an unheard stream error.
 */
function openOutput(out: string, tmp: string): WriteStream {
  let fd: number;
  try {
    mkdirSync(dirname(out), { recursive: true });
    fd = openSync(tmp, "w");
  } catch (e) {
    throw new Error(`cannot write the decisions to ${out}: ${(e as Error).message}`);
  }
  const stream = createWriteStream(tmp, { encoding: "utf8", fd });
  // A write error later (a full disk) is kept for write() and end() to report, never thrown unheard.
  stream.on("error", () => {});
  return stream;
}

function write(stream: WriteStream, chunk: string): Promise<void> | void {
  if (stream.errored) throw stream.errored;
  if (stream.write(chunk)) return;
  return new Promise((ok, fail) => {
    const drained = () => { stream.off("error", failed); ok(); };
    const failed = (e: Error) => { stream.off("drain", drained); fail(e); };
    stream.once("drain", drained);
    stream.once("error", failed);
  });
}

export async function replayFiles(o: ReplayFiles): Promise<ReplayResult> {
  const jobs = o.jobs ?? DEFAULT_JOBS;
  const log = (s: string) => { if (!o.quiet) process.stderr.write(s); };
  // The node engine's first-stage bundle (for its worker threads) builds while the inputs are read.
  if (o.engine === "node" && jobs > 0) void stageScript().catch(() => undefined);
  const policy = loadPolicyFile(o.policy);
  const { accounts, byKey } = indexAccounts(numbered(readText(o.accounts, "accounts")), o.accounts);
  const events = o.events ? parseEvents(numbered(readText(o.events, "events")), o.events, (m) => log(`replay: warning: ${m}\n`)) : [];
  if (!existsSync(o.traffic)) throw new Error(`traffic file ${o.traffic} does not exist`);
  if (!statSync(o.traffic).isFile()) throw new Error(`traffic file ${o.traffic} is not a file`);
  const eventsDir = o.events ? dirname(resolve(o.events)) : undefined;
  // The cache's key needs the first stage's code: the launcher's bundle, or the one built for the workers.
  const cacheKey = o.engine === "node" && o.stageCache ? stageCacheKey(o.traffic, await stageScript(), policy) : null;
  const cached = cacheKey === null ? null : findCache(cacheKey);
  if (cached) touchCache(cached);
  const tmp = `${o.out}.partial-${process.pid}`;
  const stream = openOutput(o.out, tmp);
  let engine: Engine;
  try {
    engine = o.engine === "node" ? new NodeEngine(byKey, policy, bundleImporter(eventsDir))
      // Miniflare is loaded only for the workerd engine: the node engine does not start it.
      : await (await import("./replay-workerd.js")).startWorkerdEngine(accounts, policy, eventsDir);
  } catch (err) {
    stream.destroy();
    if (existsSync(tmp)) unlinkSync(tmp);
    throw err;
  }
  const began = performance.now();
  if (cached) log(`replay: first stage read from its cache (${cached.dir})\n`);
  const sink = cacheKey !== null && !cached ? new StageCacheWriter(cacheKey, (m) => log(`\nreplay: warning: ${m}\n`)) : undefined;
  try {
    const r = await runReplay({
      engine, byKey: byKey as ReadonlyMap<string, ReplayAccount>, events,
      items: engine.name !== "node" ? trafficItems(fileLines(o.traffic), o.traffic)
        : cached ? cachedBatches(cached)
        : preparedBatches(o.traffic, o.traffic, policy, jobs, undefined, sink),
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
    if (sink?.kept) log(`replay: first stage cached for the next run of this traffic (--stage-cache)\n`);
    return {
      ...r, seconds, engine: engine.name, ...(engine instanceof NodeEngine ? { campaigns: engine.campaignAudit() } : {}),
      ...(cacheKey === null ? {} : { stage: cached ? "cached" as const : "prepared" as const, stageCached: cached !== null || sink?.kept === true }),
    };
  } catch (err) {
    sink?.abort();
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
      "stage-cache": { type: "boolean", default: false }, help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  const usage = "usage: replay --accounts FILE --traffic FILE [--events FILE] [--engine node|workerd] [--policy FILE] [--jobs N] [--stage-cache] --out FILE\n";
  if (values.help) return void process.stdout.write(usage);
  if (!values.accounts || !values.traffic || !values.out) throw new Error(`--accounts, --traffic and --out are required\n${usage}`);
  if (values.engine !== "node" && values.engine !== "workerd") throw new Error(`--engine must be node or workerd, not "${values.engine}"`);
  if (values["stage-cache"] && values.engine !== "node") throw new Error("--stage-cache is for the node engine (the workerd engine runs the real Worker on every request)");
  const r = await replayFiles({
    accounts: resolve(values.accounts), traffic: resolve(values.traffic), events: values.events ? resolve(values.events) : undefined,
    out: resolve(values.out), engine: values.engine, policy: values.policy ? resolve(values.policy) : undefined,
    jobs: values.jobs === undefined ? undefined : jobsOf(values.jobs), stageCache: values["stage-cache"],
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
