import { describe, expect, it } from "vitest";
import { asksWebSocket, isWebSocketUpgrade, subprotocolKeys } from "../../../src/lib/websocket.js";

const h = (o: Record<string, string>) => new Headers(o);

describe("reading a WebSocket handshake", () => {
  it.each([
    ["GET", { upgrade: "websocket" }, true],
    ["get", { Upgrade: "WebSocket" }, true],
    ["GET", { upgrade: "h2c, websocket" }, true],
    ["GET", { upgrade: "h2c" }, false],
    ["GET", {}, false],
    ["POST", { upgrade: "websocket" }, false],
  ])("%s with %j is a handshake: %s", (method, headers, want) => {
    expect(isWebSocketUpgrade(method, h(headers))).toBe(want);
  });

  it("asks for a WebSocket by the Upgrade header alone", () => {
    expect(asksWebSocket(h({ upgrade: "websocket" }))).toBe(true);
    expect(asksWebSocket(h({ connection: "upgrade" }))).toBe(false);
  });

  it.each([
    ["a browser's key next to realtime", "realtime, openai-insecure-api-key.sk-abc, openai-beta.realtime-v1", ["sk-abc"]],
    ["no spaces", "realtime,openai-insecure-api-key.sk-abc", ["sk-abc"]],
    ["the same key twice", "openai-insecure-api-key.sk-abc, openai-insecure-api-key.sk-abc", ["sk-abc"]],
    ["two keys", "openai-insecure-api-key.sk-abc, openai-insecure-api-key.sk-def", ["sk-abc", "sk-def"]],
    ["an empty key", "realtime, openai-insecure-api-key.", []],
    ["no key", "realtime, openai-beta.realtime-v1", []],
    ["another prefix", "x-openai-insecure-api-key.sk-abc", []],
  ])("reads %s from Sec-WebSocket-Protocol", (_n, protocols, keys) => {
    expect(subprotocolKeys(h({ upgrade: "websocket", "sec-websocket-protocol": protocols }))).toEqual(keys);
  });

  it("reads no subprotocol key from a request that asks for no WebSocket", () => {
    expect(subprotocolKeys(h({ "sec-websocket-protocol": "openai-insecure-api-key.sk-abc" }))).toEqual([]);
  });
});
