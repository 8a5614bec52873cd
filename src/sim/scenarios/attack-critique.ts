/**
 * Critique loops: a candidate solution from the attacker's student model,
 * "find every flaw", "write the corrected reasoning", critique again,
 * iterated; either as one growing conversation or as stateless requests that
 * carry the latest attempt. Run from a handful of rented servers shared by
 * all the campaign's accounts.
 */
import type { Endpoint } from "../../dialects/types.js";
import { makeAccount, makeActor, modelFor, send, type Actor } from "../actor.js";
import type { Turn } from "../call.js";
import type { AccountLine, Tier, TrafficLine } from "../contract.js";
import { asnsOf, campaignEgress, fixedNetwork, makeClient } from "../network.js";
import type { Rng } from "../rng.js";
import { campaignPopulation, type Scenario, type SimContext } from "../scenario.js";
import { candidateSolution, CRITIQUE_STEPS } from "../text/attack-prompts.js";
import { assistantReply } from "../text/chat.js";
import { fillSlots, splitRoles, type Prompt } from "../text/slots.js";
import { DAY, MIN, SEC } from "../time.js";
import { campaignProblem, harvestCall, shifts, type Harvest } from "./attack-common.js";

const H: Harvest = { effort: "high", logprobs: 0.1, multi: 0.1, outMedian: 1600, stream: false };

function opening(ctx: SimContext, r: Rng, problem: string, candidate: string): Prompt {
  const corpus = ctx.bank.texts({ kind: "critique" });
  if (corpus.length > 0 && r.chance(0.25)) {
    return splitRoles(fillSlots(r, r.pick(corpus), (slot) => (/(instruction|question|task|problem)/.test(slot) ? problem : /(completion|answer|solution)/.test(slot) ? candidate : undefined)));
  }
  return { user: CRITIQUE_STEPS.find(problem, candidate) };
}

function* loop(ctx: SimContext, a: Actor, endpoint: Endpoint, start: number): Generator<TrafficLine> {
  const r = a.rng;
  const model = modelFor(endpoint, "main");
  const problem = campaignProblem(ctx, r, r.pick(["math", "reasoning", "coding"] as const));
  let candidate = candidateSolution(r, problem);
  const rounds = r.int(3, 6);
  const stateful = r.chance(0.6);
  const history: Turn[] = [];
  let t = start;
  for (let k = 0; k < rounds && t < ctx.end; k++) {
    let p: Prompt;
    if (!stateful) p = k === 0 ? opening(ctx, r, problem, candidate) : { user: CRITIQUE_STEPS.stateless(problem, candidate, k + 1) };
    else p = k === 0 ? opening(ctx, r, problem, candidate) : { user: k % 2 === 1 ? CRITIQUE_STEPS.correct : CRITIQUE_STEPS.again };
    const line = send(a, t, harvestCall(r, endpoint, model, p, H, stateful ? history : []));
    yield line;
    const reply = assistantReply(r, 900);
    if (stateful) history.push({ role: "user", text: p.user }, { role: "assistant", text: reply });
    else candidate = candidateSolution(r, problem);
    t = a.last + Math.round(r.lognormal(20 * SEC, 0.6));
  }
}

function* critiqueAccount(ctx: SimContext, a: Actor, endpoint: Endpoint, rate: number): Generator<TrafficLine> {
  const r = a.rng;
  for (const [from, to] of shifts(r, a.last, ctx.end, 0.6 * rate, 90, 300)) {
    let t = Math.max(from, a.last);
    while (t < to) {
      yield* loop(ctx, a, endpoint, t);
      t = a.last + Math.round(r.lognormal(90 * SEC, 0.8));
    }
  }
}

export const attackCritiqueLoop: Scenario = {
  label: "attack:critique-loop",
  description: "Critique loops (candidate solution, find every flaw, corrected reasoning, iterated) from a few rented servers shared by all accounts.",
  run(ctx) {
    const r = ctx.rng.fork("attack-critique-loop");
    const servers = fixedNetwork(r.fork("servers"), asnsOf("cloud").filter((x) => x.asn === 24940 || x.asn === 16276), 6);
    const client = makeClient(r.fork("client"), "python-http");
    const accounts: AccountLine[] = [];
    const streams: Iterable<TrafficLine>[] = [];
    const pop = campaignPopulation(ctx, 16, 2);
    for (let i = 0; i < pop.count; i++) {
      const ar = r.fork(i);
      const tier = ar.weighted<Tier>([["research", 4], ["edu", 3], ["paid", 3]]);
      const account = makeAccount(ar, { tier, verified: ar.chance(0.4), createdAt: ctx.start - ar.float(2, 40) * DAY });
      const endpoint = ar.weighted<Endpoint>([["chat", 4], ["responses", 3], ["messages", 3]]);
      const actor = makeActor({ account, label: "attack:critique-loop", rng: ar.fork("req"), net: campaignEgress(ctx.egress, servers, ar.fork("egress"), ["DE", "FR"]), client, pace: 0.9, start: ctx.start + ar.float(0, 120) * MIN });
      accounts.push(account);
      streams.push(critiqueAccount(ctx, actor, endpoint, pop.rate));
    }
    return { accounts, streams };
  },
};
