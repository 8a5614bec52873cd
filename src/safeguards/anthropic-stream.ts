import type { SseEvent } from "../lib/sse.js";
import { degradeMessageJson, isThinkingBlock, summaryBlock } from "./anthropic-json.js";
import type { Canary } from "./canary.js";
import type { SafeguardPolicy } from "./policy.js";
import { SummaryBuffer } from "./summary.js";
import { parseData, withData, type EventDegrader } from "./types.js";
import { countBelow, insertSorted, isObj, type Report } from "./util.js";

const DELTA_HEAD = /^\{"type":"content_block_delta","index":(\d+),/;

/**
 * Anthropic Messages stream. Thinking blocks arrive as content_block_start /
 * content_block_delta (thinking_delta, signature_delta) / content_block_stop
 * with an `index`; removing one shifts every later block down, so later
 * indexes are renumbered to stay 0-based and consecutive, as the SDK's
 * accumulator (`content[event.index]`) requires. In summarize mode the block
 * is kept (same index), its deltas are buffered (bounded) and one
 * thinking_delta with the summary is sent before its stop.
 */
export class AnthropicStreamDegrader implements EventDegrader {
  /** Original indexes of blocks dropped so far, ascending. */
  private readonly removed: number[] = [];
  /** The open thinking block being summarised, if any. */
  private summarizing: { index: number; buf: SummaryBuffer } | null = null;

  constructor(
    private readonly policy: SafeguardPolicy,
    private readonly report: Report,
    private readonly canary: Canary | null,
  ) {}

  push(ev: SseEvent): SseEvent[] {
    const fast = this.fastDelta(ev);
    if (fast) return fast;
    const e = parseData(ev);
    if (!e) return [ev];
    if (e.type === "message_start" && isObj(e.message)) {
      return [withData(ev, { ...e, message: degradeMessageJson(e.message, this.policy, this.report, this.canary) })];
    }
    if (typeof e.index !== "number") return [ev];
    const index = e.index;
    if (e.type === "content_block_start" && isThinkingBlock(e.content_block)) return this.start(ev, index, e.content_block.type);
    if (this.removed.includes(index)) return [];
    if (this.summarizing?.index === index) return this.summarize(ev, e);
    const shift = countBelow(this.removed, index);
    return shift === 0 ? [ev] : [withData(ev, { ...e, index: index - shift })];
  }

  end(): SseEvent[] {
    return [];
  }

  /**
   * Deltas are nearly every event of a stream: those in the API's own compact
   * form are dropped or renumbered by their fixed prefix, without a JSON
   * parse. Null sends the event down the general path.
   */
  private fastDelta(ev: SseEvent): SseEvent[] | null {
    const m = DELTA_HEAD.exec(ev.data);
    if (!m) return null;
    const index = Number(m[1]);
    if (this.summarizing?.index === index) return this.summarizing.buf.isFull ? [] : null;
    if (this.removed.includes(index)) return [];
    const shift = countBelow(this.removed, index);
    if (shift === 0) return [ev];
    return [{ ...ev, data: `{"type":"content_block_delta","index":${index - shift},${ev.data.slice(m[0].length)}` }];
  }

  private start(ev: SseEvent, index: number, type: unknown): SseEvent[] {
    if (this.policy.reasoning === "summarize" && type === "thinking") {
      this.summarizing = { index, buf: new SummaryBuffer(this.policy.summaryMaxChars) };
      const block = { type: "content_block_start", index: this.mapped(index), content_block: summaryBlock("") };
      return [withData(ev, block)];
    }
    insertSorted(this.removed, index);
    this.report("reasoning");
    return [];
  }

  private summarize(ev: SseEvent, e: Record<string, unknown>): SseEvent[] {
    const s = this.summarizing!;
    if (e.type === "content_block_delta") {
      const d = e.delta;
      if (isObj(d) && d.type === "thinking_delta" && typeof d.thinking === "string") s.buf.push(d.thinking);
      return [];
    }
    if (e.type !== "content_block_stop") return [];
    this.summarizing = null;
    const index = this.mapped(s.index);
    const out: SseEvent[] = [];
    const summary = s.buf.summary(this.policy, this.canary);
    if (summary !== "") {
      this.report("reasoning.summarized");
      const delta = { type: "content_block_delta", index, delta: { type: "thinking_delta", thinking: summary } };
      out.push(withData({ event: "content_block_delta", data: "", extra: [] }, delta));
    } else {
      this.report("reasoning");
    }
    out.push(withData(ev, { ...e, index }));
    return out;
  }

  private mapped(index: number): number {
    return index - countBelow(this.removed, index);
  }
}
