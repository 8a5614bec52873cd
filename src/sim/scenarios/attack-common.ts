/**
 * Shared parts of the extraction campaigns: where their problems come from,
 * how they set request parameters to maximise training value (long reasoning,
 * logprobs, several samples), and their round-the-clock work shifts.
 */
import type { Endpoint } from "../../dialects/types.js";
import type { Call, Effort, Turn } from "../call.js";
import type { Rng } from "../rng.js";
import type { SimContext } from "../scenario.js";
import type { Prompt } from "../text/slots.js";
import { codingTask, mathProblem, reasoningPuzzle } from "../text/problems.js";
import { DAY, MIN } from "../time.js";

export type ProblemDomain = "math" | "reasoning" | "coding";

/** A problem to extract a solution for: public prompts and benchmarks, or generated. */
export function campaignProblem(ctx: SimContext, r: Rng, domain: ProblemDomain): string {
  const b = ctx.bank;
  switch (domain) {
    case "math":
      return r.weighted([
        [(x: Rng) => b.pickOr(x, { kind: "legit", domain: "math" }, 1, mathProblem), 3],
        [(x: Rng) => b.pickOr(x, { kind: "legit", prefix: "gsm8k" }, 1, mathProblem), 2],
        [mathProblem, 5],
      ] as const)(r);
    case "coding":
      return r.weighted([[(x: Rng) => b.pickOr(x, { kind: "legit", domain: "coding" }, 1, codingTask), 4], [codingTask, 6]] as const)(r);
    case "reasoning":
      return r.weighted([[(x: Rng) => b.pickOr(x, { kind: "legit", domain: "general" }, 1, reasoningPuzzle), 2], [reasoningPuzzle, 8]] as const)(r);
  }
}

export interface Harvest {
  effort: Effort;
  /** Share of calls asking for token logprobs (OpenAI dialect). */
  logprobs: number;
  /** Share of calls asking for several samples (n > 1, OpenAI chat and completions). */
  multi: number;
  outMedian: number;
  stream: boolean;
}

/** A call built to get as much training signal as possible out of one prompt. */
export function harvestCall(r: Rng, endpoint: Endpoint, model: string, p: Prompt, h: Harvest, history: readonly Turn[] = []): Call {
  const call: Call = {
    endpoint, model, turns: [...history, { role: "user", text: p.user }],
    outputTokens: Math.round(r.lognormal(h.outMedian, 0.45)), stream: h.stream,
    temperature: r.pick([0.6, 0.7, 1]),
  };
  if (p.system !== undefined) call.system = p.system;
  if (endpoint === "messages") {
    call.thinkingBudget = h.effort === "high" ? r.pick([12000, 16000, 24000]) : 6000;
    call.maxTokens = call.thinkingBudget + 8000;
  } else if (endpoint !== "completions") {
    call.reasoning = h.effort;
    call.maxTokens = r.pick([16000, 25000, 32000]);
    if (endpoint === "responses") call.includeReasoning = r.chance(0.8);
  } else {
    call.maxTokens = 4096;
  }
  if (endpoint !== "messages" && r.chance(h.logprobs)) {
    call.logprobs = true;
    call.topLogprobs = endpoint === "completions" ? 5 : r.pick([5, 10, 20]);
  }
  if ((endpoint === "chat" || endpoint === "completions") && r.chance(h.multi)) call.n = r.int(2, 4);
  return call;
}

/**
 * Work windows [start, end) spread around the clock (pipelines do not
 * sleep); at least one when there is time left, so every account works.
 */
export function shifts(r: Rng, from: number, to: number, perDay: number, minMinutes: number, maxMinutes: number): [number, number][] {
  if (to <= from) return [];
  const count = Math.max(1, r.poisson((perDay * (to - from)) / DAY));
  const out: [number, number][] = [];
  for (let i = 0; i < count; i++) {
    const s = from + r.next() * (to - from);
    out.push([s, Math.min(to, s + r.float(minMinutes, maxMinutes) * MIN)]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}
