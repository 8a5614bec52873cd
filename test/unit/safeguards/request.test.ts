import { describe, expect, it } from "vitest";
import type { Endpoint } from "../../../src/dialects/types.js";
import { degradeRequest, repairRequest, shadowRequest } from "../../../src/safeguards/request.js";
import { policy } from "./helpers.js";

type Row = [string, Endpoint, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>, string[]];

const msgs = [{ role: "user", content: "hi" }];

// [behaviour, endpoint, policy overrides, body in, body out, codes]
const rows: Row[] = [
  ["caps n in chat", "chat", {}, { messages: msgs, n: 5 }, { messages: msgs, n: 1 }, ["n"]],
  // Legacy completions answer every prompt of a list: the samples are capped across prompts, the first kept.
  ["keeps one prompt of a completions list", "completions", {}, { prompt: ["a", "b", "c"], n: 2 }, { prompt: ["a"], n: 1 }, ["n"]],
  ["keeps capN samples across a completions prompt list", "completions", { capN: 2 }, { prompt: [[1], [2]], n: 3 }, { prompt: [[1], [2]], n: 1 }, ["n"]],
  ["leaves one token-id prompt whole", "completions", {}, { prompt: [1, 2, 3] }, { prompt: [1, 2, 3] }, []],
  ["caps n to the policy value", "completions", { capN: 2 }, { prompt: "x", n: 4 }, { prompt: "x", n: 2 }, ["n"]],
  ["leaves n within the cap", "chat", { capN: 2 }, { messages: msgs, n: 2 }, { messages: msgs, n: 2 }, []],
  ["drops chat logprobs and top_logprobs", "chat", {}, { messages: msgs, logprobs: true, top_logprobs: 5 }, { messages: msgs }, ["logprobs"]],
  ["drops a stray top_logprobs silently", "chat", {}, { messages: msgs, top_logprobs: 0 }, { messages: msgs }, []],
  ["keeps an explicit logprobs:false untouched", "chat", {}, { messages: msgs, logprobs: false }, { messages: msgs, logprobs: false }, []],
  ["drops completions logprobs, even 0", "completions", {}, { prompt: "x", logprobs: 0 }, { prompt: "x" }, ["logprobs"]],
  ["keeps logprobs when the policy allows them", "chat", { dropLogprobs: false }, { messages: msgs, logprobs: true }, { messages: msgs, logprobs: true }, []],
  ["drops responses top_logprobs and the logprobs include", "responses", {}, { input: "x", top_logprobs: 3, include: ["message.output_text.logprobs", "file_search_call.results"] }, { input: "x", include: ["file_search_call.results"] }, ["logprobs"]],
  ["drops the encrypted reasoning include and an emptied include", "responses", {}, { input: "x", include: ["reasoning.encrypted_content"] }, { input: "x" }, ["reasoning.include"]],
  ["drops reasoning.summary when withholding", "responses", {}, { input: "x", reasoning: { effort: "high", summary: "detailed" } }, { input: "x", reasoning: { effort: "high" } }, ["reasoning.summary"]],
  ["keeps reasoning.summary when summarizing", "responses", { reasoning: "summarize" }, { input: "x", reasoning: { summary: "auto" } }, { input: "x", reasoning: { summary: "auto" } }, []],
  ["keeps reasoning includes when the policy allows them", "responses", { dropReasoningInclude: false }, { input: "x", include: ["reasoning.encrypted_content"], reasoning: { summary: "auto" } }, { input: "x", include: ["reasoning.encrypted_content"], reasoning: { summary: "auto" } }, []],
  ["caps chat max tokens under both names", "chat", { maxTokensCap: 500 }, { messages: msgs, max_tokens: 4000, max_completion_tokens: 300 }, { messages: msgs, max_tokens: 500, max_completion_tokens: 300 }, ["max_tokens"]],
  ["sets a chat max when none is given", "chat", { maxTokensCap: 500 }, { messages: msgs }, { messages: msgs, max_completion_tokens: 500 }, ["max_tokens"]],
  ["sets a responses max when none is given", "responses", { maxTokensCap: 500 }, { input: "x" }, { input: "x", max_output_tokens: 500 }, ["max_tokens"]],
  ["leaves completions without max_tokens (origin default is 16)", "completions", { maxTokensCap: 500 }, { prompt: "x" }, { prompt: "x" }, []],
  ["turns Anthropic thinking off by default", "messages", {}, { max_tokens: 16000, messages: msgs, thinking: { type: "enabled", budget_tokens: 10000 } }, { max_tokens: 16000, messages: msgs }, ["thinking"]],
  ["lowers an Anthropic thinking budget", "messages", { anthropicThinking: "lower", anthropicThinkingBudget: 2048 }, { max_tokens: 16000, messages: msgs, thinking: { type: "enabled", budget_tokens: 10000 } }, { max_tokens: 16000, messages: msgs, thinking: { type: "enabled", budget_tokens: 2048 } }, ["thinking.budget"]],
  ["keeps the budget below a capped max_tokens", "messages", { anthropicThinking: "lower", anthropicThinkingBudget: 4096, maxTokensCap: 3000 }, { max_tokens: 16000, messages: msgs, thinking: { type: "enabled", budget_tokens: 10000 } }, { max_tokens: 3000, messages: msgs, thinking: { type: "enabled", budget_tokens: 2999 } }, ["max_tokens", "thinking.budget"]],
  ["turns thinking off when no valid budget fits under max_tokens", "messages", { anthropicThinking: "lower", maxTokensCap: 1024 }, { max_tokens: 8000, messages: msgs, thinking: { type: "enabled", budget_tokens: 4000 } }, { max_tokens: 1024, messages: msgs }, ["max_tokens", "thinking"]],
  ["turns adaptive thinking off even in lower mode", "messages", { anthropicThinking: "lower" }, { max_tokens: 8000, messages: msgs, thinking: { type: "adaptive" } }, { max_tokens: 8000, messages: msgs }, ["thinking"]],
  ["leaves a budget already under the policy", "messages", { anthropicThinking: "lower", anthropicThinkingBudget: 4096 }, { max_tokens: 8000, messages: msgs, thinking: { type: "enabled", budget_tokens: 2000 } }, { max_tokens: 8000, messages: msgs, thinking: { type: "enabled", budget_tokens: 2000 } }, []],
  ["ignores Anthropic thinking when disabled", "messages", {}, { max_tokens: 100, messages: msgs, thinking: { type: "disabled" } }, { max_tokens: 100, messages: msgs, thinking: { type: "disabled" } }, []],
];

describe("degradeRequest", () => {
  it.each(rows)("%s", (_name, endpoint, over, body, expected, codes) => {
    const copy = structuredClone(body);
    const r = degradeRequest(endpoint, body, policy(over));
    expect(r.body).toEqual(expected);
    expect(r.removed).toEqual(codes);
    expect(body).toEqual(copy);
  });
});

describe("shadowRequest", () => {
  it("returns the very same body with what would have changed", () => {
    const body = { messages: msgs, n: 3, logprobs: true };
    const r = shadowRequest("chat", body, policy());
    expect(r.body).toBe(body);
    expect(r.removed).toEqual(["n", "logprobs"]);
  });
});

describe("repairRequest (thinking continuity)", () => {
  const toolTurn = (first: object[]) => [
    { role: "user", content: "weather?" },
    { role: "assistant", content: [...first, { type: "tool_use", id: "t1", name: "w", input: {} }] },
    { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: "sunny" }] },
  ];
  const thinking = { type: "enabled", budget_tokens: 2000 };

  it.each([
    ["turns thinking off in a tool loop whose thinking was withheld", toolTurn([]), true, ["thinking.continuity"]],
    ["keeps thinking when the echoed turn starts with a signed block", toolTurn([{ type: "thinking", thinking: "t", signature: "sig" }]), false, []],
    ["drops the guard's unsigned summary block and turns thinking off", toolTurn([{ type: "thinking", thinking: "[Summary] t", signature: "" }]), true, ["thinking.echo", "thinking.continuity"]],
    ["leaves a plain conversation alone", [{ role: "user", content: "hi" }], false, []],
  ])("%s", (_name, messages, off, codes) => {
    const r = repairRequest("messages", { max_tokens: 4000, thinking, messages });
    expect("thinking" in r.body).toBe(!off);
    expect(r.removed).toEqual(codes);
    const asst = (r.body.messages as Array<{ content: unknown }>)[1];
    if (asst) expect(JSON.stringify(asst.content)).not.toContain('"signature":""');
  });

  it("is applied by degradeRequest too", () => {
    const body = { max_tokens: 4000, thinking, messages: toolTurn([]) };
    expect(degradeRequest("messages", body, policy({ anthropicThinking: "lower", anthropicThinkingBudget: 4096 })).removed).toEqual(["thinking.continuity"]);
  });

  it("does nothing for other endpoints", () => {
    const body = { messages: msgs };
    expect(repairRequest("chat", body)).toEqual({ body, removed: [] });
  });
});
