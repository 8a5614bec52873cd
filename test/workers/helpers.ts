import { SELF } from "cloudflare:test";

export const ADMIN = "test-admin";
const BASE = "https://guard.test";

export async function admin(method: string, path: string, body?: unknown, token = ADMIN): Promise<Response> {
  return SELF.fetch(`${BASE}/_guard${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

let seq = 0;
/** A fresh account (fresh Durable Object) per test: storage is per file, not per test. */
export async function newAccount(tier: string, extra: Record<string, unknown> = {}): Promise<{ id: string; key: string }> {
  seq++;
  const id = `acct-${tier}-${seq}-${crypto.randomUUID().slice(0, 8)}`;
  const key = `sk-test-${id}`;
  const res = await admin("PUT", `/accounts/${id}`, {
    tier, verified: true, createdAt: Date.now() - 90 * 86_400_000, apiKeys: [key], ...extra,
  });
  if (res.status !== 201) throw new Error(`account create failed ${res.status} ${await res.text()}`);
  return { id, key };
}

export function chat(key: string, body: unknown = { model: "demo-1", messages: [{ role: "user", content: "Hello there" }] }, headers: Record<string, string> = {}) {
  return SELF.fetch(`${BASE}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export function messages(key: string, body: unknown = { model: "claude-demo", max_tokens: 256, messages: [{ role: "user", content: "Hello there" }] }, headers: Record<string, string> = { "anthropic-version": "2023-06-01" }) {
  return SELF.fetch(`${BASE}/v1/messages`, {
    method: "POST",
    headers: { "x-api-key": key, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
