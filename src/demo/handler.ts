/**
 * The built-in demo origin: a stand-in model API in both dialects, so the
 * guard can be run, tested and shown without a real model behind it. Pure
 * Web APIs only (Request, Response, ReadableStream), so the same code serves
 * from Node (tests, `npm start`) and from workerd (the DemoOrigin entrypoint).
 *
 * Answers any model name on the four generation endpoints, with reasoning
 * always present, `n` / logprobs honoured on chat, streaming when asked, and
 * `usage` in every JSON answer. `x-demo-delay-ms` slows each stream event
 * (capped at one second) so tests can disconnect mid-stream. `GET
 * /v1/realtime` is a small text-only Realtime WebSocket (realtime-socket.ts),
 * in workerd. `POST /v1/conversations` and `/v1/conversations/{id}/items`
 * answer as the Conversations API does, without keeping anything
 * (conversations.ts).
 */
import { errorBody, guessDialect } from "../dialects/errors.js";
import { parseRequest } from "../dialects/parse.js";
import { ENDPOINT_PATHS, type Endpoint } from "../dialects/types.js";
import { readBodyLimited } from "../lib/body.js";
import { GuardError } from "../lib/guard-error.js";
import type { SseEvent } from "../lib/sse.js";
import { chatEvents, chatJson } from "./chat.js";
import { completionsEvents, completionsJson } from "./completions.js";
import { makeContext, type DemoContext } from "./context.js";
import { delayFrom, jsonResponse, sseResponse } from "./http.js";
import { messagesEvents, messagesJson } from "./messages.js";
import { realtimeSocket } from "./realtime-socket.js";
import { responsesEvents, responsesJson } from "./responses.js";
import { conversations } from "./conversations.js";

const RENDER: Record<Endpoint, { json: (ctx: DemoContext) => unknown; events: (ctx: DemoContext) => Iterable<SseEvent> }> = {
  chat: { json: chatJson, events: chatEvents },
  responses: { json: responsesJson, events: responsesEvents },
  completions: { json: completionsJson, events: completionsEvents },
  messages: { json: messagesJson, events: messagesEvents },
};

export const DEMO_MODELS = ["demo-reasoner", "demo-mini"] as const;

/**
 * Largest body the demo reads (the largest `maxBodyBytes` a policy allows the guard to forward), decoded as its
 * Content-Encoding says (gzip, deflate), as a real API server reads it.
 */
const MAX_BODY_BYTES = 100_000_000;

/**
 * The demo answers browsers too: a CORS preflight gets every method and the
 * headers it asks for, and every answer allows any origin (a local demo; a
 * real origin sets its own policy, which the guard passes through).
 */
function preflight(request: Request): Response {
  return new Response(null, {
    status: 204,
    headers: {
      "access-control-allow-origin": "*",
      "access-control-allow-methods": "GET, POST, OPTIONS",
      "access-control-allow-headers": request.headers.get("access-control-request-headers") ?? "authorization, content-type, x-api-key, anthropic-version",
      "access-control-max-age": "600",
    },
  });
}

export async function demoFetch(request: Request): Promise<Response> {
  if (request.method === "OPTIONS" && request.headers.has("access-control-request-method")) return preflight(request);
  const res = await answer(request);
  res.headers.set("access-control-allow-origin", "*");
  return res;
}

async function answer(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  try {
    return await route(request, path, Date.now());
  } catch (e) {
    // The demo has no secrets, but it still never echoes an unexpected error's text.
    const err = e instanceof GuardError ? e : new GuardError("internal_error", "The demo origin failed.");
    const { status, body } = errorBody(guessDialect(path, request.headers), err);
    const res = jsonResponse(body, status);
    for (const [k, v] of Object.entries(err.headers)) res.headers.set(k, v);
    return res;
  }
}

async function route(request: Request, path: string, nowMs: number): Promise<Response> {
  if (path === "/v1/models" || path.startsWith("/v1/models/")) {
    if (request.method !== "GET") throw new GuardError("method_not_allowed", `Use GET for ${path}.`);
    return models(path, nowMs);
  }
  if (path === "/v1/realtime") return realtimeSocket(request, nowMs);
  const endpoint = Object.hasOwn(ENDPOINT_PATHS, path) ? ENDPOINT_PATHS[path] : undefined;
  const conversation = path === "/v1/conversations" || path.startsWith("/v1/conversations/");
  if (!endpoint && !conversation) throw new GuardError("not_found", `Unknown path ${path}.`);
  if (request.method !== "POST") throw new GuardError("method_not_allowed", `Use POST for ${path}.`);

  const raw = new TextDecoder().decode(await readBodyLimited(request, MAX_BODY_BYTES));
  let body: unknown;
  try {
    body = raw.trim() === "" && !endpoint ? null : JSON.parse(raw);
  } catch {
    throw new GuardError("invalid_json", "The request body is not valid JSON.");
  }
  if (!endpoint) {
    const res = conversations(path, body, nowMs, delayFrom(request.headers));
    if (!res) throw new GuardError("not_found", `Unknown path ${path}.`);
    return res;
  }
  const req = parseRequest(endpoint, body);
  const ctx = makeContext(req, raw, nowMs, includeUsage(body), endpoint !== "completions");
  const render = RENDER[endpoint];
  if (req.stream) return sseResponse(render.events(ctx), delayFrom(request.headers));
  return jsonResponse(render.json(ctx));
}

/** `stream_options.include_usage`; the body has passed validation, so the type is known. */
function includeUsage(body: unknown): boolean {
  if (typeof body !== "object" || body === null || !("stream_options" in body)) return false;
  const opts = body.stream_options;
  return typeof opts === "object" && opts !== null && "include_usage" in opts && opts.include_usage === true;
}

/**
 * One list that both SDKs accept: OpenAI reads `object`/`data[].owned_by`,
 * Anthropic reads `data[].display_name`/`created_at` and the paging fields.
 */
function models(path: string, nowMs: number): Response {
  const created = Math.floor(nowMs / 1000);
  const model = (id: string) => ({
    id,
    object: "model",
    type: "model",
    created,
    created_at: new Date(nowMs).toISOString(),
    owned_by: "distill-guard-demo",
    display_name: `Demo ${id}`,
  });
  if (path.startsWith("/v1/models/")) return jsonResponse(model(decodeURIComponent(path.slice("/v1/models/".length))));
  const data = DEMO_MODELS.map(model);
  return jsonResponse({
    object: "list",
    data,
    has_more: false,
    first_id: data[0]?.id ?? null,
    last_id: data[data.length - 1]?.id ?? null,
  });
}
