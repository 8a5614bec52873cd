import { describe, expect, it } from "vitest";
import type { Endpoint } from "../../../src/dialects/types.js";
import { degradeSse, shadowSse } from "../../../src/safeguards/sse.js";
import type { SafeguardCode } from "../../../src/safeguards/policy.js";
import { anthropicStream, chatStream, REASONING, completionsStream, responsesStream, toSse, type WireEvent } from "./fixtures.js";
import { at, CHUNK_SIZES, events, jsonEvents, policy, run } from "./helpers.js";

const FIXTURES: Array<[Endpoint, WireEvent[]]> = [
  ["chat", chatStream],
  ["completions", completionsStream],
  ["responses", responsesStream],
  ["messages", anthropicStream],
];
const MODES = [["withhold", policy()], ["summarize", policy({ reasoning: "summarize", summaryMaxChars: 80 })]] as const;
const SUMMARY = "[Summary of withheld reasoning] The user wants the capital of France.";
const SUMMARY_LONG = `[Summary of withheld reasoning] ${REASONING}`;

describe("degradeSse is independent of how the bytes are chunked", () => {
  const cases = FIXTURES.flatMap(([endpoint, fx]) => MODES.map(([mode, p]) => [endpoint, mode, fx, p] as const));
  it.each(cases)("%s stream, %s", async (endpoint, _mode, fx, p) => {
    const text = toSse(fx);
    const whole = await run(degradeSse(endpoint, p), text);
    for (const size of CHUNK_SIZES) expect(await run(degradeSse(endpoint, p), text, size)).toBe(whole);
    expect(whole).not.toContain("double-check");
  });
});

describe("degradeSse on Chat Completions", () => {
  it("withholds reasoning deltas, nulls logprobs, drops emptied chunks and keeps usage and [DONE]", async () => {
    const out = events(await run(degradeSse("chat", policy()), toSse(chatStream), 7));
    const chunks = out.filter((e) => e.data !== "[DONE]").map((e) => JSON.parse(e.data) as unknown);
    expect(chunks.map((c) => at(c, "choices", 0, "delta"))).toEqual([
      { role: "assistant", content: null }, { content: "Paris" }, { content: " is the capital." }, {}, undefined,
    ]);
    expect(chunks.map((c) => at(c, "choices", 0, "logprobs"))).toEqual([null, null, null, null, undefined]);
    expect(at(chunks[4], "usage", "completion_tokens")).toBe(80);
    expect(out[out.length - 1]!.data).toBe("[DONE]");
  });

  it.each([
    ["before the answer starts when the trace is short", 1000, [{ role: "assistant", content: null }, { reasoning_content: SUMMARY_LONG }, { content: "Paris" }]],
    ["in the chunk that fills its buffer", 80, [{ role: "assistant", content: null }, { content: null, reasoning_content: SUMMARY }, { content: "Paris" }]],
  ])("sends one summary delta %s", async (_name, max, expected) => {
    const out = jsonEvents(await run(degradeSse("chat", policy({ reasoning: "summarize", summaryMaxChars: max })), toSse(chatStream), 1));
    const deltas = out.map((c) => at(c, "choices", 0, "delta"));
    expect(deltas.slice(0, 3)).toEqual(expected);
    expect(out.filter((c) => at(c, "choices", 0, "delta", "reasoning_content") !== undefined).length).toBe(1);
    expect(at(out[1], "id")).toBe("chatcmpl-9x");
  });

  it("sends the summary as soon as its bounded buffer is full, then nothing more of the trace", async () => {
    const long = [chatStream[0]!, ...Array.from({ length: 50 }, (_, i) => ({ data: { ...(chatStream[1]!.data as object), choices: [{ index: 0, delta: { reasoning_content: `Step ${i} checks one more thing. ` }, logprobs: null, finish_reason: null }] } })), ...chatStream.slice(7)];
    const out = jsonEvents(await run(degradeSse("chat", policy({ reasoning: "summarize", summaryMaxChars: 60 })), toSse(long)));
    const reasoning = out.map((c) => at(c, "choices", 0, "delta", "reasoning_content")).filter((r) => r !== undefined);
    expect(reasoning).toEqual(["[Summary of withheld reasoning] Step 0 checks one more thing. Step 1 checks one more thing."]);
    // Only a handful of chunks were held back before the summary went out.
    expect(out.findIndex((c) => at(c, "choices", 0, "delta", "reasoning_content") !== undefined)).toBe(1);
  });

  it("nulls legacy Completions logprobs and keeps the text", async () => {
    const out = jsonEvents(await run(degradeSse("completions", policy()), toSse(completionsStream), 7));
    expect(out.map((c) => at(c, "choices", 0, "text"))).toEqual(["Once", " upon", " a time"]);
    expect(out.map((c) => at(c, "choices", 0, "logprobs"))).toEqual([null, null, null]);
  });
});

describe("degradeSse on the Responses API", () => {
  it("drops reasoning item events and keeps output_index and sequence_number consecutive", async () => {
    const out = jsonEvents(await run(degradeSse("responses", policy()), toSse(responsesStream), 7));
    expect(out.map((e) => e.sequence_number)).toEqual(out.map((_, i) => i));
    expect(out.some((e) => String(e.type).startsWith("response.reasoning"))).toBe(false);
    const added = out.filter((e) => e.type === "response.output_item.added");
    expect(added.map((e) => [e.output_index, at(e, "item", "type")])).toEqual([[0, "message"], [1, "function_call"]]);
    expect(new Set(out.filter((e) => at(e, "item_id") === "fc_1").map((e) => e.output_index))).toEqual(new Set([1]));
    const completed = out[out.length - 1];
    expect((at(completed, "response", "output") as unknown[]).map((i) => at(i, "type"))).toEqual(["message", "function_call"]);
    expect(JSON.stringify(out)).not.toMatch(/"logprobs":\[\{/);
  });

  it("replaces a reasoning item's events with one summary part", async () => {
    const out = jsonEvents(await run(degradeSse("responses", MODES[1][1]), toSse(responsesStream), 1));
    expect(out.map((e) => e.sequence_number)).toEqual(out.map((_, i) => i));
    const rs = out.filter((e) => e.output_index === 0).map((e) => e.type);
    expect(rs).toEqual([
      "response.output_item.added",
      "response.reasoning_summary_part.added",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.done",
      "response.reasoning_summary_part.done",
      "response.output_item.done",
    ]);
    const done = out.find((e) => e.type === "response.output_item.done" && e.output_index === 0);
    expect(at(done, "item")).toEqual({ id: "rs_1", type: "reasoning", summary: [{ type: "summary_text", text: SUMMARY }] });
    expect(at(out[out.length - 1], "response", "output", 0)).toEqual(at(done, "item"));
    expect(out.find((e) => e.type === "response.output_item.added" && e.output_index === 1)).toBeDefined();
  });
});

describe("degradeSse on Anthropic Messages", () => {
  it("drops thinking and redacted_thinking blocks and renumbers later blocks from 0", async () => {
    const out = events(await run(degradeSse("messages", policy()), toSse(anthropicStream), 7));
    const data = out.map((e) => JSON.parse(e.data) as Record<string, unknown>);
    expect(out.every((e, i) => e.event === data[i]!.type)).toBe(true);
    expect(data.filter((e) => e.type === "content_block_start").map((e) => [e.index, at(e, "content_block", "type")])).toEqual([[0, "text"], [1, "tool_use"]]);
    expect(new Set(data.filter((e) => "index" in e).map((e) => e.index))).toEqual(new Set([0, 1]));
    expect(data.map((e) => e.type)).toContain("ping");
    expect(JSON.stringify(data)).not.toMatch(/thinking|signature/);
  });

  it("keeps a thinking block with one summary delta and no signature", async () => {
    const out = jsonEvents(await run(degradeSse("messages", MODES[1][1]), toSse(anthropicStream), 1));
    const block0 = out.filter((e) => e.index === 0).map((e) => [e.type, at(e, "delta", "type") ?? at(e, "content_block", "type") ?? null]);
    expect(block0).toEqual([["content_block_start", "thinking"], ["content_block_delta", "thinking_delta"], ["content_block_stop", null]]);
    expect(at(out.find((e) => e.type === "content_block_delta"), "delta", "thinking")).toBe(SUMMARY);
    expect(out.filter((e) => e.type === "content_block_start").map((e) => e.index)).toEqual([0, 1, 2]);
    expect(JSON.stringify(out)).not.toContain("redacted_thinking");
  });
});

describe("degradeSse does not depend on the origin's JSON layout", () => {
  // Origins other than the reference APIs may indent or reorder keys; the hot paths
  // read compact JSON by its prefix, so other layouts must take the general path
  // and end up the same. Indented data also spans several `data:` lines.
  const reshape = (fx: WireEvent[]): WireEvent[] =>
    fx.map((e) => (typeof e.data === "string" ? e : { ...e, data: JSON.stringify(Object.fromEntries(Object.entries(e.data as object).reverse()), null, 1) }));
  const cases = FIXTURES.flatMap(([endpoint, fx]) => MODES.map(([mode, p]) => [endpoint, mode, fx, p] as const));
  it.each(cases)("%s stream, %s", async (endpoint, _mode, fx, p) => {
    const compact = jsonEvents(await run(degradeSse(endpoint, p), toSse(fx), 7));
    const other = jsonEvents(await run(degradeSse(endpoint, p), toSse(reshape(fx)), 7));
    expect(other).toEqual(compact);
  });
});

describe("degradeSse hooks", () => {
  it.each(FIXTURES)("%s: onEvent sees every original event and onRemoved each code once", async (endpoint, fx) => {
    const seen: string[] = [];
    const codes: SafeguardCode[] = [];
    await run(degradeSse(endpoint, policy(), { onEvent: (e) => seen.push(e.data), onRemoved: (c) => codes.push(c) }), toSse(fx), 7);
    expect(seen).toEqual(fx.map((e) => (typeof e.data === "string" ? e.data : JSON.stringify(e.data))));
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBeGreaterThan(0);
  });
});

describe("shadowSse", () => {
  it.each(FIXTURES)("%s: passes the bytes through unchanged and reports what degrade would remove", async (endpoint, fx) => {
    const text = toSse(fx);
    const degraded: SafeguardCode[] = [];
    await run(degradeSse(endpoint, policy(), { onRemoved: (c) => degraded.push(c) }), text);
    for (const size of CHUNK_SIZES) {
      const shadow: SafeguardCode[] = [];
      expect(await run(shadowSse(endpoint, policy(), { onRemoved: (c) => shadow.push(c) }), text, size)).toBe(text);
      expect(shadow).toEqual(degraded);
    }
  });

  it("keeps the stream flowing when the analysis fails", async () => {
    const errors: unknown[] = [];
    const boom = () => {
      throw new Error("recorder down");
    };
    const text = toSse(anthropicStream);
    expect(await run(shadowSse("messages", policy(), { onEvent: boom, onError: (e) => errors.push(e) }), text, 7)).toBe(text);
    expect(errors.length).toBe(1);
  });
});

describe("degradeSse stays incremental", () => {
  it("emits a completed event before the rest of the response has arrived", async () => {
    const ts = degradeSse("messages", policy());
    const writer = ts.writable.getWriter();
    const reader = ts.readable.getReader();
    void writer.write(new TextEncoder().encode(toSse(anthropicStream.slice(0, 1))));
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain("message_start");
    await writer.abort();
  });

  it("passes through events it does not understand", async () => {
    const text = ": keep-alive\n\nevent: custom\ndata: not json\n\nid: 7\ndata: {\"choices\":3}\n\n";
    expect(await run(degradeSse("chat", policy()), text)).toBe(text);
  });
});
