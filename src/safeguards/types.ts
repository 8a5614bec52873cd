import type { SseEvent } from "../lib/sse.js";
import type { Canary } from "./canary.js";
import type { SafeguardCode } from "./policy.js";

/**
 * One dialect's stream transform over parsed events. `push` returns the events
 * to emit for one input event (none, the same, a rewritten one, or a few when
 * a summary is inserted); `end` flushes at the end of the stream. Implementations
 * keep O(1) state apart from a bounded summary buffer and the short list of
 * removed block indexes.
 */
export interface EventDegrader {
  push(ev: SseEvent): SseEvent[];
  end(): SseEvent[];
}

export interface SseHooks {
  /** Each distinct code, the first time something is removed (or would be, in shadow mode). */
  onRemoved?(code: SafeguardCode): void;
  /** Every original event, before any change: the shell reads usage from these. */
  onEvent?(ev: SseEvent): void;
  /** Shadow mode only: the analysis failed; the stream itself kept flowing unchanged. */
  onError?(err: unknown): void;
}

export interface SafeguardContext {
  /** The account's canary, carried in summaries when `policy.canary.enabled`. */
  canary?: Canary | null;
}

/** Event data as JSON, or null when it is not a JSON object (`[DONE]`, comments). */
export function parseData(ev: SseEvent): Record<string, unknown> | null {
  if (ev.data === "" || ev.data === "[DONE]") return null;
  try {
    const v: unknown = JSON.parse(ev.data);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function withData(ev: SseEvent, data: unknown): SseEvent {
  return { event: ev.event, data: JSON.stringify(data), extra: ev.extra };
}
