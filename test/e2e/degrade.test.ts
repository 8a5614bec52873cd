import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type Server } from "./server";

/**
 * Output safeguards end to end: an account whose decision is `degrade` gets
 * valid responses from every endpoint, JSON and streamed, with reasoning,
 * logprobs and extra choices removed, parsed by the official SDKs.
 */
let server: Server;
let openai: OpenAI;
let anthropic: Anthropic;
let shadowOpenai: OpenAI;

type View = { recent: { action: string; enforced: boolean; detail: { settled?: { safeguards?: string[]; applied?: boolean } } }[] };

async function lastSettled(id: string) {
  for (let i = 0; i < 100; i++) {
    const v = (await (await server.admin("GET", `/accounts/${id}?limit=1`)).json()) as View;
    if (v.recent[0]?.detail.settled) return v.recent[0];
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error("no settled decision");
}

beforeAll(async () => {
  server = await startServer();
  await server.account("e2e-degraded", { tier: "paid", apiKeys: ["sk-e2e-degraded"] });
  await server.admin("PUT", "/accounts/e2e-degraded/override", { action: "degrade", note: "safeguards e2e" });
  await server.account("e2e-shadow", { tier: "paid", apiKeys: ["sk-e2e-shadow"], mode: "shadow" });
  await server.admin("PUT", "/accounts/e2e-shadow/override", { action: "degrade", note: "shadow e2e" });
  openai = new OpenAI({ apiKey: "sk-e2e-degraded", baseURL: `${server.base}/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: "sk-e2e-degraded", baseURL: server.base, maxRetries: 0 });
  shadowOpenai = new OpenAI({ apiKey: "sk-e2e-shadow", baseURL: `${server.base}/v1`, maxRetries: 0 });
});
afterAll(async () => server?.stop());

describe("degrade: reasoning withheld, logprobs stripped, n capped", () => {
  it("chat completions JSON", async () => {
    const r = await openai.chat.completions.create({ model: "demo-1", n: 3, logprobs: true, top_logprobs: 5, messages: [{ role: "user", content: "Explain why the sky is blue" }] });
    expect(r.choices).toHaveLength(1);
    const msg = r.choices[0]!.message as unknown as Record<string, unknown>;
    expect(msg.reasoning_content).toBeUndefined();
    expect(r.choices[0]!.logprobs ?? null).toBeNull();
    expect(r.choices[0]!.message.content).toBeTruthy();
    const d = await lastSettled("e2e-degraded");
    expect(d.action).toBe("degrade");
    expect(d.detail.settled!.safeguards).toEqual(expect.arrayContaining(["n", "logprobs", "reasoning"]));
  });

  it("chat completions stream", async () => {
    const stream = await openai.chat.completions.create({ model: "demo-1", stream: true, messages: [{ role: "user", content: "Explain why the sky is blue" }] });
    let content = "";
    for await (const ch of stream) {
      const delta = ch.choices[0]?.delta as Record<string, unknown> | undefined;
      expect(delta?.reasoning_content).toBeUndefined();
      content += (delta?.content as string | undefined) ?? "";
    }
    expect(content.length).toBeGreaterThan(0);
  });

  it("responses JSON and stream", async () => {
    const r = await openai.responses.create({ model: "demo-1", input: "Explain tides", include: ["reasoning.encrypted_content"] });
    expect(r.output.some((o) => o.type === "reasoning")).toBe(false);
    expect(r.output_text.length).toBeGreaterThan(0);
    const events: string[] = [];
    const s = openai.responses.stream({ model: "demo-1", input: "Explain tides" });
    for await (const ev of s) events.push(ev.type);
    const final = await s.finalResponse();
    expect(events.some((e) => e.startsWith("response.reasoning"))).toBe(false);
    expect(final.output.map((o) => o.type)).toEqual(["message"]);
    expect(final.output_text.length).toBeGreaterThan(0);
  });

  it("completions JSON and stream", async () => {
    const r = await openai.completions.create({ model: "demo-1", prompt: "The capital of France", n: 2, logprobs: 3, max_tokens: 20 });
    expect(r.choices).toHaveLength(1);
    expect(r.choices[0]!.logprobs ?? null).toBeNull();
    const s = await openai.completions.create({ model: "demo-1", prompt: "The capital of France", max_tokens: 20, stream: true });
    let text = "";
    for await (const ch of s) text += ch.choices[0]?.text ?? "";
    expect(text.length).toBeGreaterThan(0);
  });

  it("anthropic messages JSON and stream: thinking blocks removed, indexes consistent", async () => {
    const m = await anthropic.messages.create({ model: "claude-demo", max_tokens: 4096, thinking: { type: "enabled", budget_tokens: 2048 }, messages: [{ role: "user", content: "Why is the sky blue?" }] });
    expect(m.content.map((b) => b.type)).toEqual(["text"]);
    const stream = anthropic.messages.stream({ model: "claude-demo", max_tokens: 4096, thinking: { type: "enabled", budget_tokens: 2048 }, messages: [{ role: "user", content: "Why is the sky blue?" }] });
    const final = await stream.finalMessage();
    expect(final.content.map((b) => b.type)).toEqual(["text"]);
    expect((final.content[0] as { text: string }).text.length).toBeGreaterThan(0);
  });
});

describe("shadow mode applies none of it but records what would have been removed", () => {
  it("serves reasoning as usual and records the would-be removals", async () => {
    const r = await shadowOpenai.chat.completions.create({ model: "demo-1", messages: [{ role: "user", content: "Explain gravity" }] });
    expect((r.choices[0]!.message as unknown as Record<string, unknown>).reasoning_content).toBeTruthy();
    const d = await lastSettled("e2e-shadow");
    expect(d).toMatchObject({ action: "degrade", enforced: false });
    expect(d.detail.settled).toMatchObject({ applied: false });
    expect(d.detail.settled!.safeguards).toContain("reasoning");
  });
});
