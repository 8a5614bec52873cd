import { describe, expect, it } from "vitest";
import { demoFetch } from "../../../src/demo/handler.js";
import { delayFrom, MAX_DELAY_MS, sseResponse } from "../../../src/demo/http.js";
import { SseParser, type SseEvent } from "../../../src/lib/sse.js";
import { post } from "./clients.js";

const chatBody = { model: "m", messages: [{ role: "user", content: "Name the planets of the solar system" }] };
const messagesBody = { model: "m", max_tokens: 300, messages: [{ role: "user", content: "Name the planets" }] };

describe("demoFetch errors, in the caller's dialect", () => {
  it.each([
    ["/v1/chat/completions", "{not json", 400, { error: { type: "invalid_request_error", code: "invalid_json", param: null } }],
    ["/v1/responses", "", 400, { error: { type: "invalid_request_error", code: "invalid_json" } }],
    ["/v1/messages", "{not json", 400, { type: "error", error: { type: "invalid_request_error" } }],
    ["/v1/chat/completions", JSON.stringify({ model: "m", messages: "hi" }), 400, { error: { code: "invalid_request" } }],
    ["/v1/messages", JSON.stringify({ model: "m", messages: [] }), 400, { type: "error", error: { message: expect.stringContaining("max_tokens") } }],
    ["/v1/embeddings", "{}", 404, { error: { type: "invalid_request_error", code: "unknown_url" } }],
    ["/v1/messages/batches", "{}", 404, { type: "error", error: { type: "not_found_error" } }],
  ])("POST %s %j answers %i", async (path, body, status, shape) => {
    const res = await post(path, body);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await res.json()).toMatchObject(shape);
  });

  it.each([
    ["GET", "/v1/chat/completions"],
    ["POST", "/v1/models"],
  ])("%s %s is 405", async (method, path) => {
    const res = await demoFetch(new Request(`http://demo.test${path}`, { method, body: method === "POST" ? "{}" : undefined }));
    expect(res.status).toBe(405);
  });

  it("answers an unknown path in Anthropic shape when the client sends anthropic-version", async () => {
    const res = await demoFetch(new Request("http://demo.test/v1/unknown", { headers: { "anthropic-version": "2023-06-01" } }));
    expect(await res.json()).toMatchObject({ type: "error", error: { type: "not_found_error" } });
  });
});

describe("demoFetch answers", () => {
  it("is deterministic for one body and different for another prompt", async () => {
    const text = async (content: string) => {
      const res = await post("/v1/chat/completions", JSON.stringify({ model: "m", messages: [{ role: "user", content }] }));
      const json = (await res.json()) as { choices: { message: { content: string; reasoning_content: string } }[] };
      return json.choices[0]?.message;
    };
    expect(await text("What is a monad?")).toEqual(await text("What is a monad?"));
    expect((await text("What is a monad?"))?.content).not.toBe((await text("Define a functor"))?.content);
  });

  it("answers any model on GET /v1/models/{id}", async () => {
    const res = await demoFetch(new Request("http://demo.test/v1/models/my-model"));
    expect(await res.json()).toMatchObject({ id: "my-model", object: "model", type: "model" });
  });
});

/** Reads a response body, returning each read's events separately. */
async function readsOf(res: Response): Promise<SseEvent[][]> {
  const parser = new SseParser();
  const reads: SseEvent[][] = [];
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    reads.push(parser.push(value));
  }
  expect(parser.end()).toEqual([]);
  return reads;
}

describe("demoFetch streams", () => {
  it.each([
    ["/v1/chat/completions", chatBody, null],
    ["/v1/completions", { model: "m", prompt: "Name the planets" }, null],
    ["/v1/responses", { model: "m", input: "Name the planets" }, "response.created"],
    ["/v1/messages", messagesBody, "message_start"],
  ])("sends %s as SSE, one event per chunk", async (path, body, firstEvent) => {
    const res = await post(path, JSON.stringify({ ...body, stream: true }));
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reads = await readsOf(res);
    expect(reads.length).toBeGreaterThan(10);
    expect(reads.every((events) => events.length === 1)).toBe(true);
    expect(reads[0]?.[0]?.event).toBe(firstEvent);
  });

  it("still completes the stream when each chunk is delayed", async () => {
    const res = await post("/v1/messages", JSON.stringify({ ...messagesBody, stream: true }), { "x-demo-delay-ms": "1" });
    const events = (await readsOf(res)).flat();
    expect(events[events.length - 1]?.event).toBe("message_stop");
  });

  it("stops producing events when the reader cancels", async () => {
    let produced = 0;
    let closed = false;
    function* events(): Generator<SseEvent> {
      try {
        for (let i = 0; i < 100; i++) {
          produced++;
          yield { event: null, data: String(i), extra: [] };
        }
      } finally {
        closed = true;
      }
    }
    const reader = sseResponse(events(), 0).body!.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect(closed).toBe(true);
    expect(produced).toBeLessThan(5);
  });
});

describe("delayFrom", () => {
  it.each([
    [null, 0],
    ["", 0],
    ["abc", 0],
    ["-5", 0],
    ["25", 25],
    ["12.7", 12],
    ["5000", MAX_DELAY_MS],
  ])("x-demo-delay-ms %j waits %i ms", (value, ms) => {
    const headers = new Headers(value === null ? {} : { "x-demo-delay-ms": value });
    expect(delayFrom(headers)).toBe(ms);
  });
});
