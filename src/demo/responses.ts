/**
 * Demo answers for OpenAI `POST /v1/responses`: a `reasoning` output item
 * (summary and reasoning text) followed by the assistant `message` item.
 * The stream is the documented event sequence, each event named by its
 * `type` and numbered by `sequence_number`; it is checked in the tests by the
 * openai SDK's own accumulator (`client.responses.stream`), which throws on
 * any out-of-order or missing event.
 */
import type { SseEvent } from "../lib/sse.js";
import { chunk } from "./compose.js";
import { inputTokens, outputTokens, reasoningTokens, type DemoContext } from "./context.js";
import { typedEvent } from "./http.js";
import { tokenLogprobs } from "./logprobs.js";

type Status = "in_progress" | "completed" | "incomplete";

function usage(ctx: DemoContext) {
  const input = inputTokens(ctx);
  const output = outputTokens(ctx);
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: reasoningTokens(ctx) },
    total_tokens: input + output,
  };
}

function ids(ctx: DemoContext) {
  return { response: `resp_${ctx.id}`, reasoning: `rs_${ctx.id}`, message: `msg_${ctx.id}` };
}

function composed(ctx: DemoContext) {
  const c = ctx.choices[0];
  if (!c) throw new Error("demo context without a choice");
  return c;
}

function outputText(ctx: DemoContext, text: string) {
  const c = composed(ctx);
  const logprobs = ctx.req.logprobs ? tokenLogprobs(c.answer, 0, ctx.req.topLogprobs) : [];
  return { type: "output_text", text, annotations: [], logprobs };
}

function reasoningItem(ctx: DemoContext, done: boolean) {
  const c = composed(ctx);
  const base = { id: ids(ctx).reasoning, type: "reasoning" };
  if (!done) return { ...base, summary: [] };
  return {
    ...base,
    summary: [{ type: "summary_text", text: c.summary }],
    content: [{ type: "reasoning_text", text: c.reasoning.join("") }],
    status: "completed",
  };
}

function messageItem(ctx: DemoContext, done: boolean) {
  const c = composed(ctx);
  return {
    id: ids(ctx).message,
    type: "message",
    role: "assistant",
    status: done ? (c.truncated ? "incomplete" : "completed") : "in_progress",
    content: done ? [outputText(ctx, c.answer.join(""))] : [],
  };
}

function responseObject(ctx: DemoContext, status: Status, output: unknown[]) {
  const r = ctx.req;
  const finished = status !== "in_progress";
  return {
    id: ids(ctx).response,
    object: "response",
    created_at: ctx.created,
    status,
    completed_at: status === "completed" ? ctx.created : null,
    error: null,
    incomplete_details: status === "incomplete" ? { reason: "max_output_tokens" } : null,
    instructions: r.system === "" ? null : r.system,
    max_output_tokens: r.maxTokens,
    model: r.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: r.reasoning.effort, summary: null },
    temperature: r.temperature ?? 1,
    text: { format: { type: "text" } },
    tool_choice: "auto",
    tools: [],
    top_logprobs: r.topLogprobs,
    top_p: 1,
    truncation: "disabled",
    usage: finished ? usage(ctx) : null,
    metadata: {},
  };
}

function finalStatus(ctx: DemoContext): Status {
  return composed(ctx).truncated ? "incomplete" : "completed";
}

export function responsesJson(ctx: DemoContext) {
  return responseObject(ctx, finalStatus(ctx), [reasoningItem(ctx, true), messageItem(ctx, true)]);
}

export function* responsesEvents(ctx: DemoContext): Generator<SseEvent> {
  const c = composed(ctx);
  const id = ids(ctx);
  let seq = 0;
  const ev = (type: string, fields: Record<string, unknown>): SseEvent =>
    typedEvent({ type, ...fields, sequence_number: seq++ });

  yield ev("response.created", { response: responseObject(ctx, "in_progress", []) });
  yield ev("response.in_progress", { response: responseObject(ctx, "in_progress", []) });

  // Output 0: the reasoning item, its summary part, then its reasoning text part.
  const r = { item_id: id.reasoning, output_index: 0 };
  yield ev("response.output_item.added", { output_index: 0, item: reasoningItem(ctx, false) });
  const summaryPart = { type: "summary_text", text: "" };
  yield ev("response.reasoning_summary_part.added", { ...r, summary_index: 0, part: summaryPart });
  for (const piece of chunk(tokenizeSummary(c.summary))) {
    yield ev("response.reasoning_summary_text.delta", { ...r, summary_index: 0, delta: piece });
  }
  yield ev("response.reasoning_summary_text.done", { ...r, summary_index: 0, text: c.summary });
  yield ev("response.reasoning_summary_part.done", {
    ...r,
    summary_index: 0,
    part: { type: "summary_text", text: c.summary },
  });
  const reasoning = c.reasoning.join("");
  yield ev("response.content_part.added", { ...r, content_index: 0, part: { type: "reasoning_text", text: "" } });
  for (const piece of chunk(c.reasoning)) {
    yield ev("response.reasoning_text.delta", { ...r, content_index: 0, delta: piece });
  }
  yield ev("response.reasoning_text.done", { ...r, content_index: 0, text: reasoning });
  yield ev("response.content_part.done", {
    ...r,
    content_index: 0,
    part: { type: "reasoning_text", text: reasoning },
  });
  yield ev("response.output_item.done", { output_index: 0, item: reasoningItem(ctx, true) });

  // Output 1: the message with one output_text part.
  const m = { item_id: id.message, output_index: 1 };
  yield ev("response.output_item.added", { output_index: 1, item: messageItem(ctx, false) });
  yield ev("response.content_part.added", {
    ...m,
    content_index: 0,
    part: { type: "output_text", text: "", annotations: [], logprobs: [] },
  });
  for (let i = 0; i < c.answer.length; i += 3) {
    const tokens = c.answer.slice(i, i + 3);
    const logprobs = ctx.req.logprobs ? tokenLogprobs(tokens, i, ctx.req.topLogprobs) : [];
    yield ev("response.output_text.delta", { ...m, content_index: 0, delta: tokens.join(""), logprobs });
  }
  const final = outputText(ctx, c.answer.join(""));
  yield ev("response.output_text.done", { ...m, content_index: 0, text: final.text, logprobs: final.logprobs });
  yield ev("response.content_part.done", { ...m, content_index: 0, part: final });
  yield ev("response.output_item.done", { output_index: 1, item: messageItem(ctx, true) });

  const status = finalStatus(ctx);
  const done = responseObject(ctx, status, [reasoningItem(ctx, true), messageItem(ctx, true)]);
  yield ev(status === "completed" ? "response.completed" : "response.incomplete", { response: done });
}

function tokenizeSummary(summary: string): string[] {
  return summary.match(/\s*\S+/g) ?? [];
}
