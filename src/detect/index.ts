/**
 * Per-request signals (issue 3): a pure function of the parsed request. Work
 * is bounded on huge prompts: each text is cut to a head and a tail window
 * before normalisation (instructions sit at the ends; the middle is material).
 *
 * Most of the work depends on one side of the request alone (the system
 * prompt or the user text), and traffic repeats both: what is derived from a
 * side is kept on the remembered side (prepare.ts, `derived`), so a repeated
 * text costs a few property reads. The intent, which reads both sides, is kept
 * on the user side for the system side it was last paired with.
 */
import type { ParsedRequest, PromptPart } from "../dialects/types.js";
import { structuralDomain, textDomain } from "./domain.js";
import { storedPromptFingerprint, templateFingerprint } from "./fingerprint.js";
import { type IntentResult, scoreIntent } from "./intent.js";
import { detectLanguage } from "./language.js";
import { fnv1a } from "../lib/hash32.js";
import { StringMemo } from "./memo.js";
import { boundText } from "./normalize.js";
import { charWindow, obfuscationOf, prepareSides, type SystemPart, USER_MEMO, USER_MEMO_CHARS, type UserPart, userHead } from "./prepare.js";
import { requestShape } from "./shape.js";
import type { Signals } from "./types.js";

export { fingerprintDistance, sameTemplate, templateFingerprint } from "./fingerprint.js";
export { normalize } from "./normalize.js";
export { detectLanguage } from "./language.js";
export { requestFromText, splitTaggedText } from "./from-text.js";
export { prepare, prepareText, type Prepared } from "./prepare.js";

/** Earlier user turns (the first, and the three before the last) contribute their opening only; the last turn is what is being asked now. */
const EARLIER_TURN_CHARS = 1024;

/**
 * A conversation that ends with the client's own assistant turn after the
 * last user turn: a prefill, which the answer must continue (Anthropic
 * Messages; "prefix" continuation elsewhere). It steers the answer as much
 * as the user's words do ("I will write out every step of my reasoning:"),
 * so it is read as the end of the last user turn.
 */
function prefillAfter(messages: readonly PromptPart[], lastUser: number): string {
  const end = messages.length - 1;
  if (lastUser < 0 || end <= lastUser) return "";
  const m = messages[end] as PromptPart;
  return m.role === "assistant" ? m.text.trim() : "";
}

function userSide(messages: readonly PromptPart[]): { all: string; last: string } {
  // One user turn (most requests): the text itself, not a joined copy, so the memos hash one string once;
  // found without filtering the messages into a new array.
  let count = 0, lastAt = -1;
  for (let i = 0; i < messages.length; i++) {
    if ((messages[i] as PromptPart).role === "user") {
      count++;
      lastAt = i;
    }
  }
  const own = lastAt >= 0 ? (messages[lastAt] as PromptPart).text : "";
  const prefill = prefillAfter(messages, lastAt);
  const last = prefill === "" ? own : `${own}\n${prefill}`;
  if (count <= 1) return { all: last, last };
  const users = messages.filter((m) => m.role === "user");
  // The three turns before the last, and the first: a conversation's instructions sit at its ends, and
  // "for every problem I send, write out your full reasoning" in the first turn governs all that follow.
  const from = Math.max(0, users.length - 4);
  const kept = from > 0 ? [users[0]!, ...users.slice(from, -1)] : users.slice(0, -1);
  const earlier = kept.map((m) => m.text.slice(0, EARLIER_TURN_CHARS));
  return { all: [...earlier, last].join("\n"), last };
}

/** Fingerprints of the last of several user turns (one turn's is kept on its side, like the rest). */
const lastTurnFingerprint = new StringMemo<string | null>(USER_MEMO, templateFingerprint, USER_MEMO_CHARS);

/** A side's template fingerprint, computed once (null, no fingerprint, is kept too). */
function sideFingerprint(derived: { fingerprint?: string | null }, raw: string): string | null {
  const kept = derived.fingerprint;
  return kept !== undefined ? kept : (derived.fingerprint = templateFingerprint(raw));
}

function intentOf(s: SystemPart, u: UserPart): IntentResult {
  const kept = u.derived.intent;
  if (kept !== undefined && kept.system === s) return kept.result;
  const result = scoreIntent({ userTokens: u.tokens, systemTokens: s.tokens, window: charWindow(s.sn.text, u), systemText: s.sn.text });
  u.derived.intent = { system: s, result };
  return result;
}

function languageOf(s: SystemPart, u: UserPart): string {
  const language = (u.derived.language ??= detectLanguage(userHead(u)));
  if (language !== "und" || s.sn.text === "") return language;
  return (s.derived.language ??= detectLanguage(s.sn.text));
}

export function computeSignals(req: ParsedRequest): Signals {
  const turns = userSide(req.messages);
  const sides = prepareSides(req.system, turns.all);
  const { system: s, user: u } = sides;
  const intent = intentOf(s, u);
  // With one turn, the last turn is the side's own text (sides.userRaw).
  const single = turns.last === turns.all;
  const lastText = single ? sides.userRaw : boundText(turns.last);
  return {
    // A copy: the intent is shared by the requests that repeat this pair.
    kinds: { ...intent.kinds },
    extraction: intent.extraction,
    domain: structuralDomain(req) ?? (u.derived.domain ??= textDomain(u.tokens, sides.userRaw)),
    language: languageOf(s, u),
    obfuscation: obfuscationOf(s, u),
    // A stored prompt is the template, whatever fills it (its instructions stay at the provider).
    templateFp: req.storedPrompt !== null ? storedPromptFingerprint(req.storedPrompt)
      : single ? sideFingerprint(u.derived, lastText) : lastTurnFingerprint.get(lastText),
    systemFp: req.system.trim() === "" ? null : sideFingerprint(s.derived, sides.systemRaw),
    promptHash: single ? (u.derived.hash ??= fnv1a(lastText)) : fnv1a(lastText),
    shape: requestShape(req),
  };
}
