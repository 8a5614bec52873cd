/**
 * The admin change log in KV: every change made through the admin API, when
 * and by which token id. Keys sort newest first (inverted timestamp).
 */
import * as z from "zod";

export const AdminChange = z.object({
  at: z.number(),
  by: z.string(),
  action: z.string(),
  target: z.string(),
  detail: z.record(z.string(), z.unknown()).default({}),
});
export type AdminChange = z.infer<typeof AdminChange>;

const MAX_TS = 9_999_999_999_999;

export async function logChange(kv: KVNamespace, change: AdminChange): Promise<void> {
  const key = `audit:${String(MAX_TS - change.at).padStart(13, "0")}:${crypto.randomUUID().slice(0, 8)}`;
  await kv.put(key, JSON.stringify(change), { expirationTtl: 400 * 24 * 3600 });
}

export async function listChanges(kv: KVNamespace, limit: number, cursor?: string): Promise<{ changes: AdminChange[]; cursor: string | null }> {
  const page = await kv.list({ prefix: "audit:", limit, cursor });
  const vals = await Promise.all(page.keys.map((k) => kv.get(k.name, { type: "json" })));
  const changes = vals.flatMap((v) => {
    const p = AdminChange.safeParse(v);
    return p.success ? [p.data] : [];
  });
  return { changes, cursor: page.list_complete ? null : page.cursor };
}
