import { describe, expect, it } from "vitest";
import { apiKeyOf, conflictingKeys } from "../../../src/routes/identify.js";

const ws = (protocols: string, extra: Record<string, string> = {}) =>
  new Headers({ upgrade: "websocket", "sec-websocket-protocol": protocols, ...extra });

describe("the API key of a request", () => {
  it.each([
    ["Authorization", new Headers({ authorization: "Bearer sk-a" }), "sk-a"],
    ["x-api-key", new Headers({ "x-api-key": "sk-b" }), "sk-b"],
    ["a browser's WebSocket subprotocol", ws("realtime, openai-insecure-api-key.sk-c"), "sk-c"],
    ["Authorization before the subprotocol (the same key)", ws("openai-insecure-api-key.sk-a", { authorization: "Bearer sk-a" }), "sk-a"],
    ["no subprotocol key without a WebSocket", new Headers({ "sec-websocket-protocol": "openai-insecure-api-key.sk-c" }), null],
    ["nothing", new Headers(), null],
  ])("comes from %s", (_n, headers, key) => expect(apiKeyOf(headers)).toBe(key));

  it.each([
    ["Authorization and x-api-key", new Headers({ authorization: "Bearer sk-a", "x-api-key": "sk-b" })],
    ["Authorization and the subprotocol", ws("realtime, openai-insecure-api-key.sk-b", { authorization: "Bearer sk-a" })],
    ["x-api-key and the subprotocol", ws("openai-insecure-api-key.sk-b", { "x-api-key": "sk-a" })],
    ["two subprotocol keys", ws("openai-insecure-api-key.sk-a, openai-insecure-api-key.sk-b")],
  ])("two different keys in %s conflict", (_n, headers) => {
    expect(conflictingKeys(headers)).toMatchObject({ code: "unauthorized", status: 401, reasons: ["conflicting_api_keys"] });
  });

  it.each([
    ["one subprotocol key", ws("realtime, openai-insecure-api-key.sk-a")],
    ["the same key in all three places", ws("openai-insecure-api-key.sk-a", { authorization: "Bearer sk-a", "x-api-key": "sk-a" })],
    ["a different key in the subprotocol of a request that asks for no WebSocket", new Headers({ authorization: "Bearer sk-a", "sec-websocket-protocol": "openai-insecure-api-key.sk-b" })],
  ])("%s is no conflict", (_n, headers) => expect(conflictingKeys(headers)).toBeNull());

  it("never puts a key in the conflict's message", () => {
    const err = conflictingKeys(ws("openai-insecure-api-key.sk-secret-1", { authorization: "Bearer sk-secret-2" }))!;
    expect(err.message).not.toMatch(/sk-secret/);
  });
});
