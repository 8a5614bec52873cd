/**
 * A dialect-neutral description of one API call. Scenarios describe what an
 * actor asks for; `bodies.ts` writes it in the endpoint's wire format and
 * `usage.ts` computes what the origin would have reported for it.
 */
import type { Endpoint } from "../dialects/types.js";
import type { ToolSpec } from "./text/agentic.js";
import type { Rng } from "./rng.js";

export type ImageRef = { kind: "data"; mime: string; b64: string } | { kind: "url"; url: string };

export interface ToolCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

export type Turn =
  | { role: "user"; text: string; images?: readonly ImageRef[] }
  | { role: "assistant"; text?: string; toolCalls?: readonly ToolCall[] }
  | { role: "tool"; callId: string; name: string; text: string };

export type Effort = "minimal" | "low" | "medium" | "high";

export interface Call {
  endpoint: Endpoint;
  model: string;
  system?: string;
  /** Chat Completions: send the system prompt as a `developer` message. */
  developerRole?: boolean;
  turns: readonly Turn[];
  tools?: readonly ToolSpec[];
  n?: number;
  logprobs?: boolean;
  topLogprobs?: number;
  maxTokens?: number;
  reasoning?: Effort;
  /** Anthropic `thinking.budget_tokens`. */
  thinkingBudget?: number;
  /** Responses: ask for reasoning summaries / encrypted reasoning. */
  includeReasoning?: boolean;
  stream?: boolean;
  temperature?: number;
  jsonMode?: boolean;
  /** Output tokens of one choice the origin produced (reasoning included), before the max cap. */
  outputTokens: number;
  /** Responses: the conversation the provider keeps, which this call adds its turns to (`conversation`). */
  conversation?: string;
}

export const DIALECT_OF: Record<Endpoint, "openai" | "anthropic"> = {
  chat: "openai", responses: "openai", completions: "openai", messages: "anthropic",
};

export const PATH_OF: Record<Endpoint, string> = {
  chat: "/v1/chat/completions", responses: "/v1/responses", completions: "/v1/completions", messages: "/v1/messages",
};

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * A small inline image. Real photos are hundreds of kilobytes; the payload is
 * kept short so that simulated files stay manageable, and the origin-reported
 * usage still counts the image's tokens.
 */
export function inlineImage(r: Rng): ImageRef {
  const jpeg = r.chance(0.5);
  let b64 = jpeg ? "/9j/4AAQSkZJRgABAQAAAQABAAD" : "iVBORw0KGgoAAAANSUhEUgAA";
  const n = r.int(200, 700) * 4;
  while (b64.length < n) b64 += B64[Math.floor(r.next() * 64)];
  return { kind: "data", mime: jpeg ? "image/jpeg" : "image/png", b64 };
}

export function urlImage(r: Rng): ImageRef {
  return { kind: "url", url: `https://${r.pick(["cdn.photos-share.net", "i.snapboard.app", "uploads.example-files.com"])}/${r.hex(16)}.${r.pick(["jpg", "png", "webp"])}` };
}

export function image(r: Rng): ImageRef {
  return r.chance(0.7) ? inlineImage(r) : urlImage(r);
}

export function toolCallId(r: Rng, endpoint: Endpoint): string {
  return endpoint === "messages" ? `toolu_01${r.alnum(22)}` : `call_${r.alnum(24)}`;
}
