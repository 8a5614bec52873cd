import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { describe, expect, it } from "vitest";
import { openaiClient } from "./clients.js";

/** `reasoning_content` is not in the openai types; the demo adds it like DeepSeek / vLLM do. */
function reasoningOf(x: object): unknown {
  return (x as { reasoning_content?: unknown }).reasoning_content;
}

const question = "Explain why the sky is blue using Rayleigh scattering";
const userMessage = { role: "user" as const, content: question };

describe("demo chat completions through the openai SDK", () => {
  it("answers with n choices, reasoning, logprobs and usage", async () => {
    const c = await openaiClient().chat.completions.create({
      model: "any-model-name",
      messages: [{ role: "system", content: "Be brief." }, userMessage],
      n: 2,
      logprobs: true,
      top_logprobs: 3,
    });
    expect(c.model).toBe("any-model-name");
    expect(c.choices).toHaveLength(2);
    for (const choice of c.choices) {
      expect(choice.message.content).toContain("Rayleigh scattering");
      expect(reasoningOf(choice.message)).toEqual(expect.stringContaining("The request asks"));
      expect(choice.finish_reason).toBe("stop");
      const lps = choice.logprobs?.content ?? [];
      expect(lps.map((l) => l.token).join("")).toBe(choice.message.content);
      for (const lp of lps) {
        expect(lp.logprob).toBeLessThanOrEqual(0);
        expect(lp.top_logprobs).toHaveLength(3);
        expect(lp.top_logprobs[0]?.token).toBe(lp.token);
      }
    }
    expect(c.choices[0]?.message.content).not.toBe(c.choices[1]?.message.content);
    expect(c.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(c.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
    expect(c.usage?.total_tokens).toBe((c.usage?.prompt_tokens ?? 0) + (c.usage?.completion_tokens ?? 0));
  });

  it("omits logprobs unless asked", async () => {
    const c = await openaiClient().chat.completions.create({ model: "m", messages: [userMessage] });
    expect(c.choices[0]?.logprobs).toBeNull();
  });

  it("streams reasoning chunks before content, per choice, then the usage chunk", async () => {
    const body = { model: "m", messages: [userMessage], n: 2 };
    const stream = await openaiClient().chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const text = ["", ""];
    const reasoning = ["", ""];
    const firstContentAt = [-1, -1];
    chunks.forEach((chunk, i) => {
      for (const ch of chunk.choices) {
        const r = reasoningOf(ch.delta);
        if (typeof r === "string") {
          expect(firstContentAt[ch.index]).toBe(-1);
          reasoning[ch.index] += r;
        }
        if (ch.delta.content) {
          if (firstContentAt[ch.index] === -1) firstContentAt[ch.index] = i;
          text[ch.index] += ch.delta.content;
        }
      }
    });
    const json = await openaiClient().chat.completions.create(body);
    expect(text).toEqual(json.choices.map((c) => c.message.content));
    expect(reasoning).toEqual(json.choices.map((c) => reasoningOf(c.message)));
    expect(chunks.length).toBeGreaterThan(10);
    const last = chunks[chunks.length - 1];
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toEqual(json.usage);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });

  it("streams without a usage chunk when include_usage is not set", async () => {
    const stream = await openaiClient().chat.completions.create({ model: "m", messages: [userMessage], stream: true });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => c.choices.length === 1 && c.usage === undefined)).toBe(true);
  });

  it("satisfies the SDK's stream accumulator with logprobs", async () => {
    const runner = openaiClient().chat.completions.stream({ model: "m", messages: [userMessage], logprobs: true, top_logprobs: 1 });
    const final = await runner.finalChatCompletion();
    const content = final.choices[0]?.message.content ?? "";
    expect(content).toContain("Rayleigh");
    expect(final.choices[0]?.logprobs?.content?.map((l) => l.token).join("")).toBe(content);
  });

  it("stops at max_completion_tokens with finish_reason length", async () => {
    const c = await openaiClient().chat.completions.create({ model: "m", messages: [userMessage], max_completion_tokens: 12 });
    expect(c.choices[0]?.finish_reason).toBe("length");
    expect(c.usage?.completion_tokens).toBe(12);
  });
});

describe("demo responses through the openai SDK", () => {
  it("answers with a reasoning item before the message, and usage", async () => {
    const r = await openaiClient().responses.create({ model: "m", instructions: "Be brief.", input: question, reasoning: { effort: "high", summary: "auto" } });
    expect(r.status).toBe("completed");
    expect(r.output.map((o) => o.type)).toEqual(["reasoning", "message"]);
    const reasoning = r.output[0];
    if (reasoning?.type !== "reasoning") throw new Error("expected a reasoning item");
    expect(reasoning.summary[0]?.text).toContain("key terms");
    expect(reasoning.content?.[0]?.text).toContain("The request asks");
    expect(r.output_text).toContain("Rayleigh scattering");
    expect(r.instructions).toBe("Be brief.");
    expect(r.usage?.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
  });

  it("streams the full event sequence that the SDK's accumulator accepts", async () => {
    const events: { type: string; sequence_number: number }[] = [];
    const stream = openaiClient().responses.stream({ model: "m", input: question, top_logprobs: 2, include: ["message.output_text.logprobs"] });
    for await (const ev of stream) events.push(ev);
    const final = await stream.finalResponse();
    const json = await openaiClient().responses.create({ model: "m", input: question, top_logprobs: 2, include: ["message.output_text.logprobs"] });
    expect(final.output_text).toBe(json.output_text);
    expect(final.usage).toEqual(json.usage);
    expect(final.output[0]).toMatchObject({ type: "reasoning", content: [{ type: "reasoning_text" }] });
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const order = events.map((e) => e.type).filter((t, i, all) => all[i - 1] !== t);
    expect(order).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.reasoning_summary_part.added",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.done",
      "response.reasoning_summary_part.done",
      "response.content_part.added",
      "response.reasoning_text.delta",
      "response.reasoning_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    const message = final.output[1];
    if (message?.type !== "message" || message.content[0]?.type !== "output_text") throw new Error("expected a message");
    expect(message.content[0].logprobs?.map((l) => l.token).join("")).toBe(final.output_text);
  });

  it("ends incomplete with response.incomplete when max_output_tokens cuts it", async () => {
    const stream = await openaiClient().responses.create({ model: "m", input: question, max_output_tokens: 16, stream: true });
    let last = "";
    for await (const ev of stream) last = ev.type;
    expect(last).toBe("response.incomplete");
    const json = await openaiClient().responses.create({ model: "m", input: question, max_output_tokens: 16 });
    expect(json.status).toBe("incomplete");
    expect(json.incomplete_details?.reason).toBe("max_output_tokens");
    expect(json.usage?.output_tokens).toBe(16);
  });
});

describe("demo legacy completions through the openai SDK", () => {
  it("answers n choices with legacy logprobs and usage", async () => {
    const c = await openaiClient().completions.create({ model: "m", prompt: question, n: 2, logprobs: 2 });
    expect(c.choices).toHaveLength(2);
    const lp = c.choices[0]?.logprobs;
    expect(lp?.tokens?.join("")).toBe(c.choices[0]?.text);
    expect(lp?.top_logprobs?.[0]).toSatisfy((o: Record<string, number>) => Object.keys(o).length === 2);
    expect(lp?.text_offset?.[1]).toBe(lp?.tokens?.[0]?.length);
    expect(c.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it("streams text pieces that add up to the JSON answer", async () => {
    const stream = await openaiClient().completions.create({ model: "m", prompt: question, stream: true, stream_options: { include_usage: true } });
    let text = "";
    let pieces = 0;
    let usage: unknown = null;
    for await (const chunk of stream) {
      for (const ch of chunk.choices) text += ch.text;
      pieces++;
      if (chunk.usage) usage = chunk.usage;
    }
    const json = await openaiClient().completions.create({ model: "m", prompt: question });
    expect(text).toBe(json.choices[0]?.text);
    expect(pieces).toBeGreaterThan(5);
    expect(usage).toEqual(json.usage);
  });
});

describe("demo models through the openai SDK", () => {
  it("lists models", async () => {
    const page = await openaiClient().models.list();
    expect(page.data.map((m) => m.id)).toContain("demo-reasoner");
    expect(page.data[0]).toMatchObject({ object: "model", owned_by: "distill-guard-demo" });
  });
});
