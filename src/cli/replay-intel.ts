/**
 * A replay's `intel-import` event (REPLAY.md events.jsonl): the STIX 2.1
 * bundle named by the event, relative to the events file, imported at the
 * event's time with the defaults of `POST /_guard/intel/stix` (trust 100, no
 * confidence floor, 30 days for indicators without valid_until). Both engines
 * use this, so they import the same entries.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { fromStixBundle, type ImportResult } from "../intel/stix-import.js";
import type { EventLine } from "../sim/contract.js";

const DAY = 86_400_000;

/** The importer both engines are given: bundles relative to `eventsDir`. */
export function bundleImporter(eventsDir: string | undefined): (e: Extract<EventLine, { type: "intel-import" }>) => ImportResult {
  return (e) => importEvent(e.file, eventsDir, e.ts);
}

/** The event's bundle, parsed, and where it was read from. */
export function readBundle(file: string, eventsDir: string | undefined): { path: string; bundle: unknown } {
  const path = isAbsolute(file) ? file : join(eventsDir ?? ".", file);
  try {
    return { path, bundle: JSON.parse(readFileSync(path, "utf8")) };
  } catch (err) {
    throw new Error(`intel-import: cannot read the bundle ${path}: ${(err as Error).message}`);
  }
}

export function importEvent(file: string, eventsDir: string | undefined, ts: number): ImportResult {
  const { path, bundle } = readBundle(file, eventsDir);
  return importOf(bundle, path, ts);
}

/** A bundle read from `path` imported at `ts` with the route's defaults; an Error naming the path when the route would refuse it. */
export function importOf(bundle: unknown, path: string, ts: number): ImportResult {
  const r = fromStixBundle(bundle, { trust: 100, minConfidence: 0, defaultTtlMs: 30 * DAY }, ts);
  if (r.errors.length) throw new Error(`intel-import: ${path} is refused, as POST /_guard/intel/stix would refuse it: ${r.errors.slice(0, 5).join("; ")}`);
  return r;
}
