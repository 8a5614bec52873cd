/**
 * The demo origin's "model": a deterministic function of the request that
 * writes a short reasoning trace and a short answer about the prompt. Same
 * request, same text, so tests and replays can assert on it; different
 * prompts give different text, so the guard's transforms have something real
 * to work on.
 */
import type { ParsedRequest } from "../dialects/types.js";

export interface Composed {
  /** Reasoning tokens actually produced (after the max-tokens budget). */
  reasoning: string[];
  /** One-sentence summary of the reasoning (Responses `summary`). */
  summary: string;
  answer: string[];
  /** True when the max-tokens budget cut the reasoning or the answer short. */
  truncated: boolean;
}

/**
 * Word-ish tokens with their leading whitespace, so that joining them gives
 * the text back exactly (like BPE tokens such as " the").
 */
export function tokenize(text: string): string[] {
  return text.match(/\s*(?:[\p{L}\p{N}']+|[^\p{L}\p{N}'\s])/gu) ?? [];
}

const STOPWORDS = new Set(
  "about above after again also because been before being below between both could does doing during each from further have having here into itself just more most other ourselves over same should some such than that their them then there these they this those through under until very what when where which while will with would your yours please".split(
    " ",
  ),
);

function keywords(text: string, k: number): string[] {
  const counts = new Map<string, number>();
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? []) {
    if (!STOPWORDS.has(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  // Map keeps first-occurrence order, so equal counts stay in prompt order (stable sort).
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, k).map(([w]) => w);
}

function snippet(text: string, words: number): string {
  const all = text.replace(/\s+/g, " ").trim().split(" ").filter((w) => w !== "");
  const head = all.slice(0, words).join(" ").replace(/"/g, "'");
  return all.length > words ? `${head}...` : head;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

interface Facts {
  ask: string;
  words: number;
  turns: number;
  terms: string;
}

function factsOf(req: ParsedRequest): Facts {
  const user = req.messages.filter((m) => m.role === "user" || m.role === "tool");
  const last = [...req.messages].reverse().find((m) => m.role === "user" && m.text.trim() !== "");
  const all = user.map((m) => m.text).join(" ");
  const kw = keywords(all, 3);
  return {
    ask: snippet(last?.text ?? "", 12) || "(no text)",
    words: all.split(/\s+/).filter((w) => w !== "").length,
    turns: req.userTurns,
    terms: kw.length > 0 ? kw.join(", ") : "none in particular",
  };
}

function reasoningText(req: ParsedRequest, f: Facts, choice: number): string {
  const extras: string[] = [];
  if (req.images > 0) extras.push(`${plural(req.images, "image")} attached`);
  if (req.tools.length > 0) extras.push(`tools offered: ${req.tools.slice(0, 3).join(", ")}`);
  const parts = [
    `The request asks: "${f.ask}".`,
    `It has ${plural(f.words, "word")} over ${plural(f.turns, "user turn")}${extras.length ? `, ${extras.join(", ")}` : ""}.`,
    `The salient terms are ${f.terms}.`,
    `A short restatement with those terms answers it${choice > 0 ? `, phrased as variant ${choice + 1}` : ""}.`,
  ];
  return parts.join(" ");
}

function answerText(f: Facts, choice: number): string {
  const parts = [
    `This is the distill-guard demo origin, not a real model.`,
    `You asked: "${f.ask}".`,
    `Your prompt has ${plural(f.words, "word")}, and its key terms are ${f.terms}.`,
  ];
  if (choice > 0) parts.push(`This is alternative ${choice + 1}.`);
  return parts.join(" ");
}

/**
 * Composes choice `choice` within the request's output budget. Reasoning may
 * use at most half of `maxTokens` (and at most Anthropic's `budget_tokens`), so
 * a tight limit still leaves room for an answer, as reasoning models do.
 */
export function compose(req: ParsedRequest, choice: number, withReasoning: boolean): Composed {
  const f = factsOf(req);
  const fullReasoning = withReasoning ? tokenize(reasoningText(req, f, choice)) : [];
  const fullAnswer = tokenize(answerText(f, choice));
  const max = req.maxTokens ?? Number.POSITIVE_INFINITY;
  let reasoningCap = max === Number.POSITIVE_INFINITY ? fullReasoning.length : Math.floor(max / 2);
  if (max >= 2) reasoningCap = Math.max(1, reasoningCap);
  if (req.reasoning.budgetTokens !== null) reasoningCap = Math.min(reasoningCap, req.reasoning.budgetTokens);
  const reasoning = fullReasoning.slice(0, reasoningCap);
  const answer = fullAnswer.slice(0, Math.max(0, max - reasoning.length));
  return {
    reasoning,
    summary: withReasoning ? `Restated the request and picked out its key terms (${f.terms}).` : "",
    answer,
    truncated: reasoning.length < fullReasoning.length || answer.length < fullAnswer.length,
  };
}

/** Groups tokens into stream chunks of `size` tokens. */
export function chunk(tokens: string[], size = 3): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i += size) out.push(tokens.slice(i, i + size).join(""));
  return out;
}

/** FNV-1a, 32-bit: a small deterministic hash for ids, signatures and logprobs. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Deterministic hex id of `len` characters derived from `seed`. */
export function hexId(seed: string, len = 24): string {
  let out = "";
  for (let i = 0; out.length < len; i++) out += fnv1a(`${i}:${seed}`).toString(16).padStart(8, "0");
  return out.slice(0, len);
}
