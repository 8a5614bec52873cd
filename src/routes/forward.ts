/**
 * Forwarding to the origin: `ORIGIN_URL` when set, else the `ORIGIN` service
 * binding (the embedded demo origin locally). Hop-by-hop headers and the
 * guard's own headers are stripped both ways; a client cannot smuggle guard
 * internals (x-guard-*) to the origin. Origin failures become 502 / 504 in
 * the caller's dialect; the origin's own 4xx answers pass through.
 *
 * A WebSocket handshake the guard has let through (policy/uninspected.ts)
 * keeps its `Upgrade: websocket`: with it, `fetch` and a service binding's
 * `fetch` open the socket to the origin and answer 101 with `webSocket`,
 * which the guard hands to the client (Cloudflare's Workers WebSocket
 * proxying, developers.cloudflare.com/workers/examples/websockets/). The
 * origin timeout bounds the handshake only, not the session.
 */
import { GuardError } from "../lib/guard-error.js";

const HOP_BY_HOP = new Set([
  "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
  "te", "trailer", "trailers", "transfer-encoding", "upgrade", "host", "content-length",
]);

export function isGuardHeader(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith("x-guard-") || n.startsWith("cf-") || n === "x-forwarded-for" || n === "x-real-ip";
}

export function cleanHeaders(src: Headers, extraDrop: (n: string) => boolean = isGuardHeader): Headers {
  const drop = new Set(HOP_BY_HOP);
  const conn = src.get("connection");
  if (conn) for (const t of conn.split(",")) drop.add(t.trim().toLowerCase());
  const out = new Headers();
  src.forEach((v, k) => {
    if (!drop.has(k.toLowerCase()) && !extraDrop(k)) out.set(k, v);
  });
  return out;
}

export interface OriginTarget {
  url: string;
  binding: Fetcher | null;
}

export function originTarget(env: { ORIGIN_URL?: string; ORIGIN?: Fetcher }): OriginTarget {
  const base = env.ORIGIN_URL?.trim();
  if (base) return { url: base.replace(/\/+$/, ""), binding: null };
  if (env.ORIGIN) return { url: "https://origin.internal", binding: env.ORIGIN };
  throw new GuardError("origin_error", "No origin is configured (set ORIGIN_URL or bind ORIGIN).");
}

export async function forward(
  target: OriginTarget,
  pathAndQuery: string,
  init: { method: string; headers: Headers; body: BodyInit | null; clientIp: string; websocket?: boolean },
  timeoutMs: number,
): Promise<Response> {
  const headers = cleanHeaders(init.headers);
  if (init.websocket) headers.set("upgrade", "websocket");
  headers.set("x-forwarded-for", init.clientIp);
  const ctrl = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The bound is the guard's own: it does not rely on the origin (or a
  // service binding) honouring the abort signal, which only cancels the work.
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ctrl.abort();
      reject(new GuardError("origin_timeout", `The model server did not answer within ${timeoutMs} ms.`));
    }, timeoutMs);
  });
  let res: Response;
  try {
    const req = new Request(target.url + pathAndQuery, {
      method: init.method, headers, body: init.body, signal: ctrl.signal, redirect: "manual",
    });
    res = await Promise.race([target.binding ? target.binding.fetch(req) : fetch(req), timedOut]);
  } catch (err) {
    if (err instanceof GuardError) throw err;
    if (ctrl.signal.aborted) throw new GuardError("origin_timeout", `The model server did not answer within ${timeoutMs} ms.`);
    console.error(JSON.stringify({ event: "origin_fetch_failed", error: String(err) }));
    throw new GuardError("origin_error", "The model server could not be reached.");
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
  if (res.status >= 500) {
    await res.body?.cancel();
    throw new GuardError("origin_error", `The model server failed (HTTP ${res.status}).`);
  }
  return res;
}

/**
 * The handshake headers of the origin's side of a WebSocket: the runtime
 * writes its own handshake with the client (its accept value, its extension
 * negotiation); the origin's chosen subprotocol passes, as a browser that
 * offered some requires one back.
 */
const ORIGIN_HANDSHAKE = new Set(["sec-websocket-accept", "sec-websocket-extensions", "sec-websocket-version"]);

/** Response headers from the origin, minus hop-by-hop and guard headers (and, on a 101, the origin's own handshake). */
export function responseHeaders(res: Response): Headers {
  const upgraded = res.status === 101;
  return cleanHeaders(res.headers, (n) => {
    const lower = n.toLowerCase();
    return lower.startsWith("x-guard-") || (upgraded && ORIGIN_HANDSHAKE.has(lower));
  });
}
