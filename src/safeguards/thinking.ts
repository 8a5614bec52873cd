import type { SafeguardPolicy } from "./policy.js";
import { isObj, type Obj, type Report } from "./util.js";

/**
 * Anthropic `thinking` on the request side. The API's rules
 * (https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking):
 * `budget_tokens` must be >= 1024 and < `max_tokens`; and in a tool-use loop
 * the final assistant message must start with its (signed) thinking block
 * while thinking is on, unless thinking is switched off for that request.
 */
const MIN_BUDGET = 1024;

function thinkingOn(body: Obj): boolean {
  const t = body.thinking;
  return isObj(t) && (t.type === "enabled" || t.type === "adaptive");
}

/** Mutates `out` (a copy owned by the caller): thinking off, or its budget lowered. */
export function degradeThinking(out: Obj, policy: SafeguardPolicy, report: Report): void {
  const t = out.thinking;
  if (!isObj(t) || !thinkingOn(out)) return;
  if (policy.anthropicThinking === "off" || t.type !== "enabled" || typeof t.budget_tokens !== "number") {
    // `adaptive` has no budget to lower, and models that only know `adaptive`
    // would reject an invented `enabled` budget: off is the safe reading.
    delete out.thinking;
    report("thinking");
    return;
  }
  let target = Math.min(t.budget_tokens, policy.anthropicThinkingBudget);
  if (typeof out.max_tokens === "number") target = Math.min(target, out.max_tokens - 1);
  if (target < MIN_BUDGET) {
    delete out.thinking;
    report("thinking");
  } else if (target < t.budget_tokens) {
    out.thinking = { ...t, budget_tokens: target };
    report("thinking.budget");
  }
}

/**
 * Keeps a conversation valid after its thinking was withheld or summarised.
 *
 * 1. Thinking blocks with an empty signature are the guard's own summaries
 *    (a real block is always signed): the origin would reject them, so they
 *    are dropped from the echoed history.
 * 2. A client in a tool loop echoes the assistant turn it received, which no
 *    longer starts with a thinking block; with thinking on the origin answers
 *    400 ("a final assistant message must start with a thinking block"), so
 *    thinking is switched off for that request, as the error itself advises.
 *
 * Only requests that would fail are changed, so the shell can run this on every
 * Messages request, including those of accounts no longer degraded.
 */
export function repairThinkingContinuity(out: Obj, report: Report): void {
  if (!Array.isArray(out.messages)) return;
  let echoed = false;
  const messages = out.messages.map((m: unknown) => {
    if (!isObj(m) || m.role !== "assistant" || !Array.isArray(m.content)) return m;
    const content = m.content.filter((b: unknown) => !isUnsignedThinking(b));
    if (content.length === m.content.length) return m;
    echoed = true;
    return { ...m, content };
  });
  if (echoed) {
    out.messages = messages;
    report("thinking.echo");
  }
  if (thinkingOn(out) && toolLoopWithoutThinking(messages)) {
    delete out.thinking;
    report("thinking.continuity");
  }
}

function isUnsignedThinking(b: unknown): boolean {
  return isObj(b) && b.type === "thinking" && (typeof b.signature !== "string" || b.signature === "");
}

function blocks(m: unknown): Obj[] {
  if (!isObj(m) || !Array.isArray(m.content)) return [];
  return m.content.filter(isObj);
}

/** Last message is a user turn with tool results answering an assistant turn that has no leading thinking. */
function toolLoopWithoutThinking(messages: unknown[]): boolean {
  const last = messages[messages.length - 1];
  const prev = messages[messages.length - 2];
  if (!isObj(last) || last.role !== "user" || !isObj(prev) || prev.role !== "assistant") return false;
  if (!blocks(last).some((b) => b.type === "tool_result")) return false;
  const asst = blocks(prev);
  if (!asst.some((b) => b.type === "tool_use")) return false;
  const first = asst[0]?.type;
  return first !== "thinking" && first !== "redacted_thinking";
}
