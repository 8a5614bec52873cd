/**
 * Flattens validated OpenAI bodies (chat completions, responses, legacy
 * completions) into a Draft. Parts the guard does not read (audio, files,
 * reasoning items) contribute nothing but are still forwarded untouched.
 */
import type { ChatMessage, ChatRequest, CompletionsRequest, ResponsesItem, ResponsesRequest } from "./schemas.js";
import { emptyDraft, pushMessage, toolChars, type Draft } from "./draft.js";
import type { Role } from "./types.js";
import { conversationHash, responseHash } from "../lib/response-hash.js";

export function extractChat(body: ChatRequest): Draft {
  const d = emptyDraft(body.model);
  for (const m of body.messages) chatMessage(d, m);
  const tools = body.tools ?? [];
  const functions = body.functions ?? [];
  d.tools = [
    ...tools.map((t) => t.function?.name ?? t.custom?.name ?? t.type ?? "tool"),
    ...functions.map((f) => f.name),
  ];
  d.toolChars = toolChars(tools) + toolChars(functions);
  d.n = body.n ?? 1;
  d.logprobs = body.logprobs === true;
  d.topLogprobs = d.logprobs ? (body.top_logprobs ?? 0) : 0;
  d.maxTokens = body.max_completion_tokens ?? body.max_tokens ?? null;
  d.temperature = body.temperature ?? null;
  const effort = body.reasoning_effort ?? null;
  // Chat completions never returns OpenAI's own reasoning text, so includeRaw stays false.
  d.reasoning = { effort, budgetTokens: null, enabled: effort !== null && effort !== "none", includeRaw: false };
  d.stream = body.stream === true;
  return d;
}

function chatMessage(d: Draft, m: ChatMessage): void {
  const texts: string[] = [];
  const content = m.content ?? "";
  if (typeof content === "string") texts.push(content);
  else {
    for (const p of content) {
      if (p.type === "text") texts.push(p.text);
      else if (p.type === "image_url") d.images++;
    }
  }
  // Tool calls the assistant made earlier are part of the context the model reads.
  for (const c of m.tool_calls ?? []) {
    if (c.function) texts.push(`${c.function.name}(${c.function.arguments})`);
    else if (c.custom) texts.push(`${c.custom.name}(${c.custom.input})`);
  }
  if (m.function_call) texts.push(`${m.function_call.name}(${m.function_call.arguments})`);
  const role: Role = m.role === "function" ? "tool" : m.role;
  if (role === "tool") d.toolResults++;
  pushMessage(d, role, texts);
}

/**
 * A stored prompt's variables, as the user text the guard can read: string
 * values, and the text of parts that carry one (`input_text`); an image or
 * file part counts as an image. Its instructions stay at the provider.
 */
function storedPromptTexts(d: Draft, variables: Record<string, unknown>): string[] {
  const texts: string[] = [];
  for (const v of Object.values(variables)) {
    if (typeof v === "string") texts.push(v);
    else if (typeof v === "object" && v !== null && !Array.isArray(v)) {
      const part = v as { type?: unknown; text?: unknown };
      if (typeof part.text === "string") texts.push(part.text);
      else if (part.type === "input_image" || part.type === "input_file") d.images++;
    }
  }
  return texts;
}

export function extractResponses(body: ResponsesRequest): Draft {
  const d = emptyDraft(body.model);
  if (body.instructions) pushMessage(d, "system", [body.instructions]);
  if (body.prompt) {
    d.storedPrompt = body.prompt.id;
    const texts = body.prompt.variables ? storedPromptTexts(d, body.prompt.variables) : [];
    if (texts.length) pushMessage(d, "user", texts);
  }
  if (body.previous_response_id) d.previousResponse = responseHash(body.previous_response_id);
  const conv = typeof body.conversation === "string" ? body.conversation : body.conversation?.id;
  if (conv) d.conversation = conversationHash(conv);
  const input = body.input ?? [];
  if (typeof input === "string") pushMessage(d, "user", [input]);
  else for (const item of input) responsesItem(d, item);
  const tools = body.tools ?? [];
  d.tools = tools.map((t) => t.name ?? t.type);
  d.toolChars = toolChars(tools);
  const include = body.include ?? [];
  d.topLogprobs = body.top_logprobs ?? 0;
  d.logprobs = include.includes("message.output_text.logprobs") || d.topLogprobs > 0;
  d.maxTokens = body.max_output_tokens ?? null;
  d.temperature = body.temperature ?? null;
  const effort = body.reasoning?.effort ?? null;
  const summary = body.reasoning?.summary ?? null;
  d.reasoning = {
    effort,
    budgetTokens: null,
    enabled: body.reasoning != null && effort !== "none",
    includeRaw: include.includes("reasoning.encrypted_content") || (summary !== null && summary !== "none"),
  };
  d.stream = body.stream === true;
  return d;
}

type ResponsesContent = Extract<ResponsesItem, { type?: "message" }>["content"];

function responsesItem(d: Draft, item: ResponsesItem): void {
  switch (item.type) {
    case undefined:
    case "message":
      pushMessage(d, item.role, responsesTexts(d, item.content));
      break;
    case "function_call":
      pushMessage(d, "assistant", [`${item.name}(${item.arguments})`]);
      break;
    case "custom_tool_call":
      pushMessage(d, "assistant", [`${item.name}(${item.input})`]);
      break;
    case "function_call_output":
    case "custom_tool_call_output":
      d.toolResults++;
      pushMessage(d, "tool", responsesTexts(d, item.output));
      break;
    case "other":
      break;
  }
}

function responsesTexts(d: Draft, content: ResponsesContent): string[] {
  if (typeof content === "string") return [content];
  const texts: string[] = [];
  for (const p of content) {
    if (p.type === "input_text" || p.type === "output_text") texts.push(p.text);
    else if (p.type === "input_image") d.images++;
  }
  return texts;
}

/**
 * How many prompts a legacy completions `prompt` holds: a list of texts, or
 * of token-id lists, is that many prompts, each answered `n` times (a list
 * of token ids alone is one prompt). Anything else counts as one.
 */
export function promptCount(prompt: unknown): number {
  if (!Array.isArray(prompt) || prompt.length === 0) return 1;
  return typeof prompt[0] === "number" ? 1 : prompt.length;
}

/** The longest persona paragraph read as an inline system prompt (a system prompt is a sentence or a few). */
const LEAD_MAX = 600;
/** "You are a …", "You're an …", "Act as the …", after at most one short greeting sentence ("Hey."). */
const PERSONA = /^(?:[^.!?\n]{0,40}[.!?]\s+)?(?:you are|you're|act as)\s+(?:an?|the)\s/i;

/**
 * A legacy completions prompt has no roles: a client that would send a chat
 * request's system prompt writes it as the prompt's first paragraph ("You are
 * a senior engineer.\n\nWrite a function…"). That paragraph, when it is a
 * persona addressed to the model, is read as the system prompt and the rest
 * as the user's text, so one client's requests give the same signals (the
 * system prompt's and the template's fingerprints, the intent's two sides)
 * whichever endpoint they use. Null when the prompt opens otherwise.
 */
export function inlineSystemLead(prompt: string): { system: string; user: string } | null {
  const at = prompt.indexOf("\n\n");
  if (at <= 0 || at > LEAD_MAX) return null;
  const lead = prompt.slice(0, at).trim();
  if (lead.includes("\n") || !PERSONA.test(lead)) return null;
  const user = prompt.slice(at + 2).trim();
  return user === "" ? null : { system: lead, user };
}

export function extractCompletions(body: CompletionsRequest): Draft {
  const d = emptyDraft(body.model);
  const prompt = body.prompt ?? "";
  const lead = typeof prompt === "string" ? inlineSystemLead(prompt) : null;
  if (lead) {
    pushMessage(d, "system", [lead.system]);
    pushMessage(d, "user", [lead.user]);
  } else if (typeof prompt === "string") pushMessage(d, "user", [prompt]);
  else {
    for (const p of prompt) {
      if (typeof p === "string") pushMessage(d, "user", [p]);
      else if (typeof p === "number") d.tokenIds++;
      else d.tokenIds += p.length;
    }
    // A prompt made only of token ids is still one user turn.
    if (d.messages.length === 0) pushMessage(d, "user", []);
  }
  if (body.suffix) pushMessage(d, "user", [body.suffix]);
  // Several prompts in one request are several requests' worth of output: every sample of every prompt
  // counts (the output reserve, the n > 1 evidence, the safeguard that caps samples).
  d.n = (body.n ?? 1) * promptCount(body.prompt);
  d.logprobs = body.logprobs != null;
  d.topLogprobs = body.logprobs ?? 0;
  d.maxTokens = body.max_tokens ?? null;
  d.temperature = body.temperature ?? null;
  d.stream = body.stream === true;
  return d;
}
