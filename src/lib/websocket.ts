/**
 * Reading a WebSocket handshake (RFC 6455 §4.1): whether a request asks for
 * one, and the API key a browser sends as a subprotocol. Browsers cannot set
 * headers on a WebSocket, so OpenAI's browser Realtime clients put the key
 * in `Sec-WebSocket-Protocol` as `openai-insecure-api-key.<key>`, next to
 * `realtime` (and `openai-beta.realtime-v1` on older clients); server-side
 * clients send `Authorization: Bearer` as on any request. Pure: no binding.
 */

type HeaderView = { get(name: string): string | null };

/** The subprotocol prefix of a key sent by a browser (the openai SDK's `OpenAIRealtimeWebSocket`). */
export const KEY_SUBPROTOCOL = "openai-insecure-api-key.";

/** The request asks to become a WebSocket: `Upgrade` names `websocket` (any method; see isWebSocketUpgrade). */
export function asksWebSocket(headers: HeaderView): boolean {
  const up = headers.get("upgrade");
  return up !== null && up.split(",").some((t) => t.trim().toLowerCase() === "websocket");
}

/** A WebSocket handshake: a GET that asks for one (a handshake is a GET; any other method is an ordinary request). */
export function isWebSocketUpgrade(method: string, headers: HeaderView): boolean {
  return method.toUpperCase() === "GET" && asksWebSocket(headers);
}

/**
 * The distinct keys named in `Sec-WebSocket-Protocol` of a request that asks
 * for a WebSocket (none on any other request: the header means nothing there).
 * An entry with nothing after the prefix names no key.
 */
export function subprotocolKeys(headers: HeaderView): string[] {
  if (!asksWebSocket(headers)) return [];
  const keys: string[] = [];
  for (const p of offeredSubprotocols(headers)) {
    if (!p.startsWith(KEY_SUBPROTOCOL)) continue;
    const key = p.slice(KEY_SUBPROTOCOL.length);
    if (key !== "" && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

/** The subprotocols a handshake offers (`Sec-WebSocket-Protocol`, comma-separated), in order. */
export function offeredSubprotocols(headers: HeaderView): string[] {
  const raw = headers.get("sec-websocket-protocol");
  return raw === null ? [] : raw.split(",").map((p) => p.trim());
}
