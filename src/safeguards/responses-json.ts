import type { Canary } from "./canary.js";
import type { SafeguardPolicy } from "./policy.js";
import { summarize } from "./summary.js";
import { hasValue, isObj, type Obj, type Report } from "./util.js";

/**
 * Responses API objects. A `reasoning` output item carries `summary`
 * (summary_text parts), optionally `content` (raw reasoning_text, from
 * open-weight servers such as gpt-oss on vLLM) and `encrypted_content`.
 * Withhold drops the item; summarize keeps the item (same position, so stream
 * and final object agree) with only a summary of our own, never its content
 * or encrypted content. Logprobs live on `output_text` parts.
 */
export function isReasoningItem(item: unknown): item is Obj {
  return isObj(item) && item.type === "reasoning";
}

/** Readable text of a reasoning item: raw content when present, else its summaries. */
export function reasoningItemText(item: Obj): string {
  const pick = (parts: unknown, key: string): string =>
    Array.isArray(parts) ? parts.map((p) => (isObj(p) && typeof p[key] === "string" ? p[key] : "")).join(" ") : "";
  const raw = pick(item.content, "text");
  return raw.trim() !== "" ? raw : pick(item.summary, "text");
}

/** Whether an item holds anything beyond its id: a summary, raw content or encrypted content. */
export function reasoningInformative(item: Obj): boolean {
  return hasValue(item.summary) || hasValue(item.content) || hasValue(item.encrypted_content);
}

/** The reasoning item reduced to its id and status, with the given summary text (if any). */
export function summarizedItem(item: Obj, summary: string): Obj {
  const out: Obj = { id: item.id, type: "reasoning", summary: summary === "" ? [] : [{ type: "summary_text", text: summary }] };
  if (item.status !== undefined) out.status = item.status;
  return out;
}

/** `output_text` parts of a message item with their logprobs emptied. */
export function stripPartLogprobs(part: unknown, report: Report): unknown {
  if (!isObj(part) || !Array.isArray(part.logprobs) || part.logprobs.length === 0) return part;
  report("logprobs");
  return { ...part, logprobs: [] };
}

export function stripItemLogprobs(item: unknown, report: Report): unknown {
  if (!isObj(item) || item.type !== "message" || !Array.isArray(item.content)) return item;
  let changed = false;
  const content = item.content.map((p: unknown) => {
    const q = stripPartLogprobs(p, report);
    changed ||= q !== p;
    return q;
  });
  return changed ? { ...item, content } : item;
}

/** A whole Response object (non-stream body, or the `response` of created / completed events). */
export function degradeResponseJson(json: Obj, policy: SafeguardPolicy, report: Report, canary: Canary | null): Obj {
  if (!Array.isArray(json.output)) return json;
  const output: unknown[] = [];
  for (const item of json.output) {
    if (isReasoningItem(item)) {
      const summary = policy.reasoning === "summarize" ? summarize(reasoningItemText(item), policy, canary) : "";
      if (summary !== "") report("reasoning.summarized");
      else if (policy.reasoning === "withhold" || reasoningInformative(item)) report("reasoning");
      if (policy.reasoning === "summarize") output.push(summarizedItem(item, summary));
    } else {
      output.push(policy.dropLogprobs ? stripItemLogprobs(item, report) : item);
    }
  }
  return { ...json, output };
}
