/**
 * A traffic record as the HTTP request the guard receives: the same URL
 * and headers for both engines, so they take the same decisions on the same
 * bytes. The credential goes where its dialect sends it (`x-api-key` on
 * /v1/messages, `Authorization: Bearer` elsewhere); `userAgent` wins over a
 * `user-agent` in `headers`. A header the line does not record is the one
 * the official SDKs send: JSON is the default content type, and
 * `anthropic-version: 2023-06-01` is sent to /v1/messages. REPLAY.md makes
 * `headers` optional, and logs and other producers' traffic often keep none:
 * the live Worker refuses a Messages request without `anthropic-version`
 * (400), which in a replay would turn every Anthropic-dialect line of such a
 * file into a block. A line that records the header empty
 * (`"anthropic-version": ""`) is still refused, as live.
 */
import { guardedPath } from "../dialects/paths.js";
import { GuardError } from "../lib/guard-error.js";
import { isVerbatimHeaderValue } from "../lib/api-key.js";
import type { RequestHead } from "./types.js";

export const REPLAY_ORIGIN = "https://replay.invalid";

/** What the official Anthropic SDKs send as `anthropic-version`, for a line that does not record one. */
export const SDK_ANTHROPIC_VERSION = "2023-06-01";

export function requestUrl(req: Pick<RequestHead, "path">): URL {
  // Concatenated, not resolved: "//host/v1/..." must stay a path.
  return new URL(REPLAY_ORIGIN + req.path);
}

/** Letters, digits, "_", "-" and "/": nothing the URL parser rewrites (no dot segments, escapes, query, fragment or backslash). */
const PLAIN_PATH = /^[\w\/-]*$/;

/** `requestUrl(req).pathname`, without building the URL for a plain path (tested against it). */
export function requestPathname(req: Pick<RequestHead, "path">): string {
  return PLAIN_PATH.test(req.path) ? req.path : requestUrl(req).pathname;
}

export function requestMethod(req: RequestHead): string {
  return (req.method ?? "POST").toUpperCase();
}

export function requestHeaders(req: RequestHead, url: URL): Headers {
  return headersFor(req, url.pathname);
}

/** The path names /v1/messages, however it is spelt (dialects/paths.ts). */
function isMessages(pathname: string): boolean {
  return guardedPath(pathname)?.endpoint === "messages";
}

function headersFor(req: RequestHead, pathname: string): Headers {
  const h = new Headers(req.headers ?? {});
  // The record's body is what the API received, decoded: a Content-Encoding the log kept no longer applies.
  h.delete("content-encoding");
  if (!h.has("content-type") && hasBody(req)) h.set("content-type", "application/json");
  if (isMessages(pathname)) {
    if (!h.has("anthropic-version")) h.set("anthropic-version", SDK_ANTHROPIC_VERSION);
    h.set("x-api-key", req.apiKey);
  } else h.set("authorization", `Bearer ${req.apiKey}`);
  if (req.userAgent !== undefined) h.set("user-agent", req.userAgent);
  return h;
}

/** A name `Headers` keeps as it is: an HTTP token without upper case (no two such names fold together). */
const PLAIN_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;

/**
 * What `requestHeaders(req, url).get(name)` answers, for the request checks
 * (routes/request-parse.ts checkBodyHeaders). Building the Headers cost
 * about a tenth of a line's parse; when every name and value is one the
 * Headers would keep verbatim, the answers come from the record itself,
 * and otherwise from the real Headers, which also throws as it did on a
 * value it refuses (test/unit/replay/request.test.ts compares the two).
 */
export function requestHeaderView(req: RequestHead, pathname: string): { get(name: string): string | null } {
  const own = req.headers;
  if (!plainHeaders(req)) return headersFor(req, pathname);
  const messages = isMessages(pathname);
  return {
    get(name: string): string | null {
      const n = name.toLowerCase();
      if (n === "user-agent" && req.userAgent !== undefined) return req.userAgent;
      if (messages ? n === "x-api-key" : n === "authorization") return messages ? req.apiKey : `Bearer ${req.apiKey}`;
      if (n === "content-encoding") return null;
      if (own !== undefined && Object.hasOwn(own, n)) return own[n]!;
      if (n === "anthropic-version") return messages ? SDK_ANTHROPIC_VERSION : null;
      return n === "content-type" && hasBody(req) ? "application/json" : null;
    },
  };
}

function plainHeaders(req: RequestHead): boolean {
  if (!isVerbatimHeaderValue(req.apiKey) || (req.userAgent !== undefined && !isVerbatimHeaderValue(req.userAgent))) return false;
  const own = req.headers;
  if (own === undefined) return true;
  for (const k in own) if (!Object.hasOwn(own, k) || !PLAIN_NAME.test(k) || !isVerbatimHeaderValue(own[k]!)) return false;
  return true;
}

export function hasBody(req: RequestHead): boolean {
  const m = requestMethod(req);
  return m !== "GET" && m !== "HEAD";
}

/**
 * The Worker serves only /v1/* (and its admin API, which a replay of model
 * traffic never targets): anything else is a 404 before identification.
 */
export function outsideApi(url: { readonly pathname: string }): GuardError | null {
  return url.pathname.startsWith("/v1/") ? null : new GuardError("not_found", `No route for ${url.pathname}.`);
}

/** request.cf as Miniflare takes it, from the record's network fields. */
export function requestCf(req: RequestHead): Record<string, unknown> {
  const cf: Record<string, unknown> = {};
  if (req.asn !== undefined) cf.asn = req.asn;
  if (req.country !== undefined) cf.country = req.country;
  if (req.ja4 !== undefined) cf.botManagement = { ja4: req.ja4 };
  return cf;
}
