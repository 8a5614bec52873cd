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
import { boundText, normalize } from "./normalize.js";
import { requestShape } from "./shape.js";
import { tokenize } from "./tokens.js";
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

export function computeSignals(req: ParsedRequest): Signals {
  const user = userSide(req.messages);
  const userRaw = boundText(user.all);
  const sysRaw = boundText(req.system, 3072, 1024);
  const un = normalize(userRaw);
  const sn = sysRaw === "" ? { text: "", obfuscation: [] } : normalize(sysRaw);
  const userTokens = tokenize(un.text);
  const systemTokens = sn.text === "" ? [] : tokenize(sn.text, 1500);
  const intent = scoreIntent({ userTokens, systemTokens, text: sn.text === "" ? un.text : `${sn.text}\n${un.text}` });
  let language = detectLanguage(un.text);
  if (language === "und" && sn.text !== "") language = detectLanguage(sn.text);
  return {
    kinds: intent.kinds,
    extraction: intent.extraction,
    domain: detectDomain(req, userTokens, userRaw),
    language,
    obfuscation: [...new Set([...un.obfuscation, ...sn.obfuscation])],
    templateFp: templateFingerprint(user.last),
    systemFp: req.system.trim() === "" ? null : templateFingerprint(req.system),
    shape: requestShape(req),
  };
}
