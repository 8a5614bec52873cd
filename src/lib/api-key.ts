/**
 * An API key as a client can send it. The key travels in a header
 * (`Authorization: Bearer <key>` or `x-api-key: <key>`, REPLAY.md's
 * `apiKey`), and a header value carries text verbatim only as printable
 * ASCII with no space at either end: HTTP strips those spaces (the guard
 * reads the key trimmed, routes/identify.ts), refuses control characters,
 * and other bytes arrive as the runtime decodes them. A key outside that
 * could never be sent as it is written, so it would never match: an account
 * is refused it (400 from the admin API, an input error in a replay's
 * accounts file), and a replay's traffic line naming one is malformed.
 * Before this rule, the two replay engines parted on such a key: the node
 * engine matched it as written, the workerd engine could not send it
 * (a control character: the replay stopped with "fetch failed") or sent it
 * trimmed (spaces at either end: 401 against the node engine's allow).
 * Spaces inside a key are sent as they are, and allowed. The replay's
 * header view (replay/request.ts) reads the same rule for every header.
 */
const VERBATIM = /^(?:[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?)?$/;

/** A header value `Headers` keeps as it is and accepts: printable ASCII, no space at either end (or empty). */
export function isVerbatimHeaderValue(value: string): boolean {
  return VERBATIM.test(value);
}

export function isSendableKey(key: string): boolean {
  return key !== "" && VERBATIM.test(key);
}

/** The refusal for a key that is not sendable. */
export const NOT_SENDABLE_KEY = "an API key must be printable ASCII with no space at either end (as a client sends it in a header)";
