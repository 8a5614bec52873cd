/**
 * The demo origin's Realtime session, as a pure function of the session and
 * each client event: text only, shaped like OpenAI's Realtime API (GA event
 * names, platform.openai.com/docs/api-reference/realtime-server-events), so
 * that a Realtime client can be tried through the guard without a model.
 * `session.created` on open; `conversation.item.create` is acknowledged with
 * `conversation.item.added` / `.done`; `response.create` answers the last
 * user text with `response.output_text.delta` events and `response.done`.
 * Anything else is an `error` event, as the API sends. The socket itself is
 * demo/realtime-socket.ts.
 */

export interface RealtimeSession {
  id: string;
  model: string;
  instructions: string;
  /** Counter of the ids this session hands out (events, items, responses). */
  seq: number;
  /** The last user text, which the next response answers (all the state a session keeps). */
  lastText: string | null;
}

export type ServerEvent = { type: string; event_id: string; [field: string]: unknown };

/** Larger client events are refused (the demo keeps nothing but the last text). */
export const MAX_EVENT_CHARS = 64_000;

const WORDS_PER_DELTA = 3;

export function openSession(id: string, model: string, nowMs: number): { session: RealtimeSession; events: ServerEvent[] } {
  const session: RealtimeSession = { id, model, instructions: "", seq: 0, lastText: null };
  const s = next(session);
  return { session: s.session, events: [{ type: "session.created", event_id: s.id("event"), session: sessionObject(s.session, nowMs) }] };
}

/** One client event (a text frame; null for a binary one) → the session after it and the events to send. */
export function onClientEvent(session: RealtimeSession, frame: string | null, nowMs: number): { session: RealtimeSession; events: ServerEvent[] } {
  const s = next(session);
  const fail = (code: string, message: string, clientId: unknown = null) => ({
    session: s.session,
    events: [{ type: "error", event_id: s.id("event"), error: { type: "invalid_request_error", code, message, param: null, event_id: typeof clientId === "string" ? clientId : null } }],
  });
  if (frame === null) return fail("invalid_event", "Client events are JSON text frames.");
  if (frame.length > MAX_EVENT_CHARS) return fail("invalid_event", `Client events over ${MAX_EVENT_CHARS} characters are refused by the demo.`);
  let event: unknown;
  try {
    event = JSON.parse(frame);
  } catch {
    return fail("invalid_json", "The client event is not valid JSON.");
  }
  if (typeof event !== "object" || event === null || !("type" in event) || typeof event.type !== "string") {
    return fail("invalid_event", "A client event is a JSON object with a string `type`.");
  }
  const clientId = "event_id" in event ? event.event_id : null;
  switch (event.type) {
    case "session.update": {
      const asked = "session" in event && typeof event.session === "object" && event.session !== null ? (event.session as Record<string, unknown>) : {};
      if (typeof asked.instructions === "string") s.session.instructions = asked.instructions;
      return { session: s.session, events: [{ type: "session.updated", event_id: s.id("event"), session: sessionObject(s.session, nowMs) }] };
    }
    case "conversation.item.create":
      return itemCreated(s, "item" in event ? event.item : null);
    case "response.create":
      return respond(s);
    default:
      return fail("invalid_event", `The demo's Realtime session answers text only: session.update, conversation.item.create and response.create, not ${event.type}.`, clientId);
  }
}

function itemCreated(s: Step, raw: unknown): { session: RealtimeSession; events: ServerEvent[] } {
  const item = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const content = Array.isArray(item.content) ? item.content : [];
  const text = content
    .flatMap((p: unknown) => (typeof p === "object" && p !== null && "text" in p && typeof p.text === "string" ? [p.text] : []))
    .join(" ");
  const role = typeof item.role === "string" ? item.role : "user";
  const stored = { id: typeof item.id === "string" ? item.id : s.id("item"), object: "realtime.item", type: "message", status: "completed", role, content };
  if (role === "user" && text !== "") s.session.lastText = text;
  return {
    session: s.session,
    events: [
      { type: "conversation.item.added", event_id: s.id("event"), previous_item_id: null, item: stored },
      { type: "conversation.item.done", event_id: s.id("event"), previous_item_id: null, item: stored },
    ],
  };
}

function respond(s: Step): { session: RealtimeSession; events: ServerEvent[] } {
  const heard = s.session.lastText;
  const text = heard === null
    ? "This is the distill-guard demo's Realtime session. Send a conversation.item.create with some text, then response.create."
    : `You said: "${heard.length > 200 ? `${heard.slice(0, 200)}…` : heard}". This is the distill-guard demo's Realtime session answering.`;
  const responseId = s.id("resp");
  const itemId = s.id("item");
  const base = { response_id: responseId, item_id: itemId, output_index: 0, content_index: 0 };
  const words = text.split(" ");
  const deltas: ServerEvent[] = [];
  for (let i = 0; i < words.length; i += WORDS_PER_DELTA) {
    const chunk = words.slice(i, i + WORDS_PER_DELTA).join(" ");
    deltas.push({ type: "response.output_text.delta", event_id: s.id("event"), ...base, delta: i === 0 ? chunk : ` ${chunk}` });
  }
  const part = { type: "output_text", text };
  const item = { id: itemId, object: "realtime.item", type: "message", status: "completed", role: "assistant", content: [part] };
  const inputTokens = Math.ceil((heard?.length ?? 0) / 4);
  const outputTokens = Math.ceil(text.length / 4);
  const response = (status: string, output: unknown[], usage: unknown) => ({ id: responseId, object: "realtime.response", status, output, usage });
  return {
    session: s.session,
    events: [
      { type: "response.created", event_id: s.id("event"), response: response("in_progress", [], null) },
      { type: "response.output_item.added", event_id: s.id("event"), response_id: responseId, output_index: 0, item: { ...item, status: "in_progress", content: [] } },
      { type: "response.content_part.added", event_id: s.id("event"), ...base, part: { type: "output_text", text: "" } },
      ...deltas,
      { type: "response.output_text.done", event_id: s.id("event"), ...base, text },
      { type: "response.content_part.done", event_id: s.id("event"), ...base, part },
      { type: "response.output_item.done", event_id: s.id("event"), response_id: responseId, output_index: 0, item },
      {
        type: "response.done", event_id: s.id("event"),
        response: response("completed", [item], { input_tokens: inputTokens, output_tokens: outputTokens, total_tokens: inputTokens + outputTokens }),
      },
    ],
  };
}

function sessionObject(s: RealtimeSession, nowMs: number): Record<string, unknown> {
  return {
    id: s.id, object: "realtime.session", type: "realtime", model: s.model,
    output_modalities: ["text"], instructions: s.instructions, expires_at: Math.floor(nowMs / 1000) + 3600,
  };
}

/**
 * One event's work: a copy of the session that this step alone changes and
 * returns (the caller's session is never written), and an id maker whose
 * counter that copy carries forward.
 */
interface Step {
  readonly session: RealtimeSession;
  id(prefix: string): string;
}

function next(session: RealtimeSession): Step {
  const copy = { ...session };
  return {
    session: copy,
    id(prefix: string): string {
      copy.seq++;
      return `${prefix}_${copy.id}_${copy.seq}`;
    },
  };
}
