import type { Endpoint } from "../dialects/types.js";
import { formatSse, SseParser, type SseEvent } from "../lib/sse.js";
import { AnthropicStreamDegrader } from "./anthropic-stream.js";
import { ChatStreamDegrader } from "./chat-stream.js";
import type { SafeguardCode, SafeguardPolicy } from "./policy.js";
import { ResponsesStreamDegrader } from "./responses-stream.js";
import type { EventDegrader, SafeguardContext, SseHooks } from "./types.js";
import type { Report } from "./util.js";

export function eventDegrader(endpoint: Endpoint, policy: SafeguardPolicy, report: Report, ctx: SafeguardContext = {}): EventDegrader {
  const canary = ctx.canary ?? null;
  if (endpoint === "responses") return new ResponsesStreamDegrader(policy, report, canary);
  if (endpoint === "messages") return new AnthropicStreamDegrader(policy, report, canary);
  return new ChatStreamDegrader(policy, report, canary);
}

/**
 * formatSse adds an empty `data:` line to a block without data, which turns a
 * comment-only keep-alive (": OPENROUTER PROCESSING") into an empty message
 * that the openai SDK then fails to JSON-parse. Comment-only blocks are far
 * more common than deliberately empty `data:` events, so they go out as comments.
 */
function serialize(ev: SseEvent): string {
  if (ev.event === null && ev.data === "" && ev.extra.length > 0) return ev.extra.join("\n") + "\n\n";
  return formatSse(ev);
}

/** Reports each distinct code once per stream: a trace has thousands of deltas, a recorder wants one line. */
function onceReporter(hooks: SseHooks): Report {
  const seen = new Set<SafeguardCode>();
  return (code) => {
    if (seen.has(code)) return;
    seen.add(code);
    hooks.onRemoved?.(code);
  };
}

/**
 * The response-side safeguards for a streamed (text/event-stream) body.
 * Incremental: each chunk is parsed as it arrives and what it completes is
 * emitted at once; only an unfinished event tail and a bounded summary
 * buffer are held. Events that need no change are re-serialised as parsed.
 */
export function degradeSse(
  endpoint: Endpoint,
  policy: SafeguardPolicy,
  hooks: SseHooks = {},
  ctx: SafeguardContext = {},
): TransformStream<Uint8Array, Uint8Array> {
  const parser = new SseParser();
  const encoder = new TextEncoder();
  const degrader = eventDegrader(endpoint, policy, onceReporter(hooks), ctx);
  const emit = (events: SseEvent[], last: boolean, controller: TransformStreamDefaultController<Uint8Array>): void => {
    let s = "";
    for (const ev of events) {
      hooks.onEvent?.(ev);
      for (const out of degrader.push(ev)) s += serialize(out);
    }
    if (last) for (const out of degrader.end()) s += serialize(out);
    if (s !== "") controller.enqueue(encoder.encode(s));
  };
  return new TransformStream({
    transform: (chunk, controller) => emit(parser.push(chunk), false, controller),
    flush: (controller) => emit(parser.end(), true, controller),
  });
}

/**
 * Shadow mode: bytes pass through unchanged and first, then the same analysis
 * runs on a side path and reports what degrading would have removed. A failure
 * of the analysis stops the analysis (reported to `onError`), never the stream.
 */
export function shadowSse(
  endpoint: Endpoint,
  policy: SafeguardPolicy,
  hooks: SseHooks = {},
  ctx: SafeguardContext = {},
): TransformStream<Uint8Array, Uint8Array> {
  const parser = new SseParser();
  const degrader = eventDegrader(endpoint, policy, onceReporter(hooks), ctx);
  let failed = false;
  const analyse = (events: () => SseEvent[], last: boolean): void => {
    if (failed) return;
    try {
      for (const ev of events()) {
        hooks.onEvent?.(ev);
        degrader.push(ev);
      }
      if (last) degrader.end();
    } catch (err) {
      failed = true;
      hooks.onError?.(err);
    }
  };
  return new TransformStream({
    transform: (chunk, controller) => {
      controller.enqueue(chunk);
      analyse(() => parser.push(chunk), false);
    },
    flush: () => analyse(() => parser.end(), true),
  });
}
