/**
 * Cost of the stream transforms per MB of origin stream, per dialect: a bare
 * identity TransformStream (the floor any streaming proxy pays), shadow mode
 * (bytes through unchanged plus the analysis) and degrade. Synthetic streams
 * of realistic event shapes, ~60% reasoning events and small deltas, because
 * the cost is per event (one JSON parse and, when changed, one stringify),
 * not per byte. Run alone with `npx tsx src/safeguards/bench.ts`;
 * `npm run bench` calls `benchSafeguards`.
 */
import type { Endpoint } from "../dialects/types.js";
import { SafeguardPolicy } from "./policy.js";
import { degradeSse, shadowSse } from "./sse.js";

export interface SafeguardBench {
  mbPerSec: Record<string, number>;
  msPerMb: Record<string, number>;
}

const TARGET_BYTES = 2 * 1024 * 1024;
/** Network reads arrive in pieces of this size, cutting events anywhere. */
const CHUNK = 1024;
const DELTA = "the next few words ";

function sse(events: Array<[string | null, unknown]>): string {
  return events.map(([ev, data]) => (ev ? `event: ${ev}\n` : "") + `data: ${JSON.stringify(data)}\n\n`).join("");
}

/** Repeats reasoning/answer event pairs until the stream is about TARGET_BYTES. */
function build(head: Array<[string | null, unknown]>, reasoning: [string | null, unknown], mid: Array<[string | null, unknown]>, text: [string | null, unknown], tail: Array<[string | null, unknown]>): string {
  const r = sse([reasoning]);
  const t = sse([text]);
  const n = Math.ceil(TARGET_BYTES / (r.length * 1.5 + t.length));
  return sse(head) + r.repeat(Math.round(n * 1.5)) + sse(mid) + t.repeat(n) + sse(tail);
}

function chatStream(): string {
  const env = { id: "chatcmpl-b", object: "chat.completion.chunk", created: 1767225600, model: "bench" };
  const chunk = (delta: object, finish: string | null = null) => [null, { ...env, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] }] as [null, unknown];
  return build([chunk({ role: "assistant", content: "" })], chunk({ reasoning_content: DELTA }), [], chunk({ content: DELTA }),
    [chunk({}, "stop"), [null, { ...env, choices: [], usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 } }]]) + "data: [DONE]\n\n";
}

function responsesStream(): string {
  let seq = 0;
  const e = (type: string, body: object) => [type, { type, ...body, sequence_number: seq++ }] as [string, unknown];
  const resp = { id: "resp_b", object: "response", status: "in_progress", output: [] };
  const head = [e("response.created", { response: resp }), e("response.output_item.added", { output_index: 0, item: { id: "rs_b", type: "reasoning", summary: [] } })];
  const mid = [
    e("response.output_item.done", { output_index: 0, item: { id: "rs_b", type: "reasoning", summary: [] } }),
    e("response.output_item.added", { output_index: 1, item: { id: "msg_b", type: "message", role: "assistant", status: "in_progress", content: [] } }),
  ];
  // Sequence numbers inside the repeated events are not consecutive; the cost is the same.
  const reasoning = e("response.reasoning_text.delta", { item_id: "rs_b", output_index: 0, content_index: 0, delta: DELTA });
  const text = e("response.output_text.delta", { item_id: "msg_b", output_index: 1, content_index: 0, delta: DELTA, logprobs: [] });
  const tail = [e("response.completed", { response: { ...resp, status: "completed", output: [] } })];
  return build(head, reasoning, mid, text, tail);
}

function messagesStream(): string {
  const e = (type: string, body: object) => [type, { type, ...body }] as [string, unknown];
  const message = { id: "msg_b", type: "message", role: "assistant", content: [], model: "bench", usage: { input_tokens: 1, output_tokens: 1 } };
  return build(
    [e("message_start", { message }), e("content_block_start", { index: 0, content_block: { type: "thinking", thinking: "", signature: "" } })],
    e("content_block_delta", { index: 0, delta: { type: "thinking_delta", thinking: DELTA } }),
    [e("content_block_stop", { index: 0 }), e("content_block_start", { index: 1, content_block: { type: "text", text: "" } })],
    e("content_block_delta", { index: 1, delta: { type: "text_delta", text: DELTA } }),
    [e("content_block_stop", { index: 1 }), e("message_delta", { delta: { stop_reason: "end_turn" }, usage: { output_tokens: 9 } }), e("message_stop", {})],
  );
}

async function drain(bytes: Uint8Array, ts: TransformStream<Uint8Array, Uint8Array>): Promise<number> {
  const writer = ts.writable.getWriter();
  const reader = ts.readable.getReader();
  const reading = (async () => {
    let n = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) n += r.value.byteLength;
    return n;
  })();
  for (let i = 0; i < bytes.length; i += CHUNK) await writer.write(bytes.subarray(i, i + CHUNK));
  await writer.close();
  return reading;
}

async function time(bytes: Uint8Array, make: () => TransformStream<Uint8Array, Uint8Array>, rounds: number): Promise<number> {
  await drain(bytes, make()); // warm-up: JIT and the parser's first allocations
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) await drain(bytes, make());
  return (performance.now() - t0) / rounds;
}

export async function benchSafeguards(rounds = 5): Promise<SafeguardBench> {
  const withhold = SafeguardPolicy.parse({});
  const summarize = SafeguardPolicy.parse({ reasoning: "summarize" });
  const streams: Array<[Endpoint, string]> = [["chat", chatStream()], ["responses", responsesStream()], ["messages", messagesStream()]];
  const mbPerSec: Record<string, number> = {};
  const msPerMb: Record<string, number> = {};
  const enc = new TextEncoder();
  // The first streams of a process pay for compiling the streams machinery: keep that out of every figure.
  for (const [endpoint, text] of streams) await time(enc.encode(text), () => degradeSse(endpoint, withhold), 1);
  for (const [endpoint, text] of streams) {
    const bytes = enc.encode(text);
    const mb = bytes.byteLength / (1024 * 1024);
    const variants: Array<[string, () => TransformStream<Uint8Array, Uint8Array>]> = [
      ["identity", () => new TransformStream<Uint8Array, Uint8Array>()],
      ["shadow", () => shadowSse(endpoint, withhold)],
      ["degrade", () => degradeSse(endpoint, withhold)],
      ["summarize", () => degradeSse(endpoint, summarize)],
    ];
    for (const [name, make] of variants) {
      const ms = await time(bytes, make, rounds);
      mbPerSec[`${endpoint}.${name}`] = round(mb / (ms / 1000));
      msPerMb[`${endpoint}.${name}`] = round(ms / mb);
    }
  }
  return { mbPerSec, msPerMb };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

const argv = (globalThis as { process?: { argv?: string[] } }).process?.argv ?? [];
if (argv[1]?.replace(/\\/g, "/").endsWith("safeguards/bench.ts")) {
  const r = await benchSafeguards();
  console.log("| stream.transform | MB/s | ms per MB |\n|---|---|---|");
  for (const key of Object.keys(r.mbPerSec)) console.log(`| ${key} | ${r.mbPerSec[key]} | ${r.msPerMb[key]} |`);
}
