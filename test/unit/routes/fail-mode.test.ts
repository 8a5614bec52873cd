/**
 * Fail modes through the real Hono app in Node, with dependencies that never
 * answer: a hanging account object or KV must give the configured fail mode
 * within the bounded time, never a hang.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../../src/app";
import { demoFetch } from "../../../src/demo/handler";
import { hmacHex } from "../../../src/lib/hash";
import { clearRecordCache } from "../../../src/account/store";
import { clearBlocklistCache } from "../../../src/intel/blocklist";
import { setCachedPolicy } from "../../../src/policy/load";
import { mergePolicy } from "../../../src/policy/schema";

const SECRET = "unit-secret";
const never = <T>() => new Promise<T>(() => undefined);

function fakeKv(hangPrefixes: string[] = []) {
  const m = new Map<string, string>();
  return {
    m,
    async get(key: string, opts?: { type?: string } | string) {
      if (hangPrefixes.some((p) => key.startsWith(p))) return never();
      const v = m.get(key);
      if (v === undefined) return null;
      return (typeof opts === "object" && opts?.type === "json") || opts === "json" ? JSON.parse(v) : v;
    },
    async put(key: string, value: string) { m.set(key, value); },
    async delete(key: string) { m.delete(key); },
    async list() { return { keys: [], list_complete: true, cursor: "" }; },
  };
}

async function envWith(opts: { tier: string; hangAccount?: boolean; hangKvKeys?: boolean; origin?: (r: Request) => Promise<Response>; verified?: boolean }) {
  const kv = fakeKv(opts.hangKvKeys ? ["key:"] : []);
  const hash = await hmacHex(SECRET, "sk-unit-key");
  const rec = { account: "u1", org: null, tier: opts.tier, verified: opts.verified ?? true, createdAt: 0, baseline: null, mode: null, keyHashes: [hash], updatedAt: 0 };
  kv.m.set(`key:${hash}`, JSON.stringify(rec));
  const limit = { ok: true, reason: null, retryAfterMs: 0, limits: { rpm: 500, tpm: 1e6 }, remainingRequests: 499, remainingTokens: 1e6, resetRequestsMs: 60000, resetTokensMs: 60000 };
  const stub = {
    admit: () => (opts.hangAccount ? never() : Promise.resolve({ action: "allow", status: 200, reasons: [], state: "trusted", risk: 0, enforced: true, reservationId: "r", limit })),
    settle: async () => true,
  };
  return {
    GUARD_KV: kv, KEY_HASH_SECRET: SECRET, ADMIN_TOKEN: "a", ORIGIN_URL: "", GUARD_NAME: "t",
    ACCOUNT: { getByName: () => stub }, CAMPAIGN: { getByName: () => ({ report: async () => [] }) },
    ORIGIN: { fetch: opts.origin ?? ((r: Request) => demoFetch(r)) },
  };
}

const ctx = { waitUntil: () => undefined, passThroughOnException: () => undefined, props: {} };
const req = () => new Request("https://g.test/v1/chat/completions", {
  method: "POST", headers: { authorization: "Bearer sk-unit-key", "content-type": "application/json" },
  body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }),
});

beforeEach(() => {
  clearRecordCache();
  clearBlocklistCache();
  const p = mergePolicy({ timeouts: { accountMs: 50, kvMs: 50, originMs: 100 } });
  setCachedPolicy(p.data!, Date.now());
});

describe("fail modes", () => {
  it("blocks an aged unverified account on a campaign's exit address when its account object, which was to judge it, does not answer", async () => {
    // The exit is held for the account object (intel/match.ts entryEffect); a paid account fails open, but the
    // object never judged it, so the edge's block stands rather than serving the campaign's exit unguarded.
    const env = await envWith({ tier: "paid", hangAccount: true, verified: false });
    const exit = { kind: "ip", value: "198.51.100.77", reason: "exit", source: "campaign:tpl-0011223344556677", confidence: 85, createdAt: 0, expiresAt: null };
    env.GUARD_KV.m.set("bl:ip:198.51.100.77", JSON.stringify(exit));
    const onExit = req();
    onExit.headers.set("cf-connecting-ip", "198.51.100.77");
    const res = await createApp().fetch(onExit, env as never, ctx as never);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/blocked for this account or network/);
    // From another address the same account fails open, as before.
    const elsewhere = await createApp().fetch(req(), env as never, ctx as never);
    expect(elsewhere.status).toBe(200);
  });

  it("serves a paid account unguarded (open) when its account object does not answer", async () => {
    const app = createApp();
    const res = await app.fetch(req(), (await envWith({ tier: "paid", hangAccount: true })) as never, ctx as never);
    expect(res.status).toBe(200);
    const health = await (await app.fetch(new Request("https://g.test/_guard/health"), {} as never, ctx as never)).json() as { failModes: { open: number; last: { mode: string; dependency: string } } };
    expect(health.failModes.open).toBeGreaterThan(0);
    expect(health.failModes.last).toMatchObject({ mode: "open", dependency: "account-object" });
  });

  it("refuses a free account (closed) with 503 in dialect when its account object does not answer", async () => {
    const res = await createApp().fetch(req(), (await envWith({ tier: "free", hangAccount: true })) as never, ctx as never);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe("server_error");
  });

  it("applies the unknown-tier fail mode (closed) when KV does not answer the key lookup", async () => {
    const res = await createApp().fetch(req(), (await envWith({ tier: "paid", hangKvKeys: true })) as never, ctx as never);
    expect(res.status).toBe(503);
  });

  it("answers an Anthropic caller in its dialect when failing closed", async () => {
    const r = new Request("https://g.test/v1/messages", {
      method: "POST", headers: { "x-api-key": "sk-unit-key", "anthropic-version": "2023-06-01", "content-type": "application/json" },
      body: JSON.stringify({ model: "c", max_tokens: 10, messages: [{ role: "user", content: "hi" }] }),
    });
    const res = await createApp().fetch(r, (await envWith({ tier: "edu", hangAccount: true })) as never, ctx as never);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ type: "error", error: { type: "overloaded_error" } });
  });
});

describe("origin failures", () => {
  it.each([
    ["an origin 500 with an HTML body", async () => new Response("<html>oops</html>", { status: 500 }), 502, "origin_error"],
    ["an origin that cannot be reached", async () => { throw new TypeError("connect ECONNREFUSED"); }, 502, "origin_error"],
    ["an origin that never answers", () => new Promise<Response>(() => undefined), 504, "origin_timeout"],
  ])("turns %s into a dialect error", async (_n, origin, status, code) => {
    const res = await createApp().fetch(req(), (await envWith({ tier: "paid", origin })) as never, ctx as never);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it("passes the origin's own 4xx through", async () => {
    const origin = async () => Response.json({ error: { message: "model not found", type: "invalid_request_error", code: "model_not_found" } }, { status: 404 });
    const res = await createApp().fetch(req(), (await envWith({ tier: "paid", origin })) as never, ctx as never);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("model_not_found");
  });
});
