import type { Canary } from "./canary.js";
import type { SafeguardPolicy } from "./policy.js";
import { summarize } from "./summary.js";
import { isObj, type Obj, type Report } from "./util.js";

/**
 * Anthropic Messages content. `thinking` blocks are withheld, or in summarize
 * mode replaced by a thinking block holding the summary and an empty
 * signature. Why a thinking block and not a text block: clients that read
 * `content` for the answer (very often `content[0].text` or "all text blocks")
 * would show the summary as if it were the answer; a thinking block is where
 * clients that asked for thinking already look, and one without a signature
 * is recognisably not the model's (request.ts drops it if echoed back).
 * `redacted_thinking` is encrypted: nothing to summarise, always withheld.
 */
export function isThinkingBlock(b: unknown): b is Obj {
  return isObj(b) && (b.type === "thinking" || b.type === "redacted_thinking");
}

export function summaryBlock(text: string): Obj {
  return { type: "thinking", thinking: text, signature: "" };
}

export function degradeMessageJson(json: Obj, policy: SafeguardPolicy, report: Report, canary: Canary | null): Obj {
  if (!Array.isArray(json.content) || !json.content.some(isThinkingBlock)) return json;
  const content: unknown[] = [];
  for (const b of json.content) {
    if (!isThinkingBlock(b)) {
      content.push(b);
      continue;
    }
    const text = b.type === "thinking" && typeof b.thinking === "string" ? b.thinking : "";
    const summary = policy.reasoning === "summarize" ? summarize(text, policy, canary) : "";
    if (summary !== "") {
      content.push(summaryBlock(summary));
      report("reasoning.summarized");
    } else {
      report("reasoning");
    }
  }
  return { ...json, content };
}
