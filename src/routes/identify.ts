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

export function apiKeyOf(headers: Headers): string | null {
  const auth = headers.get("authorization");
  if (auth) {
    const m = auth.match(/^Bearer\s+(\S.*)$/i);
    if (m) return m[1]!.trim();
  }
  const x = headers.get("x-api-key");
  return x && x.trim() !== "" ? x.trim() : null;
}

export interface Identity {
  keyHash: string;
  record: AccountRecord;
}

/** Throws GuardError 401 for a missing or unknown key; TimeoutError when KV is slow. */
export async function identify(headers: Headers, kv: KVNamespace, secret: string, policy: Policy, now: number): Promise<Identity> {
  const key = apiKeyOf(headers);
  if (!key) {
    throw new GuardError("missing_api_key", "No API key provided. Send it as `Authorization: Bearer <key>` or `x-api-key: <key>`.");
  }
  const hash = await keyHash(secret, key);
  const record = await withTimeout("KV account lookup", policy.timeouts.kvMs, recordForKeyHash(kv, hash, policy.cache.kvSeconds * 1000, now));
  if (!record) throw new GuardError("invalid_api_key", "Incorrect API key provided.");
  return { keyHash: hash, record };
}
