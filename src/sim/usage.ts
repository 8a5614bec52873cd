/**
 * What the origin would report as usage for a call: input tokens from the
 * text actually sent (about four characters a token for English, plus
 * per-message, per-image and tool-definition overheads) and output tokens
 * as produced, capped by the request's maximum, times `n`.
 */
import type { Call } from "./call.js";
import type { Usage } from "./contract.js";

const toolChars = new WeakMap<object, number>();

function toolsLength(c: Call): number {
  if (!c.tools?.length) return 0;
  let n = toolChars.get(c.tools);
  if (n === undefined) {
    n = JSON.stringify(c.tools).length;
    toolChars.set(c.tools, n);
  }
  return n;
}

export function inputTokens(c: Call): number {
  let chars = (c.system?.length ?? 0) + toolsLength(c);
  let images = 0;
  for (const t of c.turns) {
    if (t.role === "user") {
      chars += t.text.length;
      images += t.images?.length ?? 0;
    } else if (t.role === "assistant") {
      chars += t.text?.length ?? 0;
      for (const tc of t.toolCalls ?? []) chars += tc.name.length + JSON.stringify(tc.args).length;
    } else {
      chars += t.text.length;
    }
  }
  return Math.ceil(chars / 4) + 4 * (c.turns.length + 1) + 850 * images;
}

export function usageOf(c: Call): Usage {
  const cap = c.maxTokens ?? Number.POSITIVE_INFINITY;
  const perChoice = Math.max(1, Math.min(cap, Math.round(c.outputTokens)));
  return { input_tokens: inputTokens(c), output_tokens: perChoice * Math.max(1, c.n ?? 1) };
}
