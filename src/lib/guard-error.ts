/**
 * The one error type of the guard. Handlers throw it; `app.onError` writes it
 * in the caller's dialect (see dialects/errors.ts). Expected outcomes of a
 * decision (throttle, block) are returned as data by the core and only turned
 * into a GuardError at the shell.
 */
export type GuardErrorCode =
  | "invalid_json"
  | "invalid_request"
  | "body_too_large"
  | "unsupported_media_type"
  | "missing_header"
  | "not_found"
  | "method_not_allowed"
  | "endpoint_not_allowed"
  | "upgrade_not_allowed"
  | "missing_api_key"
  | "invalid_api_key"
  | "unauthorized"
  | "rate_limited"
  | "blocked"
  | "challenge_required"
  | "guard_unavailable"
  | "origin_error"
  | "origin_timeout"
  | "internal_error";

const STATUS: Record<GuardErrorCode, number> = {
  invalid_json: 400,
  invalid_request: 400,
  body_too_large: 413,
  unsupported_media_type: 415,
  missing_header: 400,
  not_found: 404,
  method_not_allowed: 405,
  endpoint_not_allowed: 403,
  upgrade_not_allowed: 400,
  missing_api_key: 401,
  invalid_api_key: 401,
  unauthorized: 401,
  rate_limited: 429,
  blocked: 403,
  challenge_required: 403,
  guard_unavailable: 503,
  origin_error: 502,
  origin_timeout: 504,
  internal_error: 500,
};

export class GuardError extends Error {
  readonly code: GuardErrorCode;
  readonly status: number;
  /** Extra response headers (retry-after, rate-limit headers). */
  readonly headers: Record<string, string>;
  /** Machine-readable reasons, exposed to admins, not necessarily to clients. */
  readonly reasons: string[];

  constructor(
    code: GuardErrorCode,
    message: string,
    opts: { status?: number; headers?: Record<string, string>; reasons?: string[] } = {},
  ) {
    super(message);
    this.name = "GuardError";
    this.code = code;
    this.status = opts.status ?? STATUS[code];
    this.headers = opts.headers ?? {};
    this.reasons = opts.reasons ?? [];
  }
}
