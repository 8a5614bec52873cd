/**
 * Token usage as the origin reports it, from a JSON response or from the
 * events of a stream. Where a stream ends before its usage event (client
 * disconnect, origin failure), the tracker has counted the generated
 * characters so the caller can charge an estimate instead of nothing.
 *
 * Input tokens include cached input: OpenAI's `prompt_tokens` / `input_tokens`
 * already do; Anthropic reports `cache_creation_input_tokens` and
 * `cache_read_input_tokens` separately from `input_tokens`, so they are added.
 */
import type { SseEvent } from "../lib/sse.js";
import { CHARS_PER_TOKEN } from "./parse.js";
import type { Endpoint, Usage } from "./types.js";

type Json = Record<string, unknown>;

function obj(v: unknown): Json | null {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : null;
}

function num(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : 0;
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** `usage` object of any of the four endpoints, or null when it is not one. */
function readUsage(endpoint: Endpoint, u: unknown): Usage | null {
  const o = obj(u);
  if (!o) return null;
  if (endpoint === "chat" || endpoint === "completions") {
    if (typeof o.prompt_tokens !== "number" && typeof o.completion_tokens !== "number") return null;
    return { inputTokens: num(o.prompt_tokens), outputTokens: num(o.completion_tokens) };
  }
  if (typeof o.input_tokens !== "number" && typeof o.output_tokens !== "number") return null;
  const cached =
    endpoint === "messages" ? num(o.cache_creation_input_tokens) + num(o.cache_read_input_tokens) : 0;
  return { inputTokens: num(o.input_tokens) + cached, outputTokens: num(o.output_tokens) };
}

export function usageFromJson(endpoint: Endpoint, json: unknown): Usage | null {
  return readUsage(endpoint, obj(json)?.usage);
}

/**
 * The id of the response a Responses answer is (`resp_…`): what a later
 * request names as its `previous_response_id`. null for other endpoints or
 * when there is none.
 */
export function responseIdFromJson(endpoint: Endpoint, json: unknown): string | null {
  if (endpoint !== "responses") return null;
  const id = obj(json)?.id;
  return typeof id === "string" && id !== "" ? id : null;
}

/** Responses stream events that carry the response object, and so its id. */
const RESPONSES_WITH_ID = new Set(["response.created", "response.in_progress", "response.completed", "response.incomplete", "response.failed"]);

/** Responses stream events that end a response and carry its final usage. */
const RESPONSES_TERMINAL = new Set(["response.completed", "response.incomplete", "response.failed"]);

/** Responses stream deltas whose text the client receives. */
const RESPONSES_TEXT_DELTAS = new Set([
  "response.output_text.delta",
  "response.reasoning_text.delta",
  "response.reasoning_summary_text.delta",
  "response.refusal.delta",
  "response.function_call_arguments.delta",
  "response.custom_tool_call_input.delta",
]);

export class StreamUsageTracker {
  private usage: Usage | null = null;
  private chars = 0;
  /** The Responses stream's response id (`response.created` and the terminal events carry it). */
  private responseId: string | null = null;
  /** Anthropic `message_start` reports input tokens before any output. */
  private anthropicInput: number | null = null;
  private readonly anthropicParts = new Map<string, number>();

  constructor(private readonly endpoint: Endpoint) {}

  observe(ev: SseEvent): void {
    if (ev.data === "" || ev.data.startsWith("[DONE]")) return;
    let data: Json | null;
    try {
      data = obj(JSON.parse(ev.data));
    } catch {
      return; // Not ours to judge: the bytes are forwarded as they came.
    }
    if (!data) return;
    switch (this.endpoint) {
      case "chat":
      case "completions":
        this.observeChoices(data);
        break;
      case "responses":
        this.observeResponses(data);
        break;
      case "messages":
        this.observeMessages(data);
        break;
    }
  }

  result(): { usage: Usage | null; generatedChars: number; responseId: string | null } {
    return { usage: this.usage, generatedChars: this.chars, responseId: this.responseId };
  }

  /**
   * What to charge: the reported usage when the stream got that far, else an
   * estimate from the characters seen (chars / 4, rounded up) with the input
   * reported so far or the caller's own input estimate.
   */
  charge(estInputTokens: number): Usage {
    if (this.usage) return this.usage;
    return {
      inputTokens: this.anthropicInput ?? estInputTokens,
      outputTokens: Math.ceil(this.chars / CHARS_PER_TOKEN),
    };
  }

  private observeChoices(data: Json): void {
    for (const c of arr(data.choices)) {
      const choice = obj(c);
      if (!choice) continue;
      this.chars += str(choice.text).length;
      const delta = obj(choice.delta);
      if (!delta) continue;
      // `reasoning_content` (DeepSeek, vLLM) and `reasoning` (OpenRouter, Ollama) carry visible reasoning.
      this.chars += str(delta.content).length + str(delta.reasoning_content).length;
      this.chars += str(delta.reasoning).length + str(delta.refusal).length;
      for (const t of arr(delta.tool_calls)) {
        this.chars += str(obj(obj(t)?.function)?.arguments).length;
      }
    }
    const u = readUsage(this.endpoint, data.usage);
    if (u) this.usage = u;
  }

  /**
   * Anthropic usage counters are cumulative totals, and `message_delta` repeats
   * an input counter only when it has one; so each counter keeps its latest value.
   */
  private mergeAnthropicInput(u: Json): void {
    for (const k of ["input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"]) {
      if (typeof u[k] === "number") this.anthropicParts.set(k, num(u[k]));
    }
    if (this.anthropicParts.size === 0) return;
    let total = 0;
    for (const v of this.anthropicParts.values()) total += v;
    this.anthropicInput = total;
  }

  private observeResponses(data: Json): void {
    const type = str(data.type);
    if (RESPONSES_TEXT_DELTAS.has(type)) {
      this.chars += str(data.delta).length;
      return;
    }
    if (RESPONSES_WITH_ID.has(type) && this.responseId === null) {
      const id = str(obj(data.response)?.id);
      if (id !== "") this.responseId = id;
    }
    if (RESPONSES_TERMINAL.has(type)) {
      const u = readUsage("responses", obj(data.response)?.usage);
      if (u) this.usage = u;
    }
  }

  private observeMessages(data: Json): void {
    switch (data.type) {
      case "message_start": {
        const u = obj(obj(data.message)?.usage);
        if (u) this.mergeAnthropicInput(u);
        break;
      }
      case "content_block_delta": {
        const d = obj(data.delta);
        if (!d) break;
        this.chars += str(d.text).length + str(d.thinking).length + str(d.partial_json).length;
        break;
      }
      case "message_delta": {
        const u = obj(data.usage);
        if (!u) break;
        this.mergeAnthropicInput(u);
        this.usage = { inputTokens: this.anthropicInput ?? 0, outputTokens: num(u.output_tokens) };
        break;
      }
    }
  }
}
