/**
 * `npm run simulate` into a folder, as a child process (what eval and the
 * replay bench run before replaying): the simulator writes its files and
 * renames them when complete, so a failed run leaves nothing that looks done.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { variantFlags, type Variants } from "../sim/variants.js";

const HERE = dirname(fileURLToPath(import.meta.url));

/** `quiet`: the simulator's progress is kept back, and shown only if it fails. */
export function simulateInto(dir: string, o: { seed: string | number; scale: string | number; days?: string | number; holdout?: boolean } & Partial<Variants>, quiet = false): void {
  const optional = [...(o.days === undefined ? [] : ["--days", String(o.days)]), ...(o.holdout ? ["--holdout"] : []), ...variantFlags(o)];
  // Under tsx the simulator starts as this process did; started from the launcher's bundle (launch.mjs), through tsx.
  const node = process.execArgv.some((a) => a.includes("tsx")) ? process.execArgv : [...process.execArgv, "--import", "tsx"];
  const r = spawnSync(process.execPath, [...node, join(HERE, "simulate.ts"), "--out", dir, "--seed", String(o.seed), "--scale", String(o.scale), ...optional], {
    stdio: ["ignore", "ignore", quiet ? "pipe" : "inherit"], encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`simulate failed (exit ${r.status ?? r.signal})${quiet && r.stderr ? `: ${r.stderr}` : ""}`);
}
