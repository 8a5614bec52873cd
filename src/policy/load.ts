/**
 * Reading the policy: defaults in code, an operator override in KV
 * (`policy`), merged and validated, cached per isolate for `cache.kvSeconds`.
 * A KV value that fails validation (written around the admin API) is ignored
 * with a log line, and the last good policy stays in force.
 */
import { TtlCache } from "../lib/ttl-cache.js";
import { withTimeout } from "../lib/timeout.js";
import { DEFAULT_POLICY, mergePolicy, type Policy } from "./schema.js";

export const POLICY_KEY = "policy";
const cache = new TtlCache<Policy>(1);
let lastGood: Policy = DEFAULT_POLICY;

export async function loadPolicy(kv: KVNamespace, now: number): Promise<Policy> {
  const hit = cache.get(POLICY_KEY, now);
  if (hit) return hit;
  try {
    const raw = await withTimeout("KV policy read", lastGood.timeouts.kvMs, kv.get(POLICY_KEY, { type: "json", cacheTtl: 30 }));
    const merged = mergePolicy(raw ?? {});
    if (merged.success) lastGood = merged.data;
    else console.error(JSON.stringify({ event: "policy_invalid_in_kv", error: merged.error.message }));
  } catch (err) {
    console.error(JSON.stringify({ event: "policy_read_failed", error: String(err) }));
  }
  cache.set(POLICY_KEY, lastGood, lastGood.cache.kvSeconds * 1000, now);
  return lastGood;
}

/** After an admin write, this isolate sees the new policy at once. */
export function setCachedPolicy(p: Policy, now: number): void {
  lastGood = p;
  cache.set(POLICY_KEY, p, p.cache.kvSeconds * 1000, now);
}
