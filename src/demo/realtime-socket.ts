/**
 * `GET /v1/realtime` on the demo origin: a WebSocket (`WebSocketPair`, a
 * workerd global) running the pure session of demo/realtime.ts. Anything
 * but a WebSocket handshake is a 426, as a Realtime server answers it; in
 * Node (unit tests of the demo), which has no WebSocketPair, a handshake is
 * a 501: the demo's sockets run in workerd (`npm start`, the workers tests).
 */
import { GuardError } from "../lib/guard-error.js";
import { isWebSocketUpgrade, offeredSubprotocols } from "../lib/websocket.js";
import { onClientEvent, openSession, type ServerEvent } from "./realtime.js";

export function realtimeSocket(request: Request, nowMs: number): Response {
  // Refusals are thrown: the demo's handler renders them in the caller's dialect, with their headers.
  if (!isWebSocketUpgrade(request.method, request.headers)) {
    throw new GuardError("invalid_request", "The Realtime API is a WebSocket: open GET /v1/realtime?model=… with Upgrade: websocket.", { status: 426, headers: { upgrade: "websocket" } });
  }
  if (typeof WebSocketPair === "undefined") {
    throw new GuardError("invalid_request", "The demo origin's Realtime WebSocket runs in workerd only (npm start).", { status: 501 });
  }
  const pair = new WebSocketPair();
  const client = pair[0];
  const server = pair[1];
  server.accept();
  const send = (events: ServerEvent[]) => {
    for (const e of events) server.send(JSON.stringify(e));
  };
  const model = new URL(request.url).searchParams.get("model") || "demo-realtime";
  const opened = openSession(`sess_${crypto.randomUUID().replaceAll("-", "")}`, model, nowMs);
  let session = opened.session;
  send(opened.events);
  server.addEventListener("message", (m) => {
    const r = onClientEvent(session, typeof m.data === "string" ? m.data : null, Date.now());
    session = r.session;
    send(r.events);
  });
  server.addEventListener("close", () => {
    // Answer the client's close; where the runtime already has, there is nothing left to close.
    try {
      server.close(1000, "");
    } catch {
      // already closed
    }
  });
  // OpenAI answers with the `realtime` subprotocol; a browser that offered subprotocols needs one back.
  const headers = offeredSubprotocols(request.headers).includes("realtime") ? { "sec-websocket-protocol": "realtime" } : undefined;
  return new Response(null, { status: 101, webSocket: client, headers });
}
