/**
 * The dialect layer: everything that knows the OpenAI and Anthropic wire
 * formats of requests, errors and usage. The rest of the guard imports from here.
 */
export * from "./types.js";
export { parseRequest, validateBody, dialectOf, type RequestBodies } from "./parse.js";
export { CHARS_PER_TOKEN, TOKENS_PER_IMAGE, TOKENS_PER_MESSAGE } from "./parse.js";
export { errorBody, guessDialect, type OpenAiErrorBody, type AnthropicErrorBody } from "./errors.js";
export { usageFromJson, StreamUsageTracker } from "./usage.js";
export {
  REQUEST_SCHEMAS,
  ChatRequest,
  ResponsesRequest,
  CompletionsRequest,
  MessagesRequest,
} from "./schemas.js";
