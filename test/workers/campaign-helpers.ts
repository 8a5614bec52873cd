/**
 * What the campaign tests on the real Worker share: the app called directly (so a request can carry `cf`, its AS
 * number and country), each request's execution context awaited (its campaign report, in ctx.waitUntil, has landed
 * before the next request), the admin API, and accounts made through it.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { expect } from "vitest";
import { createApp } from "../../src/app";
import { ADMIN } from "./helpers";

export const app = createApp();
export const DAY = 86_400_000;

/** What the admin API answers, as far as the tests read it: a listed campaign, and an account's view. */
export type Summary = { id: string; status: string; kind: string };
export type View = { recent: { action: string; reasons: string[]; risk: number; state: string }[]; state: { campaigns: { campaignId: string }[] } };

export async function fetchApp(req: Request): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(req, env, ctx);
  await res.arrayBuffer().catch(() => undefined);
  await waitOnExecutionContext(ctx);
  return res;
}

export async function adminCall(method: string, path: string, body?: unknown): Promise<Response> {
  return await app.fetch(new Request(`https://guard.test/_guard${path}`, {
    method, headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body),
  }), env, createExecutionContext());
}

export async function account(name: string, traits: Record<string, unknown>): Promise<string> {
  const id = `${name}-${crypto.randomUUID().slice(0, 8)}`;
  const key = `sk-test-${id}`;
  const res = await adminCall("PUT", `/accounts/${id}`, { tier: "free", apiKeys: [key], ...traits });
  expect(res.status).toBe(201);
  return key;
}
