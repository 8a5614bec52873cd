import { describe, expect, it } from "vitest";
import { demoFetch } from "../../../src/demo/handler.js";
import { MAX_EVENT_CHARS, onClientEvent, openSession, type RealtimeSession, type ServerEvent } from "../../../src/demo/realtime.js";

const NOW = Date.UTC(2026, 0, 10);

/** Feeds client events to a session in order; returns the session after them and every event sent. */
function run(frames: (string | null)[]): { session: RealtimeSession; sent: ServerEvent[] } {
  let { session, events } = openSession("sess_1", "demo-realtime", NOW);
  const sent = [...events];
  for (const f of frames) {
    const r = onClientEvent(session, f, NOW);
    session = r.session;
    sent.push(...r.events);
  }
  return { session, sent };
}

const say = (text: string) => JSON.stringify({ type: "conversation.item.create", item: { type: "message", role: "user", content: [{ type: "input_text", text }] } });

describe("the demo origin's Realtime session", () => {
  it("opens with session.created for the model asked", () => {
    expect(run([]).sent).toEqual([
      expect.objectContaining({ type: "session.created", session: expect.objectContaining({ id: "sess_1", model: "demo-realtime", object: "realtime.session" }) }),
    ]);
  });

  it("acknowledges an item and answers the last user text in deltas, then response.done with usage", () => {
    const { sent } = run([say("What is a lighthouse for?"), JSON.stringify({ type: "response.create" })]);
    const types = sent.map((e) => e.type);
    expect(types.slice(0, 4)).toEqual(["session.created", "conversation.item.added", "conversation.item.done", "response.created"]);
    expect(types[types.length - 1]).toBe("response.done");
    const deltas = sent.filter((e) => e.type === "response.output_text.delta");
    expect(deltas.length).toBeGreaterThan(1);
    const text = deltas.map((e) => e.delta).join("");
    expect(text).toContain("What is a lighthouse for?");
    expect(sent.find((e) => e.type === "response.output_text.done")).toMatchObject({ text });
    expect(sent[sent.length - 1]).toMatchObject({ response: { status: "completed", usage: { output_tokens: expect.any(Number) } } });
  });

  it("gives every event its own id and never changes the session it was given", () => {
    const { session } = openSession("sess_1", "m", NOW);
    const before = { ...session };
    const r = onClientEvent(session, say("hi"), NOW);
    expect(session).toEqual(before);
    expect(r.session.lastText).toBe("hi");
    const { sent } = run([say("a"), JSON.stringify({ type: "response.create" }), JSON.stringify({ type: "response.create" })]);
    const ids = sent.map((e) => e.event_id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("applies session.update's instructions", () => {
    const { sent } = run([JSON.stringify({ type: "session.update", session: { instructions: "Be brief." } })]);
    expect(sent[1]).toMatchObject({ type: "session.updated", session: { instructions: "Be brief." } });
  });

  it.each([
    ["a binary frame", null, "invalid_event"],
    ["malformed JSON", "{nope", "invalid_json"],
    ["an event without a type", JSON.stringify({ item: {} }), "invalid_event"],
    ["audio, which the demo does not take", JSON.stringify({ type: "input_audio_buffer.append", audio: "AAAA", event_id: "c1" }), "invalid_event"],
    ["an oversized event", JSON.stringify({ type: "session.update", pad: "x".repeat(MAX_EVENT_CHARS) }), "invalid_event"],
  ])("answers %s with an error event", (_n, frame, code) => {
    const { sent } = run([frame]);
    expect(sent[1]).toMatchObject({ type: "error", error: { type: "invalid_request_error", code } });
  });

  it("names the client's event_id in its error", () => {
    const { sent } = run([JSON.stringify({ type: "input_audio_buffer.append", event_id: "c1" })]);
    expect(sent[1]).toMatchObject({ error: { event_id: "c1" } });
  });
});

describe("GET /v1/realtime on the demo origin", () => {
  it("answers a plain request with 426 Upgrade Required", async () => {
    const res = await demoFetch(new Request("http://demo.test/v1/realtime?model=m"));
    expect(res.status).toBe(426);
    expect(res.headers.get("upgrade")).toBe("websocket");
    expect(await res.json()).toMatchObject({ error: { type: "invalid_request_error" } });
  });

  it("answers a handshake in Node, which has no WebSocketPair, with 501 (the socket runs in workerd)", async () => {
    const res = await demoFetch(new Request("http://demo.test/v1/realtime?model=m", { headers: { upgrade: "websocket" } }));
    expect(res.status).toBe(501);
  });
});
