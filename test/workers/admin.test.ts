import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { admin, chat, messages, newAccount } from "./helpers";

type View = {
  account: { keys: string[]; tier: string; baseline: unknown };
  state: { totals: { requests: number } };
  recent: { action: string; enforced: boolean; reasons: string[] }[];
  audit: { kind: string; detail: Record<string, unknown> }[];
  override: { action: string } | null;
  usage: { limits: { rpm: number } };
};

describe("admin API", () => {
  it("serves health without a token and refuses everything else without one", async () => {
    expect((await SELF.fetch("https://guard.test/_guard/health")).status).toBe(200);
    const res = await admin("GET", "/policy", undefined, "wrong-token");
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe("authentication_error");
  });

  it("stores keys only as keyed hashes", async () => {
    const { id, key } = await newAccount("paid");
    const listed = await env.GUARD_KV.list();
    for (const k of listed.keys) expect(k.name).not.toContain(key);
    const raw = await env.GUARD_KV.get(`acct:${id}`);
    expect(raw).not.toContain(key);
    const view = (await (await admin("GET", `/accounts/${id}`)).json()) as View;
    expect(view.account.keys[0]).toMatch(/^hmac:[0-9a-f]{12}/);
  });

  it("replacing an account's keys revokes the old ones", async () => {
    const { id, key } = await newAccount("paid");
    const put = await admin("PUT", `/accounts/${id}`, { apiKeys: ["sk-rotated-key-0001"] });
    expect(put.status).toBe(200);
    expect((await chat(key)).status).toBe(401);
    expect((await chat("sk-rotated-key-0001")).status).toBe(200);
  });

  it.each([
    ["an unknown tier", { tier: "platinum", apiKeys: ["sk-aaaaaaaa"] }],
    ["no tier on create", { apiKeys: ["sk-aaaaaaaa"] }],
    ["an empty key", { tier: "paid", apiKeys: [""] }],
  ])("refuses an account with %s", async (_n, body) => {
    const res = await admin("PUT", `/accounts/bad-${crypto.randomUUID().slice(0, 6)}`, body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Invalid account/);
  });

  it("shows record, limits, usage, state and recent decisions with reasons", async () => {
    const { id, key } = await newAccount("edu");
    await (await chat(key, { model: "demo-1", messages: [{ role: "user", content: "Hello there, what should I cook tonight?" }] })).arrayBuffer();
    const view = (await (await admin("GET", `/accounts/${id}`)).json()) as View;
    expect(view.account.tier).toBe("edu");
    expect(view.usage.limits.rpm).toBe(60);
    expect(view.state.totals.requests).toBe(1);
    expect(view.recent[0]).toMatchObject({ action: "allow", enforced: true });
    expect(view.audit.some((a) => a.kind === "account-created")).toBe(true);
    // The per-request signals are recorded with each decision (scores and fingerprints, never the prompt).
    const detail = (view.recent[0] as unknown as { detail: { signals: Record<string, unknown> } }).detail;
    expect(detail.signals).toMatchObject({ domain: expect.any(String), language: expect.any(String), templateFp: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(typeof detail.signals.extraction).toBe("number");
    expect(JSON.stringify(detail)).not.toContain("Hello there");
  });

  it.each([
    ["block", 403, "permission_error"],
    ["challenge", 403, "permission_error"],
    ["throttle", 429, "rate_limit_error"],
  ])("an override to %s is enforced until removed", async (action, status, type) => {
    const { id, key } = await newAccount("paid");
    const put = await admin("PUT", `/accounts/${id}/override`, { action, note: "investigating" });
    expect(put.status).toBe(200);
    const res = await chat(key);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe(type);
    expect((await admin("DELETE", `/accounts/${id}/override`)).status).toBe(200);
    expect((await chat(key)).status).toBe(200);
    const view = (await (await admin("GET", `/accounts/${id}`)).json()) as View;
    expect(view.audit.map((a) => a.kind)).toEqual(expect.arrayContaining(["override-set", "override-cleared"]));
  });

  it("an override with an end lapses by itself", async () => {
    const { id } = await newAccount("paid");
    const past = await admin("PUT", `/accounts/${id}/override`, { action: "block", until: Date.now() - 1000 });
    expect(past.status).toBe(400);
  });

  it("sets a baseline that raises the account's limits", async () => {
    const { id } = await newAccount("free");
    const res = await admin("PUT", `/accounts/${id}/baseline`, { rpm: 120, tpm: 500000, domains: ["math"], note: "nightly eval" });
    expect(res.status).toBe(200);
    const view = (await (await admin("GET", `/accounts/${id}`)).json()) as View;
    expect(view.usage.limits.rpm).toBe(120);
  });

  it("blocks by IP, CIDR and account with a stable 403 code, and unblocks on delete", async () => {
    const { id, key } = await newAccount("paid");
    const ipRes = await chat(key, undefined, { "cf-connecting-ip": "198.51.100.7" });
    expect(ipRes.status).toBe(200);
    const put = await admin("PUT", "/blocklist", { kind: "cidr", value: "198.51.100.0/24", reason: "proxy range", ttlSeconds: 3600 });
    expect(put.status).toBe(200);
    const blocked = await chat(key, undefined, { "cf-connecting-ip": "198.51.100.7" });
    expect(blocked.status).toBe(403);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe("account_blocked");
    expect((await admin("DELETE", "/blocklist?kind=cidr&value=198.51.100.0/24")).status).toBe(200);
    expect((await chat(key, undefined, { "cf-connecting-ip": "198.51.100.7" })).status).toBe(200);

    await admin("PUT", "/blocklist", { kind: "account", value: id, reason: "fraud" });
    const a = await messages(key);
    expect(a.status).toBe(403);
    expect(((await a.json()) as { error: { type: string } }).error.type).toBe("permission_error");
    const list = (await (await admin("GET", "/blocklist?kind=account")).json()) as { entries: { value: string }[] };
    expect(list.entries.map((e) => e.value)).toContain(id);
  });

  it.each([
    ["an invalid CIDR", { kind: "cidr", value: "10.0.0.0/99", reason: "x" }],
    ["an unknown kind", { kind: "email", value: "a@b", reason: "x" }],
    ["no reason", { kind: "ip", value: "192.0.2.1" }],
  ])("refuses a blocklist entry with %s", async (_n, body) => {
    expect((await admin("PUT", "/blocklist", body)).status).toBe(400);
  });

  it("refuses an invalid policy with the validation error and keeps the old one", async () => {
    const res = await admin("PUT", "/policy", { tiers: { free: { rpm: -5 } } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/tiers\.free\.rpm/);
    const cur = (await (await admin("GET", "/policy")).json()) as { policy: { tiers: { free: { rpm: number } } } };
    expect(cur.policy.tiers.free.rpm).toBe(20);
  });

  it("refuses an admin write naming a field it does not have (a typo), names the field, and writes nothing", async () => {
    const cases: [string, string, unknown, string][] = [
      ["PUT", "/accounts/typo-acct", { tier: "paid", verfied: true, apiKeys: ["sk-typo-0001"] }, "Invalid account: no such field verfied"],
      ["PUT", "/accounts/typo-acct", { tier: "paid", baseline: { rpm: 100, domian: ["code"] } }, "Invalid account: no such field baseline.domian"],
      ["PUT", "/blocklist", { kind: "ip", value: "192.0.2.77", reason: "r", ttl: 60 }, "Invalid blocklist entry: no such field ttl"],
      ["PUT", "/intel/peers", [{ name: "Lab", apiRoot: "https://intel.example/taxii2/api/", collectionId: "c", trsut: 50 }], "Invalid peer list: no such field 0.trsut"],
      ["POST", "/releases", { model: "frontier-typo", when: 1 }, "Invalid release: no such field when"],
    ];
    for (const [method, path, body, message] of cases) {
      const res = await admin(method, path, body);
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message, path).toBe(message);
    }
    expect((await admin("GET", "/accounts/typo-acct")).status).toBe(404);
    const { entries } = (await (await admin("GET", "/blocklist?kind=ip&limit=1000")).json()) as { entries: { value: string }[] };
    expect(entries.some((e) => e.value === "192.0.2.77")).toBe(false);
  });

  it("refuses an org that is not well-formed text, and an API key no client could send in a header as written", async () => {
    const org = await admin("PUT", "/accounts/lone-surrogate", { tier: "paid", org: "org-\udc00" });
    expect(org.status).toBe(400);
    expect(((await org.json()) as { error: { message: string } }).error.message).toMatch(/^Invalid account: org: must be well-formed text/);
    // A lone surrogate (two such keys would hash as one), a control character, a space at an end (HTTP strips it), beyond ASCII.
    for (const key of ["sk-lone-\ud800-0001", "sk-ctl\u0001-0001", "sk-spaced-0001 ", "\tsk-tab-0001", "sk-clé-0001"]) {
      const res = await admin("PUT", "/accounts/unsendable-key", { tier: "paid", apiKeys: [key] });
      expect(res.status, JSON.stringify(key)).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^Invalid account: apiKeys\.0: an API key must be printable ASCII/);
    }
    expect((await admin("GET", "/accounts/unsendable-key")).status).toBe(404);
    // A space inside is sent as it is: such a key is taken, and identifies its account.
    const spaced = await admin("PUT", "/accounts/spaced-key", { tier: "paid", apiKeys: ["sk spaced 0001"] });
    expect(spaced.status).toBe(201);
    const res = await chat("sk spaced 0001");
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  });

  it("stores a blocklist entry that expires past 2038 (KV's 32-bit expiration) and reads it back live", async () => {
    const res = await admin("PUT", "/blocklist", { kind: "ip", value: "192.0.2.238", reason: "long ban", ttlSeconds: 4_294_967_297 });
    expect(res.status).toBe(200);
    const { entries } = (await (await admin("GET", "/blocklist?kind=ip&limit=1000")).json()) as { entries: { value: string; expiresAt: number }[] };
    expect(entries.find((e) => e.value === "192.0.2.238")!.expiresAt).toBeGreaterThan(Date.UTC(2100, 0, 1));
  });

  it("takes a fractional or odd limit as an integer", async () => {
    const { id, key } = await newAccount("paid");
    await chat(key);
    await chat(key);
    for (const [q, n] of [["1.5", 1], ["2.9", 2], ["-3", 1], ["abc", 2], ["1e9", 2]] as const) {
      const res = await admin("GET", `/accounts/${id}?limit=${q}`);
      expect(res.status, q).toBe(200);
      expect(((await res.json()) as { recent: unknown[] }).recent, q).toHaveLength(n);
    }
    expect((await admin("GET", "/blocklist?limit=2.5")).status).toBe(200);
    expect((await admin("GET", "/audit?limit=0.5")).status).toBe(200);
  });

  it("pages the blocklist and the audit log by cursor, and refuses a cursor KV never gives with a 400", async () => {
    for (const v of ["192.0.2.241", "192.0.2.242", "192.0.2.243"]) expect((await admin("PUT", "/blocklist", { kind: "ip", value: v, reason: "paging" })).status).toBe(200);
    const first = (await (await admin("GET", "/blocklist?kind=ip&limit=1")).json()) as { entries: unknown[]; cursor: string | null };
    expect(first.entries).toHaveLength(1);
    expect(first.cursor).toEqual(expect.any(String));
    const next = await admin("GET", `/blocklist?kind=ip&limit=1&cursor=${encodeURIComponent(first.cursor!)}`);
    expect(next.status).toBe(200);
    expect(((await next.json()) as { entries: unknown[] }).entries).toHaveLength(1);
    for (const path of ["/blocklist", "/audit"]) {
      const res = await admin("GET", `${path}?cursor=${"x".repeat(5000)}`);
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: { message: string; type: string } }).error.message).toMatch(/^Invalid cursor/);
    }
  });

  it("refuses a policy naming a field it does not have (a typo), names the field, and keeps the old one", async () => {
    const res = await admin("PUT", "/policy", { tiers: { free: { rmp: 5 } }, campaign: { enabled: true, restrictedTemplateExtractoin: 0 } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message)
      .toBe("Invalid policy: no such field tiers.free.rmp, campaign.restrictedTemplateExtractoin (GET /_guard/policy shows every field).");
    const cur = (await (await admin("GET", "/policy")).json()) as { override: Record<string, unknown> };
    expect(JSON.stringify(cur.override)).not.toMatch(/rmp|Extractoin/);
  });

  it("in shadow mode decides and records everything but blocks nothing, with no hint in responses", async () => {
    const { id, key } = await newAccount("free", { mode: "shadow" });
    await admin("PUT", `/accounts/${id}/override`, { action: "block" });
    const statuses: number[] = [];
    for (let i = 0; i < 23; i++) {
      const r = await chat(key, { model: "m", max_tokens: 20, messages: [{ role: "user", content: `s${i}` }] });
      statuses.push(r.status);
      expect(r.headers.get("x-ratelimit-limit-requests")).toBeNull();
      await r.arrayBuffer();
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    const view = (await (await admin("GET", `/accounts/${id}?limit=5`)).json()) as View;
    expect(view.recent[0]).toMatchObject({ action: "block", enforced: false, reasons: ["override:block"] });
  });

  it("records every change with when and by which token", async () => {
    const { id } = await newAccount("paid");
    const log = (await (await admin("GET", "/audit?limit=50")).json()) as { changes: { action: string; target: string; by: string; at: number }[] };
    const mine = log.changes.find((c) => c.target === id);
    expect(mine).toMatchObject({ action: "account.create" });
    expect(mine!.by).toMatch(/^token:[0-9a-f]{12}$/);
  });
});
