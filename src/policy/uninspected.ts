/**
 * Paths where the model generates but the guard cannot inspect what it is
 * asked, request by request: the batch APIs (a file or a list of up to
 * 100,000 requests, at a discount, answered within a day), Assistants runs,
 * Realtime sessions (the client then talks to the model directly or over a
 * WebSocket), and Anthropic's legacy Text Completions. Passed through as
 * "another /v1 path" they would carry a whole extraction campaign past the
 * detectors, the token limits and the output safeguards as a handful of
 * requests. So they are open only to the accounts the policy names
 * (`uninspected.allow`): by default established ones, verified and past
 * `campaign.youngDays`, or verified enterprise (the evaluation pipelines
 * that use batches), and refused to the cheap and new accounts extraction
 * runs on, with a 403 in the caller's dialect that says where to send the
 * requests instead. Accounts in shadow mode are not refused.
 *
 * A WebSocket is a tunnel: once open, its frames pass unseen. So a WebSocket
 * handshake is proxied only to these paths (the Realtime API), which the
 * guard cannot inspect anyway, and for the accounts that may use them; to a
 * guarded endpoint or any other path it is refused (`upgradeRefusal`), in
 * shadow mode too, since it is no decision about the account but a tunnel
 * the guard will not open.
 */
import * as z from "zod";
import { isContracted } from "../account/identity.js";
import { canonicalPath } from "../dialects/paths.js";
import { establishedAt } from "../intel/match.js";
import { GuardError } from "../lib/guard-error.js";
import { isWebSocketUpgrade } from "../lib/websocket.js";

/** `METHOD /path` (METHOD `*` for any); a path segment `*` matches any one segment. */
const PathRule = z.string().regex(/^(?:\*|[A-Z]+) \/[^\s]*$/, 'a rule is "METHOD /path" (METHOD or a path segment may be *)');

export const UninspectedPolicy = z.object({
  paths: z.array(PathRule).max(200).default([
    "POST /v1/batches",
    "POST /v1/messages/batches",
    "POST /v1/threads/runs",
    "POST /v1/threads/*/runs",
    "POST /v1/threads/*/runs/*/submit_tool_outputs",
    "* /v1/realtime",
    "* /v1/realtime/*",
    "POST /v1/complete",
  ]),
  /** Who may use them: nobody, verified enterprise accounts, established accounts (and those), or everyone. */
  allow: z.enum(["none", "contracted", "established", "all"]).default("established"),
});
export type UninspectedPolicy = z.infer<typeof UninspectedPolicy>;

/** Whether `method path` is one of the rules (the path compared in its canonical form, dialects/paths.ts). */
export function isUninspected(method: string, pathname: string, p: UninspectedPolicy): boolean {
  const segments = canonicalPath(pathname).split("/");
  const m = method.toUpperCase();
  for (const rule of p.paths) {
    const space = rule.indexOf(" ");
    const rm = rule.slice(0, space);
    if (rm !== "*" && rm !== m) continue;
    const rs = rule.slice(space + 1).toLowerCase().split("/");
    if (rs.length !== segments.length) continue;
    let ok = true;
    for (let i = 0; i < rs.length && ok; i++) ok = rs[i] === "*" ? segments[i] !== "" : rs[i] === segments[i];
    if (ok) return true;
  }
  return false;
}

/** Whether the account may use the uninspected paths. */
export function mayUseUninspected(a: { tier: string; verified: boolean; createdAt: number }, p: UninspectedPolicy, youngDays: number, now: number): boolean {
  switch (p.allow) {
    case "all": return true;
    case "none": return false;
    case "contracted": return isContracted(a);
    case "established": return establishedAt(a, youngDays, now);
  }
}

/**
 * The refusal of a request to an uninspected path by an account that may not
 * use them (null when it may, or the path is none of them). `account` null:
 * not identified (a fail-open admission), which establishes nothing.
 */
export function uninspectedRefusal(
  method: string, pathname: string, account: { tier: string; verified: boolean; createdAt: number } | null,
  p: UninspectedPolicy, youngDays: number, now: number,
): GuardError | null {
  if (!isUninspected(method, pathname, p)) return null;
  if (account && mayUseUninspected(account, p, youngDays, now)) return null;
  return new GuardError(
    "endpoint_not_allowed",
    `${method.toUpperCase()} ${pathname} is not available to this account through this gateway: its requests cannot be inspected one by one. ` +
      "Send each request to /v1/chat/completions, /v1/responses or /v1/messages instead.",
  );
}

/**
 * The refusal of a WebSocket handshake the guard will not proxy (null when
 * the request is none, or its path is one of the rules). Without `p` (a
 * guarded endpoint, inspected request by request) every handshake is
 * refused. Whether the account may use the path is uninspectedRefusal's
 * question, asked after identification.
 */
export function upgradeRefusal(
  method: string, pathname: string, headers: { get(name: string): string | null }, p?: UninspectedPolicy,
): GuardError | null {
  if (!isWebSocketUpgrade(method, headers)) return null;
  if (p && isUninspected(method, pathname, p)) return null;
  return new GuardError(
    "upgrade_not_allowed",
    `${pathname} cannot be opened as a WebSocket through this gateway: only the Realtime API (GET /v1/realtime) is. ` +
      "Send model requests as HTTP POST to /v1/chat/completions, /v1/responses or /v1/messages.",
  );
}
