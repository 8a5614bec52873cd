/**
 * Demo answers for Anthropic `POST /v1/messages`: a `thinking` block with a
 * `signature`, then the `text` block. The stream follows the documented
 * sequence (message_start, ping, per block content_block_start / deltas /
 * content_block_stop, message_delta with the final usage, message_stop) and
 * is checked in the tests by the SDK's own MessageStream accumulator.
 */
import type { SseEvent } from "../lib/sse.js";
import { chunk, hexId } from "./compose.js";
import { inputTokens, outputTokens, type DemoContext } from "./context.js";
import { typedEvent } from "./http.js";

function composed(ctx: DemoContext) {
  const c = ctx.choices[0];
  if (!c) throw new Error("demo context without a choice");
  return c;
}

/**
 * Stand-in for the opaque signature Anthropic puts on thinking blocks (clients
 * must send it back unchanged). Base64-looking, derived from the thinking text.
 */
function signature(thinking: string): string {
  const hex = hexId(`sig:${thinking}`, 96);
  let bin = "";
  for (let i = 0; i < hex.length; i += 2) bin += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  return btoa(bin);
}

function stopReason(ctx: DemoContext): "end_turn" | "max_tokens" {
  return composed(ctx).truncated ? "max_tokens" : "end_turn";
}

function usage(ctx: DemoContext, output: number) {
  return {
    input_tokens: inputTokens(ctx),
    output_tokens: output,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    service_tier: "standard",
  };
}

function message(ctx: DemoContext, content: unknown[], stop: string | null, output: number) {
  return {
    id: `msg_${ctx.id}`,
    type: "message",
    role: "assistant",
    model: ctx.req.model,
    content,
    stop_reason: stop,
    stop_sequence: null,
    usage: usage(ctx, output),
  };
}

export function messagesJson(ctx: DemoContext) {
  const c = composed(ctx);
  const thinking = c.reasoning.join("");
  const content = [
    { type: "thinking", thinking, signature: signature(thinking) },
    { type: "text", text: c.answer.join(""), citations: null },
  ];
  return message(ctx, content, stopReason(ctx), outputTokens(ctx));
}

export function* messagesEvents(ctx: DemoContext): Generator<SseEvent> {
  const c = composed(ctx);
  const thinking = c.reasoning.join("");
  // Like the API, message_start reports the input and a provisional output count of 1.
  yield typedEvent({ type: "message_start", message: message(ctx, [], null, 1) });
  yield typedEvent({ type: "ping" });

  yield typedEvent({ type: "content_block_start", index: 0, content_block: { type: "thinking", thinking: "", signature: "" } });
  for (const piece of chunk(c.reasoning)) {
    yield typedEvent({ type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: piece } });
  }
  yield typedEvent({
    type: "content_block_delta",
    index: 0,
    delta: { type: "signature_delta", signature: signature(thinking) },
  });
  yield typedEvent({ type: "content_block_stop", index: 0 });

  yield typedEvent({ type: "content_block_start", index: 1, content_block: { type: "text", text: "", citations: null } });
  for (const piece of chunk(c.answer)) {
    yield typedEvent({ type: "content_block_delta", index: 1, delta: { type: "text_delta", text: piece } });
  }
  yield typedEvent({ type: "content_block_stop", index: 1 });

  yield typedEvent({
    type: "message_delta",
    delta: { stop_reason: stopReason(ctx), stop_sequence: null },
    usage: { output_tokens: outputTokens(ctx) },
  });
  yield typedEvent({ type: "message_stop" });
}
