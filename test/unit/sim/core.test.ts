import { describe, expect, it } from "vitest";
import { REQUEST_SCHEMAS } from "../../../src/dialects/schemas.js";
import type { Endpoint } from "../../../src/dialects/types.js";
import { buildBody } from "../../../src/sim/bodies.js";
import type { Call } from "../../../src/sim/call.js";
import type { AccountLine, TrafficLine } from "../../../src/sim/contract.js";
import { mergeByTime } from "../../../src/sim/merge.js";
import { Pacer } from "../../../src/sim/pacer.js";
import { Rng } from "../../../src/sim/rng.js";
import { usageOf } from "../../../src/sim/usage.js";
import { IDE_TOOLS } from "../../../src/sim/text/agentic.js";

describe("Rng", () => {
  it("gives a fork the same stream however much the parent drew", () => {
    const a = new Rng("s");
    const b = new Rng("s");
    for (let i = 0; i < 100; i++) b.next();
    expect(a.fork("x").hex(32)).toBe(b.fork("x").hex(32));
    expect(a.fork("x").hex(32)).not.toBe(a.fork("y").hex(32));
  });

  it("draws uniform-looking values and RFC 4122 v4-shaped UUIDs", () => {
    const r = new Rng("u");
    const xs = Array.from({ length: 20_000 }, () => r.next());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("Pacer", () => {
  const acct = (tier: AccountLine["tier"]): AccountLine => ({ account: "a", apiKeys: ["k"], tier, verified: true, createdAt: 0 });

  it.each([
    { tier: "free", share: 1, tokens: 10, maxRequests: 20, maxTokens: 40_000 },
    { tier: "free", share: 0.5, tokens: 10, maxRequests: 10, maxTokens: 20_000 },
    { tier: "edu", share: 1, tokens: 30_000, maxRequests: 60, maxTokens: 100_000 },
    { tier: "free", share: 0.1, tokens: 1_500, maxRequests: 2, maxTokens: 4_000 },
  ] as const)("keeps a $tier account at share $share within $maxRequests requests and $maxTokens tokens a minute", (c) => {
    const p = new Pacer(acct(c.tier), c.share);
    const admitted = Array.from({ length: 200 }, () => p.admit(0, c.tokens));
    for (const t of admitted) {
      const inWindow = admitted.filter((x) => x > t - 60_000 && x <= t).length;
      expect(inWindow).toBeLessThanOrEqual(c.maxRequests);
      expect(inWindow * c.tokens).toBeLessThanOrEqual(c.maxTokens);
    }
    expect(admitted[admitted.length - 1]).toBeGreaterThan(60_000);
  });

  it("never moves a request earlier", () => {
    const p = new Pacer(acct("paid"), 1);
    expect(p.admit(5_000, 10)).toBe(5_000);
    expect(p.admit(9_000, 10)).toBe(9_000);
  });
});

describe("mergeByTime", () => {
  const l = (ts: number, apiKey: string) => ({ ts, apiKey }) as TrafficLine;

  it("interleaves sorted streams by ts, ties to the earlier stream", () => {
    const out = [...mergeByTime([[l(1, "a"), l(5, "a")], [l(1, "b"), l(2, "b"), l(9, "b")], []])];
    expect(out.map((x) => `${x.ts}${x.apiKey}`)).toEqual(["1a", "1b", "2b", "5a", "9b"]);
  });

  it("refuses a stream that goes back in time", () => {
    expect(() => [...mergeByTime([[l(5, "a"), l(4, "a")]])]).toThrow(/back in time/);
  });
});

describe("request bodies", () => {
  const agentCall = (endpoint: Endpoint): Call => ({
    endpoint, model: "m", system: "sys", tools: IDE_TOOLS, outputTokens: 100, stream: true, maxTokens: 1000,
    turns: [
      { role: "user", text: "fix it", images: [{ kind: "data", mime: "image/png", b64: "iVBORw0KGgo=" }] },
      { role: "assistant", toolCalls: [{ id: "c1", name: "read_file", args: { path: "a.ts" } }, { id: "c2", name: "list_dir", args: { path: "src" } }] },
      { role: "tool", callId: "c1", name: "read_file", text: "code" },
      { role: "tool", callId: "c2", name: "list_dir", text: "a.ts" },
    ],
  });

  it.each(["chat", "responses", "completions", "messages"] as const)("writes a %s body its dialect schema accepts", (endpoint) => {
    expect(REQUEST_SCHEMAS[endpoint].safeParse(buildBody(agentCall(endpoint))).error).toBeUndefined();
  });

  it("puts consecutive Anthropic tool results in one user message after the tool_use turn", () => {
    const body = buildBody(agentCall("messages")) as { messages: { role: string; content: { type: string }[] }[] };
    expect(body.messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(body.messages[2]?.content.map((c) => c.type)).toEqual(["tool_result", "tool_result"]);
    expect(body.messages[0]?.content.map((c) => c.type)).toEqual(["image", "text"]);
  });

  it.each([
    ["chat", { reasoning: "high", logprobs: true, topLogprobs: 5, n: 3 }, { reasoning_effort: "high", logprobs: true, top_logprobs: 5, n: 3, max_completion_tokens: 1000 }],
    ["responses", { reasoning: "high", includeReasoning: true, logprobs: true, topLogprobs: 5 }, { reasoning: { effort: "high", summary: "detailed" }, include: ["reasoning.encrypted_content", "message.output_text.logprobs"], top_logprobs: 5, max_output_tokens: 1000 }],
    ["completions", { logprobs: true, topLogprobs: 20, n: 2 }, { logprobs: 5, n: 2, max_tokens: 1000 }],
    ["messages", { thinkingBudget: 8000, temperature: 0.5 }, { thinking: { type: "enabled", budget_tokens: 8000 }, max_tokens: 9024 }],
  ] as const)("writes %s parameters in the dialect's own names", (endpoint, extra, expected) => {
    const body = buildBody({ endpoint, model: "m", turns: [{ role: "user", text: "q" }], maxTokens: 1000, outputTokens: 10, ...extra });
    expect(body).toMatchObject(expected);
    if (endpoint === "messages") expect(body).not.toHaveProperty("temperature");
  });

  it("reports usage from the text sent, output capped by the maximum and times n", () => {
    const u = usageOf({ endpoint: "chat", model: "m", turns: [{ role: "user", text: "x".repeat(400) }], outputTokens: 5000, maxTokens: 1000, n: 3 });
    expect(u.output_tokens).toBe(3000);
    expect(u.input_tokens).toBeGreaterThanOrEqual(100);
    expect(u.input_tokens).toBeLessThan(120);
  });
});
