/** Hono typing shared by the routes. */
import type { Dialect } from "../dialects/types.js";

export interface Secrets {
  /** Bearer token(s) of the admin API, comma-separated (wrangler secret). */
  ADMIN_TOKEN?: string;
  /** Key for HMAC-hashing API keys (wrangler secret). */
  KEY_HASH_SECRET?: string;
  /** Salt of the optional per-account canary (safeguards/canary.ts); falls back to KEY_HASH_SECRET. */
  CANARY_SALT?: string;
}

export type GuardEnv = Env & Secrets;

export interface AppEnv {
  Bindings: GuardEnv;
  Variables: { dialect: Dialect; requestId: string; admin: boolean };
}
