/**
 * Model releases in the admin API: operators announce each released model
 * name (one per dialect, e.g. "frontier-3" and "frontier-sonnet-3"), and the
 * account objects see how fast each account moves to it (docs/behaviour.md).
 *
 *   POST   /_guard/releases          {"model": "frontier-3", "at"?: epoch ms}   201
 *   GET    /_guard/releases          {"releases": [...]}
 *   DELETE /_guard/releases/:model
 *
 * Mount with `releaseRoutes(r)` on the admin router, after its auth middleware.
 */
import type { Hono } from "hono";
import * as z from "zod";
import { deleteRelease, listReleases, ModelName, putRelease, Release } from "../account/releases.js";
import { GuardError } from "../lib/guard-error.js";
import { jsonOf, validate } from "../lib/validate.js";
import { logChange } from "./admin-log.js";
import type { AppEnv } from "./context.js";

type AdminEnv = AppEnv & { Variables: { tokenId: string } };

const ReleaseBody = z.object({
  model: ModelName,
  /**
   * Defaults to now. A past time records a release announced late; a future
   * one takes effect then (a replay announces releases on its own clock).
   */
  at: z.number().int().nonnegative().optional(),
});

export function releaseRoutes<E extends AdminEnv>(r: Hono<E>): Hono<E> {
  r.post("/releases", async (c) => {
    const body = validate(ReleaseBody, await jsonOf(c.req.raw), "release");
    const now = Date.now();
    const at = body.at ?? now;
    const release = Release.parse({ model: body.model, at, by: c.get("tokenId") });
    await putRelease(c.env.GUARD_KV, release);
    await logChange(c.env.GUARD_KV, { at: now, by: c.get("tokenId"), action: "release.put", target: release.model, detail: { at } });
    return c.json({ release }, 201);
  });

  r.get("/releases", async (c) => c.json({ releases: await listReleases(c.env.GUARD_KV) }));

  r.delete("/releases/:model", async (c) => {
    const model = validate(ModelName, c.req.param("model"), "model");
    if (!(await deleteRelease(c.env.GUARD_KV, model))) throw new GuardError("not_found", `No release of "${model}".`);
    await logChange(c.env.GUARD_KV, { at: Date.now(), by: c.get("tokenId"), action: "release.delete", target: model, detail: {} });
    return c.json({ deleted: true });
  });
  return r;
}
