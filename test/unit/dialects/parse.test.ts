import { describe, expect, it } from "vitest";
import { dialectOf, parseRequest, validateBody } from "../../../src/dialects/parse.js";
import type { Endpoint, ParsedRequest } from "../../../src/dialects/types.js";
import { GuardError } from "../../../src/lib/guard-error.js";
import { hex64 } from "../../../src/lib/hash32.js";

const IMG = "data:image/png;base64,iVBORw0KGgo=";

const valid: [string, Endpoint, unknown, Partial<ParsedRequest>][] = [
  [
    "chat with system, image, tool call, tool result and sampling options",
    "chat",
    {
      model: "gpt-x",
      messages: [
        { role: "system", content: "You are terse." },
        { role: "user", content: [{ type: "text", text: "What is this?" }, { type: "image_url", image_url: { url: IMG } }] },
        { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "lookup", arguments: "{}" } }] },
        { role: "tool", tool_call_id: "c1", content: "42" },
        { role: "user", content: "thanks" },
      ],
      tools: [{ type: "function", function: { name: "lookup", parameters: { type: "object" } } }],
      n: 3,
      logprobs: true,
      top_logprobs: 5,
      max_tokens: 50,
      max_completion_tokens: 100,
      temperature: 0.2,
      reasoning_effort: "high",
      stream: true,
      some_future_field: { kept: true },
    },
    {
      endpoint: "chat",
      dialect: "openai",
      model: "gpt-x",
      system: "You are terse.",
      tools: ["lookup"],
      toolResults: 1,
      images: 1,
      n: 3,
      logprobs: true,
      topLogprobs: 5,
      maxTokens: 100,
      temperature: 0.2,
      reasoning: { effort: "high", budgetTokens: null, enabled: true, includeRaw: false },
      stream: true,
      userTurns: 2,
      assistantTurns: 1,
      messages: [
        { role: "system", text: "You are terse." },
        { role: "user", text: "What is this?" },
        { role: "assistant", text: "lookup({})" },
        { role: "tool", text: "42" },
        { role: "user", text: "thanks" },
      ],
    },
  ],
  [
    "chat defaults: n 1, no logprobs, nothing requested",
    "chat",
    { model: "m", messages: [{ role: "developer", content: "Be kind." }, { role: "user", content: "hi" }], top_logprobs: 3 },
    {
      n: 1,
      logprobs: false,
      topLogprobs: 0,
      maxTokens: null,
      temperature: null,
      stream: false,
      system: "Be kind.",
      reasoning: { effort: null, budgetTokens: null, enabled: false, includeRaw: false },
    },
  ],
  [
    "chat with legacy functions and reasoning_effort none",
    "chat",
    { model: "m", messages: [{ role: "function", name: "f", content: "out" }], functions: [{ name: "f" }], reasoning_effort: "none" },
    { tools: ["f"], toolResults: 1, reasoning: { effort: "none", budgetTokens: null, enabled: false, includeRaw: false } },
  ],
  [
    "responses with instructions, items, function call output, image and reasoning",
    "responses",
    {
      model: "o-x",
      instructions: "Answer in French.",
      input: [
        { role: "user", content: [{ type: "input_text", text: "Describe" }, { type: "input_image", image_url: IMG }] },
        { type: "reasoning", id: "rs_1", summary: [] },
        { type: "function_call", call_id: "c", name: "search", arguments: "{\"q\":\"x\"}" },
        { type: "function_call_output", call_id: "c", output: "found" },
        { type: "message", role: "assistant", content: [{ type: "output_text", text: "Voici" }] },
      ],
      tools: [{ type: "function", name: "search", parameters: {} }, { type: "web_search" }],
      max_output_tokens: 500,
      top_logprobs: 2,
      include: ["reasoning.encrypted_content"],
      reasoning: { effort: "medium", summary: "auto" },
      stream: true,
    },
    {
      endpoint: "responses",
      dialect: "openai",
      system: "Answer in French.",
      tools: ["search", "web_search"],
      toolResults: 1,
      images: 1,
      logprobs: true,
      topLogprobs: 2,
      maxTokens: 500,
      reasoning: { effort: "medium", budgetTokens: null, enabled: true, includeRaw: true },
      stream: true,
      userTurns: 1,
      assistantTurns: 2,
    },
  ],
  [
    "responses with a plain string input",
    "responses",
    { model: "m", input: "hello" },
    { messages: [{ role: "user", text: "hello" }], userTurns: 1, logprobs: false, reasoning: { effort: null, budgetTokens: null, enabled: false, includeRaw: false } },
  ],
  [
    "responses asking for output logprobs through include",
    "responses",
    { model: "m", input: "x", include: ["message.output_text.logprobs"] },
    { logprobs: true, topLogprobs: 0 },
  ],
  [
    "completions with a list of prompts, n and integer logprobs",
    "completions",
    { model: "davinci-x", prompt: ["one", "two"], n: 2, logprobs: 3, max_tokens: 16 },
    // Each of the two prompts is answered twice: four samples.
    { endpoint: "completions", userTurns: 2, n: 4, logprobs: true, topLogprobs: 3, maxTokens: 16 },
  ],
  [
    "completions with a list of token-id prompts counts each prompt's samples; one token-id list is one prompt",
    "completions",
    { model: "m", prompt: [[1, 2], [3], [4, 5, 6]], n: 3 },
    { n: 9 },
  ],
  ["completions with one prompt of token ids", "completions", { model: "m", prompt: [1, 2, 3], n: 2 }, { n: 2 }],
  [
    "completions with logprobs 0 still asks for the chosen token's logprob",
    "completions",
    { model: "m", prompt: "x", logprobs: 0 },
    { logprobs: true, topLogprobs: 0 },
  ],
  [
    "anthropic with system blocks, image, tool use and result, and thinking",
    "messages",
    {
      model: "claude-x",
      max_tokens: 2048,
      system: [{ type: "text", text: "You are a grader." }, { type: "text", text: "Be strict." }],
      messages: [
        { role: "user", content: [{ type: "image", source: { type: "base64", media_type: "image/png", data: "x" } }, { type: "text", text: "Grade this" }] },
        { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "rubric", input: { k: 1 } }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: [{ type: "text", text: "A" }, { type: "image", source: { type: "url", url: "https://x" } }] }] },
        { role: "user", content: [{ type: "document", source: { type: "text", data: "doc" } }, { type: "text", text: "and?" }] },
      ],
      tools: [{ name: "rubric", input_schema: { type: "object" } }],
      thinking: { type: "enabled", budget_tokens: 1024 },
      temperature: 1,
      stream: true,
    },
    {
      endpoint: "messages",
      dialect: "anthropic",
      system: "You are a grader.\nBe strict.",
      tools: ["rubric"],
      toolResults: 1,
      images: 2,
      maxTokens: 2048,
      temperature: 1,
      reasoning: { effort: null, budgetTokens: 1024, enabled: true, includeRaw: true },
      stream: true,
      userTurns: 2,
      assistantTurns: 1,
      messages: [
        { role: "system", text: "You are a grader.\nBe strict." },
        { role: "user", text: "Grade this" },
        { role: "assistant", text: "rubric({\"k\":1})" },
        { role: "tool", text: "A" },
        // A plain-text document is read with the turn's text.
        { role: "user", text: "doc\nand?" },
      ],
    },
  ],
  [
    "anthropic documents: text, content blocks, title and context read; a PDF not",
    "messages",
    {
      model: "c", max_tokens: 10,
      messages: [{
        role: "user",
        content: [
          { type: "document", title: "Notes", context: "From the wiki", source: { type: "content", content: [{ type: "text", text: "Write out every step of your reasoning." }, { type: "image", source: { type: "url", url: "https://x" } }] } },
          { type: "document", source: { type: "base64", media_type: "application/pdf", data: "JVBERi0=" } },
          { type: "document", source: { type: "url", url: "https://example.com/a.pdf" } },
          { type: "text", text: "Summarise." },
        ],
      }],
    },
    { images: 0, messages: [{ role: "user", text: "Notes\nFrom the wiki\nWrite out every step of your reasoning.\nSummarise." }] },
  ],
  [
    "anthropic adaptive thinking with an effort",
    "messages",
    { model: "c", max_tokens: 10, messages: [{ role: "user", content: "hi" }], thinking: { type: "adaptive" }, output_config: { effort: "low" } },
    { n: 1, logprobs: false, reasoning: { effort: "low", budgetTokens: null, enabled: true, includeRaw: true } },
  ],
  [
    "anthropic with thinking disabled",
    "messages",
    { model: "c", max_tokens: 10, messages: [{ role: "user", content: "hi" }], thinking: { type: "disabled" } },
    { reasoning: { effort: null, budgetTokens: null, enabled: false, includeRaw: false } },
  ],
  [
    "responses naming a stored prompt: its variables are the user text the guard can read",
    "responses",
    { model: "m", prompt: { id: "pmpt_9", version: "3", variables: { topic: "tides", doc: { type: "input_text", text: "Moon" }, chart: { type: "input_image", file_id: "f" } } } },
    { storedPrompt: "pmpt_9", userTurns: 1, images: 1, messages: [{ role: "user", text: "tides\nMoon" }] },
  ],
];

describe("parseRequest: valid bodies", () => {
  it.each(valid)("reads %s", (_name, endpoint, body, expected) => {
    expect(parseRequest(endpoint, body)).toMatchObject(expected);
  });

  it("keeps unknown fields and unknown part types instead of rejecting them", () => {
    const body = {
      model: "m",
      messages: [{ role: "user", content: [{ type: "input_audio", input_audio: { data: "x", format: "wav" } }], name: "n" }],
      metadata: { a: "b" },
      response_format: { type: "json_object" },
    };
    expect(() => parseRequest("chat", body)).not.toThrow();
    expect(validateBody("chat", body)).toMatchObject({ metadata: { a: "b" }, response_format: { type: "json_object" } });
  });

  it("reads a Responses previous_response_id as its 64-bit hash, never the id", () => {
    const chained = parseRequest("responses", { model: "m", previous_response_id: "resp_68af1", input: "Solve 3x + 5 = 20." });
    expect(chained.previousResponse).toBe(hex64("resp_68af1"));
    expect(chained.previousResponse).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(chained)).not.toContain("resp_68af1");
    expect(parseRequest("responses", { model: "m", input: "hi" }).previousResponse).toBeNull();
    expect(parseRequest("chat", { model: "m", messages: [{ role: "user", content: "hi" }], previous_response_id: "resp_1" }).previousResponse).toBeNull();
    expect(() => parseRequest("responses", { model: "m", input: "hi", previous_response_id: 7 })).toThrow(GuardError);
  });
});

describe("parseRequest: input token estimate", () => {
  const forty = "abcd".repeat(10);
  it.each([
    ["one 40-char message: 10 + 4", "chat", { model: "m", messages: [{ role: "user", content: forty }] }, 14],
    [
      "an image adds 800",
      "chat",
      { model: "m", messages: [{ role: "user", content: [{ type: "text", text: forty }, { type: "image_url", image_url: { url: IMG } }] }] },
      814,
    ],
    ["system prompt counts as a message", "messages", { model: "m", max_tokens: 5, system: "abcd", messages: [{ role: "user", content: forty }] }, 19],
    ["rounds characters up", "completions", { model: "m", prompt: "abcde" }, 6],
    ["token-id prompts count one per id", "completions", { model: "m", prompt: [1, 2, 3, 4, 5] }, 9],
  ] as [string, Endpoint, unknown, number][])("%s", (_name, endpoint, body, tokens) => {
    expect(parseRequest(endpoint, body).estInputTokens).toBe(tokens);
  });

  it("counts tool definitions by their JSON length", () => {
    const bare = parseRequest("chat", { model: "m", messages: [{ role: "user", content: "x" }] });
    const tools = [{ type: "function", function: { name: "f", parameters: { type: "object", properties: {} } } }];
    const withTools = parseRequest("chat", { model: "m", messages: [{ role: "user", content: "x" }], tools });
    expect(withTools.estInputTokens - bare.estInputTokens).toBe(Math.ceil((JSON.stringify(tools).length + 1) / 4) - 1);
  });
});

const invalid: [Endpoint, unknown, string][] = [
  ["chat", "not json object", "body: expected object, received string"],
  ["chat", { messages: [] }, "model: required field is missing (expected string)"],
  ["chat", { model: 7, messages: [] }, "model: expected string, received number"],
  ["chat", { model: "m" }, "messages: required field is missing (expected array)"],
  ["chat", { model: "m", messages: [{ role: "robot", content: "x" }] }, 'messages[0].role: expected one of "system"'],
  ["chat", { model: "m", messages: [{ role: "user", content: 5 }] }, "messages[0].content: expected string or array, received number"],
  ["chat", { model: "m", messages: [{ role: "user", content: [{ type: "text", text: 5 }] }] }, "messages[0].content[0].text: expected string, received number"],
  ["chat", { model: "m", messages: [{ role: "user", content: [{ type: "image_url", image_url: "u" }] }] }, "messages[0].content[0].image_url: expected object, received string"],
  ["chat", { model: "m", messages: [{ role: "user", content: [{ text: "x" }] }] }, "messages[0].content[0].type: required field is missing"],
  ["chat", { model: "m", messages: [], n: 0 }, "n: must be greater than 0"],
  ["chat", { model: "m", messages: [], n: 1.5 }, "n: expected an integer, received 1.5"],
  ["chat", { model: "m", messages: [], logprobs: "yes" }, "logprobs: expected boolean, received string"],
  ["chat", { model: "m", messages: [], top_logprobs: -1 }, "top_logprobs: must be at least 0"],
  ["chat", { model: "m", messages: [], temperature: "hot" }, "temperature: expected number, received string"],
  ["chat", { model: "m", messages: [], stream: "true" }, "stream: expected boolean, received string"],
  ["chat", { model: "m", messages: [], tools: [{ type: "function", function: { name: 1 } }] }, "tools[0].function.name: expected string, received number"],
  ["chat", { model: "m", messages: [], stream_options: { include_usage: 1 } }, "stream_options.include_usage: expected boolean"],
  ["responses", { model: "m", input: 5 }, "input: expected string or array, received number"],
  ["responses", { model: "m", input: [{ role: "user", content: [{ type: "input_text", text: null }] }] }, "input[0].content[0].text: expected string, received null"],
  ["responses", { model: "m", input: [{ type: "function_call_output", call_id: "c", output: 3 }] }, "input[0].output: expected string or array, received number"],
  ["responses", { model: "m", input: [{ type: "function_call", call_id: "c", arguments: "{}" }] }, "input[0].name: required field is missing"],
  ["responses", { model: "m", reasoning: { effort: 3 } }, "reasoning.effort: expected string, received number"],
  ["responses", { model: "m", include: "reasoning.encrypted_content" }, "include: expected array, received string"],
  ["responses", { model: "m", max_output_tokens: "100" }, "max_output_tokens: expected number, received string"],
  ["completions", { model: "m", prompt: { text: "x" } }, "prompt: expected string or array, received object"],
  ["completions", { model: "m", prompt: "x", logprobs: true }, "logprobs: expected number, received boolean"],
  ["messages", { model: "m", messages: [] }, "max_tokens: required field is missing (expected number)"],
  ["messages", { model: "m", max_tokens: 5, messages: [{ role: "system", content: "x" }] }, 'messages[0].role: expected one of "user", "assistant"'],
  ["messages", { model: "m", max_tokens: 5, messages: [{ role: "user" }] }, "messages[0].content: required field is missing (expected string or array)"],
  ["messages", { model: "m", max_tokens: 5, messages: [], thinking: { type: "on" } }, 'thinking.type: expected one of "enabled", "disabled", "adaptive", received "on"'],
  ["messages", { model: "m", max_tokens: 5, messages: [], thinking: { type: "enabled" } }, "thinking.budget_tokens: required field is missing"],
  ["messages", { model: "m", max_tokens: 5, messages: [], system: [{ type: "text" }] }, "system[0].text: required field is missing"],
  [
    "messages",
    { model: "m", max_tokens: 5, messages: [{ role: "user", content: [{ type: "tool_result", tool_use_id: "t", content: [{ type: "text", text: 1 }] }] }] },
    "messages[0].content[0].content[0].text: expected string, received number",
  ],
  ["messages", { model: "m", max_tokens: 5, messages: [{ role: "assistant", content: [{ type: "tool_use", id: "t", input: {} }] }] }, "messages[0].content[0].name: required field is missing"],
];

describe("parseRequest: invalid bodies", () => {
  it.each(invalid)("%s rejects %j naming the field", (endpoint, body, message) => {
    let caught: unknown;
    try {
      parseRequest(endpoint, body);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(GuardError);
    const err = caught as GuardError;
    expect(err.code).toBe("invalid_request");
    expect(err.status).toBe(400);
    expect(err.message).toContain(message);
  });
});

describe("dialectOf", () => {
  it.each([
    ["chat", "openai"],
    ["responses", "openai"],
    ["completions", "openai"],
    ["messages", "anthropic"],
  ] as const)("%s is %s", (endpoint, dialect) => {
    expect(dialectOf(endpoint)).toBe(dialect);
  });
});
