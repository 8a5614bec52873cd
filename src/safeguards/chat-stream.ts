import type { SseEvent } from "../lib/sse.js";
import type { Canary } from "./canary.js";
import { nullLogprobs, takeReasoning } from "./chat-json.js";
import type { SafeguardPolicy } from "./policy.js";
import { SummaryBuffer } from "./summary.js";
import { parseData, withData, type EventDegrader } from "./types.js";
import { hasValue, isObj, type Obj, type Report } from "./util.js";

/** A logprobs object or array in raw chunk JSON (`"logprobs":null` is on every chunk and needs nothing). */
const LOGPROBS_SET = /"logprobs":\s*[[{]/;

interface PendingSummary {
  buf: SummaryBuffer;
  field: string;
  done: boolean;
}

/**
 * Chat Completions (and legacy Completions) chunks. Reasoning keys and
 * logprobs are stripped from each choice; a chunk that carried nothing else
 * is dropped, but the final usage chunk and `[DONE]` always pass. In
 * summarize mode the head of each choice's trace is buffered (bounded) and
 * one reasoning delta holding the summary is emitted when the buffer is full
 * or the answer starts.
 */
export class ChatStreamDegrader implements EventDegrader {
  private readonly pending = new Map<number, PendingSummary>();
  /** Envelope (id, model, created...) of the last chunk, for an inserted summary chunk. */
  private envelope: Obj | null = null;
  private readonly summarizing: boolean;

  constructor(
    private readonly policy: SafeguardPolicy,
    private readonly report: Report,
    private readonly canary: Canary | null,
  ) {
    this.summarizing = policy.reasoning === "summarize";
  }

  push(ev: SseEvent): SseEvent[] {
    if (ev.data === "[DONE]") return [...this.flushAll(ev), ev];
    // Fast path: nothing to strip in this chunk and no summary waiting for the answer to start.
    if (!ev.data.includes("reasoning") && !LOGPROBS_SET.test(ev.data) && !this.waiting()) return [ev];
    const chunk = parseData(ev);
    if (!chunk || !Array.isArray(chunk.choices)) return [ev];
    this.envelope = chunk;
    const before: SseEvent[] = [];
    let stripped = false;
    const choices: unknown[] = [];
    for (const choice of chunk.choices) {
      if (!isObj(choice)) {
        choices.push(choice);
        continue;
      }
      const r = this.degradeChoice(choice, ev, before);
      stripped ||= r.stripped;
      if (!(r.stripped && isEmptyChoice(r.choice))) choices.push(r.choice);
    }
    const out = { ...chunk, choices };
    const keep = !stripped || choices.length > 0 || hasValue(chunk.usage) || chunk.choices.length === 0;
    return keep ? [...before, withData(ev, out)] : before;
  }

  end(): SseEvent[] {
    return this.flushAll({ event: null, data: "", extra: [] });
  }

  private waiting(): boolean {
    for (const p of this.pending.values()) if (!p.done) return true;
    return false;
  }

  private degradeChoice(choice: Obj, ev: SseEvent, before: SseEvent[]): { choice: Obj; stripped: boolean } {
    const c: Obj = { ...choice };
    let stripped = false;
    if (this.policy.dropLogprobs && c.logprobs != null) {
      nullLogprobs(c, this.report);
      stripped = true;
    }
    if (!isObj(c.delta)) return { choice: c, stripped };
    const d: Obj = { ...c.delta };
    c.delta = d;
    const index = typeof c.index === "number" ? c.index : 0;
    const taken = takeReasoning(d);
    if (taken) {
      stripped = true;
      if (!this.summarizing) {
        if (taken.informative) this.report("reasoning");
      } else {
        const p = this.pendingFor(index, taken.field);
        if (!p.done && p.buf.push(taken.text)) this.emitInto(d, p);
      }
    }
    const p = this.pending.get(index);
    if (p && !p.done && (answerStarted(d) || c.finish_reason != null)) {
      before.push(...this.flushOne(index, p, ev));
    }
    return { choice: c, stripped };
  }

  private pendingFor(index: number, field: string): PendingSummary {
    let p = this.pending.get(index);
    if (!p) {
      p = { buf: new SummaryBuffer(this.policy.summaryMaxChars), field, done: false };
      this.pending.set(index, p);
    }
    return p;
  }

  private emitInto(d: Obj, p: PendingSummary): void {
    p.done = true;
    const summary = p.buf.summary(this.policy, this.canary);
    if (summary === "") return;
    d[p.field] = summary;
    this.report("reasoning.summarized");
  }

  /** A chunk holding only the summary delta of one choice, shaped like the stream's own chunks. */
  private flushOne(index: number, p: PendingSummary, ev: SseEvent): SseEvent[] {
    p.done = true;
    const summary = p.buf.summary(this.policy, this.canary);
    if (summary === "" || !this.envelope) return [];
    this.report("reasoning.summarized");
    const chunk: Obj = { ...this.envelope, choices: [{ index, delta: { [p.field]: summary }, logprobs: null, finish_reason: null }] };
    if ("usage" in chunk) chunk.usage = null;
    return [withData({ event: ev.event, data: "", extra: [] }, chunk)];
  }

  private flushAll(ev: SseEvent): SseEvent[] {
    const out: SseEvent[] = [];
    for (const [index, p] of this.pending) if (!p.done) out.push(...this.flushOne(index, p, ev));
    return out;
  }
}

/** The answer (text, refusal or tool calls) has begun in this delta. */
function answerStarted(d: Obj): boolean {
  return hasValue(d.content) || hasValue(d.refusal) || hasValue(d.tool_calls) || hasValue(d.function_call);
}

/** Nothing left for the client: no delta content, no finish reason, no logprobs. */
function isEmptyChoice(c: Obj): boolean {
  if (c.finish_reason != null || hasValue(c.logprobs) || hasValue(c.text)) return false;
  if (!isObj(c.delta)) return true;
  return !Object.values(c.delta).some(hasValue);
}
