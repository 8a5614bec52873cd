/**
 * Which guarded endpoint a request path names, however it is spelt.
 *
 * The guard inspects, limits and safeguards only the four model endpoints
 * (ENDPOINT_PATHS); every other /v1/ path passes through with identity,
 * blocklists and request limits only (the Conversations API's writes are
 * also read for what their items ask: conversations.ts). Origins are lenient about how a path
 * is written: Express matches routes case-insensitively and ignores a
 * trailing slash, Go's router and many proxies decode percent-escapes and
 * merge repeated slashes, servlet containers drop `;parameters`. Matched
 * exactly, `POST /v1/chat/completions/` or `/v1//Chat/%63ompletions` would
 * have reached such an origin as a model request the detectors, the token
 * limits and the output safeguards never saw. So a path is compared in a
 * canonical form (escapes decoded, `;parameters` dropped, repeated slashes
 * merged, trailing slashes, dots, spaces and control characters removed,
 * lower case), and a guarded request is forwarded
 * under its endpoint's own path: the origin receives exactly what was
 * inspected. Dot segments (`/v1/x/../chat/completions`, `%2e%2e` too) are
 * already resolved by the URL parser.
 */
import { ENDPOINT_PATHS, type Endpoint } from "./types.js";

export interface GuardedPath {
  endpoint: Endpoint;
  /** The endpoint's own path (ENDPOINT_PATHS), what the origin is sent. */
  path: string;
}

const BY_ENDPOINT = new Map<Endpoint, GuardedPath>(
  Object.entries(ENDPOINT_PATHS).map(([path, endpoint]) => [endpoint, { endpoint, path }]),
);

/** Lower-case letters, digits, "/", "_" and "-" with single slashes and none at the end: already canonical. */
const CANONICAL = /^(?:\/[a-z0-9_-]+)+$/;

/** The canonical form of a URL pathname (see the module comment). */
export function canonicalPath(pathname: string): string {
  if (CANONICAL.test(pathname)) return pathname;
  return normalisedPath(pathname).toLowerCase();
}

/**
 * canonicalPath with its case kept, for paths that carry an id (the Conversations API's,
 * conversations.ts): escapes decoded, `;parameters` dropped, repeated slashes merged, trailing
 * white space, control characters, dots and slashes removed.
 */
export function normalisedPath(pathname: string): string {
  let p = pathname;
  if (p.includes("%")) {
    try {
      p = decodeURIComponent(p);
    } catch {
      // A malformed escape: compared as it is.
    }
  }
  // Trailing white space, control characters, dots and slashes are dropped too (servers that trim them exist).
  p = p.replace(/;[^/]*/g, "").replace(/\/{2,}/g, "/").replace(/[\s\0.\/]+$/, "");
  return p === "" ? "/" : p;
}

/** The guarded endpoint `pathname` names, with its own path; null for any other path. */
export function guardedPath(pathname: string): GuardedPath | null {
  const p = canonicalPath(pathname);
  const endpoint = Object.hasOwn(ENDPOINT_PATHS, p) ? ENDPOINT_PATHS[p] : undefined;
  return endpoint ? BY_ENDPOINT.get(endpoint)! : null;
}
