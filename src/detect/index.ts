/**
 * Per-request signals (issue 3): a pure function of the parsed request. Work
 * is bounded on huge prompts: each text is cut to a head and a tail window
 * before normalisation (instructions sit at the ends; the middle is material).
 */
import type { ParsedRequest, PromptPart } from "../dialects/types.js";
import { detectDomain } from "./domain.js";
import { templateFingerprint } from "./fingerprint.js";
import { scoreIntent } from "./intent.js";
import { detectLanguage } from "./language.js";
import { boundText, normalize, type Normalized } from "./normalize.js";
import { splitTaggedText } from "./from-text.js";
import { requestShape } from "./shape.js";
import { EMPTY_STREAM, scan, type TokenStream } from "./tokens.js";
import type { Signals } from "./types.js";

export { fingerprintDistance, sameTemplate, templateFingerprint } from "./fingerprint.js";
export { normalize } from "./normalize.js";
export { detectLanguage } from "./language.js";
export { requestFromText, splitTaggedText } from "./from-text.js";

/** Earlier user turns contribute their opening only; the last turn is what is being asked now. */
const EARLIER_TURN_CHARS = 1024;

function userSide(messages: readonly PromptPart[]): { all: string; last: string } {
  const users = messages.filter((m) => m.role === "user");
  const last = users[users.length - 1]?.text ?? "";
  const earlier = users.slice(Math.max(0, users.length - 4), -1).map((m) => m.text.slice(0, EARLIER_TURN_CHARS));
  return { all: [...earlier, last].join("\n"), last };
}

export interface Prepared {
  userRaw: string;
  user: Normalized;
  system: Normalized;
  userTokens: TokenStream;
  systemTokens: TokenStream;
  /** Normalised system then user text, for character n-grams. */
  text: string;
}

/** Bounds, normalises and tokenises one system + user pair (shared with training). */
export function prepare(system: string, user: string): Prepared {
  const userRaw = boundText(user);
  const sysRaw = boundText(system, 2048, 512);
  const un = normalize(userRaw);
  const sn: Normalized = sysRaw === "" ? { text: "", obfuscation: [] } : normalize(sysRaw);
  const userTokens = scan(un.text);
  const systemTokens = sn.text === "" ? EMPTY_STREAM : scan(sn.text, 1500);
  const text = sn.text === "" ? un.text : `${sn.text}\n${un.text}`;
  return { userRaw, user: un, system: sn, userTokens, systemTokens, text };
}

/** `prepare` for a bare text, accepting the `[SYSTEM]…[USER]…` convention. */
export function prepareText(text: string, system?: string): Prepared {
  const parts = splitTaggedText(text, system);
  return prepare(parts.system, parts.user);
}

export function computeSignals(req: ParsedRequest): Signals {
  const user = userSide(req.messages);
  const p = prepare(req.system, user.all);
  const { user: un, system: sn, userTokens, systemTokens } = p;
  const intent = scoreIntent({ userTokens, systemTokens, text: p.text });
  let language = detectLanguage(un.text);
  if (language === "und" && sn.text !== "") language = detectLanguage(sn.text);
  return {
    kinds: intent.kinds,
    extraction: intent.extraction,
    domain: detectDomain(req, userTokens, p.userRaw),
    language,
    obfuscation: [...new Set([...un.obfuscation, ...sn.obfuscation])],
    templateFp: templateFingerprint(boundText(user.last)),
    systemFp: req.system.trim() === "" ? null : templateFingerprint(boundText(req.system, 2048, 512)),
    shape: requestShape(req),
  };
}
