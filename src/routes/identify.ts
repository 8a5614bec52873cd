/**
 * Step 2 of the request path: the API key → the account record, with a
 * bounded wait on KV. Keys come from `Authorization: Bearer` (OpenAI) or
 * `x-api-key` (Anthropic).
 */
import type { AccountRecord } from "../account/record.js";
import { keyHash, recordForKeyHash } from "../account/store.js";
import { GuardError } from "../lib/guard-error.js";
import { withTimeout } from "../lib/timeout.js";
import type { Policy } from "../policy/schema.js";

function bearerOf(headers: { get(name: string): string | null }): string | null {
  const auth = headers.get("authorization");
  const m = auth ? /^Bearer\s+(\S.*)$/i.exec(auth) : null;
  return m ? m[1]!.trim() : null;
}

function xApiKeyOf(headers: { get(name: string): string | null }): string | null {
  const x = headers.get("x-api-key");
  return x && x.trim() !== "" ? x.trim() : null;
}

export function apiKeyOf(headers: { get(name: string): string | null }): string | null {
  return bearerOf(headers) ?? xApiKeyOf(headers);
}

/**
 * Two different keys in one request (`Authorization: Bearer` and
 * `x-api-key`): the guard would judge the request as one account while an
 * origin that reads the other header serves, and bills, another, so a
 * blocked account could be fronted by a clean one. Refused before any
 * lookup; the same key in both is fine. (The replay's node engine asks the
 * same of a record's headers.)
 */
export function conflictingKeys(headers: { get(name: string): string | null }): GuardError | null {
  const a = bearerOf(headers);
  const b = xApiKeyOf(headers);
  if (a === null || b === null || a === b) return null;
  return new GuardError("unauthorized", "Two different API keys were sent (Authorization and x-api-key). Send one.", { reasons: ["conflicting_api_keys"] });
}

export interface Identity {
  keyHash: string;
  record: AccountRecord;
}

/** Throws GuardError 401 for a missing or unknown key; TimeoutError when KV is slow. */
export async function identify(headers: Headers, kv: KVNamespace, secret: string, policy: Policy, now: number): Promise<Identity> {
  const conflict = conflictingKeys(headers);
  if (conflict) throw conflict;
  const key = apiKeyOf(headers);
  if (!key) {
    throw new GuardError("missing_api_key", "No API key provided. Send it as `Authorization: Bearer <key>` or `x-api-key: <key>`.");
  }
  const hash = await keyHash(secret, key);
  const record = await withTimeout("KV account lookup", policy.timeouts.kvMs, recordForKeyHash(kv, hash, policy.cache.kvSeconds * 1000, now));
  if (!record) throw new GuardError("invalid_api_key", "Incorrect API key provided.");
  return { keyHash: hash, record };
}
