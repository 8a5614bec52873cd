import { describe, expect, it } from "vitest";
import type { Endpoint } from "../../../src/dialects/types.js";
import { degradeJson, shadowJson } from "../../../src/safeguards/json.js";
import { anthropicJson, chatJson, completionsJson, REASONING, responsesJson } from "./fixtures.js";
import { at, policy, types } from "./helpers.js";


const withhold = policy();
const summarize = policy({ reasoning: "summarize", summaryMaxChars: 80 });
const SUMMARY = "[Summary of withheld reasoning] The user wants the capital of France.";

describe("degradeJson withholds", () => {
  it.each<[string, Endpoint, unknown, (j: unknown) => void, string[]]>([
    ["chat reasoning fields and logprobs", "chat", chatJson, (j) => {
      expect(at(j, "choices", 0, "message")).toEqual({ role: "assistant", content: "Paris is the capital.", refusal: null });
      expect(at(j, "choices", 0, "logprobs")).toBeNull();
      expect(Object.keys(at(j, "choices", 1, "message") as object)).toEqual(["role", "content"]);
      expect(at(j, "usage")).toEqual(chatJson.usage);
    }, ["logprobs", "reasoning"]],
    ["completions logprobs", "completions", completionsJson, (j) => {
      expect(at(j, "choices", 0)).toEqual({ ...completionsJson.choices[0], logprobs: null });
    }, ["logprobs"]],
    ["responses reasoning items and output_text logprobs", "responses", responsesJson, (j) => {
      expect(types(j, "output")).toEqual(["message", "function_call"]);
      expect(at(j, "output", 0, "content", 0, "logprobs")).toEqual([]);
      expect(at(j, "output", 0, "content", 0, "text")).toBe("Paris is the capital.");
    }, ["reasoning", "logprobs"]],
    ["anthropic thinking and redacted_thinking blocks", "messages", anthropicJson, (j) => {
      expect(types(j, "content")).toEqual(["text", "tool_use"]);
    }, ["reasoning"]],
  ])("%s", (_name, endpoint, fixture, check, codes) => {
    const before = JSON.stringify(fixture);
    const r = degradeJson(endpoint, fixture, withhold);
    check(r.json);
    expect(r.removed).toEqual(codes);
    expect(JSON.stringify(fixture)).toBe(before);
    expect(JSON.stringify(r.json)).not.toContain("double-check");
  });
});

describe("degradeJson summarizes", () => {
  it.each<[string, Endpoint, unknown, (j: unknown) => void]>([
    ["chat reasoning into the field the origin used", "chat", chatJson, (j) => {
      expect(at(j, "choices", 0, "message", "reasoning_content")).toBe(SUMMARY);
      expect(at(j, "choices", 1, "message", "reasoning")).toBe("[Summary of withheld reasoning] Short trace.");
      expect(at(j, "choices", 1, "message", "reasoning_details")).toBeUndefined();
    }],
    ["a responses reasoning item into an item with only our summary", "responses", responsesJson, (j) => {
      expect(at(j, "output", 0)).toEqual({ id: "rs_1", type: "reasoning", summary: [{ type: "summary_text", text: SUMMARY }] });
      expect(types(j, "output")).toEqual(["reasoning", "message", "function_call"]);
    }],
    ["an anthropic thinking block into an unsigned summary block", "messages", anthropicJson, (j) => {
      expect(at(j, "content", 0)).toEqual({ type: "thinking", thinking: SUMMARY, signature: "" });
      expect(types(j, "content")).toEqual(["thinking", "text", "tool_use"]);
    }],
  ])("%s", (_name, endpoint, fixture, check) => {
    const r = degradeJson(endpoint, fixture, summarize);
    check(r.json);
    expect(r.removed).toContain("reasoning.summarized");
    expect(JSON.stringify(r.json)).not.toContain("double-check");
    expect(JSON.stringify(r.json)).not.toContain("gAAAAB");
  });

  it("summarizes a responses item from its summary parts when it has no raw content", () => {
    const item = { id: "rs_2", type: "reasoning", summary: [{ type: "summary_text", text: "Compared cities. Chose Paris." }] };
    const r = degradeJson("responses", { output: [item] }, summarize);
    expect(at(r.json, "output", 0, "summary", 0, "text")).toBe("[Summary of withheld reasoning] Compared cities. Chose Paris.");
  });

  it("keeps an empty responses reasoning item without reporting a removal", () => {
    const r = degradeJson("responses", { output: [{ id: "rs_3", type: "reasoning", summary: [] }] }, summarize);
    expect(at(r.json, "output")).toEqual([{ id: "rs_3", type: "reasoning", summary: [] }]);
    expect(r.removed).toEqual([]);
  });
});

describe("degradeJson leaves alone", () => {
  it.each<[string, Endpoint, unknown]>([
    ["an OpenAI error body", "chat", { error: { message: "bad", type: "invalid_request_error", code: null } }],
    ["an Anthropic error body", "messages", { type: "error", error: { type: "overloaded_error", message: "busy" } }],
    ["a non-object", "responses", "text"],
    ["an answer without reasoning or logprobs", "messages", { ...anthropicJson, content: [{ type: "text", text: "hi" }] }],
  ])("%s", (_name, endpoint, body) => {
    const r = degradeJson(endpoint, body, withhold);
    expect(r.json).toEqual(body);
    expect(r.removed).toEqual([]);
  });

  it("logprobs when the policy keeps them", () => {
    const r = degradeJson("completions", completionsJson, policy({ dropLogprobs: false }));
    expect(r.json).toEqual(completionsJson);
  });
});

describe("shadowJson", () => {
  it("returns the body untouched with what would have been removed", () => {
    const r = shadowJson("messages", anthropicJson, withhold);
    expect(r.json).toBe(anthropicJson);
    expect(r.removed).toEqual(["reasoning"]);
    expect(JSON.stringify(r.json)).toContain(REASONING.slice(0, 20));
  });
});
