import type { SseEvent } from "../lib/sse.js";
import type { Canary } from "./canary.js";
import type { SafeguardPolicy } from "./policy.js";
import {
  degradeResponseJson, isReasoningItem, reasoningInformative, reasoningItemText, stripItemLogprobs,
  stripPartLogprobs, summarizedItem,
} from "./responses-json.js";
import { summarize, SummaryBuffer } from "./summary.js";
import { parseData, withData, type EventDegrader } from "./types.js";
import { countBelow, insertSorted, isObj, rawInt, type Obj, type Report } from "./util.js";

/** Non-empty logprobs array in raw event JSON (OpenAI now sends `"logprobs":[]` on every text delta). */
const LOGPROBS_PRESENT = /"logprobs":\s*\[\s*\{/;

/** High-volume events whose only nested values are strings and logprobs. */
const FAST_TYPES = new Set([
  "response.output_text.delta",
  "response.function_call_arguments.delta",
  "response.reasoning_text.delta",
  "response.reasoning_summary_text.delta",
]);

interface Tracked {
  raw: SummaryBuffer;
  summary: SummaryBuffer;
}

/**
 * Responses API stream. Withhold drops every event of a reasoning item
 * (output_item.added / done, content_part.*, reasoning_text.*,
 * reasoning_summary_*), shifts later `output_index` values down, and keeps
 * `sequence_number` consecutive; the `response` in created / in_progress /
 * completed events loses the same items. Summarize keeps the item, drops its
 * own events and sends one summary part (added, delta, done) before its
 * output_item.done. Event order and numbering then match a stream the origin
 * could have sent, which the SDK's accumulator checks (`missing output at index`).
 */
export class ResponsesStreamDegrader implements EventDegrader {
  /** Original output indexes of dropped items, ascending. */
  private readonly removed: number[] = [];
  /** Reasoning items being summarised, by original output index. */
  private readonly tracked = new Map<number, Tracked>();
  /** Added to every later sequence_number: events inserted minus events dropped. */
  private seqOffset = 0;

  constructor(
    private readonly policy: SafeguardPolicy,
    private readonly report: Report,
    private readonly canary: Canary | null,
  ) {}

  push(ev: SseEvent): SseEvent[] {
    if (this.pristine() && !ev.data.includes("reasoning") && !LOGPROBS_PRESENT.test(ev.data)) return [ev];
    const fast = this.fastDelta(ev);
    if (fast) return fast;
    const e = parseData(ev);
    if (!e) return [ev];
    const index = typeof e.output_index === "number" ? e.output_index : null;
    if (index !== null) {
      if (e.type === "response.output_item.added" && isReasoningItem(e.item)) return this.added(ev, e, index, e.item);
      if (this.removed.includes(index)) return this.drop(e);
      const t = this.tracked.get(index);
      if (t) return this.trackedEvent(ev, e, index, t);
    }
    let out: Obj = e;
    if (isObj(e.response)) out = { ...out, response: degradeResponseJson(e.response, this.policy, this.report, this.canary) };
    if (index !== null) out = this.renumber(out, index);
    if (this.policy.dropLogprobs) out = this.stripLogprobs(out);
    out = this.sequence(out);
    return out === e ? [ev] : [withData(ev, out)];
  }

  end(): SseEvent[] {
    return [];
  }

  /**
   * Text and argument deltas are nearly every event of a stream. Their only
   * numbers are the top-level output_index and sequence_number, so they are
   * dropped or renumbered in the raw text (see rawInt) without a JSON parse.
   * Null sends the event down the general path.
   */
  private fastDelta(ev: SseEvent): SseEvent[] | null {
    if (ev.event === null || !FAST_TYPES.has(ev.event) || LOGPROBS_PRESENT.test(ev.data)) return null;
    const oi = rawInt(ev.data, '"output_index":');
    if (!oi) return null;
    const seq = rawInt(ev.data, '"sequence_number":');
    const t = this.tracked.get(oi.value);
    // A trace being summarised is read only until its bounded buffer is full.
    if (t && !(ev.event === "response.reasoning_text.delta" ? t.raw : t.summary).isFull) return null;
    if (t || this.removed.includes(oi.value)) {
      if (seq) this.seqOffset--;
      return [];
    }
    const edits: Array<{ at: number; end: number; value: number }> = [];
    const to = this.mapped(oi.value);
    if (to !== oi.value) edits.push({ ...oi, value: to });
    if (seq && this.seqOffset !== 0) edits.push({ ...seq, value: seq.value + this.seqOffset });
    if (edits.length === 0) return [ev];
    edits.sort((a, b) => b.at - a.at);
    let data = ev.data;
    for (const x of edits) data = data.slice(0, x.at) + String(x.value) + data.slice(x.end);
    return [{ ...ev, data }];
  }

  private pristine(): boolean {
    return this.removed.length === 0 && this.tracked.size === 0 && this.seqOffset === 0;
  }

  private added(ev: SseEvent, e: Obj, index: number, item: Obj): SseEvent[] {
    if (this.policy.reasoning === "withhold") {
      insertSorted(this.removed, index);
      this.report("reasoning");
      return this.drop(e);
    }
    const max = this.policy.summaryMaxChars;
    this.tracked.set(index, { raw: new SummaryBuffer(max), summary: new SummaryBuffer(max) });
    const out = this.sequence({ ...e, output_index: this.mapped(index), item: summarizedItem(item, "") });
    return [withData(ev, out)];
  }

  /** Events of an item being summarised: text is buffered (bounded), the events are replaced at its end. */
  private trackedEvent(ev: SseEvent, e: Obj, index: number, t: Tracked): SseEvent[] {
    if (e.type === "response.reasoning_text.delta" && typeof e.delta === "string") t.raw.push(e.delta);
    if (e.type === "response.reasoning_summary_text.delta" && typeof e.delta === "string") t.summary.push(e.delta);
    if (e.type !== "response.output_item.done" || !isObj(e.item)) return this.drop(e);
    this.tracked.delete(index);
    let summary = "";
    const full = reasoningItemText(e.item);
    if (full.trim() !== "") summary = summarize(full, this.policy, this.canary);
    else if (!t.raw.empty) summary = t.raw.summary(this.policy, this.canary);
    else if (!t.summary.empty) summary = t.summary.summary(this.policy, this.canary);
    if (summary !== "") this.report("reasoning.summarized");
    else if (reasoningInformative(e.item)) this.report("reasoning");
    const base = { item_id: e.item.id, output_index: this.mapped(index), summary_index: 0 };
    const name = (type: string): string | null => (ev.event === null ? null : type);
    const out: SseEvent[] = [];
    const emit = (type: string, fields: Obj): void => {
      const data = this.inserted({ type, ...base, ...fields }, e);
      out.push(withData({ event: name(type), data: "", extra: [] }, data));
    };
    if (summary !== "") {
      emit("response.reasoning_summary_part.added", { part: { type: "summary_text", text: "" } });
      emit("response.reasoning_summary_text.delta", { delta: summary });
      emit("response.reasoning_summary_text.done", { text: summary });
      emit("response.reasoning_summary_part.done", { part: { type: "summary_text", text: summary } });
    }
    const done = { ...e, output_index: this.mapped(index), item: summarizedItem(e.item, summary) };
    out.push(withData(ev, this.sequence(done)));
    return out;
  }

  private drop(e: Obj): SseEvent[] {
    if (typeof e.sequence_number === "number") this.seqOffset--;
    return [];
  }

  /** An event the origin did not send, numbered just before `next` (the event that triggered it). */
  private inserted(data: Obj, next: Obj): Obj {
    if (typeof next.sequence_number !== "number") return data;
    const seq = next.sequence_number + this.seqOffset;
    this.seqOffset++;
    return { ...data, sequence_number: seq };
  }

  private sequence(e: Obj): Obj {
    if (this.seqOffset === 0 || typeof e.sequence_number !== "number") return e;
    return { ...e, sequence_number: e.sequence_number + this.seqOffset };
  }

  private mapped(index: number): number {
    return index - countBelow(this.removed, index);
  }

  private renumber(e: Obj, index: number): Obj {
    const to = this.mapped(index);
    return to === index ? e : { ...e, output_index: to };
  }

  /** Logprobs on text deltas / done events, on output_text parts and on message items. */
  private stripLogprobs(e: Obj): Obj {
    let out = e;
    if (Array.isArray(e.logprobs) && e.logprobs.length > 0) {
      this.report("logprobs");
      out = { ...out, logprobs: [] };
    }
    if (e.part !== undefined) {
      const part = stripPartLogprobs(e.part, this.report);
      if (part !== e.part) out = { ...out, part };
    }
    if (e.item !== undefined) {
      const item = stripItemLogprobs(e.item, this.report);
      if (item !== e.item) out = { ...out, item };
    }
    return out;
  }
}
