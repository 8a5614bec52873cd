import type { Canary } from "./canary.js";
import type { SafeguardPolicy } from "./policy.js";
import { summarize } from "./summary.js";
import { hasValue, isObj, type Obj, type Report } from "./util.js";

/**
 * Reasoning fields that OpenAI-compatible origins add to chat messages and
 * stream deltas: `reasoning_content` (DeepSeek, vLLM, SGLang), `reasoning`
 * (vLLM >= 0.10, Ollama, OpenRouter), `reasoning_details` (OpenRouter:
 * structured text / summary / encrypted entries, possibly signed).
 */
export const CHAT_REASONING_KEYS = ["reasoning_content", "reasoning", "reasoning_details"] as const;

export interface TakenReasoning {
  /** Plain text of what was removed ("" when it held no readable text). */
  text: string;
  /** The string field the origin used, so a summary goes back where clients look. */
  field: string;
  /** Whether anything informative was removed (empty strings are not worth a report). */
  informative: boolean;
}

/** Removes the reasoning keys from `d` (a copy owned by the caller). Null when there were none. */
export function takeReasoning(d: Obj): TakenReasoning | null {
  let text = "";
  let field: string | null = null;
  let informative = false;
  for (const key of CHAT_REASONING_KEYS) {
    if (!(key in d)) continue;
    const v = d[key];
    delete d[key];
    if (hasValue(v)) informative = true;
    if (typeof v === "string") {
      field ??= key;
      // The same trace under two names (some servers send both) must not be counted twice.
      if (v !== text) text += v;
    } else if (Array.isArray(v) && text === "") {
      text = detailsText(v);
    }
  }
  if (field === null && !informative) return null;
  return { text, field: field ?? "reasoning_content", informative };
}

function detailsText(details: unknown[]): string {
  let s = "";
  for (const d of details) {
    if (!isObj(d)) continue;
    if (typeof d.text === "string") s += d.text;
    else if (typeof d.summary === "string") s += d.summary;
  }
  return s;
}

/** `choices[].logprobs` set to null (the SDK types require the key), reported when it held any. */
export function nullLogprobs(c: Obj, report: Report): void {
  if (c.logprobs === undefined || c.logprobs === null) return;
  c.logprobs = null;
  report("logprobs");
}

/** Chat Completions and (legacy) Completions response bodies. */
export function degradeChoicesJson(json: Obj, policy: SafeguardPolicy, report: Report, canary: Canary | null): Obj {
  if (!Array.isArray(json.choices)) return json;
  const choices = json.choices.map((choice: unknown) => {
    if (!isObj(choice)) return choice;
    const c: Obj = { ...choice };
    if (policy.dropLogprobs) nullLogprobs(c, report);
    if (isObj(c.message)) c.message = degradeMessage(c.message, policy, report, canary);
    return c;
  });
  return { ...json, choices };
}

function degradeMessage(message: Obj, policy: SafeguardPolicy, report: Report, canary: Canary | null): Obj {
  const m: Obj = { ...message };
  const taken = takeReasoning(m);
  if (!taken) return message;
  const summary = policy.reasoning === "summarize" ? summarize(taken.text, policy, canary) : "";
  if (summary !== "") {
    m[taken.field] = summary;
    report("reasoning.summarized");
  } else if (taken.informative) {
    report("reasoning");
  }
  return m;
}
