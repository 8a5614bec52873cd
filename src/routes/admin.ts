/**
 * The admin API under /_guard/ (README "Admin API"). Token-protected except
 * /_guard/health. Every change is logged with when and by which token id,
 * and changes to an account also go to that account's own audit trail.
 */
import { Hono, type Context } from "hono";
import * as z from "zod";
import type { AccountObject, AccountView } from "../account/account-do.js";
import { AccountId, AccountUpsert, Baseline, accountInfo } from "../account/record.js";
import { getAccount, upsertAccount } from "../account/store.js";
import { ACTIONS } from "../account/types.js";
import { listEntries, validateValue } from "../intel/blocklist.js";
import { keeperWriter } from "../intel/keeper.js";
import { effectOf, entryProblem } from "../intel/match.js";
import { applyingClaim, claimsOf } from "../intel/merge.js";
import { BLOCKLIST_KINDS, BlocklistEntry } from "../intel/types.js";
import { GuardError } from "../lib/guard-error.js";
import { jsonOf, listFrom, noSuchField, queryCursor, queryLimit, unknownFields, validate } from "../lib/validate.js";
import { loadPolicy, POLICY_KEY, setCachedPolicy } from "../policy/load.js";
import { mergePolicy } from "../policy/schema.js";
import { describeZodError } from "../lib/validate.js";
import { adminAuth } from "./admin-auth.js";
import { releaseRoutes } from "./admin-releases.js";
import { listChanges, logChange } from "./admin-log.js";
import type { AppEnv } from "./context.js";
import { failStats } from "./fail-mode.js";

type AdminEnv = AppEnv & { Variables: { tokenId: string } };
type C = Context<AdminEnv>;

const OverrideBody = z.object({
  action: z.enum(ACTIONS),
  until: z.number().int().nonnegative().nullable().optional(),
  note: z.string().max(1000).optional(),
});

const BlocklistPut = z.object({
  kind: z.enum(BLOCKLIST_KINDS),
  value: z.string().min(1).max(512),
  reason: z.string().min(1).max(500),
  confidence: z.number().int().min(0).max(100).optional(),
  expiresAt: z.number().int().nonnegative().nullable().optional(),
  ttlSeconds: z.number().int().positive().optional(),
});

function stub(c: C, id: string): DurableObjectStub<AccountObject> {
  return c.env.ACCOUNT.getByName(id);
}

function accountIdParam(c: C): string {
  return validate(AccountId, c.req.param("id"), "account id");
}

async function change(c: C, action: string, target: string, detail: Record<string, unknown> = {}): Promise<void> {
  await logChange(c.env.GUARD_KV, { at: Date.now(), by: c.get("tokenId"), action, target, detail });
}

export function adminRoutes(): Hono<AdminEnv> {
  const r = new Hono<AdminEnv>();
  r.get("/health", (c) => c.json({ status: "ok", service: "distill-guard", time: new Date().toISOString(), failModes: failStats() }));
  r.use("*", adminAuth);
  releaseRoutes(r);

  r.put("/accounts/:id", async (c) => {
    const id = accountIdParam(c);
    const patch = validate(AccountUpsert, await jsonOf(c.req.raw), "account");
    const secret = c.env.KEY_HASH_SECRET;
    if (!secret) throw new GuardError("guard_unavailable", "KEY_HASH_SECRET is not configured.");
    const prev = await getAccount(c.env.GUARD_KV, id);
    if (!prev && !patch.tier) throw new GuardError("invalid_request", "Invalid account: tier is required when creating an account.");
    const now = Date.now();
    const res = await upsertAccount(c.env.GUARD_KV, secret, id, patch, now);
    const detail = { fields: Object.keys(patch).filter((k) => k !== "apiKeys"), addedKeys: res.addedKeys, removedKeys: res.removedKeys };
    await change(c, res.created ? "account.create" : "account.update", id, detail);
    await stub(c, id).recordAdminChange(res.created ? "account-created" : "account-updated", c.get("tokenId"), now, detail);
    return c.json({ account: publicRecord(res.record), created: res.created }, res.created ? 201 : 200);
  });

  r.get("/accounts/:id", async (c) => {
    const id = accountIdParam(c);
    const record = await getAccount(c.env.GUARD_KV, id);
    if (!record) throw new GuardError("not_found", `No account "${id}".`);
    const policy = await loadPolicy(c.env.GUARD_KV, Date.now());
    const limit = queryLimit(c.req.query("limit"), 50, 200);
    const view = (await stub(c, id).view(accountInfo(record), policy, limit)) as AccountView;
    return c.json({ account: publicRecord(record), mode: record.mode ?? policy.mode, ...view });
  });

  r.put("/accounts/:id/override", async (c) => {
    const id = accountIdParam(c);
    await requireAccount(c, id);
    const body = validate(OverrideBody, await jsonOf(c.req.raw), "override");
    const now = Date.now();
    if (body.until != null && body.until <= now) throw new GuardError("invalid_request", "Invalid override: until must be in the future.");
    const o = await stub(c, id).setOverride({ action: body.action, until: body.until ?? null, note: body.note ?? "", by: c.get("tokenId"), at: now });
    await change(c, "override.set", id, { action: o.action, until: o.until, note: o.note });
    return c.json({ override: o });
  });

  r.delete("/accounts/:id/override", async (c) => {
    const id = accountIdParam(c);
    await requireAccount(c, id);
    const had = await stub(c, id).clearOverride(c.get("tokenId"), Date.now());
    await change(c, "override.clear", id, { had });
    return c.json({ cleared: had });
  });

  r.put("/accounts/:id/baseline", async (c) => {
    const id = accountIdParam(c);
    await requireAccount(c, id);
    const baseline = validate(Baseline.nullable(), await jsonOf(c.req.raw), "baseline");
    const now = Date.now();
    const res = await upsertAccount(c.env.GUARD_KV, c.env.KEY_HASH_SECRET ?? "", id, { baseline }, now);
    await change(c, "baseline.set", id, { baseline });
    await stub(c, id).recordAdminChange("baseline-set", c.get("tokenId"), now, { baseline });
    return c.json({ account: publicRecord(res.record) });
  });

  r.get("/blocklist", async (c) => {
    const kind = c.req.query("kind");
    const k = kind ? validate(z.enum(BLOCKLIST_KINDS), kind, "kind") : null;
    const limit = queryLimit(c.req.query("limit"), 100, 1000);
    const page = await listFrom(queryCursor(c.req.query("cursor")), (cursor) => listEntries(c.env.GUARD_KV, k, cursor, limit));
    const now = Date.now();
    // Each value's claim that applies now (its first while none is live), its effect, and the other sources' claims under it.
    const entries = page.entries.map((s) => {
      const claims = claimsOf(s);
      const e = applyingClaim(claims, now) ?? claims[0]!;
      const others = claims.filter((x) => x !== e);
      return { ...e, effect: effectOf(e), ...(others.length ? { others } : {}) };
    });
    return c.json({ entries, cursor: page.cursor });
  });

  r.put("/blocklist", async (c) => {
    const body = validate(BlocklistPut, await jsonOf(c.req.raw), "blocklist entry");
    const bad = validateValue(body.kind, body.value);
    if (bad) throw new GuardError("invalid_request", `Invalid blocklist entry: ${bad}`);
    const now = Date.now();
    const expiresAt = body.expiresAt ?? (body.ttlSeconds ? now + body.ttlSeconds * 1000 : null);
    const entry = BlocklistEntry.parse({
      kind: body.kind, value: body.value, reason: body.reason, source: `admin:${c.get("tokenId")}`,
      confidence: body.confidence ?? 100, createdAt: now, expiresAt,
    });
    const unstorable = entryProblem(entry);
    if (unstorable) throw new GuardError("invalid_request", `Invalid blocklist entry: ${unstorable}`);
    // The operator's claim on the value, before every other source's (intel/merge.ts); theirs stay under it.
    await keeperWriter(c.env).change(entry.kind, entry.value, { put: entry }, now, true);
    await change(c, "blocklist.put", `${entry.kind}:${entry.value}`, { reason: entry.reason, expiresAt });
    return c.json({ entry });
  });

  r.delete("/blocklist", async (c) => {
    const kind = validate(z.enum(BLOCKLIST_KINDS), c.req.query("kind"), "kind");
    const value = validate(z.string().min(1), c.req.query("value"), "value");
    const existed = (await keeperWriter(c.env).change(kind, value, { clear: true }, Date.now(), true)).existed;
    if (!existed) throw new GuardError("not_found", `No blocklist entry ${kind}:${value}.`);
    await change(c, "blocklist.delete", `${kind}:${value}`);
    return c.json({ deleted: true });
  });

  r.get("/policy", async (c) => {
    const override = await c.env.GUARD_KV.get(POLICY_KEY, { type: "json" });
    return c.json({ policy: await loadPolicy(c.env.GUARD_KV, Date.now()), override: override ?? {} });
  });

  r.put("/policy", async (c) => {
    const override = await jsonOf(c.req.raw);
    if (typeof override !== "object" || override === null || Array.isArray(override)) {
      throw new GuardError("invalid_request", "Invalid policy: the body must be a JSON object (a partial policy merged over the defaults).");
    }
    const merged = mergePolicy(override);
    if (!merged.success) throw new GuardError("invalid_request", `Invalid policy: ${describeZodError(merged.error)}`);
    // A field the policy does not have is refused (a stored override that has one still loads: load.ts).
    const unknown = unknownFields(override, merged.data);
    if (unknown.length) throw new GuardError("invalid_request", `Invalid policy: ${noSuchField(unknown)} (GET /_guard/policy shows every field).`);
    await c.env.GUARD_KV.put(POLICY_KEY, JSON.stringify(override));
    setCachedPolicy(merged.data, Date.now());
    await change(c, "policy.put", "policy", { override });
    return c.json({ policy: merged.data });
  });

  r.get("/audit", async (c) => {
    const limit = queryLimit(c.req.query("limit"), 100, 1000);
    return c.json(await listFrom(queryCursor(c.req.query("cursor")), (cursor) => listChanges(c.env.GUARD_KV, limit, cursor)));
  });
  return r;
}

async function requireAccount(c: C, id: string) {
  const rec = await getAccount(c.env.GUARD_KV, id);
  if (!rec) throw new GuardError("not_found", `No account "${id}".`);
  return rec;
}

/** Never return full key hashes: a prefix is enough to tell keys apart. */
function publicRecord<T extends { keyHashes: string[] }>(r: T): Omit<T, "keyHashes"> & { keys: string[] } {
  const { keyHashes, ...rest } = r;
  return { ...rest, keys: keyHashes.map((h) => `hmac:${h.slice(0, 12)}…`) };
}
