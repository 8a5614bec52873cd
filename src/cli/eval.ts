/**
 * npm run eval -- [--scale S] [--seed N] [--days D] [--dir DIR] [--reuse]
 *                 [--engine node|workerd] [--policy policy.json] [--jobs N]
 *                 [--holdout] [--egress rotating|sticky|dedicated|static]
 *                 [--legit-egress fixed|churn] [--release-users existing|new]
 *                 [--campaign-accounts few|many] [--stage-cache]
 *
 * Simulates traffic (src/cli/simulate.ts), replays it (src/cli/replay.ts)
 * and scores the decisions against the simulator's labels as REPLAY.md
 * defines it: per label the requests, the leak (attack requests served as
 * is), hard and soft false-positive rates and the legitimate accounts ever
 * hit by a hard action; then the issue's targets, each marked ok or MISSED.
 * Files go to DIR (default: a folder per seed and scale under the system's
 * temp folder); --reuse skips the simulation when DIR already holds it,
 * and keeps the replay's first stage for the next run (replay
 * --stage-cache, also set by --stage-cache alone): a policy tuning loop
 * then replays the second stage only.
 * --holdout simulates with the corpus' eval-only text where it can stand
 * in (simulate --holdout): a measurement on text nothing was tuned on.
 * --egress sticky keeps proxy exits for sessions, dedicated|static keeps
 * each campaign account on one address, instead of rotating proxies
 * (simulate --egress); --legit-egress churn
 * moves legitimate users and services between addresses as real networks
 * do (simulate --legit-egress); --release-users new makes the release-day
 * users new signups (simulate --release-users); --campaign-accounts many
 * spreads each single-account-style campaign over five times the accounts
 * (simulate --campaign-accounts). The variants are one table
 * (src/sim/variants.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { campaignTargetLines, scoreTable } from "../replay/report.js";
import { score, type Tally } from "../replay/score.js";
import { InputError } from "../replay/types.js";
import { jobsOf, replayFiles } from "./replay.js";
import { readVariants, sameVariants, variantFolder, variantHeading, variantOptions, variantUsage, type Variants } from "../sim/variants.js";
import { simulateInto } from "./run-simulate.js";

/**
 * Campaigns whose accounts each stay under every per-account threshold:
 * their target is the cross-account issue's (issue 5), not this one's.
 */
export const CROSS_ACCOUNT: Record<string, number> = { "attack:low-and-slow": 0.1, "attack:known-campaign": 0.1 };

export interface Target {
  what: string;
  value: number;
  limit: number;
  ok: boolean;
}

/** The targets (issue 4, item 5) on a tally. */
export function targets(t: Tally): Target[] {
  const s = score(t);
  const out: Target[] = [];
  const add = (what: string, value: number, limit: number) => out.push({ what, value, limit, ok: value <= limit });
  for (const l of s.labels) {
    if (l.leak === null) continue;
    const cross = CROSS_ACCOUNT[l.label];
    add(`${l.label} leak${cross !== undefined ? " (cross-account, issue 5)" : ""}`, l.leak, cross ?? 0.05);
  }
  add("legit hard FP (requests)", s.legit.hardFp ?? 0, 0.001);
  add("legit accounts hit by a hard action", s.legit.accounts === 0 ? 0 : s.legit.accountsHit / s.legit.accounts, 0.01);
  add("legit soft FP (requests)", s.legit.softFp ?? 0, 0.01);
  return out;
}

function sameSimulation(dir: string, seed: string, scale: string, days: string, holdout: boolean, variants: Variants): boolean {
  const path = join(dir, "manifest.json");
  if (!existsSync(path) || !existsSync(join(dir, "traffic.jsonl"))) return false;
  const m = JSON.parse(readFileSync(path, "utf8")) as { seed?: number; scale?: number; days?: number; holdoutRecords?: number } & Record<string, unknown>;
  return m.seed === Number(seed) && m.scale === Number(scale) && m.days === Number(days) && ((m.holdoutRecords ?? 0) > 0) === holdout && sameVariants(m, variants);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: "string", default: "1" }, seed: { type: "string", default: "1" }, days: { type: "string", default: "3" },
      dir: { type: "string" }, reuse: { type: "boolean", default: false }, engine: { type: "string", default: "node" },
      policy: { type: "string" }, jobs: { type: "string" }, holdout: { type: "boolean", default: false },
      ...variantOptions(), "stage-cache": { type: "boolean", default: false }, help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`usage: eval [--scale S] [--seed N] [--days D] [--dir DIR] [--reuse] [--engine node|workerd] [--policy FILE] [--jobs N] [--holdout] ${variantUsage()} [--stage-cache]\n`);
    return;
  }
  if (values.engine !== "node" && values.engine !== "workerd") throw new Error(`--engine must be node or workerd, not "${values.engine}"`);
  if (values["stage-cache"] && values.engine !== "node") throw new Error("--stage-cache is for the node engine (the workerd engine runs the real Worker on every request)");
  const { seed, scale, days, holdout } = values;
  const variants = readVariants(values, (m) => { throw new Error(m); });
  const dir = resolve(values.dir ?? join(tmpdir(), `distill-guard-eval-seed${seed}-scale${scale}-days${days}${holdout ? "-holdout" : ""}${variantFolder(variants)}`));
  if (values.reuse && sameSimulation(dir, seed, scale, days, holdout, variants)) process.stderr.write(`eval: reusing the simulation in ${dir}\n`);
  else simulateInto(dir, { seed, scale, days, holdout, ...variants });

  const r = await replayFiles({
    accounts: join(dir, "accounts.jsonl"), traffic: join(dir, "traffic.jsonl"), events: join(dir, "events.jsonl"),
    out: join(dir, "decisions.jsonl"), engine: values.engine, policy: values.policy ? resolve(values.policy) : undefined,
    jobs: values.jobs === undefined ? undefined : jobsOf(values.jobs),
    stageCache: values.engine === "node" && (values.reuse || values["stage-cache"]),
  });
  const lines = [
    `eval: seed ${seed}, scale ${scale}, ${days} days${holdout ? ", holdout text" : ""}${variantHeading(variants)}, engine ${r.engine}: ${r.lines.toLocaleString("en-US")} requests replayed at ${Math.round(r.lines / r.seconds).toLocaleString("en-US")}/s${r.stage === "cached" ? " (first stage from its cache)" : ""}`,
    "",
    scoreTable(r.tally),
    "",
    "targets:",
    ...targets(r.tally).map((t) => `  ${t.ok ? "ok     " : "MISSED "} ${t.what}: ${(t.value * 100).toFixed(2)}% (target ≤ ${(t.limit * 100).toFixed(1)}%)`),
    ...campaignTargetLines(r.tally, r.campaigns),
    "",
  ];
  process.stdout.write(lines.join("\n"));
}

main().catch((err: unknown) => {
  process.stderr.write(`\neval: ${err instanceof InputError ? "malformed input: " : ""}${(err as Error).message}\n`);
  process.exit(1);
});
