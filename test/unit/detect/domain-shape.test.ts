import { describe, expect, it } from "vitest";
import type { ParsedRequest } from "../../../src/dialects/types.js";
import { computeSignals, requestFromText } from "../../../src/detect/index.js";
import type { Domain } from "../../../src/detect/types.js";

const req = (text: string, over: Partial<ParsedRequest> = {}): ParsedRequest => ({ ...requestFromText(text), ...over });

describe("capability domain", () => {
  it.each<[string, ParsedRequest, Domain]>([
    ["images → vision", req("What is in this picture?", { images: 1 }), "vision"],
    ["tool results → agentic", req("Continue with the task.", { tools: ["search"], toolResults: 2 }), "agentic"],
    ["tools offered → tool-use", req("What's the weather in Paris?", { tools: ["get_weather"] }), "tool-use"],
    ["code → coding", req("Fix the bug in this function:\n```python\ndef f(x):\n    return x +\n```"), "coding"],
    ["equation → math", req("Solve the equation 3x + 7 = 22 and compute the value of x."), "math"],
    ["logic puzzle → reasoning", req("Logic puzzle: if every premise is true, which conclusion follows? Deduce the valid argument."), "reasoning"],
    ["poem → writing", req("Write a poem and a short story about the sea, with a gentle tone."), "writing"],
    ["chit-chat → general", req("Hi there, how are you today?"), "general"],
  ])("%s", (_name, r, domain) => {
    expect(computeSignals(r).domain).toBe(domain);
  });
});

describe("request shape", () => {
  it("reports the extraction knobs and the conversation depth", () => {
    const r = req("Hello", {
      logprobs: true, topLogprobs: 5, n: 4, temperature: 1.2, maxTokens: 4096, stream: true, tools: ["a", "b"], images: 1,
      reasoning: { effort: "high", budgetTokens: null, enabled: false, includeRaw: false }, userTurns: 3, assistantTurns: 2,
    });
    expect(computeSignals(r).shape).toEqual({
      logprobs: true, topLogprobs: 5, n: 4, temperature: 1.2, maxTokens: 4096, reasoningRequested: true,
      singleTurn: false, conversationDepth: 5, tools: 2, images: 1, stream: true,
    });
  });

  it.each<[string, Partial<ParsedRequest>, boolean]>([
    ["a single user turn", {}, true],
    ["a conversation with an assistant turn", { userTurns: 2, assistantTurns: 1 }, false],
  ])("marks %s as singleTurn=%s", (_name, over, single) => {
    expect(computeSignals(req("Hi", over)).shape.singleTurn).toBe(single);
  });

  it.each<[string, ParsedRequest["reasoning"], boolean]>([
    ["a thinking budget", { effort: null, budgetTokens: 8000, enabled: true, includeRaw: false }, true],
    ["raw reasoning asked for", { effort: null, budgetTokens: null, enabled: false, includeRaw: true }, true],
    ["nothing", { effort: null, budgetTokens: null, enabled: false, includeRaw: false }, false],
  ])("reasoningRequested for %s is %s", (_name, reasoning, expected) => {
    expect(computeSignals(req("Hi", { reasoning })).shape.reasoningRequested).toBe(expected);
  });
});

describe("prompt hash", () => {
  it("is the same for a prompt sent verbatim and differs for a template filled with another problem", () => {
    const tpl = (p: string) => `Solve the following problem. Think step by step and show all your reasoning.\n\nProblem: ${p}`;
    const a = computeSignals(req(tpl("what is 17 * 23?")));
    const b = computeSignals(req(tpl("what is 17 * 23?")));
    const c = computeSignals(req(tpl("how many primes are below 50?")));
    expect(a.promptHash).toBe(b.promptHash);
    expect(c.promptHash).not.toBe(a.promptHash);
    // One template all the same.
    expect(c.templateFp).toBe(a.templateFp);
    expect(Number.isInteger(a.promptHash) && a.promptHash >= 0 && a.promptHash < 2 ** 32).toBe(true);
  });

  it("is taken from the last user turn, as the template fingerprint is", () => {
    const turns = (first: string, last: string): ParsedRequest => ({
      ...requestFromText(last),
      messages: [{ role: "user", text: first }, { role: "assistant", text: "Sure." }, { role: "user", text: last }],
      userTurns: 2, assistantTurns: 1,
    });
    const x = computeSignals(turns("Tell me about Paris.", "And what about Rome?"));
    const y = computeSignals(turns("Tell me about Berlin.", "And what about Rome?"));
    const alone = computeSignals(req("And what about Rome?"));
    expect(x.promptHash).toBe(y.promptHash);
    expect(x.promptHash).toBe(alone.promptHash);
  });
});
