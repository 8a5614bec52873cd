/**
 * Fast paths for the three OpenAI bodies: a hand-written test of the common,
 * valid shape, so that parse.ts can skip zod for it. See draftOf in parse.ts
 * for the two properties every test here must keep, and why they make the
 * result identical to zod's.
 *
 * Each function mirrors its schema in schemas.ts field by field, with one
 * deliberate narrowing: a content part or item of a type the guard does not
 * read (zod's `OtherPart` fallback, which rewrites it to `{ type: "other" }`)
 * makes the test fail, so that rewrite only ever happens in zod.
 */
import {
  copiesVerbatim,
  everyItem,
  isBool,
  isCount,
  isNum,
  isObj,
  isPositive,
  isStr,
  isTextOrParts,
  nullish,
  nullishStr,
  optional,
} from "./json-checks.js";
import {
  ChatMessage,
  ResponsesMessageItem,
  type ChatRequest,
  type CompletionsRequest,
  type ResponsesRequest,
} from "./schemas.js";

// Role enums come from the schemas, so the two cannot drift apart.
const CHAT_ROLES: ReadonlySet<unknown> = new Set(ChatMessage.shape.role.options);
const RESPONSES_ROLES: ReadonlySet<unknown> = new Set(ResponsesMessageItem.shape.role.options);

const nullishCount = (v: unknown) => nullish(v, isCount);
const nullishNum = (v: unknown) => nullish(v, isNum);
const nullishBool = (v: unknown) => nullish(v, isBool);
const streamOptions = (v: unknown) => isObj(v) && nullishBool(v.include_usage);

// ---------------------------------------------------------------- chat

function chatPart(p: unknown): boolean {
  if (!isObj(p)) return false;
  if (p.type === "text") return isStr(p.text);
  if (p.type === "image_url") return isObj(p.image_url) && isStr(p.image_url.url);
  return false;
}

const nameArgs = (v: unknown) => isObj(v) && isStr(v.name) && isStr(v.arguments);
const nameInput = (v: unknown) => isObj(v) && isStr(v.name) && isStr(v.input);
const toolCall = (c: unknown) => isObj(c) && optional(c.function, nameArgs) && optional(c.custom, nameInput);

function chatMessage(m: unknown): boolean {
  return (
    isObj(m) &&
    CHAT_ROLES.has(m.role) &&
    nullish(m.content, (c) => isTextOrParts(c, chatPart)) &&
    nullish(m.tool_calls, (c) => everyItem(c, toolCall)) &&
    nullish(m.function_call, nameArgs)
  );
}

// Tool definitions are counted by their JSON length (draft.ts toolChars), so
// zod's copy of each must serialise exactly as the original does.
const namedVerbatim = (v: unknown) => isObj(v) && isStr(v.name) && copiesVerbatim(v);

function chatTool(t: unknown): boolean {
  return (
    isObj(t) &&
    copiesVerbatim(t) &&
    optional(t.type, isStr) &&
    optional(t.function, namedVerbatim) &&
    optional(t.custom, namedVerbatim)
  );
}

/** True only when `ChatRequest` accepts `b` and its output reads the same as `b` (parse.ts draftOf). */
export function isCommonChat(b: unknown): b is ChatRequest {
  return (
    isObj(b) &&
    isStr(b.model) &&
    everyItem(b.messages, chatMessage) &&
    nullish(b.tools, (v) => everyItem(v, chatTool)) &&
    nullish(b.functions, (v) => everyItem(v, namedVerbatim)) &&
    nullish(b.n, isPositive) &&
    nullishBool(b.logprobs) &&
    nullishCount(b.top_logprobs) &&
    nullishCount(b.max_tokens) &&
    nullishCount(b.max_completion_tokens) &&
    nullishNum(b.temperature) &&
    nullishStr(b.reasoning_effort) &&
    nullishBool(b.stream) &&
    nullish(b.stream_options, streamOptions)
  );
}

// ----------------------------------------------------------- responses

function responsesPart(p: unknown): boolean {
  if (!isObj(p)) return false;
  switch (p.type) {
    case "input_text":
    case "output_text":
      return isStr(p.text);
    case "input_image":
      return nullishStr(p.image_url) && nullishStr(p.file_id);
    default:
      return false;
  }
}

/**
 * `ResponsesItem` is a union tried in order: a message item (no `type`, or
 * "message") wins when valid; any other `type` fails the message branch's
 * literal and goes to the typed items, whose discriminator picks one schema.
 */
function responsesItem(it: unknown): boolean {
  if (!isObj(it)) return false;
  switch (it.type) {
    case undefined:
    case "message":
      return RESPONSES_ROLES.has(it.role) && isTextOrParts(it.content, responsesPart);
    case "function_call":
      return nameArgs(it);
    case "custom_tool_call":
      return nameInput(it);
    case "function_call_output":
    case "custom_tool_call_output":
      return isTextOrParts(it.output, responsesPart);
    default:
      return false;
  }
}

const responsesTool = (t: unknown) => isObj(t) && copiesVerbatim(t) && isStr(t.type) && optional(t.name, isStr);
const reasoning = (r: unknown) => isObj(r) && nullishStr(r.effort) && nullishStr(r.summary);
/** `StoredPrompt`: an id, a version, variables as an object of anything. */
const storedPrompt = (p: unknown) =>
  isObj(p) && copiesVerbatim(p) && isStr(p.id) && p.id.length > 0 && nullishStr(p.version) &&
  nullish(p.variables, (v) => isObj(v) && copiesVerbatim(v));

/** True only when `ResponsesRequest` accepts `b` and its output reads the same as `b` (parse.ts draftOf). */
export function isCommonResponses(b: unknown): b is ResponsesRequest {
  return (
    isObj(b) &&
    isStr(b.model) &&
    nullish(b.input, (v) => isTextOrParts(v, responsesItem)) &&
    nullish(b.prompt, storedPrompt) &&
    nullishStr(b.previous_response_id) &&
    nullishStr(b.conversation) &&
    nullishStr(b.instructions) &&
    nullish(b.tools, (v) => everyItem(v, responsesTool)) &&
    nullishCount(b.max_output_tokens) &&
    nullishNum(b.temperature) &&
    nullishCount(b.top_logprobs) &&
    nullish(b.include, (v) => everyItem(v, isStr)) &&
    nullish(b.reasoning, reasoning) &&
    nullishBool(b.stream)
  );
}

// --------------------------------------------------------- completions

/** The prompt union's four branches; each accepted array matches one of them whole. */
function prompt(p: unknown): boolean {
  return (
    isStr(p) ||
    everyItem(p, isStr) ||
    everyItem(p, isCount) ||
    everyItem(p, (ids) => everyItem(ids, isCount))
  );
}

/** True only when `CompletionsRequest` accepts `b` and its output reads the same as `b` (parse.ts draftOf). */
export function isCommonCompletions(b: unknown): b is CompletionsRequest {
  return (
    isObj(b) &&
    isStr(b.model) &&
    nullish(b.prompt, prompt) &&
    nullishStr(b.suffix) &&
    nullish(b.n, isPositive) &&
    nullishCount(b.logprobs) &&
    nullishCount(b.max_tokens) &&
    nullishNum(b.temperature) &&
    nullishBool(b.stream) &&
    nullish(b.stream_options, streamOptions)
  );
}
