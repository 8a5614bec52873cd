/**
 * Response helpers of the demo origin: JSON, and Server-Sent Events streamed
 * from a lazy event source so each event really leaves as its own chunk (the
 * guard's stream transforms and disconnect handling are tested against this).
 */
import { formatSse, type SseEvent } from "../lib/sse.js";

/** Upper bound of `x-demo-delay-ms`, so a test cannot hang a worker. */
export const MAX_DELAY_MS = 1000;

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

/**
 * A JSON answer whose headers leave at once and whose body follows `delayMs` later (`x-demo-delay-ms` on the
 * Conversations routes): how the guard's tests see an origin that is slow to finish an answer it has begun.
 */
export function slowJsonResponse(body: unknown, delayMs: number): Response {
  if (delayMs <= 0) return jsonResponse(body);
  const bytes = new TextEncoder().encode(JSON.stringify(body));
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await wait(delayMs);
      if (cancelled) return;
      controller.enqueue(bytes);
      controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return new Response(stream, { status: 200, headers: { "content-type": "application/json" } });
}

export function delayFrom(headers: Headers): number {
  const raw = Number(headers.get("x-demo-delay-ms") ?? "0");
  if (!Number.isFinite(raw) || raw <= 0) return 0;
  return Math.min(MAX_DELAY_MS, Math.floor(raw));
}

/** `data:`-only event (OpenAI chat / completions). */
export function dataEvent(data: unknown): SseEvent {
  return { event: null, data: typeof data === "string" ? data : JSON.stringify(data), extra: [] };
}

/** Named event whose name is the payload's `type` (Responses, Anthropic). */
export function typedEvent(data: { type: string; [field: string]: unknown }): SseEvent {
  return { event: data.type, data: JSON.stringify(data), extra: [] };
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * One SSE event per pull: with the default high-water mark of one chunk, the
 * next event is produced only when the reader has taken the previous one, and
 * a cancelled reader stops the generator.
 */
export function sseResponse(events: Iterable<SseEvent>, delayMs: number): Response {
  const it = events[Symbol.iterator]();
  const encoder = new TextEncoder();
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (delayMs > 0) await wait(delayMs);
      // The reader may have gone away while we waited; enqueueing then would throw.
      if (cancelled) return;
      const next = it.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(formatSse(next.value)));
    },
    cancel() {
      cancelled = true;
      it.return?.();
    },
  });
  return new Response(body, {
    status: 200,
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" },
  });
}
