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
import { type CharWindow, CHAR_WINDOW } from "./features.js";
import { boundText, foldedEnds, foldText, joinFolded, normalize, type Normalized, type Obfuscation } from "./normalize.js";
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
  userTokens: TokenStream;
  systemTokens: TokenStream;
  /** Normalised system then user text where the character n-grams are read. */
  window: CharWindow;
  /** What language identification reads: the normalised user text (its start is enough), then the system text. */
  userHead: string;
  systemText: string;
  obfuscation: Obfuscation[];
}

/** First characters of the normalised user text that language identification reads (it samples 1000). */
const LANGUAGE_SAMPLE = 1025;

/**
 * Bounds, normalises and tokenises one system + user pair (shared with
 * training). The user text is tokenised as folded, before whitespace is
 * collapsed; only the ends the character n-grams and the language sample read
 * are collapsed (the whole text when it is short or carries decoded payloads).
 */
export function prepare(system: string, user: string): Prepared {
  const userRaw = boundText(user);
  const sysRaw = boundText(system, 2048, 512);
  const uf = foldText(userRaw);
  const sn: Normalized = sysRaw === "" ? { text: "", obfuscation: [] } : normalize(sysRaw);
  const systemTokens = sn.text === "" ? EMPTY_STREAM : scan(sn.text, 1500);
  const ends = foldedEnds(uf, LANGUAGE_SAMPLE, CHAR_WINDOW.tail);
  let window: CharWindow;
  let userHead: string;
  let userTokens: TokenStream;
  if (ends !== null) {
    // Whitespace is a separator to the tokenizer, so the folded text gives the same tokens as the collapsed one.
    userTokens = scan(uf.lower);
    userHead = ends.head;
    const head = sn.text === "" ? ends.head : `${sn.text}\n${ends.head}`;
    window = { head: head.slice(0, CHAR_WINDOW.head), tail: ends.tail };
  } else {
    const text = joinFolded(uf);
    userTokens = scan(text);
    userHead = text;
    const all = sn.text === "" ? text : `${sn.text}\n${text}`;
    window = all.length <= CHAR_WINDOW.whole ? { head: all, tail: null } : { head: all.slice(0, CHAR_WINDOW.head), tail: all.slice(all.length - CHAR_WINDOW.tail) };
  }
  const obfuscation = sn.obfuscation.length === 0 ? uf.obfuscation : [...new Set([...uf.obfuscation, ...sn.obfuscation])];
  return { userRaw, userTokens, systemTokens, window, userHead, systemText: sn.text, obfuscation };
}

/** `prepare` for a bare text, accepting the `[SYSTEM]…[USER]…` convention. */
export function prepareText(text: string, system?: string): Prepared {
  const parts = splitTaggedText(text, system);
  return prepare(parts.system, parts.user);
}

export function computeSignals(req: ParsedRequest): Signals {
  const user = userSide(req.messages);
  const p = prepare(req.system, user.all);
  const { userTokens, systemTokens } = p;
  const intent = scoreIntent({ userTokens, systemTokens, window: p.window });
  let language = detectLanguage(p.userHead);
  if (language === "und" && p.systemText !== "") language = detectLanguage(p.systemText);
  return {
    kinds: intent.kinds,
    extraction: intent.extraction,
    domain: detectDomain(req, userTokens, p.userRaw),
    language,
    obfuscation: p.obfuscation,
    templateFp: templateFingerprint(boundText(user.last)),
    systemFp: req.system.trim() === "" ? null : templateFingerprint(boundText(req.system, 2048, 512)),
    shape: requestShape(req),
  };
}
