import { describe, expect, it } from "vitest";
import { chunk, compose, tokenize } from "../../../src/demo/compose.js";
import { tokenLogprob } from "../../../src/demo/logprobs.js";
import { parseRequest } from "../../../src/dialects/parse.js";

describe("tokenize", () => {
  it.each([
    "Hello, world.",
    "  leading space and 'quotes' and émigré café",
    "emoji 🙂 and CJK 漢字 and math: 2+2=4",
    "line\nbreaks\tand tabs",
  ])("joins back to %j", (text) => {
    expect(tokenize(text).join("")).toBe(text.trimEnd());
  });

  it("splits words with their leading space and punctuation apart", () => {
    expect(tokenize("Hi there, you.")).toEqual(["Hi", " there", ",", " you", "."]);
  });
});

describe("chunk", () => {
  it("groups three tokens per chunk, keeping the text", () => {
    expect(chunk(["a", " b", " c", " d"])).toEqual(["a b c", " d"]);
  });
});

const req = (maxTokens: number | null, budget?: number) =>
  parseRequest("messages", {
    model: "m",
    max_tokens: maxTokens ?? 100000,
    messages: [{ role: "user", content: "Compare quicksort and mergesort on nearly sorted input" }],
    ...(budget ? { thinking: { type: "enabled", budget_tokens: budget } } : {}),
  });

describe("compose", () => {
  it("quotes the prompt and names its key terms", () => {
    const c = compose(req(null), 0, true);
    expect(c.answer.join("")).toContain('"Compare quicksort and mergesort on nearly sorted input"');
    expect(c.reasoning.join("")).toContain("compare, quicksort, mergesort");
    expect(c.truncated).toBe(false);
  });

  it.each([
    [1, 0, 1],
    [2, 1, 1],
    [10, 5, 5],
    [20, 10, 10],
  ])("with max tokens %i gives %i reasoning and %i answer tokens", (max, reasoning, answer) => {
    const c = compose(req(max), 0, true);
    expect([c.reasoning.length, c.answer.length, c.truncated]).toEqual([reasoning, answer, true]);
  });

  it("caps reasoning at the thinking budget", () => {
    expect(compose(req(null, 3), 0, true).reasoning).toHaveLength(3);
  });

  it("writes no reasoning when asked not to (legacy completions)", () => {
    const c = compose(req(null), 0, false);
    expect([c.reasoning, c.summary]).toEqual([[], ""]);
  });

  it("phrases other choices differently", () => {
    expect(compose(req(null), 1, true).answer.join("")).not.toBe(compose(req(null), 0, true).answer.join(""));
  });
});

describe("tokenLogprob", () => {
  it("ranks the chosen token first with distinct, decreasing alternatives", () => {
    const lp = tokenLogprob(" the", 3, 5);
    expect(lp.top_logprobs.map((t) => t.token)[0]).toBe(" the");
    expect(new Set(lp.top_logprobs.map((t) => t.token)).size).toBe(5);
    const values = lp.top_logprobs.map((t) => t.logprob);
    expect([...values].sort((a, b) => b - a)).toEqual(values);
    expect(lp.bytes).toEqual([32, 116, 104, 101]);
  });

  it("returns no alternatives for top 0", () => {
    expect(tokenLogprob("x", 0, 0).top_logprobs).toEqual([]);
  });
});
