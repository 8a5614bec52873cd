import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { errorBody, guessDialect } from "../../../src/dialects/errors.js";
import { GuardError, type GuardErrorCode } from "../../../src/lib/guard-error.js";

type ErrorClass = abstract new (...args: never[]) => Error;

interface Expected {
  status: number;
  openaiType: string;
  anthropicType: string;
  openaiClass: ErrorClass;
  anthropicClass: ErrorClass;
}

// A Record over GuardErrorCode: the compiler fails this test file if a code is added and not listed.
const EXPECTED: Record<GuardErrorCode, Expected> = {
  invalid_json: { status: 400, openaiType: "invalid_request_error", anthropicType: "invalid_request_error", openaiClass: OpenAI.BadRequestError, anthropicClass: Anthropic.BadRequestError },
  invalid_request: { status: 400, openaiType: "invalid_request_error", anthropicType: "invalid_request_error", openaiClass: OpenAI.BadRequestError, anthropicClass: Anthropic.BadRequestError },
  body_too_large: { status: 413, openaiType: "invalid_request_error", anthropicType: "request_too_large", openaiClass: OpenAI.APIError, anthropicClass: Anthropic.ContentTooLargeError },
  unsupported_media_type: { status: 415, openaiType: "invalid_request_error", anthropicType: "invalid_request_error", openaiClass: OpenAI.APIError, anthropicClass: Anthropic.APIError },
  missing_header: { status: 400, openaiType: "invalid_request_error", anthropicType: "invalid_request_error", openaiClass: OpenAI.BadRequestError, anthropicClass: Anthropic.BadRequestError },
  not_found: { status: 404, openaiType: "invalid_request_error", anthropicType: "not_found_error", openaiClass: OpenAI.NotFoundError, anthropicClass: Anthropic.NotFoundError },
  method_not_allowed: { status: 405, openaiType: "invalid_request_error", anthropicType: "invalid_request_error", openaiClass: OpenAI.APIError, anthropicClass: Anthropic.APIError },
  endpoint_not_allowed: { status: 403, openaiType: "permission_error", anthropicType: "permission_error", openaiClass: OpenAI.PermissionDeniedError, anthropicClass: Anthropic.PermissionDeniedError },
  upgrade_not_allowed: { status: 400, openaiType: "invalid_request_error", anthropicType: "invalid_request_error", openaiClass: OpenAI.BadRequestError, anthropicClass: Anthropic.BadRequestError },
  missing_api_key: { status: 401, openaiType: "authentication_error", anthropicType: "authentication_error", openaiClass: OpenAI.AuthenticationError, anthropicClass: Anthropic.AuthenticationError },
  invalid_api_key: { status: 401, openaiType: "authentication_error", anthropicType: "authentication_error", openaiClass: OpenAI.AuthenticationError, anthropicClass: Anthropic.AuthenticationError },
  unauthorized: { status: 401, openaiType: "authentication_error", anthropicType: "authentication_error", openaiClass: OpenAI.AuthenticationError, anthropicClass: Anthropic.AuthenticationError },
  rate_limited: { status: 429, openaiType: "rate_limit_error", anthropicType: "rate_limit_error", openaiClass: OpenAI.RateLimitError, anthropicClass: Anthropic.RateLimitError },
  blocked: { status: 403, openaiType: "permission_error", anthropicType: "permission_error", openaiClass: OpenAI.PermissionDeniedError, anthropicClass: Anthropic.PermissionDeniedError },
  challenge_required: { status: 403, openaiType: "permission_error", anthropicType: "permission_error", openaiClass: OpenAI.PermissionDeniedError, anthropicClass: Anthropic.PermissionDeniedError },
  guard_unavailable: { status: 503, openaiType: "server_error", anthropicType: "overloaded_error", openaiClass: OpenAI.InternalServerError, anthropicClass: Anthropic.InternalServerError },
  origin_error: { status: 502, openaiType: "api_error", anthropicType: "api_error", openaiClass: OpenAI.InternalServerError, anthropicClass: Anthropic.InternalServerError },
  origin_timeout: { status: 504, openaiType: "timeout_error", anthropicType: "timeout_error", openaiClass: OpenAI.InternalServerError, anthropicClass: Anthropic.InternalServerError },
  internal_error: { status: 500, openaiType: "api_error", anthropicType: "api_error", openaiClass: OpenAI.InternalServerError, anthropicClass: Anthropic.InternalServerError },
};

const rows = Object.entries(EXPECTED) as [GuardErrorCode, Expected][];

/** A fetch that answers every request with the error body of `err` in `dialect`. */
function failingFetch(dialect: "openai" | "anthropic", err: GuardError) {
  return async () => {
    const { status, body } = errorBody(dialect, err);
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  };
}

describe("errorBody", () => {
  it.each(rows)("writes %s in the OpenAI shape", (code, e) => {
    const { status, body } = errorBody("openai", new GuardError(code, `msg ${code}`));
    expect(status).toBe(e.status);
    expect(body).toEqual({ error: { message: `msg ${code}`, type: e.openaiType, param: null, code: expect.any(String) } });
  });

  it.each(rows)("writes %s in the Anthropic shape", (code, e) => {
    const { status, body } = errorBody("anthropic", new GuardError(code, `msg ${code}`));
    expect(status).toBe(e.status);
    expect(body).toEqual({ type: "error", error: { type: e.anthropicType, message: `msg ${code}` } });
  });

  it("uses OpenAI's own codes where they exist", () => {
    expect(errorBody("openai", new GuardError("rate_limited", "slow down")).body).toMatchObject({
      error: { code: "rate_limit_exceeded" },
    });
    expect(errorBody("openai", new GuardError("invalid_api_key", "bad key")).body).toMatchObject({
      error: { code: "invalid_api_key" },
    });
  });

  it("keeps a status overridden on the GuardError", () => {
    expect(errorBody("anthropic", new GuardError("guard_unavailable", "busy", { status: 529 })).status).toBe(529);
  });
});

describe("errorBody with the official SDKs", () => {
  it.each(rows)("openai raises the typed error for %s", async (code, e) => {
    const client = new OpenAI({ apiKey: "k", baseURL: "http://guard.test/v1", maxRetries: 0, fetch: failingFetch("openai", new GuardError(code, "nope")) });
    const call = client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] });
    const err = await call.then(() => null, (x: unknown) => x);
    expect(err).toBeInstanceOf(e.openaiClass);
    expect(err).toMatchObject({ status: e.status, type: e.openaiType, message: expect.stringContaining("nope") });
  });

  it.each(rows)("anthropic raises the typed error for %s", async (code, e) => {
    const client = new Anthropic({ apiKey: "k", baseURL: "http://guard.test", maxRetries: 0, fetch: failingFetch("anthropic", new GuardError(code, "nope")) });
    const call = client.messages.create({ model: "m", max_tokens: 5, messages: [{ role: "user", content: "hi" }] });
    const err = await call.then(() => null, (x: unknown) => x);
    expect(err).toBeInstanceOf(e.anthropicClass);
    expect(err).toMatchObject({ status: e.status, error: { type: "error", error: { type: e.anthropicType } } });
  });
});

describe("guessDialect", () => {
  const h = (init: Record<string, string>) => new Headers(init);
  it.each([
    ["/v1/messages", {}, "anthropic"],
    ["/v1/messages/count_tokens", {}, "anthropic"],
    ["/v1/chat/completions", {}, "openai"],
    ["/v1/chat/completions", { "anthropic-version": "2023-06-01" }, "openai"],
    ["/v1/models", { "anthropic-version": "2023-06-01" }, "anthropic"],
    ["/v1/models", { "x-api-key": "k" }, "anthropic"],
    ["/v1/models", { "x-api-key": "k", authorization: "Bearer k" }, "openai"],
    ["/v1/models", { authorization: "Bearer k" }, "openai"],
    ["/nowhere", {}, "openai"],
  ] as const)("%s with %j answers in %s", (path, headers, dialect) => {
    expect(guessDialect(path, h(headers))).toBe(dialect);
  });
});
