/**
 * Hand-written wire fixtures shaped after the SDK type definitions
 * (openai/resources/chat/completions, openai/resources/responses,
 * @anthropic-ai/sdk/resources/messages) and after what reasoning origins send
 * (DeepSeek / vLLM `reasoning_content`, gpt-oss `reasoning_text`).
 */
export interface WireEvent {
  event?: string;
  data: unknown;
}

export function toSse(events: WireEvent[]): string {
  return events
    .map((e) => {
      const data = typeof e.data === "string" ? e.data : JSON.stringify(e.data);
      return (e.event ? `event: ${e.event}\n` : "") + data.split("\n").map((l) => `data: ${l}\n`).join("") + "\n";
    })
    .join("");
}

export const REASONING =
  "The user wants the capital of France. I recall it is Paris, which has been the capital since the 10th century. " +
  "Let me double-check against other large French cities: Lyon, Marseille. No, Paris is right. " +
  "I will answer briefly — c’est très simple — and mention the population of about 2.1 million.";

const chatEnvelope = { id: "chatcmpl-9x", object: "chat.completion.chunk", created: 1767225600, model: "deepseek-reasoner", system_fingerprint: "fp_1" };
const lp = (token: string) => ({ content: [{ token, logprob: -0.02, bytes: [...token].map((c) => c.charCodeAt(0)), top_logprobs: [{ token, logprob: -0.02, bytes: null }] }], refusal: null });
const chatChunk = (delta: object, extra: object = {}) => ({ data: { ...chatEnvelope, choices: [{ index: 0, delta, logprobs: null, finish_reason: null, ...extra }] } });

/** Split into a few deltas the way a server streams them. */
function pieces(text: string, n: number): string[] {
  const size = Math.ceil(text.length / n);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

export const chatStream: WireEvent[] = [
  chatChunk({ role: "assistant", content: null, reasoning_content: "" }),
  ...pieces(REASONING, 6).map((r) => chatChunk({ content: null, reasoning_content: r })),
  chatChunk({ content: "Paris" }, { logprobs: lp("Paris") }),
  chatChunk({ content: " is the capital." }, { logprobs: lp(" is the capital.") }),
  chatChunk({}, { finish_reason: "stop" }),
  { data: { ...chatEnvelope, choices: [], usage: { prompt_tokens: 12, completion_tokens: 80, total_tokens: 92, completion_tokens_details: { reasoning_tokens: 64 } } } },
  { data: "[DONE]" },
];

export const chatJson = {
  id: "chatcmpl-9x", object: "chat.completion", created: 1767225600, model: "deepseek-reasoner",
  choices: [
    { index: 0, message: { role: "assistant", content: "Paris is the capital.", reasoning_content: REASONING, refusal: null }, logprobs: lp("Paris"), finish_reason: "stop" },
    { index: 1, message: { role: "assistant", content: "Paris.", reasoning: "Short trace.", reasoning_details: [{ type: "reasoning.text", text: "Short trace.", signature: "sig" }] }, logprobs: null, finish_reason: "stop" },
  ],
  usage: { prompt_tokens: 12, completion_tokens: 80, total_tokens: 92 },
};

const cmpl = (text: string, extra: object = {}) => ({ data: { id: "cmpl-1", object: "text_completion", created: 1767225600, model: "gpt-3.5-turbo-instruct", choices: [{ text, index: 0, logprobs: { tokens: [text], token_logprobs: [-0.1], top_logprobs: [{ [text]: -0.1 }], text_offset: [0] }, finish_reason: null, ...extra }] } });
export const completionsStream: WireEvent[] = [cmpl("Once"), cmpl(" upon"), cmpl(" a time", { finish_reason: "length" }), { data: "[DONE]" }];
export const completionsJson = {
  id: "cmpl-1", object: "text_completion", created: 1767225600, model: "gpt-3.5-turbo-instruct",
  choices: [{ text: "Once upon a time", index: 0, logprobs: { tokens: ["Once"], token_logprobs: [-0.1], top_logprobs: null, text_offset: [0] }, finish_reason: "length" }],
  usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
};

const baseResponse = { id: "resp_1", object: "response", created_at: 1767225600, model: "gpt-oss-120b", status: "in_progress", output: [] as unknown[], parallel_tool_calls: true, tool_choice: "auto", tools: [], error: null, incomplete_details: null, instructions: null, metadata: {}, temperature: 1, top_p: 1 };
const rsItem = { id: "rs_1", type: "reasoning", summary: [{ type: "summary_text", text: "Looked up the capital." }], content: [{ type: "reasoning_text", text: REASONING }], encrypted_content: "gAAAAB-opaque" };
const outText = { type: "output_text", text: "Paris is the capital.", annotations: [], logprobs: [{ token: "Paris", logprob: -0.02, bytes: [80], top_logprobs: [] }] };
const msgItem = { id: "msg_1", type: "message", status: "completed", role: "assistant", content: [outText] };
const fcItem = { id: "fc_1", type: "function_call", status: "completed", call_id: "call_1", name: "lookup", arguments: '{"city":"Paris"}' };

export const responsesJson = { ...baseResponse, status: "completed", output: [rsItem, msgItem, fcItem], usage: { input_tokens: 12, input_tokens_details: { cached_tokens: 0 }, output_tokens: 80, output_tokens_details: { reasoning_tokens: 64 }, total_tokens: 92 } };

function responsesEvents(): WireEvent[] {
  const ev: Array<Record<string, unknown>> = [];
  const rs = { item_id: "rs_1", output_index: 0 };
  const msg = { item_id: "msg_1", output_index: 1, content_index: 0 };
  ev.push({ type: "response.created", response: baseResponse });
  ev.push({ type: "response.in_progress", response: baseResponse });
  ev.push({ type: "response.output_item.added", output_index: 0, item: { id: "rs_1", type: "reasoning", summary: [] } });
  ev.push({ type: "response.reasoning_summary_part.added", ...rs, summary_index: 0, part: { type: "summary_text", text: "" } });
  ev.push({ type: "response.reasoning_summary_text.delta", ...rs, summary_index: 0, delta: "Looked up the capital." });
  ev.push({ type: "response.reasoning_summary_text.done", ...rs, summary_index: 0, text: "Looked up the capital." });
  ev.push({ type: "response.reasoning_summary_part.done", ...rs, summary_index: 0, part: { type: "summary_text", text: "Looked up the capital." } });
  ev.push({ type: "response.content_part.added", ...rs, content_index: 0, part: { type: "reasoning_text", text: "" } });
  for (const d of pieces(REASONING, 5)) ev.push({ type: "response.reasoning_text.delta", ...rs, content_index: 0, delta: d });
  ev.push({ type: "response.reasoning_text.done", ...rs, content_index: 0, text: REASONING });
  ev.push({ type: "response.content_part.done", ...rs, content_index: 0, part: { type: "reasoning_text", text: REASONING } });
  ev.push({ type: "response.output_item.done", output_index: 0, item: rsItem });
  ev.push({ type: "response.output_item.added", output_index: 1, item: { ...msgItem, status: "in_progress", content: [] } });
  ev.push({ type: "response.content_part.added", ...msg, part: { ...outText, text: "", logprobs: [] } });
  ev.push({ type: "response.output_text.delta", ...msg, delta: "Paris", logprobs: outText.logprobs });
  ev.push({ type: "response.output_text.delta", ...msg, delta: " is the capital.", logprobs: [] });
  ev.push({ type: "response.output_text.done", ...msg, text: "Paris is the capital.", logprobs: outText.logprobs });
  ev.push({ type: "response.content_part.done", ...msg, part: outText });
  ev.push({ type: "response.output_item.done", output_index: 1, item: msgItem });
  ev.push({ type: "response.output_item.added", output_index: 2, item: { ...fcItem, status: "in_progress", arguments: "" } });
  ev.push({ type: "response.function_call_arguments.delta", item_id: "fc_1", output_index: 2, delta: '{"city":' });
  ev.push({ type: "response.function_call_arguments.delta", item_id: "fc_1", output_index: 2, delta: '"Paris"}' });
  ev.push({ type: "response.function_call_arguments.done", item_id: "fc_1", output_index: 2, arguments: '{"city":"Paris"}' });
  ev.push({ type: "response.output_item.done", output_index: 2, item: fcItem });
  ev.push({ type: "response.completed", response: responsesJson });
  return ev.map((e, i) => ({ event: String(e.type), data: { ...e, sequence_number: i } }));
}
export const responsesStream = responsesEvents();

const message = { id: "msg_01", type: "message", role: "assistant", model: "claude-sonnet-4-5", content: [] as unknown[], stop_reason: null, stop_sequence: null, usage: { input_tokens: 25, output_tokens: 1 } };
const aev = (type: string, body: object): WireEvent => ({ event: type, data: { type, ...body } });
export const anthropicStream: WireEvent[] = [
  aev("message_start", { message }),
  aev("content_block_start", { index: 0, content_block: { type: "thinking", thinking: "", signature: "" } }),
  ...pieces(REASONING, 4).map((t) => aev("content_block_delta", { index: 0, delta: { type: "thinking_delta", thinking: t } })),
  aev("content_block_delta", { index: 0, delta: { type: "signature_delta", signature: "EqQBCgIYAhIM1gbcDa9GJwZA2b3h" } }),
  aev("content_block_stop", { index: 0 }),
  aev("content_block_start", { index: 1, content_block: { type: "redacted_thinking", data: "EmwKAhgBEgy3va3pzix/LafPsn4a" } }),
  aev("content_block_stop", { index: 1 }),
  aev("ping", {}),
  aev("content_block_start", { index: 2, content_block: { type: "text", text: "" } }),
  aev("content_block_delta", { index: 2, delta: { type: "text_delta", text: "Paris is" } }),
  aev("content_block_delta", { index: 2, delta: { type: "text_delta", text: " the capital." } }),
  aev("content_block_stop", { index: 2 }),
  aev("content_block_start", { index: 3, content_block: { type: "tool_use", id: "toolu_01", name: "lookup", input: {} } }),
  aev("content_block_delta", { index: 3, delta: { type: "input_json_delta", partial_json: '{"city":' } }),
  aev("content_block_delta", { index: 3, delta: { type: "input_json_delta", partial_json: '"Paris"}' } }),
  aev("content_block_stop", { index: 3 }),
  aev("message_delta", { delta: { stop_reason: "tool_use", stop_sequence: null }, usage: { output_tokens: 120 } }),
  aev("message_stop", {}),
];

export const anthropicJson = {
  ...message,
  content: [
    { type: "thinking", thinking: REASONING, signature: "EqQBCgIYAhIM1gbcDa9GJwZA2b3h" },
    { type: "redacted_thinking", data: "EmwKAhgBEgy3va3pzix/LafPsn4a" },
    { type: "text", text: "Paris is the capital." },
    { type: "tool_use", id: "toolu_01", name: "lookup", input: { city: "Paris" } },
  ],
  stop_reason: "tool_use",
};
