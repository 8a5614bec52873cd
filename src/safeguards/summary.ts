import type { SafeguardPolicy } from "./policy.js";
import type { Canary } from "./canary.js";

/**
 * Extractive summary of withheld reasoning: its first sentence(s), up to
 * `maxChars`. Extractive on purpose: it adds nothing the model did not say,
 * costs no model call, and the first sentence of a trace is usually the plan
 * ("The user wants X; I'll do Y"), which is what a reader needs, while the
 * step-by-step body, the part with training value, is left out.
 *
 * `truncated` says `text` is only the head of a longer trace (stream buffers),
 * so it must not be returned whole as if it were complete.
 */
export function extractSummary(text: string, maxChars: number, truncated = false): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (t.length <= maxChars && !truncated) return t;
  let cut = -1;
  const sentenceEnd = /[.!?](?= )/g;
  for (let m = sentenceEnd.exec(t); m && m.index < maxChars; m = sentenceEnd.exec(t)) cut = m.index + 1;
  if (cut > 0) return t.slice(0, cut);
  const space = t.lastIndexOf(" ", maxChars - 1);
  const head = space > 0 ? t.slice(0, space) : t.slice(0, maxChars - 1);
  return head === "" ? "" : head + "…";
}

/**
 * The text that replaces the reasoning: the extract behind a label that says
 * it is the guard's, never the model's (and carries the canary when enabled).
 * Empty when there is nothing to summarise: callers then withhold instead.
 */
export function summaryText(extract: string, policy: SafeguardPolicy, canary?: Canary | null): string {
  if (extract === "") return "";
  const ref = canary && policy.canary.enabled ? ` · ref ${canary.phrase}` : "";
  return `[${policy.summaryLabel}${ref}] ${extract}`;
}

export function summarize(text: string, policy: SafeguardPolicy, canary?: Canary | null): string {
  return summaryText(extractSummary(text, policy.summaryMaxChars), policy, canary);
}

/**
 * Bounded head of a streamed trace: keeps at most about `maxChars` characters
 * (whitespace collapsed), so summarising a stream never holds the whole trace.
 */
export class SummaryBuffer {
  private buf = "";
  private full = false;

  constructor(private readonly maxChars: number) {}

  /** Returns true once enough is held to fix the summary; later text is ignored. */
  push(delta: string): boolean {
    if (this.full) return true;
    this.buf += delta;
    if (this.buf.length > this.maxChars) {
      this.buf = this.buf.replace(/\s+/g, " ").trimStart();
      if (this.buf.length > this.maxChars) {
        this.buf = this.buf.slice(0, this.maxChars + 1);
        this.full = true;
      }
    }
    return this.full;
  }

  /** Enough is held: later text can be dropped unread. */
  get isFull(): boolean {
    return this.full;
  }

  get empty(): boolean {
    return this.buf.trim() === "";
  }

  summary(policy: SafeguardPolicy, canary?: Canary | null): string {
    return summaryText(extractSummary(this.buf, this.maxChars, this.full), policy, canary);
  }
}
