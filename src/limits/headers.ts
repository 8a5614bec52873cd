/**
 * The standard rate-limit headers each dialect's clients read.
 * OpenAI: x-ratelimit-{limit,remaining,reset}-{requests,tokens}, resets as
 * durations ("1s", "6m0s"); https://platform.openai.com/docs/guides/rate-limits
 * Anthropic: anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset},
 * resets as RFC 3339 times; https://docs.anthropic.com/en/api/rate-limits
 * Both: retry-after in whole seconds on a 429.
 */
import type { Dialect } from "../dialects/types.js";
import type { LimitCheck } from "./window.js";

export function rateLimitHeaders(dialect: Dialect, check: LimitCheck, now: number): Record<string, string> {
  const h: Record<string, string> = {};
  if (dialect === "openai") {
    h["x-ratelimit-limit-requests"] = String(check.limits.rpm);
    h["x-ratelimit-remaining-requests"] = String(check.remainingRequests);
    h["x-ratelimit-reset-requests"] = duration(check.resetRequestsMs);
    h["x-ratelimit-limit-tokens"] = String(check.limits.tpm);
    h["x-ratelimit-remaining-tokens"] = String(check.remainingTokens);
    h["x-ratelimit-reset-tokens"] = duration(check.resetTokensMs);
  } else {
    h["anthropic-ratelimit-requests-limit"] = String(check.limits.rpm);
    h["anthropic-ratelimit-requests-remaining"] = String(check.remainingRequests);
    h["anthropic-ratelimit-requests-reset"] = new Date(now + check.resetRequestsMs).toISOString();
    h["anthropic-ratelimit-tokens-limit"] = String(check.limits.tpm);
    h["anthropic-ratelimit-tokens-remaining"] = String(check.remainingTokens);
    h["anthropic-ratelimit-tokens-reset"] = new Date(now + check.resetTokensMs).toISOString();
  }
  if (!check.ok) h["retry-after"] = String(Math.max(1, Math.ceil(check.retryAfterMs / 1000)));
  return h;
}

/** OpenAI-style duration: "0s", "850ms", "12s", "1m30s". */
export function duration(ms: number): string {
  if (ms <= 0) return "0s";
  if (ms < 1000) return `${Math.ceil(ms)}ms`;
  const s = Math.ceil(ms / 1000);
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${s % 60}s` : `${s}s`;
}
