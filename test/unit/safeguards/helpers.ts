import { SafeguardPolicy } from "../../../src/safeguards/policy.js";
import { SseParser } from "../../../src/lib/sse.js";

export const policy = (over: Record<string, unknown> = {}): SafeguardPolicy => SafeguardPolicy.parse(over);

/** Feeds `text` through `ts` in chunks of `size` bytes (0 = one chunk) and returns the output text. */
export async function run(ts: TransformStream<Uint8Array, Uint8Array>, text: string, size = 0): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  const step = size > 0 ? size : bytes.length;
  const input = new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < bytes.length; i += step) c.enqueue(bytes.slice(i, i + step));
      c.close();
    },
  });
  return new Response(input.pipeThrough(ts)).text();
}

/** Chunk sizes every stream test is run with: byte by byte, odd splits that cut UTF-8 and lines, whole. */
export const CHUNK_SIZES = [1, 7, 64, 0];

export function events(text: string): Array<{ event: string | null; data: string }> {
  const p = new SseParser();
  return [...p.push(new TextEncoder().encode(text)), ...p.end()].map((e) => ({ event: e.event, data: e.data }));
}

export function jsonEvents(text: string): Array<Record<string, unknown>> {
  return events(text)
    .filter((e) => e.data !== "[DONE]")
    .map((e) => JSON.parse(e.data) as Record<string, unknown>);
}

/** A fetch that answers every request with `body` (a stream or a JSON value). */
export function fakeFetch(body: ReadableStream<Uint8Array> | unknown, stream: boolean): typeof fetch {
  return async () =>
    stream
      ? new Response(body as ReadableStream<Uint8Array>, { headers: { "content-type": "text/event-stream" } })
      : new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
}

export function streamOf(text: string): ReadableStream<Uint8Array> {
  return new Response(text).body!;
}

/** Reads a nested field of parsed JSON (tests inspect wire shapes without typing them). */
export function at(v: unknown, ...path: Array<string | number>): unknown {
  let cur = v;
  for (const key of path) {
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

/** The `type` of each entry of an array field. */
export function types(v: unknown, ...path: Array<string | number>): unknown[] {
  const arr = at(v, ...path);
  return Array.isArray(arr) ? arr.map((x) => at(x, "type")) : [];
}
