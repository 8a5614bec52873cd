/**
 * Demo answers for OpenAI `POST /v1/chat/completions`. Reasoning is returned
 * as `message.reasoning_content` / `delta.reasoning_content`, the field
 * OpenAI-compatible reasoning servers (DeepSeek, vLLM, SGLang) use, so the
 * guard's safeguards have a visible reasoning trace to withhold.
 */
import type { SseEvent } from "../lib/sse.js";
import { chunk, type Composed } from "./compose.js";
import { inputTokens, interleave, outputTokens, reasoningTokens, type DemoContext } from "./context.js";
import { dataEvent } from "./http.js";
import { tokenLogprobs } from "./logprobs.js";

function usage(ctx: DemoContext) {
  const input = inputTokens(ctx);
  const output = outputTokens(ctx);
  return {
    prompt_tokens: input,
    completion_tokens: output,
    total_tokens: input + output,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: reasoningTokens(ctx),
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function finishReason(c: Composed): "stop" | "length" {
  return c.truncated ? "length" : "stop";
}

function logprobsFor(ctx: DemoContext, tokens: string[], offset: number) {
  if (!ctx.req.logprobs) return null;
  return { content: tokenLogprobs(tokens, offset, ctx.req.topLogprobs), refusal: null };
}

export function chatJson(ctx: DemoContext) {
  return {
    id: `chatcmpl-${ctx.id}`,
    object: "chat.completion",
    created: ctx.created,
    model: ctx.req.model,
    system_fingerprint: "fp_demo",
    service_tier: "default",
    choices: ctx.choices.map((c, index) => ({
      index,
      message: {
        role: "assistant",
        content: c.answer.join(""),
        reasoning_content: c.reasoning.join(""),
        refusal: null,
        annotations: [],
      },
      logprobs: logprobsFor(ctx, c.answer, 0),
      finish_reason: finishReason(c),
    })),
    usage: usage(ctx),
  };
}

type ChoiceDelta = Record<string, unknown>;

function* choiceDeltas(ctx: DemoContext, c: Composed, index: number): Generator<ChoiceDelta> {
  yield { index, delta: { role: "assistant", content: "", refusal: null }, logprobs: null, finish_reason: null };
  for (const piece of chunk(c.reasoning)) {
    yield { index, delta: { reasoning_content: piece }, logprobs: null, finish_reason: null };
  }
  let offset = 0;
  for (let i = 0; i < c.answer.length; i += 3) {
    const tokens = c.answer.slice(i, i + 3);
    yield { index, delta: { content: tokens.join("") }, logprobs: logprobsFor(ctx, tokens, offset), finish_reason: null };
    offset += tokens.length;
  }
  yield { index, delta: {}, logprobs: null, finish_reason: finishReason(c) };
}

/**
 * Stream: per choice a role chunk, reasoning chunks, content chunks, a finish
 * chunk; choices interleaved; with `include_usage` every chunk has
 * `usage: null` and a last chunk with no choices carries the usage; `[DONE]`.
 */
export function* chatEvents(ctx: DemoContext): Generator<SseEvent> {
  const base = {
    id: `chatcmpl-${ctx.id}`,
    object: "chat.completion.chunk",
    created: ctx.created,
    model: ctx.req.model,
    system_fingerprint: "fp_demo",
    service_tier: "default",
  };
  const sources = ctx.choices.map((c, i) => choiceDeltas(ctx, c, i));
  for (const choice of interleave(sources)) {
    yield dataEvent({ ...base, choices: [choice], ...(ctx.includeUsage ? { usage: null } : {}) });
  }
  if (ctx.includeUsage) yield dataEvent({ ...base, choices: [], usage: usage(ctx) });
  yield dataEvent("[DONE]");
}
