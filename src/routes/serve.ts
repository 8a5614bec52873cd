/**
 * Step 6 and 7 of the request path: forward what was admitted to the origin,
 * pass the answer back (streams incrementally), apply output safeguards when
 * the decision is `degrade`, and reconcile the account's reservation with the
 * usage the origin reports, once, whether the response completes or the
 * client goes away.
 */
import type { Context } from "hono";
import type { Decision, RequestObservation } from "../account/types.js";
import { responseIdFromJson, usageFromJson } from "../dialects/usage.js";
import { responseHash } from "../lib/response-hash.js";
import type { Endpoint, ParsedRequest, Usage } from "../dialects/types.js";
import { rateLimitHeaders } from "../limits/headers.js";
import type { Policy } from "../policy/schema.js";
import { canaryFor, degradeJson, degradeRequest, degradeSse, repairRequest, shadowSse } from "../safeguards/index.js";
import type { AppEnv } from "./context.js";
import { isWebSocketUpgrade } from "../lib/websocket.js";
import { forward, originTarget, responseHeaders } from "./forward.js";
import { tapSse, type StreamOutcome } from "./tap.js";

export interface Admission {
  /** The path the origin is sent: a guarded endpoint's own path however the client spelt it (dialects/paths.ts), else the request's. */
  path: string;
  endpoint: Endpoint | null;
  parsed: ParsedRequest | null;
  body: Record<string, unknown> | null;
  /** A body the guard read on another path (routes/conversations.ts), decoded: forwarded as read, uncompressed. */
  read?: Uint8Array;
  decision: Decision | null;
  obs: RequestObservation | null;
  policy: Policy;
}

export async function serve(c: Context<AppEnv>, a: Admission): Promise<Response> {
  const req = c.req.raw;
  const url = new URL(req.url);
  const degrade = a.decision?.action === "degrade";
  const applied = degrade && a.decision!.enforced;
  let body: BodyInit | null = req.method === "GET" || req.method === "HEAD" ? null : req.body;
  const removed: string[] = [];
  if (a.body && a.endpoint) {
    let out = a.body;
    if (degrade) {
      const r = degradeRequest(a.endpoint, a.body, a.policy.safeguards);
      removed.push(...r.removed);
      if (applied) out = r.body;
    } else if (a.endpoint === "messages") {
      // A conversation that was degraded earlier carries guard-made (unsigned)
      // thinking blocks or lacks thinking before a tool call; the API would
      // refuse it once thinking is back on, so repair it on every request.
      out = repairRequest(a.endpoint, out).body;
    }
    body = JSON.stringify(out);
  }
  const ctx = { canary: applied && a.policy.safeguards.canary.enabled && a.obs ? await canaryFor(a.obs.account.id, c.env.CANARY_SALT ?? c.env.KEY_HASH_SECRET ?? "", a.policy.safeguards.canary.words) : null };
  // The guard's own serialisation of a parsed body is sent uncompressed, whatever the client's Content-Encoding.
  if (a.read && !a.endpoint) body = a.read;
  const sent = ((a.body && a.endpoint) || (a.read && !a.endpoint)) && req.headers.has("content-encoding") ? withoutEncoding(req.headers) : req.headers;
  const res = await forward(originTarget(c.env), a.path + url.search, {
    method: req.method, headers: sent, body, clientIp: a.obs?.client.ip ?? req.headers.get("cf-connecting-ip") ?? "",
    // Only a handshake proxy.ts let through reaches here (upgradeRefusal): an uninspected path, an allowed account.
    websocket: !a.endpoint && isWebSocketUpgrade(req.method, req.headers),
  }, a.policy.timeouts.originMs);

  const headers = responseHeaders(res);
  if (a.decision?.enforced) {
    for (const [k, v] of Object.entries(rateLimitHeaders(c.get("dialect"), a.decision.limit, Date.now()))) headers.set(k, v);
  }
  const settle = settler(c, a, removed);
  if (res.webSocket) {
    // The origin accepted the WebSocket: its end goes to the client as it is. The frames are not inspected.
    settle(null, 0, true);
    return new Response(null, { status: 101, webSocket: res.webSocket, headers });
  }
  const ct = res.headers.get("content-type") ?? "";
  if (!res.body || !a.endpoint) {
    settle(null, 0, true);
    return new Response(res.body, { status: res.status, headers });
  }
  if (ct.includes("text/event-stream")) {
    const onEnd = (o: StreamOutcome) => settle(o.usage, o.generatedChars, o.complete, res.ok ? o.responseId : null);
    // The tap stays on the client's path (not a tee): it is how a client that
    // goes away is noticed, so the origin stream is cancelled and the
    // reservation settled with what was generated.
    let stream = tapSse(res.body, a.endpoint, onEnd, req.signal);
    if (applied) stream = stream.pipeThrough(degradeSse(a.endpoint, a.policy.safeguards, { onRemoved: (r) => void removed.push(r) }, ctx));
    else if (degrade) stream = stream.pipeThrough(shadowSse(a.endpoint, a.policy.safeguards, { onRemoved: (r) => void removed.push(r) }));
    return new Response(stream, { status: res.status, headers });
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    settle(null, 0, true);
    return new Response(text, { status: res.status, headers });
  }
  const usage = res.ok ? usageFromJson(a.endpoint, json) : { inputTokens: 0, outputTokens: 0 };
  if (degrade && res.ok) {
    const r = degradeJson(a.endpoint, json, a.policy.safeguards, ctx);
    removed.push(...r.removed);
    if (applied) json = r.json;
  }
  settle(usage, 0, true, res.ok ? responseIdFromJson(a.endpoint, json) : null);
  headers.delete("content-encoding");
  return new Response(applied ? JSON.stringify(json) : text, { status: res.status, headers });
}

/**
 * Returns a function that reconciles the reservation exactly once. A
 * Responses answer's id goes to the account object as its hash only, so a
 * later request that continues it (`previous_response_id`) can be linked.
 */
function settler(c: Context<AppEnv>, a: Admission, removed: string[]) {
  let done = false;
  return (usage: Usage | null, generatedChars: number, complete: boolean, responseId: string | null = null) => {
    if (done || !a.decision?.reservationId || !a.obs) return;
    done = true;
    const tokens = usage
      ? { input: usage.inputTokens, output: usage.outputTokens }
      : { input: a.obs.inputTokens, output: Math.ceil(generatedChars / 4) };
    const note = { complete, usageReported: usage !== null, ...(removed.length ? { safeguards: [...new Set(removed)], applied: a.decision.enforced } : {}) };
    const stub = c.env.ACCOUNT.getByName(a.obs.account.id);
    c.executionCtx.waitUntil(
      stub.settle(a.decision.reservationId, tokens, note, responseId === null ? undefined : responseHash(responseId)).then(
        () => undefined,
        (err: unknown) => console.error(JSON.stringify({ event: "settle_failed", requestId: a.obs?.id, error: String(err) })),
      ),
    );
  };
}

/** The request's headers without its Content-Encoding (the body sent is the guard's own, uncompressed). */
function withoutEncoding(h: Headers): Headers {
  const out = new Headers(h);
  out.delete("content-encoding");
  return out;
}
