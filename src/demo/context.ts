/**
 * Everything a demo endpoint needs to write its answer: the parsed request,
 * the composed choices, and the ids and clock fixed once per request.
 */
import type { ParsedRequest } from "../dialects/types.js";
import { compose, hexId, type Composed } from "./compose.js";

export interface DemoContext {
  req: ParsedRequest;
  /** Hex seed for this response's ids. */
  id: string;
  /** Unix seconds. */
  created: number;
  /** OpenAI `stream_options.include_usage`. */
  includeUsage: boolean;
  choices: Composed[];
}

export function makeContext(
  req: ParsedRequest,
  rawBody: string,
  nowMs: number,
  includeUsage: boolean,
  withReasoning: boolean,
): DemoContext {
  const choices: Composed[] = [];
  for (let i = 0; i < req.n; i++) choices.push(compose(req, i, withReasoning));
  return {
    req,
    id: hexId(`${nowMs}:${rawBody}`),
    created: Math.floor(nowMs / 1000),
    includeUsage,
    choices,
  };
}

export function reasoningTokens(ctx: DemoContext): number {
  return ctx.choices.reduce((s, c) => s + c.reasoning.length, 0);
}

export function outputTokens(ctx: DemoContext): number {
  return ctx.choices.reduce((s, c) => s + c.reasoning.length + c.answer.length, 0);
}

export function inputTokens(ctx: DemoContext): number {
  return ctx.req.estInputTokens;
}

/** Round-robin over per-choice event sources, as origins interleave parallel choices. */
export function* interleave<T>(sources: Iterable<T>[]): Generator<T> {
  const its = sources.map((s) => s[Symbol.iterator]());
  let live = its.length;
  while (live > 0) {
    live = 0;
    for (const it of its) {
      const next = it.next();
      if (!next.done) {
        live++;
        yield next.value;
      }
    }
  }
}
