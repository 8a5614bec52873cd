/**
 * Admin authentication: `Authorization: Bearer <ADMIN_TOKEN>`, compared in
 * constant time against each configured token (comma-separated secret, so
 * tokens can be rotated). Changes are attributed to a token id: the first 12
 * hex characters of the token's SHA-256, never the token.
 */
import type { MiddlewareHandler } from "hono";
import { sha256Hex, timingSafeEqual } from "../lib/hash.js";
import { GuardError } from "../lib/guard-error.js";
import type { AppEnv } from "./context.js";

export const adminAuth: MiddlewareHandler<AppEnv & { Variables: { tokenId: string } }> = async (c, next) => {
  c.set("dialect", "openai");
  const tokens = (c.env.ADMIN_TOKEN ?? "").split(",").map((t) => t.trim()).filter(Boolean);
  if (tokens.length === 0) throw new GuardError("unauthorized", "The admin API is disabled: no ADMIN_TOKEN is configured.");
  const m = (c.req.header("authorization") ?? "").match(/^Bearer\s+(.+)$/i);
  const given = m?.[1]?.trim() ?? "";
  let ok = false;
  for (const t of tokens) ok = timingSafeEqual(given, t) || ok;
  if (!ok) throw new GuardError("unauthorized", "A valid admin token is required: Authorization: Bearer <ADMIN_TOKEN>.");
  c.set("tokenId", `token:${(await sha256Hex(given)).slice(0, 12)}`);
  await next();
};
