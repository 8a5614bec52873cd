/**
 * Demo answers for the legacy OpenAI `POST /v1/completions`. That API has no
 * reasoning field, so only the answer text is produced.
 */
import type { SseEvent } from "../lib/sse.js";
import { type Composed } from "./compose.js";
import { inputTokens, interleave, outputTokens, type DemoContext } from "./context.js";
import { dataEvent } from "./http.js";
import { legacyLogprobs } from "./logprobs.js";

function usage(ctx: DemoContext) {
  const input = inputTokens(ctx);
  const output = outputTokens(ctx);
  return { prompt_tokens: input, completion_tokens: output, total_tokens: input + output };
}

function finishReason(c: Composed): "stop" | "length" {
  return c.truncated ? "length" : "stop";
}

function logprobsFor(ctx: DemoContext, tokens: string[], offset: number, textOffset: number) {
  return ctx.req.logprobs ? legacyLogprobs(tokens, offset, textOffset, ctx.req.topLogprobs) : null;
}

export function completionsJson(ctx: DemoContext) {
  return {
    id: `cmpl-${ctx.id}`,
    object: "text_completion",
    created: ctx.created,
    model: ctx.req.model,
    system_fingerprint: "fp_demo",
    choices: ctx.choices.map((c, index) => ({
      index,
      text: c.answer.join(""),
      logprobs: logprobsFor(ctx, c.answer, 0, 0),
      finish_reason: finishReason(c),
    })),
    usage: usage(ctx),
  };
}

function* choicePieces(ctx: DemoContext, c: Composed, index: number): Generator<Record<string, unknown>> {
  let textOffset = 0;
  for (let i = 0; i < c.answer.length; i += 3) {
    const tokens = c.answer.slice(i, i + 3);
    const text = tokens.join("");
    yield { index, text, logprobs: logprobsFor(ctx, tokens, i, textOffset), finish_reason: null };
    textOffset += text.length;
  }
  yield { index, text: "", logprobs: null, finish_reason: finishReason(c) };
}

export function* completionsEvents(ctx: DemoContext): Generator<SseEvent> {
  const base = { id: `cmpl-${ctx.id}`, object: "text_completion", created: ctx.created, model: ctx.req.model };
  const sources = ctx.choices.map((c, i) => choicePieces(ctx, c, i));
  for (const choice of interleave(sources)) {
    yield dataEvent({ ...base, choices: [choice], ...(ctx.includeUsage ? { usage: null } : {}) });
  }
  if (ctx.includeUsage) yield dataEvent({ ...base, choices: [], usage: usage(ctx) });
  yield dataEvent("[DONE]");
}
