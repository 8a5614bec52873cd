/**
 * Legitimate pipelines: LLM-as-judge labelling at volume (rubric grading,
 * verified org accounts, short structured verdicts) and one company's RAG
 * support bot (one system template, several accounts in one org, customer
 * traffic following the regions' days).
 */
import type { Endpoint } from "../../dialects/types.js";
import { makeAccount, makeActor, makeOrg, modelFor, send, type Actor } from "../actor.js";
import type { Call, Turn } from "../call.js";
import type { AccountLine, Tier, TrafficLine } from "../contract.js";
import { ASNS, fixedNetwork, legitEgress, makeClient } from "../network.js";
import type { Rng } from "../rng.js";
import { cyclic, scaled, type Scenario, type SimContext } from "../scenario.js";
import { assistantReply, chatQuestion, supportQuestion } from "../text/chat.js";
import { JUDGE_FORMATS, ragPrompt } from "../text/legit-prompts.js";
import { fillSlots, splitRoles } from "../text/slots.js";
import { DAY, HOUR, MIN, nextArrival, PROFILES, SEC } from "../time.js";

function judgeCall(ctx: SimContext, r: Rng, endpoint: Endpoint, model: string, format: number): Call {
  const corpus = ctx.bank.texts({ kind: "autograde" });
  const useCorpus = corpus.length > 0 && r.chance(0.35);
  const p = useCorpus ? splitRoles(fillSlots(r, r.pick(corpus))) : cyclic(JUDGE_FORMATS, format)(r, r.chance(0.5) ? chatQuestion(r) : supportQuestion(r));
  const call: Call = {
    endpoint, model, turns: [{ role: "user", text: p.user }], temperature: 0,
    outputTokens: Math.round(r.lognormal(useCorpus ? 260 : 60, 0.5)), maxTokens: useCorpus ? 1024 : 300,
  };
  if (p.system !== undefined) call.system = p.system;
  if (!useCorpus && format === 0 && endpoint !== "messages") call.jsonMode = true;
  return call;
}

function* judgePipeline(ctx: SimContext, a: Actor, endpoint: Endpoint, format: number, batchesPerDay: number, batchItems: number): Generator<TrafficLine> {
  const r = a.rng;
  const model = modelFor(endpoint, r.chance(0.5) ? "mini" : "main");
  const batches: number[] = [];
  for (let d = 0; d < ctx.days; d++) {
    for (let b = 0; b < batchesPerDay; b++) batches.push(ctx.start + d * DAY + r.float(7, 20) * HOUR);
  }
  batches.sort((x, y) => x - y);
  const rate = r.float(80, 260);
  for (const at of batches) {
    let t = Math.max(at, a.last);
    for (let k = 0; k < batchItems && t < ctx.end; k++) {
      yield send(a, t, judgeCall(ctx, r, endpoint, model, format));
      t = a.last + Math.round(r.exp(MIN / rate));
    }
  }
}

export const legitJudge: Scenario = {
  label: "legit:judge",
  description: "LLM-as-judge labelling pipelines: rubric grading at volume from verified org accounts, short structured verdicts.",
  run(ctx) {
    const r = ctx.rng.fork("legit-judge");
    const orgs = [makeOrg(r), makeOrg(r), makeOrg(r)];
    const specs: { tier: Tier; org: number; endpoint: Endpoint; batches: number; items: number }[] = [
      { tier: "enterprise", org: 0, endpoint: "chat", batches: 3, items: 1000 },
      { tier: "enterprise", org: 0, endpoint: "chat", batches: 2, items: 600 },
      { tier: "paid", org: 1, endpoint: "messages", batches: 2, items: 700 },
      { tier: "paid", org: 2, endpoint: "responses", batches: 4, items: 300 },
    ];
    const accounts: AccountLine[] = [];
    const streams: Iterable<TrafficLine>[] = [];
    specs.forEach((s, i) => {
      const ar = r.fork(i);
      const account = makeAccount(ar, { tier: s.tier, verified: true, createdAt: ctx.start - ar.float(90, 700) * DAY, org: orgs[s.org] as string });
      const net = fixedNetwork(ar, [ar.pick(ASNS.filter((x) => x.kind === "cloud"))], 2);
      const client = makeClient(ar, ar.chance(0.7) ? "python-sdk" : "node-sdk");
      const actor = makeActor({ account, label: "legit:judge", rng: ar.fork("req"), net: legitEgress(ctx.legitEgress, net, ar.fork("egress"), "service", ""), client, pace: 0.8, start: ctx.start });
      accounts.push(account);
      streams.push(judgePipeline(ctx, actor, s.endpoint, i % JUDGE_FORMATS.length, s.batches, scaled(s.items, ctx.scale, 30)));
    });
    return { accounts, streams };
  },
};

function* supportBot(ctx: SimContext, a: Actor, endpoint: Endpoint, perHour: number, tz: number): Generator<TrafficLine> {
  const r = a.rng;
  const model = modelFor(endpoint, "mini");
  let t: number | null = ctx.start;
  while ((t = nextArrival(r, t, perHour, PROFILES.support, tz, ctx.end)) !== null) {
    const p = ragPrompt(r);
    const turns: Turn[] = [{ role: "user", text: p.user }];
    const depth = r.chance(0.7) ? 1 : r.int(2, 3);
    let at = t;
    for (let k = 0; k < depth && at < ctx.end; k++) {
      if (k > 0) turns.push({ role: "assistant", text: assistantReply(r, 350) }, { role: "user", text: supportQuestion(r) });
      yield send(a, at, { endpoint, model, system: p.system, turns, stream: true, maxTokens: 400, temperature: 0.2, outputTokens: Math.round(r.lognormal(130, 0.4)) });
      at = a.last + Math.round(r.lognormal(50 * SEC, 0.6));
    }
    t = Math.max(t, a.last);
  }
}

export const legitRagBot: Scenario = {
  label: "legit:rag-bot",
  description: "One company's RAG support bot: one system template and retrieved chunks, several accounts in one org, customer hours.",
  run(ctx) {
    const r = ctx.rng.fork("legit-rag-bot");
    const org = makeOrg(r);
    const deployments: { tier: Tier; perHour: number; tz: number; cloud: string }[] = [
      { tier: "enterprise", perHour: 110, tz: -6, cloud: "US" },
      { tier: "enterprise", perHour: 110, tz: 1, cloud: "IE" },
      { tier: "enterprise", perHour: 50, tz: 8, cloud: "SG" },
      { tier: "paid", perHour: 8, tz: 1, cloud: "IE" },
      { tier: "paid", perHour: 20, tz: 1, cloud: "IE" },
    ];
    const accounts: AccountLine[] = [];
    const streams: Iterable<TrafficLine>[] = [];
    deployments.forEach((d, i) => {
      const ar = r.fork(i);
      const account = makeAccount(ar, { tier: d.tier, verified: true, createdAt: ctx.start - ar.float(100, 400) * DAY, org, keys: 2 });
      const aws = ASNS.filter((x) => x.asn === 16509 && x.country === d.cloud);
      const net = fixedNetwork(ar, aws, 3);
      const client = makeClient(ar, "node-sdk");
      const actor = makeActor({ account, label: "legit:rag-bot", rng: ar.fork("req"), net: legitEgress(ctx.legitEgress, net, ar.fork("egress"), "service", ""), client, pace: 0.8, start: ctx.start });
      accounts.push(account);
      streams.push(supportBot(ctx, actor, i === 2 ? "messages" : "chat", d.perHour * Math.max(ctx.scale, 0.05), d.tz));
    });
    return { accounts, streams };
  },
};
