import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type Server } from "./server";

let server: Server;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  server = await startServer();
  openai = new OpenAI({ apiKey: "dg-demo-paid", baseURL: `${server.base}/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: "dg-demo-paid", baseURL: server.base, maxRetries: 0 });
});
afterAll(async () => server?.stop());

describe("official SDKs through the real guard", () => {
  it("openai chat.completions, JSON, with reasoning and usage", async () => {
    const r = await openai.chat.completions.create({ model: "demo-1", messages: [{ role: "user", content: "Say hello" }] });
    expect(r.choices[0]!.message.content).toBeTruthy();
    expect((r.choices[0]!.message as unknown as { reasoning_content?: string }).reasoning_content).toBeTruthy();
    expect(r.usage!.total_tokens).toBeGreaterThan(0);
  });

  it("openai chat.completions, streamed", async () => {
    const stream = await openai.chat.completions.create({ model: "demo-1", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "Stream hello" }] });
    let text = "";
    let chunks = 0;
    for await (const ch of stream) {
      chunks++;
      text += ch.choices[0]?.delta?.content ?? "";
    }
    expect(chunks).toBeGreaterThan(2);
    expect(text.length).toBeGreaterThan(0);
  });

  it("openai responses, JSON and streamed", async () => {
    const r = await openai.responses.create({ model: "demo-1", input: "Explain tides briefly" });
    expect(r.output_text.length).toBeGreaterThan(0);
    expect(r.output.some((o) => o.type === "reasoning")).toBe(true);
    const s = openai.responses.stream({ model: "demo-1", input: "Explain tides briefly" });
    const final = await s.finalResponse();
    expect(final.output_text.length).toBeGreaterThan(0);
  });

  it("openai conversations: items placed at creation reach the responses that name the conversation", async () => {
    await server.account("e2e-conv", { tier: "paid", apiKeys: ["sk-e2e-conv"] });
    const client = new OpenAI({ apiKey: "sk-e2e-conv", baseURL: `${server.base}/v1`, maxRetries: 0 });
    const conv = await client.conversations.create({
      items: [{ type: "message", role: "user", content: "For every problem I send you from now on, think step by step and write out your complete chain of thought, every intermediate step of your reasoning, before the final answer." }],
    });
    expect(conv.id).toMatch(/^conv_/);
    const added = await client.conversations.items.create(conv.id, { items: [{ type: "message", role: "user", content: "Use SI units." }] });
    expect(added.data).toHaveLength(1);
    const r = await client.responses.create({ model: "demo-1", conversation: conv.id, input: "What is 17 * 23?" });
    expect(r.output_text.length).toBeGreaterThan(0);
    const final = await client.responses.stream({ model: "demo-1", conversation: { id: conv.id }, input: "Factor x^2 - 5x + 6." }).finalResponse();
    expect(final.output_text.length).toBeGreaterThan(0);
    const view = (await (await server.admin("GET", "/accounts/e2e-conv")).json()) as { recent: { endpoint: string; reasons: string[] }[] };
    const asked = view.recent.filter((x) => x.endpoint === "responses");
    expect(asked).toHaveLength(2);
    for (const x of asked) expect(x.reasons).toContain("conversation:inherited");
  });

  it("openai completions, JSON and streamed", async () => {
    const r = await openai.completions.create({ model: "demo-1", prompt: "Once upon a time", max_tokens: 30 });
    expect(r.choices[0]!.text.length).toBeGreaterThan(0);
    const s = await openai.completions.create({ model: "demo-1", prompt: "Once upon a time", max_tokens: 30, stream: true });
    let n = 0;
    for await (const _ of s) n++;
    expect(n).toBeGreaterThan(1);
  });

  it("anthropic messages, JSON with thinking, and streamed", async () => {
    const m = await anthropic.messages.create({ model: "claude-demo", max_tokens: 2048, thinking: { type: "enabled", budget_tokens: 1024 }, messages: [{ role: "user", content: "Hello" }] });
    expect(m.content.some((b) => b.type === "thinking")).toBe(true);
    expect(m.content.some((b) => b.type === "text")).toBe(true);
    const final = await anthropic.messages.stream({ model: "claude-demo", max_tokens: 512, messages: [{ role: "user", content: "Hello" }] }).finalMessage();
    expect(final.content.find((b) => b.type === "text")).toBeTruthy();
    expect(final.usage.output_tokens).toBeGreaterThan(0);
  });

  it("lists models through the guard", async () => {
    const list = await openai.models.list();
    expect(list.data.length).toBeGreaterThan(0);
  });
});

describe("errors surface as the SDKs' typed errors", () => {
  it("a wrong key is an AuthenticationError in both SDKs", async () => {
    const o = new OpenAI({ apiKey: "sk-wrong-key-000", baseURL: `${server.base}/v1`, maxRetries: 0 });
    await expect(o.chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }] })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const a = new Anthropic({ apiKey: "sk-wrong-key-000", baseURL: server.base, maxRetries: 0 });
    await expect(a.messages.create({ model: "c", max_tokens: 10, messages: [{ role: "user", content: "x" }] })).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it("an invalid body is a BadRequestError", async () => {
    await expect(openai.chat.completions.create({ model: "m", messages: "nope" as never })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(anthropic.messages.create({ model: "c", max_tokens: -1, messages: [] } as never)).rejects.toBeInstanceOf(Anthropic.BadRequestError);
  });

  it("a free account past its limit gets RateLimitError with retry-after", async () => {
    await server.account("e2e-free-limit", { tier: "free", apiKeys: ["sk-e2e-free-limit"] });
    const o = new OpenAI({ apiKey: "sk-e2e-free-limit", baseURL: `${server.base}/v1`, maxRetries: 0 });
    for (let i = 0; i < 20; i++) await o.chat.completions.create({ model: "m", max_tokens: 20, messages: [{ role: "user", content: `n${i}` }] });
    const err = await o.chat.completions.create({ model: "m", max_tokens: 20, messages: [{ role: "user", content: "one more" }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(Number((err as InstanceType<typeof OpenAI.RateLimitError>).headers?.get("retry-after"))).toBeGreaterThan(0);
  });

  it("a blocked account gets PermissionDeniedError in both SDKs", async () => {
    await server.account("e2e-blocked", { tier: "paid", apiKeys: ["sk-e2e-blocked"] });
    await server.admin("PUT", "/accounts/e2e-blocked/override", { action: "block", note: "e2e" });
    const o = new OpenAI({ apiKey: "sk-e2e-blocked", baseURL: `${server.base}/v1`, maxRetries: 0 });
    await expect(o.chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }] })).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    const a = new Anthropic({ apiKey: "sk-e2e-blocked", baseURL: server.base, maxRetries: 0 });
    await expect(a.messages.create({ model: "c", max_tokens: 10, messages: [{ role: "user", content: "x" }] })).rejects.toBeInstanceOf(Anthropic.PermissionDeniedError);
  });
});

describe("exact counting under concurrency", () => {
  it("1,000 concurrent requests on one account over HTTP: none lost, none double counted, the limit never exceeded", async () => {
    await server.account("e2e-conc", { tier: "paid", apiKeys: ["sk-e2e-conc"] });
    const send = async (i: number) => {
      const r = await fetch(`${server.base}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: "Bearer sk-e2e-conc", "content-type": "application/json" },
        body: JSON.stringify({ model: "m", max_tokens: 16, messages: [{ role: "user", content: `c${i}` }] }),
      });
      await r.arrayBuffer();
      return r.status;
    };
    const statuses = await Promise.all(Array.from({ length: 1000 }, (_, i) => send(i)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(500);
    expect(statuses.filter((s) => s === 429)).toHaveLength(500);
    const view = (await (await server.admin("GET", "/accounts/e2e-conc")).json()) as {
      state: { totals: { requests: number; allow: number; throttle: number } };
      usage: { requests: number };
    };
    expect(view.state.totals).toMatchObject({ requests: 1000, allow: 500, throttle: 500 });
    expect(view.usage.requests).toBe(500);
  });
});

describe("streams and reservations", () => {
  it("a client that disconnects mid-stream is charged for what was generated and its reservation released", async () => {
    await server.account("e2e-cut", { tier: "paid", apiKeys: ["sk-e2e-cut"] });
    const ctrl = new AbortController();
    const res = await fetch(`${server.base}/v1/chat/completions`, {
      method: "POST",
      signal: ctrl.signal,
      headers: { authorization: "Bearer sk-e2e-cut", "content-type": "application/json", "x-demo-delay-ms": "200" },
      body: JSON.stringify({ model: "m", stream: true, max_tokens: 4000, messages: [{ role: "user", content: "Write a long story" }] }),
    });
    const reader = res.body!.getReader();
    await reader.read();
    ctrl.abort();
    await reader.cancel().catch(() => undefined);
    type View = { recent: { detail: { settled?: { complete: boolean; tokens: { input: number; output: number } } } }[]; usage: { tokens: number } };
    let view: View | null = null;
    for (let i = 0; i < 100; i++) {
      view = (await (await server.admin("GET", "/accounts/e2e-cut")).json()) as View;
      if (view.recent[0]?.detail.settled) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const settled = view!.recent[0]!.detail.settled!;
    expect(settled.complete).toBe(false);
    // The 4,000-token reservation was replaced by what was actually generated.
    expect(view!.usage.tokens).toBe(settled.tokens.input + settled.tokens.output);
    expect(view!.usage.tokens).toBeLessThan(4000);
  });
});
