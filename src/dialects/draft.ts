/**
 * What an endpoint-specific extractor collects from a validated body before
 * `parseRequest` derives the counts and the token estimate from it.
 */
import { jsonLength } from "./json-length.js";
import type { PromptPart, ReasoningRequest, Role } from "./types.js";

export interface Draft {
  model: string;
  /** Conversation in order; a top-level system prompt / instructions comes first as role "system". */
  messages: PromptPart[];
  tools: string[];
  /** Serialised tool definitions: they are sent to the model and cost input tokens. */
  toolChars: number;
  toolResults: number;
  images: number;
  /** Tokens given directly as token ids (legacy completions prompts). */
  tokenIds: number;
  n: number;
  logprobs: boolean;
  topLogprobs: number;
  maxTokens: number | null;
  temperature: number | null;
  reasoning: ReasoningRequest;
  stream: boolean;
  /** ParsedRequest.storedPrompt. */
  storedPrompt: string | null;
  /** ParsedRequest.previousResponse. */
  previousResponse: string | null;
  /** ParsedRequest.conversation. */
  conversation: string | null;
}

export function emptyDraft(model: string): Draft {
  return {
    model,
    messages: [],
    tools: [],
    toolChars: 0,
    toolResults: 0,
    images: 0,
    tokenIds: 0,
    n: 1,
    logprobs: false,
    topLogprobs: 0,
    maxTokens: null,
    temperature: null,
    reasoning: { effort: null, budgetTokens: null, enabled: false, includeRaw: false },
    stream: false,
    storedPrompt: null,
    previousResponse: null,
    conversation: null,
  };
}

/** Appends a message, joining its text pieces with newlines. */
export function pushMessage(d: Draft, role: Role, texts: string[]): void {
  d.messages.push({ role, text: texts.filter((t) => t !== "").join("\n") });
}

/** The tool definitions' JSON length, as they reach the model: `JSON.stringify(tools).length`. */
export function toolChars(tools: readonly unknown[]): number {
  if (tools.length === 0) return 0;
  const n = jsonLength(tools);
  return n >= 0 ? n : JSON.stringify(tools).length;
}
