/**
 * Enterprise evaluation suites: batch runs of thousands of benchmark items
 * through chain-of-thought prompts, single-turn, temperature 0, sometimes
 * n > 1 (pass@k) or logprobs (multiple-choice scoring), from cloud hosts.
 * Some teams documented a baseline above their tier; the others stay within
 * the tier. Both pace themselves under their limits.
 */
import type { Endpoint } from "../../dialects/types.js";
import { makeAccount, makeActor, makeOrg, modelFor, send, type Actor } from "../actor.js";
import type { Call, Effort } from "../call.js";
import type { AccountLine, Baseline, Tier, TrafficLine } from "../contract.js";
import { asnsOf, fixedNetwork, legitEgress, makeClient } from "../network.js";
import type { Rng } from "../rng.js";
import { cyclic, type Scenario, type SimContext } from "../scenario.js";
import { EVAL_WRAPPERS } from "../text/legit-prompts.js";
import type { Prompt } from "../text/slots.js";
import { codingTask, mathProblem, reasoningPuzzle } from "../text/problems.js";
import { CONCEPTS } from "../text/words.js";
import { DAY, HOUR, MIN } from "../time.js";

interface Team {
  tier: Tier;
  baseline?: Baseline;
  /** Requests per minute while a run is going. */
  rate: number;
  /** Hours (UTC) at which daily runs start, and items per run at scale 1. */
  runHours: number[];
  items: number;
  endpoint: Endpoint;
  mode: "cot" | "pass-at-k" | "logprobs";
  effort?: Effort;
  /** Also runs the full suite against the new model a few hours after its release. */
  releaseRun?: boolean;
}

function mcItem(r: Rng): string {
  const c = r.pick(CONCEPTS);
  return `Which statement about ${c} is correct?\n(A) It was first described in the ${r.int(15, 20)}th century.\n(B) It only applies to closed systems.\n(C) It depends on the observer's frame of reference.\n(D) None of the above.`;
}

function benchmarkItem(ctx: SimContext, r: Rng, mode: Team["mode"]): string {
  if (mode === "pass-at-k") return ctx.bank.pickOr(r, { kind: "legit", prefix: "humaneval" }, 0.7, codingTask);
  if (mode === "logprobs") return ctx.bank.pickOr(r, { kind: "legit", prefix: "mmlu" }, 0.7, mcItem);
  return r.weighted([
    [(x: Rng) => ctx.bank.pickOr(x, { kind: "legit", prefix: "gsm8k" }, 1, mathProblem), 3],
    [(x: Rng) => ctx.bank.pickOr(x, { kind: "legit", prefix: "mmlu" }, 1, mcItem), 2],
    [mathProblem, 2], [reasoningPuzzle, 2], [mcItem, 1],
  ] as const)(r);
}

/** A team's suite: a fixed list of wrapped items, run in the same order every time. */
function suite(ctx: SimContext, r: Rng, team: Team, wrap: number, size: number): Prompt[] {
  const wrapper = cyclic(EVAL_WRAPPERS, wrap);
  return Array.from({ length: size }, () => wrapper(benchmarkItem(ctx, r, team.mode), r));
}

function evalCall(r: Rng, team: Team, prompt: Prompt, model: string): Call {
  const call: Call = { endpoint: team.endpoint, model, turns: [{ role: "user", text: prompt.user }], temperature: 0, outputTokens: Math.round(r.lognormal(380, 0.5)), maxTokens: 2048 };
  if (prompt.system !== undefined) call.system = prompt.system;
  if (team.effort) {
    call.outputTokens *= 3;
    call.maxTokens = 16384;
    if (team.endpoint === "messages") call.thinkingBudget = 8000;
    else call.reasoning = team.effort;
  }
  if (team.mode === "pass-at-k") {
    call.n = team.endpoint === "messages" ? 1 : 5;
    call.temperature = 0.8;
  }
  if (team.mode === "logprobs") {
    call.outputTokens = 1;
    call.maxTokens = 1;
    call.logprobs = true;
    call.topLogprobs = 5;
  }
  return call;
}

function* run(ctx: SimContext, a: Actor, team: Team, items: readonly Prompt[], start: number, model: string): Generator<TrafficLine> {
  const r = a.rng;
  let t = start;
  for (const item of items) {
    if (t >= ctx.end) return;
    yield send(a, t, evalCall(r, team, item, model));
    t = a.last + Math.round(r.exp(MIN / team.rate));
  }
}

function* evalTeam(ctx: SimContext, a: Actor, team: Team, wrap: number): Generator<TrafficLine> {
  const r = a.rng;
  const items = suite(ctx, r.fork("suite"), team, wrap, Math.max(20, Math.round(team.items * ctx.scale)));
  const starts: { at: number; model: string }[] = [];
  for (let d = 0; d < ctx.days; d++) {
    for (const h of team.runHours) {
      const at = ctx.start + d * DAY + h * HOUR + r.int(0, 20) * MIN;
      starts.push({ at, model: modelFor(team.endpoint, at > ctx.releaseAt + DAY && r.chance(0.5) ? "next" : "main") });
    }
  }
  if (team.releaseRun) starts.push({ at: ctx.releaseAt + r.int(60, 180) * MIN, model: modelFor(team.endpoint, "next") });
  starts.sort((x, y) => x.at - y.at);
  for (const s of starts) yield* run(ctx, a, team, items, Math.max(s.at, a.last), s.model);
}

export const legitEvalSuite: Scenario = {
  label: "legit:eval-suite",
  description: "Enterprise evaluation suites at high volume with chain-of-thought prompts; some with a documented baseline above their tier.",
  run(ctx) {
    const r = ctx.rng.fork("legit-eval-suite");
    const until = ctx.end + 30 * DAY;
    const teams: Team[] = [
      { tier: "enterprise", rate: 420, runHours: [1], items: 3000, endpoint: "chat", mode: "cot" },
      { tier: "enterprise", rate: 300, runHours: [13], items: 600, endpoint: "responses", mode: "cot", effort: "high", releaseRun: true },
      { tier: "research", rate: 650, runHours: [3, 15], items: 1800, endpoint: "chat", mode: "cot",
        baseline: { rpm: 900, tpm: 1_800_000, domains: ["reasoning", "math"], note: "University benchmark study, approved by trust & safety (ticket EVAL-2291)", until } },
      { tier: "paid", rate: 900, runHours: [22], items: 2500, endpoint: "completions", mode: "logprobs",
        baseline: { rpm: 1500, tpm: 2_000_000, domains: ["general", "reasoning"], note: "Nightly multiple-choice regression suite" } },
      { tier: "enterprise", rate: 200, runHours: [9, 16], items: 500, endpoint: "chat", mode: "pass-at-k" },
      { tier: "research", rate: 40, runHours: [11], items: 400, endpoint: "messages", mode: "cot", effort: "medium" },
    ];
    const orgs = [makeOrg(r), makeOrg(r), makeOrg(r), makeOrg(r), makeOrg(r)];
    const orgOf = [0, 0, 1, 2, 3, 4];
    const accounts: AccountLine[] = [];
    const streams: Iterable<TrafficLine>[] = [];
    teams.forEach((team, i) => {
      const ar = r.fork(i);
      const account = makeAccount(ar, {
        tier: team.tier, verified: true, createdAt: ctx.start - ar.float(60, 500) * DAY, org: orgs[orgOf[i] ?? 0] as string,
        ...(team.baseline ? { baseline: team.baseline } : {}), keys: 2,
      });
      const cloud = asnsOf("cloud");
      const net = fixedNetwork(ar, [ar.pick(cloud)], ar.int(1, 3));
      const client = makeClient(ar, ar.chance(0.6) ? "python-sdk" : "python-http");
      const actor = makeActor({ account, label: "legit:eval-suite", rng: ar.fork("req"), net: legitEgress(ctx.legitEgress, net, ar.fork("egress"), "service", ""), client, pace: 0.8, start: ctx.start });
      accounts.push(account);
      streams.push(evalTeam(ctx, actor, team, i % EVAL_WRAPPERS.length));
    });
    return { accounts, streams };
  },
};
