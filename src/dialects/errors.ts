/**
 * Error bodies in the caller's dialect, so that the official SDKs raise their
 * usual typed exceptions. The SDKs choose the exception class from the HTTP
 * status alone (openai `APIError.generate`, @anthropic-ai/sdk
 * `STATUS_ERROR_CLASSES`): 400 BadRequestError, 401 AuthenticationError,
 * 403 PermissionDeniedError, 404 NotFoundError, 429 RateLimitError, >= 500
 * InternalServerError. The body's `type` is what clients log and branch on.
 *
 * Shapes: OpenAI `{"error":{"message","type","param","code"}}` (API reference,
 * "Error codes"); Anthropic `{"type":"error","error":{"type","message"}}`
 * (docs.anthropic.com/en/api/errors).
 */
import type { GuardError, GuardErrorCode } from "../lib/guard-error.js";
import type { Dialect } from "./types.js";

interface OpenAiKind {
  type: string;
  /** OpenAI's own code where one exists for the same condition, else ours. */
  code: string;
}

const OPENAI: Record<GuardErrorCode, OpenAiKind> = {
  invalid_json: { type: "invalid_request_error", code: "invalid_json" },
  invalid_request: { type: "invalid_request_error", code: "invalid_request" },
  body_too_large: { type: "invalid_request_error", code: "request_too_large" },
  unsupported_media_type: { type: "invalid_request_error", code: "unsupported_media_type" },
  missing_header: { type: "invalid_request_error", code: "missing_header" },
  not_found: { type: "invalid_request_error", code: "unknown_url" },
  method_not_allowed: { type: "invalid_request_error", code: "method_not_allowed" },
  endpoint_not_allowed: { type: "permission_error", code: "endpoint_not_allowed" },
  upgrade_not_allowed: { type: "invalid_request_error", code: "upgrade_not_allowed" },
  missing_api_key: { type: "authentication_error", code: "missing_api_key" },
  invalid_api_key: { type: "authentication_error", code: "invalid_api_key" },
  unauthorized: { type: "authentication_error", code: "unauthorized" },
  rate_limited: { type: "rate_limit_error", code: "rate_limit_exceeded" },
  blocked: { type: "permission_error", code: "account_blocked" },
  challenge_required: { type: "permission_error", code: "verification_required" },
  guard_unavailable: { type: "server_error", code: "service_unavailable" },
  origin_error: { type: "api_error", code: "origin_error" },
  origin_timeout: { type: "timeout_error", code: "origin_timeout" },
  internal_error: { type: "api_error", code: "internal_error" },
};

const ANTHROPIC: Record<GuardErrorCode, string> = {
  invalid_json: "invalid_request_error",
  invalid_request: "invalid_request_error",
  body_too_large: "request_too_large",
  unsupported_media_type: "invalid_request_error",
  missing_header: "invalid_request_error",
  not_found: "not_found_error",
  method_not_allowed: "invalid_request_error",
  endpoint_not_allowed: "permission_error",
  upgrade_not_allowed: "invalid_request_error",
  missing_api_key: "authentication_error",
  invalid_api_key: "authentication_error",
  unauthorized: "authentication_error",
  rate_limited: "rate_limit_error",
  blocked: "permission_error",
  challenge_required: "permission_error",
  guard_unavailable: "overloaded_error",
  origin_error: "api_error",
  origin_timeout: "timeout_error",
  internal_error: "api_error",
};

export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string };
}

export interface AnthropicErrorBody {
  type: "error";
  error: { type: string; message: string };
}

export function errorBody(
  dialect: Dialect,
  err: GuardError,
): { status: number; body: OpenAiErrorBody | AnthropicErrorBody } {
  if (dialect === "anthropic") {
    return { status: err.status, body: { type: "error", error: { type: ANTHROPIC[err.code], message: err.message } } };
  }
  const kind = OPENAI[err.code];
  return {
    status: err.status,
    body: { error: { message: err.message, type: kind.type, param: null, code: kind.code } },
  };
}

/**
 * Which dialect to answer in before (or without) a parsed body: the path for
 * the known endpoints, else the client's headers. Anthropic clients send
 * `anthropic-version` and authenticate with `x-api-key`; OpenAI clients use
 * `Authorization: Bearer`. OpenAI is the fallback because most
 * OpenAI-compatible tools send nothing dialect-specific.
 */
export function guessDialect(path: string, headers: Headers): Dialect {
  if (path === "/v1/messages" || path.startsWith("/v1/messages/")) return "anthropic";
  if (path.startsWith("/v1/chat/") || path === "/v1/responses" || path === "/v1/completions") return "openai";
  if (headers.has("anthropic-version")) return "anthropic";
  if (headers.has("x-api-key") && !headers.has("authorization")) return "anthropic";
  return "openai";
}
