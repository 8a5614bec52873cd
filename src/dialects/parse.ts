/**
 * The dialect boundary: validate a request body against its endpoint's
 * schema and reduce it to the dialect-free ParsedRequest the core reads.
 */
import { GuardError } from "../lib/guard-error.js";
import { extractMessages } from "./extract-anthropic.js";
import { extractChat, extractCompletions, extractResponses } from "./extract-openai.js";
import type { Draft } from "./draft.js";
import { isCommonMessages } from "./fast-anthropic.js";
import { isCommonChat, isCommonCompletions, isCommonResponses } from "./fast-openai.js";
import { formatZodError } from "./format-issue.js";
import {
  REQUEST_SCHEMAS,
  type ChatRequest,
  type CompletionsRequest,
  type MessagesRequest,
  type ResponsesRequest,
} from "./schemas.js";
import type { Dialect, Endpoint, ParsedRequest } from "./types.js";

export function dialectOf(endpoint: Endpoint): Dialect {
  return endpoint === "messages" ? "anthropic" : "openai";
}

/** The validated body of each endpoint, for code that needs a field ParsedRequest leaves out. */
export interface RequestBodies {
  chat: ChatRequest;
  responses: ResponsesRequest;
  completions: CompletionsRequest;
  messages: MessagesRequest;
}

/**
 * Validates `body` for `endpoint`. Throws GuardError("invalid_request") with a
 * message naming the first offending field. The returned object is zod's
 * output (parts of unread types normalised); forward the original body, not this.
 */
export function validateBody<E extends Endpoint>(endpoint: E, body: unknown): RequestBodies[E] {
  const result = REQUEST_SCHEMAS[endpoint].safeParse(body, { reportInput: true });
  if (!result.success) throw new GuardError("invalid_request", formatZodError(result.error));
  return result.data as RequestBodies[E];
}

export function parseRequest(endpoint: Endpoint, body: unknown): ParsedRequest {
  return finish(endpoint, draftOf(endpoint, body));
}

/**
 * Extracts from the body itself when a fast test (fast-openai.ts,
 * fast-anthropic.ts) recognises its common, valid shape, and from zod's output
 * otherwise. zod stays the source of truth: the fast tests only save its
 * work (about a tenth of the cost), and every error still comes from zod.
 * The result is the same either way because each fast test keeps two
 * properties (test/unit/dialects/fast-path.test.ts checks both against zod):
 *
 * 1. It accepts a subset of what the schema accepts: it mirrors the schema's
 *    checks one for one and returns false on anything it does not mirror.
 * 2. The extractor reads the same from the body as from zod's output. zod's
 *    output differs from its input only by copying objects (same values),
 *    rewriting parts of unknown types to `{ type: "other" }` (the fast
 *    tests return false on those) and dropping `__proto__` keys and copying
 *    inherited ones (which would change the JSON length of a tool definition,
 *    so the fast tests return false on a tool definition with either).
 */
function draftOf(endpoint: Endpoint, body: unknown): Draft {
  switch (endpoint) {
    case "chat":
      return extractChat(isCommonChat(body) ? body : validateBody("chat", body));
    case "responses":
      return extractResponses(isCommonResponses(body) ? body : validateBody("responses", body));
    case "completions":
      return extractCompletions(isCommonCompletions(body) ? body : validateBody("completions", body));
    case "messages":
      return extractMessages(isCommonMessages(body) ? body : validateBody("messages", body));
  }
}

/**
 * Input-token heuristic, deliberately tokenizer-free (it runs on every
 * request at the edge):
 * - text: characters / 4, rounded up: the usual rule of thumb for English
 *   with BPE tokenizers (OpenAI "What are tokens", Anthropic token counting);
 *   tool definitions are counted by their JSON length, as they reach the model;
 * - 4 tokens per message for the role and separators (OpenAI cookbook,
 *   "How to count tokens with tiktoken": 3 per message plus reply priming);
 * - 800 tokens per image: OpenAI charges 765 for a 1024x1024 high-detail
 *   image, Anthropic about 1,600 for a 1092x1092 one and far less for small
 *   ones; 800 is a middle that neither grossly under- nor over-charges;
 * - token-id prompts (legacy completions) count one token per id.
 * The origin's reported usage replaces this estimate whenever there is one.
 */
export const TOKENS_PER_MESSAGE = 4;
export const TOKENS_PER_IMAGE = 800;
export const CHARS_PER_TOKEN = 4;

function finish(endpoint: Endpoint, d: Draft): ParsedRequest {
  let chars = d.toolChars;
  let userTurns = 0;
  let assistantTurns = 0;
  const system: string[] = [];
  for (const m of d.messages) {
    chars += m.text.length;
    if (m.role === "user") userTurns++;
    else if (m.role === "assistant") assistantTurns++;
    else if ((m.role === "system" || m.role === "developer") && m.text !== "") system.push(m.text);
  }
  const estInputTokens =
    Math.ceil(chars / CHARS_PER_TOKEN) +
    TOKENS_PER_MESSAGE * d.messages.length +
    TOKENS_PER_IMAGE * d.images +
    d.tokenIds;
  return {
    endpoint,
    dialect: dialectOf(endpoint),
    model: d.model,
    messages: d.messages,
    system: system.join("\n"),
    tools: d.tools,
    toolResults: d.toolResults,
    images: d.images,
    n: d.n,
    logprobs: d.logprobs,
    topLogprobs: d.topLogprobs,
    maxTokens: d.maxTokens,
    temperature: d.temperature,
    reasoning: d.reasoning,
    stream: d.stream,
    userTurns,
    assistantTurns,
    estInputTokens,
    storedPrompt: d.storedPrompt,
    previousResponse: d.previousResponse,
    conversation: d.conversation,
  };
}
