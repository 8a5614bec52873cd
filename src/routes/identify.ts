/**
 * Step 2 of the request path: the API key → the account record, with a
 * bounded wait on KV. Keys come from `Authorization: Bearer` (OpenAI) or
 * `x-api-key` (Anthropic), and on a WebSocket handshake from a browser's
 * `openai-insecure-api-key.<key>` subprotocol (lib/websocket.ts). Raw keys
 * are only hashed, never stored or logged.
 */
import type { AccountRecord } from "../account/record.js";
import { keyHash, recordForKeyHash } from "../account/store.js";
import { GuardError } from "../lib/guard-error.js";
import { withTimeout } from "../lib/timeout.js";
import { subprotocolKeys } from "../lib/websocket.js";
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
  return bearerOf(headers) ?? xApiKeyOf(headers) ?? subprotocolKeys(headers)[0] ?? null;
}

/**
 * Two different keys in one request (`Authorization: Bearer`, `x-api-key`,
 * a WebSocket key subprotocol, or two of those subprotocols): the guard
 * would judge the request as one account while an origin that reads
 * another place serves, and bills, another, so a blocked account could be
 * fronted by a clean one. Refused before any lookup; the same key in
 * several places is fine. (The replay's node engine asks the same of a
 * record's headers.)
 */
export function conflictingKeys(headers: { get(name: string): string | null }): GuardError | null {
  const keys = new Set(subprotocolKeys(headers));
  const a = bearerOf(headers);
  const b = xApiKeyOf(headers);
  if (a !== null) keys.add(a);
  if (b !== null) keys.add(b);
  if (keys.size < 2) return null;
  return new GuardError("unauthorized", "Two different API keys were sent (in Authorization, x-api-key or the WebSocket subprotocol). Send one.", { reasons: ["conflicting_api_keys"] });
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
    throw new GuardError("missing_api_key", "No API key provided. Send it as `Authorization: Bearer <key>` or `x-api-key: <key>` (a browser WebSocket: the subprotocol `openai-insecure-api-key.<key>`).");
  }
  const hash = await keyHash(secret, key);
  const record = await withTimeout("KV account lookup", policy.timeouts.kvMs, recordForKeyHash(kv, hash, policy.cache.kvSeconds * 1000, now));
  if (!record) throw new GuardError("invalid_api_key", "Incorrect API key provided.");
  return { keyHash: hash, record };
}
