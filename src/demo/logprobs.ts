/**
 * Plausible, deterministic log-probabilities for the demo's tokens: the
 * chosen token is the most likely one (logprob in (-0.7, 0]) and the
 * alternatives fall off below it, as with greedy sampling. Shapes follow
 * `ChatCompletionTokenLogprob` (chat, responses) and the legacy completions
 * `logprobs` object of the openai SDK types.
 */
import { fnv1a } from "./compose.js";

const ALTERNATIVES = [" the", " a", ",", ".", " and", " of", " to", " is", " in", " it", " that", " this"];

export interface TopLogprob {
  token: string;
  bytes: number[];
  logprob: number;
}

export interface TokenLogprob extends TopLogprob {
  top_logprobs: TopLogprob[];
}

const encoder = new TextEncoder();

function bytesOf(token: string): number[] {
  return [...encoder.encode(token)];
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/** Logprob of `token` at `position` and its `top` most likely alternatives (chosen first). */
export function tokenLogprob(token: string, position: number, top: number): TokenLogprob {
  const h = fnv1a(`${position}:${token}`);
  const logprob = round(-(h % 700) / 1000);
  const alts: TopLogprob[] = [{ token, bytes: bytesOf(token), logprob }];
  for (let i = 0; alts.length < top && i < ALTERNATIVES.length; i++) {
    const alt = ALTERNATIVES[(h + i) % ALTERNATIVES.length] ?? " the";
    if (alt === token || alts.some((a) => a.token === alt)) continue;
    alts.push({ token: alt, bytes: bytesOf(alt), logprob: round(logprob - 1.2 - 0.9 * (alts.length - 1)) });
  }
  return { token, bytes: bytesOf(token), logprob, top_logprobs: alts.slice(0, top) };
}

/** Chat / Responses `logprobs.content` for consecutive tokens starting at `offset`. */
export function tokenLogprobs(tokens: string[], offset: number, top: number): TokenLogprob[] {
  return tokens.map((t, i) => tokenLogprob(t, offset + i, top));
}

/** Legacy completions `logprobs` object; `textOffset` is where the first token starts. */
export function legacyLogprobs(tokens: string[], offset: number, textOffset: number, top: number) {
  const lps = tokenLogprobs(tokens, offset, top);
  const offsets: number[] = [];
  let at = textOffset;
  for (const t of tokens) {
    offsets.push(at);
    at += t.length;
  }
  return {
    tokens,
    token_logprobs: lps.map((l) => l.logprob),
    top_logprobs: lps.map((l) => Object.fromEntries(l.top_logprobs.map((a) => [a.token, a.logprob]))),
    text_offset: offsets,
  };
}
