import { describe, expect, it } from "vitest";
import { responseIdFromJson, StreamUsageTracker, usageFromJson } from "../../../src/dialects/usage.js";
import type { Endpoint } from "../../../src/dialects/types.js";
import { demoFetch } from "../../../src/demo/handler.js";
import { SseParser, type SseEvent } from "../../../src/lib/sse.js";

describe("usageFromJson", () => {
  it.each([
    ["chat", { usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } }, { inputTokens: 10, outputTokens: 5 }],
    ["completions", { usage: { prompt_tokens: 3, completion_tokens: 0 } }, { inputTokens: 3, outputTokens: 0 }],
    ["responses", { usage: { input_tokens: 7, output_tokens: 9, input_tokens_details: { cached_tokens: 4 } } }, { inputTokens: 7, outputTokens: 9 }],
    [
      "messages",
      { usage: { input_tokens: 5, output_tokens: 2, cache_creation_input_tokens: 100, cache_read_input_tokens: 1000 } },
      { inputTokens: 1105, outputTokens: 2 },
    ],
    ["messages", { usage: { input_tokens: 5, output_tokens: 2, cache_creation_input_tokens: null } }, { inputTokens: 5, outputTokens: 2 }],
    ["chat", { id: "x" }, null],
    ["chat", { usage: null }, null],
    ["chat", { usage: { input_tokens: 1, output_tokens: 1 } }, null],
    ["responses", { usage: { prompt_tokens: 1 } }, null],
    ["messages", "not json", null],
    ["messages", [1, 2], null],
  ] as [Endpoint, unknown, unknown][])("%s %j gives %j", (endpoint, json, expected) => {
    expect(usageFromJson(endpoint, json)).toEqual(expected);
  });
});

const data = (d: unknown): SseEvent => ({ event: null, data: JSON.stringify(d), extra: [] });
const typed = (d: { type: string; [field: string]: unknown }): SseEvent => ({ event: d.type, data: JSON.stringify(d), extra: [] });

function track(endpoint: Endpoint, events: SseEvent[]) {
  const t = new StreamUsageTracker(endpoint);
  for (const ev of events) t.observe(ev);
  return t;
}

describe("StreamUsageTracker", () => {
  it("reads the usage chunk of a chat stream and counts content and reasoning", () => {
    const t = track("chat", [
      data({ choices: [{ index: 0, delta: { role: "assistant", content: "" } }], usage: null }),
      data({ choices: [{ index: 0, delta: { reasoning_content: "think" } }], usage: null }),
      data({ choices: [{ index: 0, delta: { content: "hello" } }, { index: 1, delta: { content: "hi" } }], usage: null }),
      data({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: "{\"a\":1}" } }] } }] }),
      data({ choices: [], usage: { prompt_tokens: 12, completion_tokens: 34 } }),
      { event: null, data: "[DONE]", extra: [] },
    ]);
    expect(t.result()).toEqual({ usage: { inputTokens: 12, outputTokens: 34 }, generatedChars: 5 + 5 + 2 + 7, responseId: null });
  });

  it("counts legacy completion text", () => {
    const t = track("completions", [data({ choices: [{ index: 0, text: "abc" }] }), data({ choices: [{ index: 0, text: "de" }] })]);
    expect(t.result()).toEqual({ usage: null, generatedChars: 5, responseId: null });
  });

  it.each(["response.completed", "response.incomplete", "response.failed"])(
    "reads usage from a Responses %s event",
    (type) => {
      const t = track("responses", [
        typed({ type: "response.created", response: { usage: null } }),
        typed({ type: "response.reasoning_summary_text.delta", delta: "sum" }),
        typed({ type: "response.reasoning_text.delta", delta: "why" }),
        typed({ type: "response.output_text.delta", delta: "text" }),
        typed({ type, response: { usage: { input_tokens: 4, output_tokens: 8 } } }),
      ]);
      expect(t.result()).toEqual({ usage: { inputTokens: 4, outputTokens: 8 }, generatedChars: 10, responseId: null });
    },
  );

  it("combines Anthropic message_start input (with cache) and message_delta output", () => {
    const t = track("messages", [
      typed({ type: "message_start", message: { usage: { input_tokens: 10, output_tokens: 1, cache_read_input_tokens: 90 } } }),
      typed({ type: "ping" }),
      typed({ type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "hmm" } }),
      typed({ type: "content_block_delta", index: 0, delta: { type: "signature_delta", signature: "sig" } }),
      typed({ type: "content_block_delta", index: 1, delta: { type: "text_delta", text: "ok" } }),
      typed({ type: "content_block_delta", index: 2, delta: { type: "input_json_delta", partial_json: "{}" } }),
      typed({ type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 42 } }),
    ]);
    expect(t.result()).toEqual({ usage: { inputTokens: 100, outputTokens: 42 }, generatedChars: 7, responseId: null });
  });

  it("lets a cumulative Anthropic message_delta input count replace the start's", () => {
    const t = track("messages", [
      typed({ type: "message_start", message: { usage: { input_tokens: 10, output_tokens: 1, cache_read_input_tokens: 5 } } }),
      typed({ type: "message_delta", delta: {}, usage: { input_tokens: 20, output_tokens: 3 } }),
    ]);
    expect(t.result().usage).toEqual({ inputTokens: 25, outputTokens: 3 });
  });

  it("charges an estimate when the stream ended before its usage", () => {
    const openai = track("chat", [data({ choices: [{ index: 0, delta: { content: "123456789" } }] })]);
    expect(openai.result().usage).toBeNull();
    expect(openai.charge(50)).toEqual({ inputTokens: 50, outputTokens: 3 });
    const anthropic = track("messages", [
      typed({ type: "message_start", message: { usage: { input_tokens: 77, output_tokens: 1 } } }),
      typed({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "12345" } }),
    ]);
    expect(anthropic.charge(50)).toEqual({ inputTokens: 77, outputTokens: 2 });
  });

  it("reports the Responses stream's response id from response.created, before any terminal event", () => {
    const t = track("responses", [
      typed({ type: "response.created", response: { id: "resp_abc", usage: null } }),
      typed({ type: "response.output_text.delta", delta: "text" }),
    ]);
    expect(t.result()).toEqual({ usage: null, generatedChars: 4, responseId: "resp_abc" });
    expect(track("responses", [typed({ type: "response.completed", response: { id: "resp_z", usage: { input_tokens: 1, output_tokens: 2 } } })]).result().responseId).toBe("resp_z");
    // Only the Responses API has server-side chains.
    expect(track("chat", [data({ id: "chatcmpl_1", choices: [] })]).result().responseId).toBeNull();
  });

  it("reads a Responses JSON answer's id, and no other endpoint's", () => {
    expect(responseIdFromJson("responses", { id: "resp_1", object: "response" })).toBe("resp_1");
    expect(responseIdFromJson("responses", { id: 5 })).toBeNull();
    expect(responseIdFromJson("chat", { id: "chatcmpl_1" })).toBeNull();
  });

  it("ignores events that are not JSON", () => {
    const t = track("chat", [{ event: null, data: "garbage{", extra: [] }, { event: null, data: "", extra: [": keepalive"] }]);
    expect(t.result()).toEqual({ usage: null, generatedChars: 0, responseId: null });
  });
});

async function demoEvents(path: string, body: unknown): Promise<SseEvent[]> {
  const res = await demoFetch(new Request(`http://demo.test${path}`, { method: "POST", body: JSON.stringify(body) }));
  const parser = new SseParser();
  const events: SseEvent[] = [];
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    events.push(...parser.push(value));
  }
  return [...events, ...parser.end()];
}

describe("StreamUsageTracker on demo streams", () => {
  const prompt = "Summarise the causes of the French revolution in two lines";
  it.each([
    ["chat", "/v1/chat/completions", { model: "m", messages: [{ role: "user", content: prompt }], stream: true, stream_options: { include_usage: true } }],
    ["completions", "/v1/completions", { model: "m", prompt, stream: true, stream_options: { include_usage: true } }],
    ["responses", "/v1/responses", { model: "m", input: prompt, stream: true }],
    ["messages", "/v1/messages", { model: "m", max_tokens: 500, messages: [{ role: "user", content: prompt }], stream: true }],
  ] as [Endpoint, string, Record<string, unknown>][])("finds the same usage in a %s stream as in the JSON answer", async (endpoint, path, body) => {
    const events = await demoEvents(path, body);
    const t = track(endpoint, events);
    const json: unknown = await (
      await demoFetch(new Request(`http://demo.test${path}`, { method: "POST", body: JSON.stringify({ ...body, stream: false }) }))
    ).json();
    expect(t.result().usage).toEqual(usageFromJson(endpoint, json));
    expect(t.result().generatedChars).toBeGreaterThan(100);
    // The demo's Responses stream names its response, as the JSON answer does.
    if (endpoint === "responses") expect(t.result().responseId).toMatch(/^resp_./);
    else expect(t.result().responseId).toBeNull();
  });
});
