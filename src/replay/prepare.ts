/**
 * The node engine's first stage: everything the Worker does to a request
 * before it needs any account (routes/proxy.ts): path and method checks,
 * header checks, the body's size and parse, and computeSignals. Pure and
 * independent of every other request, so the replay can run it on worker
 * threads ahead of the sequential second stage (node-engine.ts) without
 * changing a single decision. It returns what the second stage needs, not
 * the body, so that little crosses between threads.
 */
import type { ChainScores } from "../account/chain.js";
import { computeSignals } from "../detect/index.js";
import { conversationRoute } from "../dialects/conversations.js";
import { conversationHash } from "../lib/response-hash.js";
import { itemsScores } from "../routes/conversations.js";
import type { Signals } from "../detect/types.js";
import { guardedPath } from "../dialects/paths.js";
import type { Endpoint } from "../dialects/types.js";
import { GuardError } from "../lib/guard-error.js";
import type { Policy } from "../policy/schema.js";
import { upgradeRefusal } from "../policy/uninspected.js";
import { checkBodyHeaders, outputReserve, parseBodyObject, refusalReasons } from "../routes/request-parse.js";
import { parseTrafficParts } from "./inputs.js";
import { outsideApi, requestHeaderView, requestMethod, requestPathname } from "./request.js";
import type { ReplayRequest, RequestHead } from "./types.js";

const UTF8 = new TextEncoder();

/** The request's parse, when it has a body the guard parses (null for e.g. GET /v1/models). */
export interface ParsedView {
  endpoint: Endpoint;
  model: string;
  estInputTokens: number;
  outputReserve: number;
  /** ParsedRequest.conversation: the conversation a Responses request names (its hash), else null. */
  conversation: string | null;
  signals: Signals;
}

export type Stage =
  | { kind: "refused"; status: number; reasons: string[] }
  | {
    kind: "parsed"; endpoint: Endpoint | "other"; parsed: ParsedView | null;
    /** Items added to a conversation (`POST /v1/conversations/{id}/items`) that carry intent: its hash and their scores. */
    conversation?: { h: string; scores: ChainScores };
  };

/** A traffic line after the first stage: the request without its body, its label (for the tally only), its stage result. */
export interface PreparedLine {
  req: RequestHead;
  label: string | null;
  stage: Stage;
}

/**
 * The part of the policy the first stage reads, and all of it: the first
 * stage takes this type, so it cannot read more, and its result is a
 * function of the line and of `stagePolicy(policy)` alone (the replay's
 * first-stage cache, src/cli/stage-cache.ts, is keyed by it).
 */
export interface StagePolicy {
  maxBodyBytes: Policy["maxBodyBytes"];
  limits: Pick<Policy["limits"], "defaultOutputReserve" | "maxOutputReserve">;
}

/** Exactly the StagePolicy of a policy (a full Policy is one too, with more besides). */
export function stagePolicy(p: StagePolicy): StagePolicy {
  return { maxBodyBytes: p.maxBodyBytes, limits: { defaultOutputReserve: p.limits.defaultOutputReserve, maxOutputReserve: p.limits.maxOutputReserve } };
}

export function prepareRequest(req: ReplayRequest, lineLength: number, policy: StagePolicy): Stage {
  return stageOf(req, req.body, lineLength, policy);
}

function stageOf(req: RequestHead, body: ReplayRequest["body"], lineLength: number, policy: StagePolicy): Stage {
  try {
    const pathname = requestPathname(req);
    const notFound = outsideApi({ pathname });
    if (notFound) throw notFound;
    // However the path is spelt, as the Worker reads it (dialects/paths.ts).
    const guarded = guardedPath(pathname);
    const method = requestMethod(req);
    if (!guarded) {
      // routes/conversations.ts: a Conversations API write's body is read within the limit, and its items scored.
      const route = conversationRoute(method, pathname);
      if (!route) return { kind: "parsed", endpoint: "other", parsed: null };
      checkBodySize(body, lineLength, policy);
      // A new conversation's id is the origin's answer, which a replay has not: only added items are linked.
      const scores = route.op === "items" ? itemsScores(body) : null;
      if (scores && route.op === "items") {
        return { kind: "parsed", endpoint: "other", parsed: null, conversation: { h: conversationHash(route.id), scores } };
      }
      return { kind: "parsed", endpoint: "other", parsed: null };
    }
    const endpoint: Endpoint = guarded.endpoint;
    // routes/proxy.ts: a WebSocket handshake to a model endpoint is refused as a tunnel, anything else but POST as a method.
    if (method !== "POST") throw upgradeRefusal(method, guarded.path, requestHeaderView(req, pathname)) ?? new GuardError("method_not_allowed", `${guarded.path} only accepts POST.`);
    checkBodyHeaders(endpoint, requestHeaderView(req, pathname));
    checkBodySize(body, lineLength, policy);
    const p = parseBodyObject(endpoint, body).req;
    return {
      kind: "parsed", endpoint,
      parsed: {
        endpoint, model: p.model, estInputTokens: p.estInputTokens, outputReserve: outputReserve(p, policy), conversation: p.conversation,
        signals: computeSignals(p),
      },
    };
  } catch (err) {
    if (!(err instanceof GuardError)) throw err;
    return { kind: "refused", status: err.status, reasons: refusalReasons(err) };
  }
}

function checkBodySize(body: ReplayRequest["body"], lineLength: number, policy: StagePolicy): void {
  const max = policy.maxBodyBytes;
  // A UTF-16 unit is at most 3 UTF-8 bytes: only long records need measuring.
  if (lineLength * 3 > max && UTF8.encode(JSON.stringify(body)).length > max) {
    throw new GuardError("body_too_large", `Request body exceeds the ${max}-byte limit.`);
  }
}

/** Parse one traffic line (InputError when malformed) and run the first stage on it. */
export function prepareLine(text: string, lineNo: number, file: string, policy: StagePolicy): PreparedLine {
  const { head, body, label } = parseTrafficParts(text, file, lineNo);
  return { req: head, label, stage: stageOf(head, body, text.length, policy) };
}
