import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { chat, messages, newAccount } from "./helpers";

describe("bad input gets a clear 4xx in the caller's dialect, never a 500", () => {
  it.each([
    ["malformed JSON", "{\"model\": ", 400, "invalid_request_error"],
    ["a JSON array", "[1,2,3]", 400, "invalid_request_error"],
    ["an empty body", "", 400, "invalid_request_error"],
    ["messages of the wrong type", JSON.stringify({ model: "m", messages: "hi" }), 400, "invalid_request_error"],
    ["a missing model", JSON.stringify({ messages: [{ role: "user", content: "hi" }] }), 400, "invalid_request_error"],
    ["n as a string", JSON.stringify({ model: "m", n: "2", messages: [{ role: "user", content: "hi" }] }), 400, "invalid_request_error"],
  ])("OpenAI chat: %s", async (_name, body, status, type) => {
    const { key } = await newAccount("paid");
    const res = await chat(key, body);
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: { type: string; message: string } };
    expect(json.error.type).toBe(type);
    expect(json.error.message.length).toBeGreaterThan(10);
  });

  it.each([
    ["malformed JSON", "{", { "anthropic-version": "2023-06-01" }, 400],
    ["no anthropic-version header", JSON.stringify({ model: "c", max_tokens: 10, messages: [{ role: "user", content: "hi" }] }), {}, 400],
    ["max_tokens of the wrong type", JSON.stringify({ model: "c", max_tokens: "ten", messages: [{ role: "user", content: "hi" }] }), { "anthropic-version": "2023-06-01" }, 400],
  ])("Anthropic messages: %s", async (_name, body, headers, status) => {
    const { key } = await newAccount("paid");
    const res = await messages(key, body, headers);
    expect(res.status).toBe(status);
    const json = (await res.json()) as { type: string; error: { type: string; message: string } };
    expect(json.type).toBe("error");
    expect(json.error.type).toBe("invalid_request_error");
  });

  it("refuses an oversized body with 413", async () => {
    const { key } = await newAccount("paid");
    const big = JSON.stringify({ model: "m", messages: [{ role: "user", content: "x".repeat(4_100_000) }] });
    const res = await chat(key, big);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");
  });

  it("refuses a non-JSON content type with 415", async () => {
    const { key } = await newAccount("paid");
    const res = await chat(key, "model=m", { "content-type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(415);
  });

  it("refuses GET on a model endpoint with 405", async () => {
    const res = await SELF.fetch("https://guard.test/v1/chat/completions", { headers: { authorization: "Bearer x" } });
    expect(res.status).toBe(405);
  });

  it("answers unknown routes with 404 JSON", async () => {
    const res = await SELF.fetch("https://guard.test/nope");
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("/nope");
  });
});
