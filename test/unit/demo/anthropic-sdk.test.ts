import Anthropic from "@anthropic-ai/sdk";
import type { RawMessageStreamEvent } from "@anthropic-ai/sdk/resources/messages";
import { describe, expect, it } from "vitest";
import { tokenize } from "../../../src/demo/compose.js";
import { anthropicClient } from "./clients.js";

const question = "List three uses of graph databases in fraud detection";
const base = { model: "claude-anything", max_tokens: 1024, messages: [{ role: "user" as const, content: question }] };

describe("demo messages through the @anthropic-ai/sdk", () => {
  it("answers with a signed thinking block before the text block, and usage", async () => {
    const m = await anthropicClient().messages.create({ ...base, system: "Be brief.", thinking: { type: "enabled", budget_tokens: 512 } });
    expect(m.model).toBe("claude-anything");
    expect(m.content.map((b) => b.type)).toEqual(["thinking", "text"]);
    const [thinking, text] = m.content;
    if (thinking?.type !== "thinking" || text?.type !== "text") throw new Error("unexpected blocks");
    expect(thinking.thinking).toContain("The request asks");
    expect(thinking.signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(text.text).toContain("graph databases");
    expect(m.stop_reason).toBe("end_turn");
    expect(m.usage.input_tokens).toBeGreaterThan(0);
    expect(m.usage.output_tokens).toBeGreaterThan(0);
  });

  it("streams the documented event sequence that MessageStream accumulates", async () => {
    const stream = anthropicClient().messages.stream(base);
    const types: string[] = [];
    stream.on("streamEvent", (ev) => types.push(ev.type === "content_block_delta" ? `${ev.type}:${ev.delta.type}` : ev.type));
    let thinkingText = "";
    stream.on("thinking", (delta) => {
      thinkingText += delta;
    });
    const final = await stream.finalMessage();
    const json = await anthropicClient().messages.create(base);
    expect(final.content).toEqual(json.content);
    expect(final.usage).toEqual(json.usage);
    expect(final.stop_reason).toBe("end_turn");
    expect(thinkingText).toBe(json.content[0]?.type === "thinking" ? json.content[0].thinking : null);
    const order = types.filter((t, i) => types[i - 1] !== t);
    expect(order).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta:thinking_delta",
      "content_block_delta:signature_delta",
      "content_block_stop",
      "content_block_start",
      "content_block_delta:text_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
  });

  it("streams raw events with create({ stream: true })", async () => {
    const stream = await anthropicClient().messages.create({ ...base, stream: true });
    const events: RawMessageStreamEvent[] = [];
    for await (const ev of stream) events.push(ev);
    const start = events[0];
    const delta = events.find((e) => e.type === "message_delta");
    expect(start?.type === "message_start" && start.message.usage.input_tokens).toBeGreaterThan(0);
    expect(delta?.type === "message_delta" && delta.usage.output_tokens).toBeGreaterThan(10);
    expect(events.filter((e) => e.type === "content_block_delta").length).toBeGreaterThan(10);
  });

  it.each([
    ["half of a tight max_tokens", { max_tokens: 12 }, 6],
    ["the thinking budget", { thinking: { type: "enabled" as const, budget_tokens: 4 } }, 4],
  ])("keeps thinking within %s", async (_name, extra, maxThinking) => {
    const m = await anthropicClient().messages.create({ ...base, ...extra });
    const [thinking, text] = m.content;
    if (thinking?.type !== "thinking" || text?.type !== "text") throw new Error("unexpected blocks");
    expect(tokenize(thinking.thinking)).toHaveLength(maxThinking);
    expect(m.usage.output_tokens).toBe(maxThinking + tokenize(text.text).length);
  });

  it("stops with stop_reason max_tokens when max_tokens cuts the answer", async () => {
    const m = await anthropicClient().messages.create({ ...base, max_tokens: 12 });
    expect(m.stop_reason).toBe("max_tokens");
    expect(m.usage.output_tokens).toBe(12);
  });

  it("raises BadRequestError with the field named for a malformed body", async () => {
    const call = anthropicClient().messages.create({ model: "m", messages: [{ role: "user", content: 5 }] } as unknown as Anthropic.MessageCreateParamsNonStreaming);
    const err = await call.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect(String((err as Error).message)).toContain("messages[0].content: expected string or array, received number");
  });

  it("lists models", async () => {
    const ids: string[] = [];
    for await (const m of anthropicClient().models.list()) ids.push(m.id);
    expect(ids).toContain("demo-reasoner");
  });
});
