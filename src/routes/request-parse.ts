/**
 * The request checks of the guarded path that need no binding: header
 * checks, the body to a ParsedRequest, the output reservation and the reason
 * codes of a refusal. Shared by routes/proxy.ts and the replay's node engine,
 * which must refuse and reserve exactly as the Worker does.
 */
import { parseRequest } from "../dialects/parse.js";
import type { Endpoint, ParsedRequest } from "../dialects/types.js";
import { GuardError } from "../lib/guard-error.js";
import type { Policy } from "../policy/schema.js";

/**
 * A CORS preflight: a browser asking, before a cross-origin request, whether
 * it may send it. It carries no credentials and no body and generates
 * nothing, so it is passed to the origin, whose CORS policy answers it; the
 * request it announces is guarded when it comes. (Browser clients of either
 * dialect send one before every call: the Anthropic SDK with
 * `dangerouslyAllowBrowser`, the OpenAI SDK likewise.)
 */
export function isPreflight(method: string, headers: { get(name: string): string | null }): boolean {
  return method.toUpperCase() === "OPTIONS" && headers.get("access-control-request-method") !== null;
}

/** Header checks before the body is read. */
export function checkBodyHeaders(endpoint: Endpoint, headers: { get(name: string): string | null }): void {
  const ct = headers.get("content-type");
  if (ct && !/\bjson\b/i.test(ct)) {
    throw new GuardError("unsupported_media_type", `Content-Type must be application/json, not "${ct}".`);
  }
  if (endpoint === "messages" && !headers.get("anthropic-version")) {
    throw new GuardError("missing_header", "anthropic-version: header is required (e.g. anthropic-version: 2023-06-01).");
  }
}

/** The parsed JSON body to a ParsedRequest. */
export function parseBodyObject(endpoint: Endpoint, json: unknown): { req: ParsedRequest; raw: Record<string, unknown> } {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new GuardError("invalid_request", "The request body must be a JSON object.");
  }
  return { req: parseRequest(endpoint, json), raw: json as Record<string, unknown> };
}

/** Output tokens to reserve: the request's max, bounded by policy (reconciled with usage later). */
export function outputReserve(p: ParsedRequest, policy: { limits: Pick<Policy["limits"], "defaultOutputReserve" | "maxOutputReserve"> }): number {
  const asked = p.maxTokens ?? policy.limits.defaultOutputReserve;
  return Math.min(asked, policy.limits.maxOutputReserve) * Math.max(1, p.n);
}

/** Reason codes of a request refused before its account object decided. */
export function refusalReasons(err: GuardError): string[] {
  return err.reasons.length > 0 ? err.reasons : [err.code];
}
