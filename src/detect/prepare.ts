/**
 * Bounds, normalises and tokenises one system + user pair: what the intent
 * model, language identification and the domain read (shared with training).
 *
 * Each side is a pure function of its own bounded text, and traffic repeats
 * both: a few dozen system prompts carry most requests, and a good share of
 * user turns recur whole (retries, one prompt sent through many accounts).
 * So each side is remembered per distinct text (memo.ts) and only the small
 * part that joins the two (the character window, the obfuscation list) is
 * built per request. What a memo returns is shared: read-only.
 */
import { type CharWindow, CHAR_WINDOW } from "./features.js";
import { splitTaggedText } from "./from-text.js";
import { SampledMemo, StringMemo } from "./memo.js";
import { boundText, type Folded, foldedEnds, foldText, joinFolded, normalize, type Normalized, type Obfuscation, ROT13_GATE_WORDS, rot13Lines } from "./normalize.js";
import { EMPTY_STREAM, scan, type TokenStream } from "./tokens.js";
import type { IntentResult } from "./intent.js";
import type { Domain } from "./types.js";

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

/** Distinct system prompts remembered: traffic repeats a few dozen of them (templates, SDK defaults). */
export const SYSTEM_MEMO = 256;
/** Distinct user texts remembered, and the longest remembered: nearly all repeats are shorter. */
export const USER_MEMO = 256;
export const USER_MEMO_CHARS = 1024;
/**
 * Longer user texts (up to boundText's 4,097 characters) remembered apart, fewer
 * of them: they are a tenth of the texts but cost four times as much each, and
 * four in ten recur in the replayed traffic (long few-shot prompts sent again),
 * a third of those within the last 64. At most ~30 KB an entry (key, tokens, ends), 2 MB in all.
 */
export const LONG_USER_MEMO = 64;

/**
 * What computeSignals (index.ts) derives from one side alone, filled in on
 * first need. It lives on the side, so a remembered side brings it along
 * without a lookup of its own, and a side that is not remembered takes it with it.
 */
export interface Derived {
  language?: string;
  /** The template fingerprint of the side's bounded raw text (the memo key); null when it has none. */
  fingerprint?: string | null;
  /** fnv1a of the side's bounded raw text (Signals.promptHash). */
  hash?: number;
  /** The domain from the user text alone (domain.ts, textDomain). */
  domain?: Domain;
  /** The intent of this user side with the system side `system` (the last one it was paired with). */
  intent?: { system: SystemPart; result: IntentResult };
}

export interface SystemPart {
  sn: Normalized;
  tokens: TokenStream;
  derived: Derived;
}

function systemPart(sysRaw: string): SystemPart {
  const sn: Normalized = sysRaw === "" ? { text: "", obfuscation: [] } : normalize(sysRaw);
  return { sn, tokens: sn.text === "" ? EMPTY_STREAM : scan(sn.text, 1500), derived: {} };
}

export interface UserPart {
  tokens: TokenStream;
  /** The ends of the normalised text, when it is long enough to be read by its ends only. */
  ends: { head: string; tail: string } | null;
  /** The whole normalised text when `ends` is null, else "". */
  text: string;
  obfuscation: Obfuscation[];
  derived: Derived;
}

function userPart(userRaw: string): UserPart {
  const uf = foldText(userRaw, false);
  const part = userPartOf(uf);
  // The rot13 gate's regex is a pass over the text; on ASCII text the tokens answer it, and rarely let it run.
  if (!uf.rot13Unchecked || !holdsRot13GateWord(part.tokens)) return part;
  // Texts the gate lets through nearly all have no rot13 line, and then the fold without the gate was the fold.
  return rot13Lines(uf.lower) === null ? part : userPartOf(foldText(userRaw));
}

/**
 * The hashes the rot13 gate's words get as tokens. On ASCII text a gate
 * word (a whole \w run) is a whole token too (the tokenizer's word
 * characters there are \w less "_"), so a text without such a token is one
 * the gate passes over.
 */
const ROT13_HASHES = Int32Array.from(ROT13_GATE_WORDS, (w) => scan(w).hashes[0] as number);
/** Bit h & 31 set for each gate hash h: one test per token passes over nearly every other token. */
const ROT13_BITS = ROT13_HASHES.reduce((m, h) => m | (1 << (h & 31)), 0);

export function holdsRot13GateWord(t: TokenStream): boolean {
  const hashes = t.hashes, gate = ROT13_HASHES, bits = ROT13_BITS;
  for (let i = 0; i < t.n; i++) {
    const h = hashes[i] as number;
    if (((bits >>> (h & 31)) & 1) === 0) continue;
    for (let k = 0; k < gate.length; k++) if (gate[k] === h) return true;
  }
  return false;
}

/**
 * The user text is tokenised as folded, before whitespace is collapsed; only
 * the ends the character n-grams and the language sample read are collapsed
 * (the whole text when it is short or carries decoded payloads).
 */
function userPartOf(uf: Folded): UserPart {
  const ends = foldedEnds(uf, LANGUAGE_SAMPLE, CHAR_WINDOW.tail);
  // Whitespace is a separator to the tokenizer, so the folded text gives the same tokens as the collapsed one.
  if (ends !== null) return { tokens: scan(uf.lower), ends, text: "", obfuscation: uf.obfuscation, derived: {} };
  const text = joinFolded(uf);
  return { tokens: scan(text), ends: null, text, obfuscation: uf.obfuscation, derived: {} };
}

const systemParts = new StringMemo<SystemPart>(SYSTEM_MEMO, systemPart);
const userParts = new StringMemo<UserPart>(USER_MEMO, userPart, USER_MEMO_CHARS);
const longUserParts = new SampledMemo<UserPart>(LONG_USER_MEMO, userPart);

/** Normalised system text then user text, as the character n-grams read them. */
export function charWindow(systemText: string, u: UserPart): CharWindow {
  if (u.ends !== null) {
    const head = systemText === "" ? u.ends.head : `${systemText}\n${u.ends.head}`;
    return { head: head.slice(0, CHAR_WINDOW.head), tail: u.ends.tail };
  }
  const all = systemText === "" ? u.text : `${systemText}\n${u.text}`;
  if (all.length <= CHAR_WINDOW.whole) return { head: all, tail: null };
  return { head: all.slice(0, CHAR_WINDOW.head), tail: all.slice(all.length - CHAR_WINDOW.tail) };
}

/** The two sides of a request, each as remembered (shared: read-only but for `derived`), with their memo keys. */
export interface Sides {
  system: SystemPart;
  user: UserPart;
  /** The bounded raw texts the sides were made from. */
  systemRaw: string;
  userRaw: string;
}

export function prepareSides(system: string, user: string): Sides {
  const systemRaw = boundText(system, 2048, 512);
  const userRaw = boundText(user);
  const u = userRaw.length <= USER_MEMO_CHARS ? userParts.get(userRaw) : longUserParts.get(userRaw);
  return { system: systemParts.get(systemRaw), user: u, systemRaw, userRaw };
}

/** The normalised user text language identification reads (its start is enough). */
export const userHead = (u: UserPart): string => (u.ends !== null ? u.ends.head : u.text);

/** Obfuscation found on either side, as a fresh list: the memoised ones are shared. */
export function obfuscationOf(s: SystemPart, u: UserPart): Obfuscation[] {
  return s.sn.obfuscation.length === 0 ? u.obfuscation.slice() : [...new Set([...u.obfuscation, ...s.sn.obfuscation])];
}

export function prepare(system: string, user: string): Prepared {
  const { system: s, user: u, userRaw } = prepareSides(system, user);
  return {
    userRaw,
    userTokens: u.tokens,
    systemTokens: s.tokens,
    window: charWindow(s.sn.text, u),
    userHead: userHead(u),
    systemText: s.sn.text,
    obfuscation: obfuscationOf(s, u),
  };
}

/** `prepare` for a bare text, accepting the `[SYSTEM]…[USER]…` convention. */
export function prepareText(text: string, system?: string): Prepared {
  const parts = splitTaggedText(text, system);
  return prepare(parts.system, parts.user);
}
