/**
 * Model releases announced by operators (`POST /_guard/releases`), one KV
 * key per model (`rel:<model>`), so two announcements never overwrite each
 * other. The request path reads the requested model's entry (cached per
 * isolate like other KV values, negative answers too) and passes its time to
 * the account object as `modelReleasedAt`: how fast an account's traffic
 * moves to a new model is one of its behaviour features.
 */
import * as z from "zod";
import { isModelName, MAX_MODEL_NAME } from "../lib/model-name.js";
import { isWellFormedText, NOT_WELL_FORMED } from "../lib/well-formed.js";
import { TtlCache } from "../lib/ttl-cache.js";

export const ModelName = z.string().min(1).max(MAX_MODEL_NAME).refine(isWellFormedText, NOT_WELL_FORMED);

export const Release = z.object({
  model: ModelName,
  /** Epoch ms of the release. */
  at: z.number().int().nonnegative(),
  by: z.string().max(64),
});
export type Release = z.infer<typeof Release>;

const cache = new TtlCache<number | null>(5_000);

export function releaseKey(model: string): string {
  return `rel:${model}`;
}

/**
 * When `model` was released, or null; a KV failure counts as "not announced".
 * A request's model is the caller's text: one no release can be announced for
 * is not looked up (KV refuses keys past 512 bytes or not well-formed) nor
 * cached (10,000 entries of 70 KB names would fill the isolate's memory).
 */
export async function releasedAt(kv: KVNamespace, model: string, ttlMs: number, now: number): Promise<number | null> {
  if (!isModelName(model)) return null;
  // ttlMs 0 (a replay, routes/proxy.ts): read KV every time, as the node engine sees an announcement at once.
  const hit = ttlMs > 0 ? cache.get(model, now) : undefined;
  if (hit !== undefined) return hit;
  let at: number | null = null;
  try {
    const p = Release.safeParse(await kv.get(releaseKey(model), { type: "json", cacheTtl: Math.max(30, Math.round(ttlMs / 1000)) }));
    at = p.success ? p.data.at : null;
  } catch (err) {
    console.error(JSON.stringify({ event: "release_read_failed", error: String(err) }));
  }
  if (ttlMs > 0) cache.set(model, at, ttlMs, now);
  return at;
}

export async function putRelease(kv: KVNamespace, r: Release): Promise<void> {
  await kv.put(releaseKey(r.model), JSON.stringify(r));
  cache.delete(r.model);
}

export async function deleteRelease(kv: KVNamespace, model: string): Promise<boolean> {
  const existed = (await kv.get(releaseKey(model))) !== null;
  await kv.delete(releaseKey(model));
  cache.delete(model);
  return existed;
}

export async function listReleases(kv: KVNamespace): Promise<Release[]> {
  const out: Release[] = [];
  let cursor: string | undefined;
  do {
    const page: KVNamespaceListResult<unknown, string> = await kv.list({ prefix: "rel:", cursor });
    const vals = await Promise.all(page.keys.map((k) => kv.get(k.name, { type: "json" })));
    for (const v of vals) {
      const p = Release.safeParse(v);
      if (p.success) out.push(p.data);
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor && out.length < 10_000);
  return out.sort((a, b) => b.at - a.at);
}

export function clearReleaseCache(): void {
  cache.clear();
}
