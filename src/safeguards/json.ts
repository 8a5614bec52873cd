import type { Endpoint } from "../dialects/types.js";
import { degradeMessageJson } from "./anthropic-json.js";
import { degradeChoicesJson } from "./chat-json.js";
import type { SafeguardCode, SafeguardPolicy } from "./policy.js";
import { degradeResponseJson } from "./responses-json.js";
import type { SafeguardContext } from "./types.js";
import { collector, isObj } from "./util.js";

export interface JsonResult {
  json: unknown;
  removed: SafeguardCode[];
}

/**
 * Response-side safeguards for a non-stream body. Returns a new value (the
 * input is not mutated) and the distinct codes of what was removed. Bodies
 * that are not the endpoint's success shape (errors) come back unchanged.
 */
export function degradeJson(endpoint: Endpoint, json: unknown, policy: SafeguardPolicy, ctx: SafeguardContext = {}): JsonResult {
  const { report, codes } = collector();
  if (!isObj(json)) return { json, removed: codes };
  const canary = ctx.canary ?? null;
  let out: unknown = json;
  if (endpoint === "chat" || endpoint === "completions") out = degradeChoicesJson(json, policy, report, canary);
  else if (endpoint === "responses") out = degradeResponseJson(json, policy, report, canary);
  else out = degradeMessageJson(json, policy, report, canary);
  return { json: out, removed: codes };
}

/** Shadow mode: the body is returned untouched, with what degrading would have removed. */
export function shadowJson(endpoint: Endpoint, json: unknown, policy: SafeguardPolicy, ctx: SafeguardContext = {}): JsonResult {
  return { json, removed: degradeJson(endpoint, json, policy, ctx).removed };
}
