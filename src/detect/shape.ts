/** Request shape: the knobs extraction pipelines turn (logprobs, n, reasoning budgets) and how conversational a request is. */
import type { ParsedRequest } from "../dialects/types.js";
import type { RequestShape } from "./types.js";

export function requestShape(req: ParsedRequest): RequestShape {
  const r = req.reasoning;
  return {
    logprobs: req.logprobs || req.topLogprobs > 0,
    topLogprobs: req.topLogprobs,
    n: req.n,
    temperature: req.temperature,
    maxTokens: req.maxTokens,
    reasoningRequested: r.enabled || r.includeRaw || r.effort !== null || (r.budgetTokens ?? 0) > 0,
    // A real conversation has earlier assistant turns; a pipeline sends one question at a time.
    singleTurn: req.assistantTurns === 0 && req.userTurns <= 1,
    conversationDepth: req.userTurns + req.assistantTurns,
    tools: req.tools.length,
    images: req.images,
    stream: req.stream,
  };
}
