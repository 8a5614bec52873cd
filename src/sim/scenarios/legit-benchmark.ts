/**
 * One public benchmark run by many independent evaluators: the same items in
 * the same harness prompt from different organisations, networks, clients
 * and tiers. Template fingerprints collide across accounts exactly as in a
 * campaign; what differs is everything else (orgs, verification, networks,
 * one run each rather than a stream).
 */
import type { Endpoint } from "../../dialects/types.js";
import { makeAccount, makeActor, makeOrg, modelFor, send, type Actor } from "../actor.js";
import type { Call } from "../call.js";
import type { AccountLine, Tier, TrafficLine } from "../contract.js";
import { asnsOf, fixedNetwork, legitEgress, makeClient, pickCountry, type ClientKind } from "../network.js";
import type { Rng } from "../rng.js";
import { scaled, type Scenario, type SimContext } from "../scenario.js";
import { publicCodeBench, publicMathBench } from "../text/legit-prompts.js";
import { codingTask, mathProblem } from "../text/problems.js";
import { DAY, HOUR, MIN } from "../time.js";

/** The benchmark's fixed item list: the same for every evaluator. */
function items(ctx: SimContext, prefix: string, size: number, gen: (r: Rng) => string): string[] {
  const fromCorpus = ctx.bank.texts({ kind: "legit", prefix });
  if (fromCorpus.length >= 50) return fromCorpus.slice(0, size);
  const r = ctx.rng.fork(`public-benchmark-${prefix}`);
  return Array.from({ length: size }, () => gen(r));
}

function* evaluator(ctx: SimContext, a: Actor, endpoint: Endpoint, runs: { at: number; code: boolean }[], math: string[], code: string[]): Generator<TrafficLine> {
  const r = a.rng;
  for (const run of runs) {
    const list = run.code ? code : math;
    const model = modelFor(endpoint, run.at > ctx.releaseAt && r.chance(0.5) ? "next" : r.chance(0.7) ? "main" : "mini");
    const n = run.code && endpoint !== "messages" && r.chance(0.5) ? 5 : 1;
    let t = Math.max(run.at, a.last + MIN);
    const rate = r.float(20, 120);
    for (const item of list) {
      if (t >= ctx.end) return;
      const prompt = run.code ? publicCodeBench(item) : publicMathBench(item);
      const call: Call = {
        endpoint, model, turns: [{ role: "user", text: prompt.user }], maxTokens: 2048,
        temperature: n > 1 ? 0.8 : 0, outputTokens: Math.round(r.lognormal(run.code ? 180 : 320, 0.5)),
      };
      if (n > 1) call.n = n;
      yield send(a, t, call);
      t = a.last + Math.round(r.exp(MIN / rate));
    }
  }
}

export const legitBenchmarkPublic: Scenario = {
  label: "legit:benchmark-public",
  description: "The same public benchmark, in its harness's standard prompt, run by many independent evaluators across orgs.",
  run(ctx) {
    const r = ctx.rng.fork("legit-benchmark-public");
    const math = items(ctx, "gsm8k", 200, mathProblem);
    const code = items(ctx, "humaneval", 160, codingTask);
    const accounts: AccountLine[] = [];
    const streams: Iterable<TrafficLine>[] = [];
    for (let i = 0; i < scaled(14, ctx.scale, 3); i++) {
      const ar = r.fork(i);
      const tier = ar.pick<Tier>(["research", "research", "paid", "paid", "enterprise", "edu", "free"]);
      const account = makeAccount(ar, { tier, verified: tier !== "free" && ar.chance(0.85), createdAt: ctx.start - ar.float(10, 400) * DAY, ...(tier === "free" ? {} : { org: makeOrg(ar) }) });
      const { country } = pickCountry(ar);
      const where = ar.weighted([["cloud", 4], ["university", 3], ["residential", 2]] as const);
      const pool = where === "cloud" ? asnsOf("cloud") : asnsOf(where, country).length > 0 ? asnsOf(where, country) : asnsOf(where);
      const net = fixedNetwork(ar, [ar.pick(pool)], ar.int(1, 2));
      const client = makeClient(ar, ar.pick<ClientKind>(["python-sdk", "python-sdk", "python-http", "node-sdk"]));
      const endpoint = ar.weighted([["chat", 5], ["messages", 3], ["responses", 2]] as const);
      const runs = [{ at: ctx.start + ar.float(0, ctx.days) * DAY, code: false }];
      if (ar.chance(0.4)) runs.push({ at: ctx.start + ar.float(0, ctx.days) * DAY, code: false });
      if (ar.chance(0.5)) runs.push({ at: ctx.start + ar.float(0, ctx.days) * DAY, code: true });
      runs.sort((x, y) => x.at - y.at);
      const actor = makeActor({ account, label: "legit:benchmark-public", rng: ar.fork("req"), net: legitEgress(ctx.legitEgress, net, ar.fork("egress"), where === "cloud" ? "service" : "developer", country), client, pace: 0.8, start: ctx.start - HOUR });
      accounts.push(account);
      streams.push(evaluator(ctx, actor, endpoint, runs, math, code));
    }
    return { accounts, streams };
  },
};
