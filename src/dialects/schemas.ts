/**
 * zod schemas for the four guarded request bodies. The body is forwarded to
 * the origin byte for byte, so every object is loose (unknown fields pass) and
 * only the fields the guard reads are typed. Content parts of a type we do not
 * read (audio, files, documents, future types) are accepted as `OtherPart`;
 * the types we do read are validated strictly, so `{"type":"text","text":5}`
 * fails with a path instead of slipping through as "unknown".
 *
 * fast-openai.ts and fast-anthropic.ts mirror these schemas by hand for the
 * common valid body (see draftOf in parse.ts): change them together.
 *
 * References: OpenAI API reference (chat/create, responses/create,
 * completions/create) and Anthropic Messages API reference, cross-checked with
 * the request types of the `openai` v6 and `@anthropic-ai/sdk` v1 packages.
 */
import * as z from "zod";

/**
 * Message of the catch-all branch when it only failed because the part has a
 * known type: the formatter drops branches carrying it, so the error shown is
 * the one of the strict schema for that type.
 */
export const KNOWN_TYPE_MARK = "\u0000known-type";

const count = z.number().int().nonnegative();
const positive = z.number().int().positive();

/**
 * A discriminated union of known part schemas, plus a fallback for any other
 * `type` string (normalised to `{ type: "other", kind }`).
 */
function parts<const T extends readonly [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]]>(
  known: readonly string[],
  options: T,
) {
  const other = z
    .looseObject({
      type: z.string().refine((t) => !known.includes(t), { message: KNOWN_TYPE_MARK }),
    })
    .transform((p) => ({ type: "other" as const, kind: p.type }));
  return z.union([z.discriminatedUnion("type", options), other]);
}

const textOrParts = <T extends z.ZodType>(part: T) => z.union([z.string(), z.array(part)]);

// ---------------------------------------------------------------- OpenAI chat

const ChatPart = parts(
  ["text", "image_url"],
  [
    z.looseObject({ type: z.literal("text"), text: z.string() }),
    z.looseObject({ type: z.literal("image_url"), image_url: z.looseObject({ url: z.string() }) }),
  ],
);

const ChatToolCall = z.looseObject({
  function: z.looseObject({ name: z.string(), arguments: z.string() }).optional(),
  custom: z.looseObject({ name: z.string(), input: z.string() }).optional(),
});

export const ChatMessage = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool", "function"]),
  content: textOrParts(ChatPart).nullish(),
  tool_calls: z.array(ChatToolCall).nullish(),
  function_call: z.looseObject({ name: z.string(), arguments: z.string() }).nullish(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

const ChatTool = z.looseObject({
  type: z.string().optional(),
  function: z.looseObject({ name: z.string() }).optional(),
  custom: z.looseObject({ name: z.string() }).optional(),
});

const StreamOptions = z.looseObject({ include_usage: z.boolean().nullish() });

export const ChatRequest = z.looseObject({
  model: z.string(),
  messages: z.array(ChatMessage),
  tools: z.array(ChatTool).nullish(),
  /** Deprecated predecessor of `tools`, still accepted by the API. */
  functions: z.array(z.looseObject({ name: z.string() })).nullish(),
  n: positive.nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: count.nullish(),
  max_tokens: count.nullish(),
  max_completion_tokens: count.nullish(),
  temperature: z.number().nullish(),
  reasoning_effort: z.string().nullish(),
  stream: z.boolean().nullish(),
  stream_options: StreamOptions.nullish(),
});
export type ChatRequest = z.infer<typeof ChatRequest>;

// ----------------------------------------------------------- OpenAI responses

const ResponsesPart = parts(
  ["input_text", "output_text", "input_image"],
  [
    z.looseObject({ type: z.literal("input_text"), text: z.string() }),
    z.looseObject({ type: z.literal("output_text"), text: z.string() }),
    z.looseObject({
      type: z.literal("input_image"),
      image_url: z.string().nullish(),
      file_id: z.string().nullish(),
    }),
  ],
);

/** A message item; `type: "message"` is optional ("easy input message"). */
export const ResponsesMessageItem = z.looseObject({
  type: z.literal("message").optional(),
  role: z.enum(["user", "assistant", "system", "developer"]),
  content: textOrParts(ResponsesPart),
});

const ResponsesTypedItem = parts(
  ["message", "function_call", "function_call_output", "custom_tool_call", "custom_tool_call_output"],
  [
    z.looseObject({ type: z.literal("function_call"), name: z.string(), arguments: z.string() }),
    z.looseObject({ type: z.literal("custom_tool_call"), name: z.string(), input: z.string() }),
    z.looseObject({ type: z.literal("function_call_output"), output: textOrParts(ResponsesPart) }),
    z.looseObject({ type: z.literal("custom_tool_call_output"), output: textOrParts(ResponsesPart) }),
  ],
);

export const ResponsesItem = z.union([ResponsesMessageItem, ResponsesTypedItem]);
export type ResponsesItem = z.infer<typeof ResponsesItem>;

/** A reusable prompt stored at the provider, named by id and filled with variables (texts, or input parts). */
export const StoredPrompt = z.looseObject({
  id: z.string().min(1),
  version: z.string().nullish(),
  variables: z.record(z.string(), z.unknown()).nullish(),
});

export const ResponsesRequest = z.looseObject({
  model: z.string(),
  /** Optional: a request may continue `previous_response_id` or use a stored prompt. */
  input: textOrParts(ResponsesItem).nullish(),
  prompt: StoredPrompt.nullish(),
  /** A response the provider keeps server-side that this request continues (read as a hash only). */
  previous_response_id: z.string().nullish(),
  /** A conversation the provider keeps server-side that this request adds to: its id, or `{ id }` (read as a hash only). */
  conversation: z.union([z.string(), z.looseObject({ id: z.string() })]).nullish(),
  instructions: z.string().nullish(),
  tools: z.array(z.looseObject({ type: z.string(), name: z.string().optional() })).nullish(),
  max_output_tokens: count.nullish(),
  temperature: z.number().nullish(),
  top_logprobs: count.nullish(),
  include: z.array(z.string()).nullish(),
  reasoning: z.looseObject({ effort: z.string().nullish(), summary: z.string().nullish() }).nullish(),
  stream: z.boolean().nullish(),
});
export type ResponsesRequest = z.infer<typeof ResponsesRequest>;

// ---------------------------------------------------------- OpenAI completions

export const CompletionsRequest = z.looseObject({
  model: z.string(),
  /** Text, texts, or pre-tokenised prompts (token ids). */
  prompt: z
    .union([z.string(), z.array(z.string()), z.array(count), z.array(z.array(count))])
    .nullish(),
  suffix: z.string().nullish(),
  n: positive.nullish(),
  /** Legacy API: an integer, the number of alternatives per token (0 = chosen token only). */
  logprobs: count.nullish(),
  max_tokens: count.nullish(),
  temperature: z.number().nullish(),
  stream: z.boolean().nullish(),
  stream_options: StreamOptions.nullish(),
});
export type CompletionsRequest = z.infer<typeof CompletionsRequest>;

// ---------------------------------------------------------- Anthropic messages

const anthropicLeafBlocks = [
  z.looseObject({ type: z.literal("text"), text: z.string() }),
  z.looseObject({ type: z.literal("image"), source: z.looseObject({ type: z.string() }) }),
] as const;

const ToolResultContent = textOrParts(parts(["text", "image"], anthropicLeafBlocks));

const AnthropicBlock = parts(
  ["text", "image", "document", "tool_use", "tool_result", "thinking"],
  [
    ...anthropicLeafBlocks,
    // A document the model reads: plain text (`source.type` "text", its `data`), content blocks ("content"),
    // or a PDF or URL the guard cannot read (extract-anthropic.ts documentText).
    z.looseObject({ type: z.literal("document"), source: z.looseObject({ type: z.string() }), title: z.string().nullish(), context: z.string().nullish() }),
    z.looseObject({ type: z.literal("tool_use"), name: z.string(), input: z.unknown() }),
    z.looseObject({
      type: z.literal("tool_result"),
      tool_use_id: z.string(),
      content: ToolResultContent.nullish(),
    }),
    z.looseObject({ type: z.literal("thinking"), thinking: z.string() }),
  ],
);
export type AnthropicBlock = z.infer<typeof AnthropicBlock>;

export const AnthropicMessage = z.looseObject({
  role: z.enum(["user", "assistant"]),
  content: textOrParts(AnthropicBlock),
});

const Thinking = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("enabled"), budget_tokens: positive }),
  z.looseObject({ type: z.literal("disabled") }),
  z.looseObject({ type: z.literal("adaptive") }),
]);

export const MessagesRequest = z.looseObject({
  model: z.string(),
  messages: z.array(AnthropicMessage),
  /** Required by the Messages API, unlike the OpenAI dialect. */
  max_tokens: positive,
  system: textOrParts(z.looseObject({ type: z.literal("text"), text: z.string() })).nullish(),
  tools: z.array(z.looseObject({ name: z.string(), type: z.string().optional() })).nullish(),
  thinking: Thinking.nullish(),
  /** Effort control of newer models (`output_config.effort`). */
  output_config: z.looseObject({ effort: z.string().nullish() }).nullish(),
  temperature: z.number().nullish(),
  stream: z.boolean().nullish(),
});
export type MessagesRequest = z.infer<typeof MessagesRequest>;

export const REQUEST_SCHEMAS = {
  chat: ChatRequest,
  responses: ResponsesRequest,
  completions: CompletionsRequest,
  messages: MessagesRequest,
} as const;
