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
import { StringMemo } from "./memo.js";
import { boundText } from "./normalize.js";
import { prepare, SYSTEM_MEMO, USER_MEMO, USER_MEMO_CHARS } from "./prepare.js";
import { requestShape } from "./shape.js";
import type { Signals } from "./types.js";

export { fingerprintDistance, sameTemplate, templateFingerprint } from "./fingerprint.js";
export { normalize } from "./normalize.js";
export { detectLanguage } from "./language.js";
export { requestFromText, splitTaggedText } from "./from-text.js";
export { prepare, prepareText, type Prepared } from "./prepare.js";

/** Earlier user turns contribute their opening only; the last turn is what is being asked now. */
const EARLIER_TURN_CHARS = 1024;

function userSide(messages: readonly PromptPart[]): { all: string; last: string } {
  const users = messages.filter((m) => m.role === "user");
  const last = users[users.length - 1]?.text ?? "";
  // One user turn (most requests): the text itself, not a joined copy, so the memos hash one string once.
  if (users.length <= 1) return { all: last, last };
  const earlier = users.slice(Math.max(0, users.length - 4), -1).map((m) => m.text.slice(0, EARLIER_TURN_CHARS));
  return { all: [...earlier, last].join("\n"), last };
}

/** Fingerprints and languages of repeated texts, remembered like the prepared sides (prepare.ts). */
const systemFingerprint = new StringMemo<string>(SYSTEM_MEMO, templateFingerprint);
const userFingerprint = new StringMemo<string>(USER_MEMO, templateFingerprint, USER_MEMO_CHARS);
const systemLanguage = new StringMemo<string>(SYSTEM_MEMO, detectLanguage);
/** Keyed by the memoised user head, so a repeated text is looked up by a string whose hash V8 already holds. */
const userLanguage = new StringMemo<string>(USER_MEMO, detectLanguage, USER_MEMO_CHARS);

export function computeSignals(req: ParsedRequest): Signals {
  const user = userSide(req.messages);
  const p = prepare(req.system, user.all);
  const { userTokens, systemTokens } = p;
  const intent = scoreIntent({ userTokens, systemTokens, window: p.window });
  let language = userLanguage.get(p.userHead);
  if (language === "und" && p.systemText !== "") language = systemLanguage.get(p.systemText);
  return {
    kinds: intent.kinds,
    extraction: intent.extraction,
    domain: detectDomain(req, userTokens, p.userRaw),
    language,
    obfuscation: p.obfuscation,
    templateFp: userFingerprint.get(boundText(user.last)),
    systemFp: req.system.trim() === "" ? null : systemFingerprint.get(boundText(req.system, 2048, 512)),
    shape: requestShape(req),
  };
}
