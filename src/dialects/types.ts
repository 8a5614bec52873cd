/**
 * What every later stage needs to know about a guarded request, independent of
 * the wire dialect it arrived in. Produced by `parseRequest` at the boundary;
 * the pure core (detectors, account machine, safeguards) only ever sees this.
 */
export type Dialect = "openai" | "anthropic";
export type Endpoint = "chat" | "responses" | "completions" | "messages";

export const ENDPOINT_PATHS: Record<string, Endpoint> = {
  "/v1/chat/completions": "chat",
  "/v1/responses": "responses",
  "/v1/completions": "completions",
  "/v1/messages": "messages",
};

export type Role = "system" | "developer" | "user" | "assistant" | "tool";

export interface PromptPart {
  role: Role;
  text: string;
}

export interface ReasoningRequest {
  /** OpenAI `reasoning_effort` / Responses `reasoning.effort`. */
  effort: string | null;
  /** Anthropic `thinking.budget_tokens` when thinking is enabled. */
  budgetTokens: number | null;
  /** Thinking / reasoning explicitly switched on. */
  enabled: boolean;
  /** Raw reasoning asked for in the output (Responses `include: ["reasoning.encrypted_content"]`, summaries). */
  includeRaw: boolean;
}

export interface ParsedRequest {
  endpoint: Endpoint;
  dialect: Dialect;
  model: string;
  /** All texts in conversation order, flattened to plain text per message. */
  messages: PromptPart[];
  /** System / developer / instructions text joined with "\n". */
  system: string;
  /** Tool (function) names offered. */
  tools: string[];
  /** Count of tool results / function outputs in the conversation. */
  toolResults: number;
  /** Count of image inputs. */
  images: number;
  /** Number of choices requested (1 when absent). */
  n: number;
  logprobs: boolean;
  topLogprobs: number;
  /** max_tokens / max_completion_tokens / max_output_tokens; null when absent. */
  maxTokens: number | null;
  temperature: number | null;
  reasoning: ReasoningRequest;
  stream: boolean;
  /** Number of user turns. */
  userTurns: number;
  /** Number of assistant turns already in the conversation. */
  assistantTurns: number;
  /**
   * A reusable prompt stored at the provider that the request names instead
   * of sending its text (Responses `prompt.id`): the guard cannot read its
   * instructions, only the variables it is filled with. null when none.
   */
  storedPrompt: string | null;
  /**
   * The response this request continues (Responses `previous_response_id`),
   * as its 64-bit hash (lib/hash32.ts hex64), never the id itself: the
   * account object links it to what the request that produced it asked
   * (account/chain.ts). null when none.
   */
  previousResponse: string | null;
  /**
   * The conversation this request adds to (Responses `conversation`, an id or
   * `{ id }`), as its 64-bit hash (lib/response-hash.ts conversationHash),
   * never the id itself: the account object links it to what earlier
   * requests and items of that conversation asked (account/conversation.ts).
   * null when none.
   */
  conversation: string | null;
  /** Rough input token estimate (chars / 4, plus per-image and per-message overheads). */
  estInputTokens: number;
}

/** Token usage the origin reported for one response. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
}
