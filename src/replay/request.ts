/**
 * A traffic record as the HTTP request the guard receives: the same URL
 * and headers for both engines, so they take the same decisions on the same
 * bytes. The credential goes where its dialect sends it (`x-api-key` on
 * /v1/messages, `Authorization: Bearer` elsewhere); `userAgent` wins over a
 * `user-agent` in `headers`; JSON is the default content type.
 */
import { GuardError } from "../lib/guard-error.js";
import type { ReplayRequest } from "./types.js";

export const REPLAY_ORIGIN = "https://replay.invalid";

export function requestUrl(req: ReplayRequest): URL {
  // Concatenated, not resolved: "//host/v1/..." must stay a path.
  return new URL(REPLAY_ORIGIN + req.path);
}

export function requestMethod(req: ReplayRequest): string {
  return (req.method ?? "POST").toUpperCase();
}

export function requestHeaders(req: ReplayRequest, url: URL): Headers {
  const h = new Headers(req.headers ?? {});
  if (!h.has("content-type") && hasBody(req)) h.set("content-type", "application/json");
  if (url.pathname === "/v1/messages") h.set("x-api-key", req.apiKey);
  else h.set("authorization", `Bearer ${req.apiKey}`);
  if (req.userAgent !== undefined) h.set("user-agent", req.userAgent);
  return h;
}

export function hasBody(req: ReplayRequest): boolean {
  const m = requestMethod(req);
  return m !== "GET" && m !== "HEAD";
}

/**
 * The Worker serves only /v1/* (and its admin API, which a replay of model
 * traffic never targets): anything else is a 404 before identification.
 */
export function outsideApi(url: URL): GuardError | null {
  return url.pathname.startsWith("/v1/") ? null : new GuardError("not_found", `No route for ${url.pathname}.`);
}

/** request.cf as Miniflare takes it, from the record's network fields. */
export function requestCf(req: ReplayRequest): Record<string, unknown> {
  const cf: Record<string, unknown> = {};
  if (req.asn !== undefined) cf.asn = req.asn;
  if (req.country !== undefined) cf.country = req.country;
  if (req.ja4 !== undefined) cf.botManagement = { ja4: req.ja4 };
  return cf;
}
