/**
 * Watching a streamed response go by without holding it: every chunk is passed
 * on as it arrives, SSE events are parsed only to read usage, and the end of
 * the stream — complete, or cut short by a client that disconnected — is
 * reported once, so the reservation is always reconciled and never leaked.
 */
import type { Endpoint } from "../dialects/types.js";
import { StreamUsageTracker } from "../dialects/usage.js";
import type { Usage } from "../dialects/types.js";
import { SseParser } from "../lib/sse.js";

export interface StreamOutcome {
  usage: Usage | null;
  generatedChars: number;
  /** False when the client went away (or the origin failed) before the end. */
  complete: boolean;
  /** The Responses stream's response id, once `response.created` (or a terminal event) went by; else null. */
  responseId: string | null;
}

export function tapSse(
  body: ReadableStream<Uint8Array>,
  endpoint: Endpoint,
  onEnd: (o: StreamOutcome) => void,
  clientGone?: AbortSignal,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const parser = new SseParser();
  const tracker = new StreamUsageTracker(endpoint);
  let ended = false;
  const finish = (complete: boolean) => {
    if (ended) return;
    ended = true;
    if (complete) for (const ev of parser.end()) tracker.observe(ev);
    const r = tracker.result();
    onEnd({ usage: r.usage, generatedChars: r.generatedChars, complete, responseId: r.responseId });
  };
  // A disconnected client shows up as the response body being cancelled, or
  // (where the runtime reports it earlier, `enable_request_signal`) as the
  // request's signal aborting. Either ends the origin stream too, so the
  // model stops generating for nobody.
  clientGone?.addEventListener("abort", () => {
    finish(false);
    reader.cancel("client disconnected").catch(() => undefined);
  });
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          finish(true);
          controller.close();
          return;
        }
        for (const ev of parser.push(value)) tracker.observe(ev);
        controller.enqueue(value);
      } catch (err) {
        finish(false);
        controller.error(err);
      }
    },
    async cancel(reason) {
      finish(false);
      await reader.cancel(reason);
    },
  });
}

