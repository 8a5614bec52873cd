/**
 * The degraded streams and bodies must stay valid for the official SDKs: their
 * accumulators index blocks and output items by the numbers on the wire, so a
 * stream with a gap or a stale index fails here (or silently loses text).
 * Each client gets a custom fetch that answers with the transformed stream.
 */
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { degradeJson } from "../../../src/safeguards/json.js";
import { degradeSse } from "../../../src/safeguards/sse.js";
import { anthropicJson, anthropicStream, chatStream, completionsStream, responsesJson, responsesStream, toSse } from "./fixtures.js";
import { at, fakeFetch, policy, streamOf } from "./helpers.js";

const MODES = [["withhold", policy()], ["summarize", policy({ reasoning: "summarize", summaryMaxChars: 80 })]] as const;
const SUMMARY = "[Summary of withheld reasoning] The user wants the capital of France.";

function openai(body: ReadableStream<Uint8Array> | unknown, stream = true): OpenAI {
  return new OpenAI({ apiKey: "sk-test", baseURL: "http://origin.test/v1", fetch: fakeFetch(body, stream), maxRetries: 0 });
}
function anthropic(body: ReadableStream<Uint8Array> | unknown, stream = true): Anthropic {
  return new Anthropic({ apiKey: "sk-ant-test", baseURL: "http://origin.test", fetch: fakeFetch(body, stream), maxRetries: 0 });
}
/** The fixture stream, degraded, and served in odd-sized network chunks. */
function degraded(endpoint: "chat" | "completions" | "responses" | "messages", text: string, p = policy()): ReadableStream<Uint8Array> {
  return streamOf(text).pipeThrough(degradeSse(endpoint, p));
}

describe("openai SDK reads degraded Chat Completions streams", () => {
  it("as a control, the original stream carries reasoning into the final message", async () => {
    const s = openai(streamOf(toSse(chatStream))).chat.completions.stream({ model: "m", messages: [{ role: "user", content: "?" }] });
    const final = await s.finalChatCompletion();
    expect(final.choices[0]!.message).toHaveProperty("reasoning_content");
  });

  it.each(MODES)("%s: the final completion has the answer and no trace or logprobs", async (mode, p) => {
    const s = openai(degraded("chat", toSse(chatStream), p)).chat.completions.stream({ model: "m", messages: [{ role: "user", content: "?" }] });
    const final = await s.finalChatCompletion();
    const choice = final.choices[0]!;
    expect(choice.message.content).toBe("Paris is the capital.");
    expect(choice.finish_reason).toBe("stop");
    expect(choice.logprobs?.content ?? null).toBeNull();
    expect(at(choice.message, "reasoning_content")).toBe(mode === "summarize" ? SUMMARY : undefined);
    expect(final.usage?.completion_tokens).toBe(80);
  });

  it("survives an origin keep-alive comment in a degraded stream", async () => {
    const text = ": OPENROUTER PROCESSING\n\n" + toSse(chatStream);
    const s = openai(degraded("chat", text)).chat.completions.stream({ model: "m", messages: [{ role: "user", content: "?" }] });
    expect((await s.finalChatCompletion()).choices[0]!.message.content).toBe("Paris is the capital.");
  });

  it("reads a degraded legacy Completions stream", async () => {
    const stream = await openai(degraded("completions", toSse(completionsStream))).completions.create({ model: "m", prompt: "x", stream: true });
    let text = "";
    for await (const chunk of stream) {
      expect(chunk.choices[0]!.logprobs).toBeNull();
      text += chunk.choices[0]!.text;
    }
    expect(text).toBe("Once upon a time");
  });
});

describe("openai SDK reads degraded Responses streams", () => {
  it.each(MODES)("%s: events index existing items and the final response matches them", async (mode, p) => {
    const s = openai(degraded("responses", toSse(responsesStream), p)).responses.stream({ model: "m", input: "?" });
    const seqs: number[] = [];
    const outputIndexes = new Set<number>();
    for await (const ev of s) {
      seqs.push(ev.sequence_number);
      if ("output_index" in ev) outputIndexes.add(ev.output_index);
    }
    const final = await s.finalResponse();
    expect(seqs).toEqual(seqs.map((_, i) => i));
    expect(final.output_text).toBe("Paris is the capital.");
    const kinds = final.output.map((o) => o.type);
    expect(kinds).toEqual(mode === "summarize" ? ["reasoning", "message", "function_call"] : ["message", "function_call"]);
    expect([...outputIndexes].sort()).toEqual(kinds.map((_, i) => i));
    const fc = final.output.find((o) => o.type === "function_call");
    expect(at(fc, "arguments")).toBe('{"city":"Paris"}');
    if (mode === "summarize") expect(at(final.output[0], "summary", 0, "text")).toBe(SUMMARY);
    expect(JSON.stringify(final)).not.toContain("double-check");
  });

  it("parses a degraded non-stream Response", async () => {
    const body = degradeJson("responses", responsesJson, policy()).json;
    const r = await openai(body, false).responses.create({ model: "m", input: "?" });
    expect(r.output_text).toBe("Paris is the capital.");
    expect(r.output.map((o) => o.type)).toEqual(["message", "function_call"]);
  });
});

describe("Anthropic SDK reads degraded Messages streams", () => {
  it("withhold: finalMessage has only the text block at index 0, then the tool call", async () => {
    const s = anthropic(degraded("messages", toSse(anthropicStream))).messages.stream({ model: "m", max_tokens: 100, messages: [{ role: "user", content: "?" }] });
    const final = await s.finalMessage();
    expect(final.content).toEqual([
      { type: "text", text: "Paris is the capital." },
      { type: "tool_use", id: "toolu_01", name: "lookup", input: { city: "Paris" } },
    ]);
    expect(final.stop_reason).toBe("tool_use");
    expect(final.usage.output_tokens).toBe(120);
  });

  it("summarize: an unsigned thinking block with the summary precedes the answer", async () => {
    const s = anthropic(degraded("messages", toSse(anthropicStream), MODES[1][1])).messages.stream({ model: "m", max_tokens: 100, messages: [{ role: "user", content: "?" }] });
    const final = await s.finalMessage();
    expect(final.content.map((b) => b.type)).toEqual(["thinking", "text", "tool_use"]);
    expect(final.content[0]).toEqual({ type: "thinking", thinking: SUMMARY, signature: "" });
    expect(await s.finalText()).toBe("Paris is the capital.");
  });

  it("parses a degraded non-stream Message", async () => {
    const body = degradeJson("messages", anthropicJson, policy()).json;
    const m = await anthropic(body, false).messages.create({ model: "m", max_tokens: 100, messages: [{ role: "user", content: "?" }] });
    expect(m.content.map((b) => b.type)).toEqual(["text", "tool_use"]);
  });
});
