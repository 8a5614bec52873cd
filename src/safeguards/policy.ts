import * as z from "zod";

/**
 * What a `degrade` decision does to a request and its response. Every knob is
 * a policy setting so an operator can trade training-value reduction against
 * the experience of the (possibly legitimate) user who gets degraded; see
 * docs/safeguards.md for what each one costs that user.
 *
 * `SafeguardPolicy.parse({})` yields the full default.
 */
export const CanaryPolicy = z.object({
  /** Off by default: a canary marks the output and can be filtered out once known. */
  enabled: z.boolean().default(false),
  /** Words in the per-account phrase; 4 words from a 256-word list = 32 bits. */
  words: z.number().int().min(2).max(8).default(4),
});
export type CanaryPolicy = z.infer<typeof CanaryPolicy>;

export const SafeguardPolicy = z.object({
  /** Upper bound on `n` (chat, completions). */
  capN: z.number().int().min(1).default(1),
  /** Drop `logprobs` / `top_logprobs` requests and strip logprobs from responses. */
  dropLogprobs: z.boolean().default(true),
  /** Reasoning in responses: removed, or replaced by a short extractive summary. */
  reasoning: z.enum(["withhold", "summarize"]).default("withhold"),
  /** Longest extract kept in `summarize` mode (characters, label excluded). */
  summaryMaxChars: z.number().int().min(40).max(4000).default(280),
  /** Marks a summary as the guard's, so nobody mistakes it for the model's reasoning. */
  summaryLabel: z.string().min(1).max(120).default("Summary of withheld reasoning"),
  /**
   * Anthropic `thinking` on degraded requests: switched off (the default: withheld
   * thinking would still be billed to the user), or its budget lowered.
   */
  anthropicThinking: z.enum(["off", "lower"]).default("off"),
  /** Budget for `lower`; the API requires 1024 <= budget_tokens < max_tokens. */
  anthropicThinkingBudget: z.number().int().min(1024).default(1024),
  /** Drop Responses `include` entries and `reasoning.summary` that ask for raw reasoning. */
  dropReasoningInclude: z.boolean().default(true),
  /** Cap on max_tokens / max_completion_tokens / max_output_tokens; null leaves them alone. */
  maxTokensCap: z.number().int().min(1).nullable().default(null),
  canary: CanaryPolicy.prefault({}),
});
export type SafeguardPolicy = z.infer<typeof SafeguardPolicy>;

/** Machine-readable codes of what a safeguard changed (or, in shadow mode, would change). */
export type SafeguardCode =
  // request side
  | "n"
  | "logprobs"
  | "reasoning.include"
  | "reasoning.summary"
  | "thinking"
  | "thinking.budget"
  | "thinking.continuity"
  | "thinking.echo"
  | "max_tokens"
  // response side ("logprobs" is shared)
  | "reasoning"
  | "reasoning.summarized";
