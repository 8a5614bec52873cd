import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { admin, chat, messages, newAccount } from "./helpers";

describe("guarded model API", () => {
  it("serves an allowed chat completion from the origin and reports rate-limit headers", async () => {
    const { key } = await newAccount("paid");
    const res = await chat(key);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { choices: { message: { content: string } }[]; usage: { prompt_tokens: number } };
    expect(body.choices[0]!.message.content.length).toBeGreaterThan(0);
    expect(res.headers.get("x-ratelimit-limit-requests")).toBe("500");
    expect(res.headers.get("x-ratelimit-remaining-requests")).toBe("499");
    expect(res.headers.get("x-ratelimit-limit-tokens")).toBe("1000000");
  });

  it("answers Anthropic messages with anthropic-ratelimit headers", async () => {
    const { key } = await newAccount("edu");
    const res = await messages(key);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { type: string; content: { type: string }[] };
    expect(body.type).toBe("message");
    expect(res.headers.get("anthropic-ratelimit-requests-limit")).toBe("60");
    expect(res.headers.get("anthropic-ratelimit-tokens-reset")).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it.each([
    ["no key, OpenAI", () => SELF.fetch("https://guard.test/v1/chat/completions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "m", messages: [] }) }), 401, "openai"],
    ["unknown key, OpenAI", () => chat("sk-unknown-key-123"), 401, "openai"],
    ["unknown key, Anthropic", () => messages("sk-unknown-key-123"), 401, "anthropic"],
  ])("rejects %s with 401 in the caller's dialect", async (_n, call, status, dialect) => {
    const res = await call();
    expect(res.status).toBe(status);
    const body = (await res.json()) as Record<string, unknown>;
    if (dialect === "openai") expect(body).toMatchObject({ error: { type: "authentication_error" } });
    else expect(body).toMatchObject({ type: "error", error: { type: "authentication_error" } });
  });

  it("streams chat completions incrementally and settles the streamed usage", async () => {
    const { id, key } = await newAccount("paid");
    const res = await chat(key, { model: "demo-1", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "Stream please" }] });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = res.body!.getReader();
    let chunks = 0;
    let text = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      text += new TextDecoder().decode(value);
    }
    expect(chunks).toBeGreaterThan(1);
    expect(text).toContain("data: [DONE]");
    const view = await waitFor(async () => {
      const v = (await (await admin("GET", `/accounts/${id}`)).json()) as { state: { totals: { outputTokens: number } } };
      return v.state.totals.outputTokens > 0 ? v : null;
    });
    expect(view.state.totals.outputTokens).toBeGreaterThan(0);
  });

  it("passes other /v1 paths through with identity and limits applied", async () => {
    const { key } = await newAccount("paid");
    const ok = await SELF.fetch("https://guard.test/v1/models", { headers: { authorization: `Bearer ${key}` } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
    const anon = await SELF.fetch("https://guard.test/v1/models");
    expect(anon.status).toBe(401);
  });

  it("guards a model endpoint however its path is spelt, and forwards it under the endpoint's own path", async () => {
    // Lenient origins (Express, Go, servlet containers) would serve these as the endpoint; passed through as
    // "another /v1 path" they would have skipped the detectors, the token limits and the safeguards.
    const { id, key } = await newAccount("paid");
    const res = await SELF.fetch("https://guard.test/v1//Chat/%63ompletions/", {
      method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "demo-1", messages: [{ role: "user", content: "Hello there" }] }),
    });
    // The demo origin knows only the canonical path: a 200 is the guard forwarding it.
    expect(res.status).toBe(200);
    expect(((await res.json()) as { object: string }).object).toBe("chat.completion");
    expect(res.headers.get("x-ratelimit-limit-tokens")).toBe("1000000");
    // Settled as a model request: its usage reached the account.
    const view = await waitFor(async () => {
      const v = (await (await admin("GET", `/accounts/${id}`)).json()) as { state: { totals: { outputTokens: number } } };
      return v.state.totals.outputTokens > 0 ? v : null;
    });
    expect(view.state.totals.outputTokens).toBeGreaterThan(0);
    // The endpoint's checks apply: Messages without anthropic-version, in the Anthropic dialect; POST only.
    const bare = await SELF.fetch("https://guard.test/v1/messages/", {
      method: "POST", headers: { "x-api-key": key, "content-type": "application/json" },
      body: JSON.stringify({ model: "claude-demo", max_tokens: 16, messages: [{ role: "user", content: "hi" }] }),
    });
    expect(bare.status).toBe(400);
    expect(await bare.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
    const get = await SELF.fetch("https://guard.test/v1/chat/completions;x=1", { headers: { authorization: `Bearer ${key}` } });
    expect(get.status).toBe(405);
  });

  it("opens batch and other uninspected generation paths to established accounts only (policy.uninspected)", async () => {
    const batch = (key: string, path = "/v1/messages/batches") => SELF.fetch(`https://guard.test${path}`, {
      method: "POST", headers: { "x-api-key": key, "anthropic-version": "2023-06-01", "content-type": "application/json" },
      body: JSON.stringify({ requests: [{ custom_id: "1", params: { model: "claude-demo", max_tokens: 16, messages: [{ role: "user", content: "hi" }] } }] }),
    });
    const fresh = await newAccount("free", { verified: false, createdAt: Date.now() - 86_400_000 });
    const refused = await batch(fresh.key);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ type: "error", error: { type: "permission_error", message: expect.stringContaining("/v1/messages") } });
    // However the path is spelt; and the OpenAI batch API, in its dialect.
    expect((await batch(fresh.key, "/v1/Messages/Batches/")).status).toBe(403);
    const openai = await SELF.fetch("https://guard.test/v1/batches", {
      method: "POST", headers: { authorization: `Bearer ${fresh.key}`, "content-type": "application/json" },
      body: JSON.stringify({ input_file_id: "file-1", endpoint: "/v1/chat/completions", completion_window: "24h" }),
    });
    expect(openai.status).toBe(403);
    expect(await openai.json()).toMatchObject({ error: { type: "permission_error", code: "endpoint_not_allowed" } });
    // Verified and 90 days old: passed through (the demo origin has no batch API, so its own 404 answers).
    const seasoned = await newAccount("paid");
    expect((await batch(seasoned.key)).status).toBe(404);
    // A new account in shadow mode is not refused either.
    const shadow = await newAccount("free", { verified: false, createdAt: Date.now() - 86_400_000, mode: "shadow" });
    expect((await batch(shadow.key)).status).toBe(404);
    // Reading batch results is not generation.
    const read = await SELF.fetch("https://guard.test/v1/messages/batches/msgbatch_1/results", { headers: { "x-api-key": fresh.key, "anthropic-version": "2023-06-01" } });
    expect(read.status).toBe(404);
  });

  it("counts every prompt of a legacy completions list as samples, and keeps one when it degrades", async () => {
    const completions = (key: string) => SELF.fetch("https://guard.test/v1/completions", {
      method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "demo-1", prompt: ["Say one.", "Say two.", "Say three."], max_tokens: 8 }),
    });
    // An established account is answered for every prompt (the demo origin, like OpenAI's, answers each).
    const seasoned = await newAccount("paid");
    const all = await completions(seasoned.key);
    expect(all.status).toBe(200);
    expect(((await all.json()) as { choices: unknown[] }).choices).toHaveLength(3);
    // A new unverified account in probation: three samples are "n > 1", which probation degrades to one.
    const fresh = await newAccount("free", { verified: false, createdAt: Date.now() - 86_400_000 });
    const one = await completions(fresh.key);
    expect(one.status).toBe(200);
    expect(((await one.json()) as { choices: unknown[] }).choices).toHaveLength(1);
  });

  it("refuses two different API keys in one request, and takes the same key twice", async () => {
    // Judged as one account while an origin reading the other header serves another: a clean account fronting a blocked one.
    const a = await newAccount("paid");
    const b = await newAccount("paid");
    const two = await messages(a.key, undefined, { "anthropic-version": "2023-06-01", authorization: `Bearer ${b.key}` });
    expect(two.status).toBe(401);
    expect(await two.json()).toMatchObject({ type: "error", error: { type: "authentication_error", message: expect.stringContaining("Two different API keys") } });
    const same = await messages(a.key, undefined, { "anthropic-version": "2023-06-01", authorization: `Bearer ${a.key}` });
    expect(same.status).toBe(200);
  });

  it("passes a browser's CORS preflight to the origin, and lets the browser read the guard's refusals", async () => {
    // The preflight carries no credentials: it is not identified, and the origin's CORS policy answers it.
    const pre = await SELF.fetch("https://guard.test/v1/messages", {
      method: "OPTIONS",
      headers: { origin: "https://app.example", "access-control-request-method": "POST", "access-control-request-headers": "x-api-key, anthropic-version, content-type, anthropic-dangerous-direct-browser-access" },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    expect(pre.headers.get("access-control-allow-headers")).toContain("x-api-key");
    // The request it announced is guarded as any other, and answered readably.
    const { key } = await newAccount("paid");
    const ok = await messages(key, undefined, { "anthropic-version": "2023-06-01", origin: "https://app.example" });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe("*");
    const refused = await messages("sk-unknown-key-123", undefined, { "anthropic-version": "2023-06-01", origin: "https://app.example" });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
    // An OPTIONS that is no preflight is still not a model request.
    expect((await SELF.fetch("https://guard.test/v1/messages", { method: "OPTIONS" })).status).toBe(405);
  });

  it("reads a gzip or deflate body, bounded by what it decompresses to, and names an encoding it cannot read", async () => {
    const squeeze = async (text: string, format: "gzip" | "deflate") =>
      new Uint8Array(await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream(format))).arrayBuffer());
    const post = (key: string, body: BodyInit, encoding: string) => SELF.fetch("https://guard.test/v1/chat/completions", {
      method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "content-encoding": encoding }, body,
    });
    const { id, key } = await newAccount("paid");
    const json = JSON.stringify({ model: "demo-1", messages: [{ role: "user", content: "Hello there" }] });
    for (const format of ["gzip", "deflate"] as const) {
      const res = await post(key, await squeeze(json, format), format);
      // The demo origin reads JSON only: a 200 is the guard having decoded it, and sent its own serialisation plain.
      expect(res.status, format).toBe(200);
      expect(((await res.json()) as { object: string }).object).toBe("chat.completion");
    }
    const view = await waitFor(async () => {
      const v = (await (await admin("GET", `/accounts/${id}`)).json()) as { state: { totals: { requests: number } } };
      return v.state.totals.requests >= 2 ? v : null;
    });
    expect(view.state.totals.requests).toBeGreaterThanOrEqual(2);
    // A bomb: 5 MB of JSON whitespace squeezed into a few kilobytes is bounded by the 4 MB limit on what it expands to.
    const bomb = await squeeze(`{"model":"demo-1","messages":[]${" ".repeat(5_000_000)}}`, "gzip");
    expect(bomb.byteLength).toBeLessThan(100_000);
    expect((await post(key, bomb, "gzip")).status).toBe(413);
    const corrupt = await post(key, new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6]), "gzip");
    expect(corrupt.status).toBe(400);
    expect(await corrupt.json()).toMatchObject({ error: { message: expect.stringContaining("decompressed") } });
    const br = await post(key, json, "br");
    expect(br.status).toBe(415);
    expect(await br.json()).toMatchObject({ error: { message: expect.stringContaining("gzip or deflate") } });
  });

  it("strips client headers that would spoof guard internals before the origin", async () => {
    const { key } = await newAccount("paid");
    const res = await chat(key, undefined, { "x-guard-decision": "allow", "x-guard-account": "someone-else" });
    expect(res.status).toBe(200);
    expect([...res.headers.keys()].some((h) => h.startsWith("x-guard-"))).toBe(false);
  });
});

export async function waitFor<T>(fn: () => Promise<T | null>, tries = 50): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await fn();
    if (v !== null) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("condition not reached");
}
