import { promptCount } from "../dialects/extract-openai.js";
import type { Endpoint } from "../dialects/types.js";
import type { SafeguardCode, SafeguardPolicy } from "./policy.js";
import { collector, isObj, type Obj, type Report } from "./util.js";
import { degradeThinking, repairThinkingContinuity } from "./thinking.js";

export interface RequestResult {
  body: Obj;
  removed: SafeguardCode[];
}

/** Responses `include` values that return logprobs or raw reasoning. */
const LOGPROB_INCLUDES = new Set(["message.output_text.logprobs"]);
const REASONING_INCLUDES = new Set(["reasoning.encrypted_content"]);

/**
 * Request-side safeguards for a degraded request, applied before it reaches
 * the origin. Returns a new body (the input is not mutated) and the codes of
 * what changed. Keys are only touched when they ask for something, so a
 * request that asks for nothing degradable comes back equal to the input.
 */
export function degradeRequest(endpoint: Endpoint, body: Obj, policy: SafeguardPolicy): RequestResult {
  const { report, codes } = collector();
  const out: Obj = { ...body };
  capN(endpoint, out, policy, report);
  if (policy.dropLogprobs) dropLogprobs(endpoint, out, report);
  if (endpoint === "responses") dropReasoningRequests(out, policy, report);
  capMaxTokens(endpoint, out, policy, report);
  if (endpoint === "messages") {
    degradeThinking(out, policy, report);
    repairThinkingContinuity(out, report);
  }
  return { body: out, removed: codes };
}

/** Shadow mode: the body is returned untouched, with what degrading would have changed. */
export function shadowRequest(endpoint: Endpoint, body: Obj, policy: SafeguardPolicy): RequestResult {
  return { body, removed: degradeRequest(endpoint, body, policy).removed };
}

function capN(endpoint: Endpoint, out: Obj, policy: SafeguardPolicy, report: Report): void {
  if (endpoint !== "chat" && endpoint !== "completions") return;
  // Legacy completions answer each of several prompts n times: the prompts beyond capN are dropped too.
  if (endpoint === "completions" && Array.isArray(out.prompt) && promptCount(out.prompt) > policy.capN) {
    out.prompt = out.prompt.slice(0, policy.capN);
    report("n");
  }
  const prompts = endpoint === "completions" ? promptCount(out.prompt) : 1;
  if (typeof out.n === "number" && out.n * prompts > policy.capN) {
    out.n = Math.max(1, Math.floor(policy.capN / prompts));
    report("n");
  }
}

function dropLogprobs(endpoint: Endpoint, out: Obj, report: Report): void {
  if (endpoint === "chat") {
    const asked = out.logprobs === true || (typeof out.top_logprobs === "number" && out.top_logprobs > 0);
    if (asked) report("logprobs");
    // top_logprobs without logprobs is a 400 at OpenAI, so both go together.
    if (asked || "top_logprobs" in out) {
      delete out.logprobs;
      delete out.top_logprobs;
    }
  } else if (endpoint === "completions") {
    // Completions `logprobs` is a count; 0 still returns the sampled tokens' logprobs.
    if (typeof out.logprobs === "number") {
      delete out.logprobs;
      report("logprobs");
    }
  } else if (endpoint === "responses") {
    if (typeof out.top_logprobs === "number") {
      if (out.top_logprobs > 0) report("logprobs");
      delete out.top_logprobs;
    }
    filterInclude(out, LOGPROB_INCLUDES, "logprobs", report);
  }
}

function dropReasoningRequests(out: Obj, policy: SafeguardPolicy, report: Report): void {
  if (!policy.dropReasoningInclude) return;
  filterInclude(out, REASONING_INCLUDES, "reasoning.include", report);
  // Summaries are only worth generating when they will be shown (summarize mode shortens them).
  const r = out.reasoning;
  if (policy.reasoning === "withhold" && isObj(r) && (r.summary != null || r.generate_summary != null)) {
    const { summary: _s, generate_summary: _g, ...rest } = r;
    out.reasoning = rest;
    report("reasoning.summary");
  }
}

function filterInclude(out: Obj, drop: Set<string>, code: SafeguardCode, report: Report): void {
  if (!Array.isArray(out.include)) return;
  const kept = out.include.filter((v) => !(typeof v === "string" && drop.has(v)));
  if (kept.length === out.include.length) return;
  report(code);
  if (kept.length > 0) out.include = kept;
  else delete out.include;
}

/** The max-tokens keys of each endpoint, in the order they are preferred. */
const MAX_KEYS: Record<Endpoint, readonly string[]> = {
  chat: ["max_completion_tokens", "max_tokens"],
  completions: ["max_tokens"],
  responses: ["max_output_tokens"],
  messages: ["max_tokens"],
};

function capMaxTokens(endpoint: Endpoint, out: Obj, policy: SafeguardPolicy, report: Report): void {
  const cap = policy.maxTokensCap;
  if (cap === null) return;
  const keys = MAX_KEYS[endpoint];
  let present = false;
  for (const key of keys) {
    const v = out[key];
    if (typeof v !== "number") continue;
    present = true;
    if (v > cap) {
      out[key] = cap;
      report("max_tokens");
    }
  }
  // Absent means the origin's own ceiling, which can be the model's whole output window.
  // Completions defaults to 16 and Messages requires max_tokens, so only these two need it.
  if (!present && (endpoint === "chat" || endpoint === "responses")) {
    out[keys[0]!] = cap;
    report("max_tokens");
  }
}

/**
 * Repairs a request that degrading an earlier answer would otherwise make fail
 * (see thinking.ts): safe on every request, degraded or not, since it only
 * changes requests the origin would reject. Currently Messages only.
 */
export function repairRequest(endpoint: Endpoint, body: Obj): RequestResult {
  const { report, codes } = collector();
  if (endpoint !== "messages") return { body, removed: codes };
  const out: Obj = { ...body };
  repairThinkingContinuity(out, report);
  return { body: codes.length > 0 ? out : body, removed: codes };
}
