/**
 * The surgical campaign: chain-of-thought elicitation, rubric grading that
 * asks for the grader's method, and censorship-safe rewrites, on cheap
 * accounts (free and edu, unverified, days old, some opened mid-campaign)
 * behind a commercial proxy that rotates exits on every request. Each
 * account paces itself just under its tier's limits.
 */
import type { Endpoint } from "../../dialects/types.js";
import { makeAccount, makeActor, modelFor, send, sendConversationWrite, type Actor } from "../actor.js";
import type { AccountLine, TrafficLine } from "../contract.js";
import { asnsOf, campaignEgress, proxyPool, RUNTIMES, type Client } from "../network.js";
import type { Rng } from "../rng.js";
import { adoption, campaignPopulation, type Scenario, type SimContext } from "../scenario.js";
import { CENSOR_TEMPLATES, COT_TEMPLATES, RUBRIC_TEMPLATES } from "../text/attack-prompts.js";
import { fillSlots, splitRoles, type Prompt } from "../text/slots.js";
import { DAY, MIN } from "../time.js";
import { campaignProblem, harvestCall, shifts, type ProblemDomain } from "./attack-common.js";

function surgicalPrompt(ctx: SimContext, r: Rng): Prompt {
  const kind = r.weighted([["cot", 5], ["rubric", 3], ["censor", 2]] as const);
  const domain = r.weighted<ProblemDomain>([["math", 4], ["reasoning", 3], ["coding", 2]]);
  const problem = campaignProblem(ctx, r, domain);
  if (kind === "censor") return r.pick(CENSOR_TEMPLATES).render(r, { problem });
  const corpusKind = kind === "cot" ? "cot-elicitation" : "autograde";
  const corpus = ctx.bank.texts({ kind: corpusKind });
  if (corpus.length > 0 && r.chance(0.35)) {
    const p = splitRoles(fillSlots(r, r.pick(corpus), (slot) => (/(question|problem|instruction|^s$)/.test(slot) ? problem : undefined)));
    // Corpus system prompts without a slot still need the problem to work on.
    return p.user.includes(problem) || (p.system ?? "").includes(problem) ? p : { ...p, user: `${p.user}\n\n${problem}` };
  }
  return r.pick(kind === "cot" ? COT_TEMPLATES : RUBRIC_TEMPLATES).render(r, { problem });
}

const HARVEST = { effort: "high", logprobs: 0.2, multi: 0.15, outMedian: 2200, stream: false } as const;

function* surgicalAccount(ctx: SimContext, a: Actor, endpoint: Endpoint, rate: number): Generator<TrafficLine> {
  const r = a.rng;
  for (const [from, to] of shifts(r, Math.max(ctx.start, a.last), ctx.end, 1.3 * rate, 30, 80)) {
    let t = Math.max(from, a.last);
    const rpm = r.float(2, 4.5);
    // --server-state conversations: the shift's instruction goes into a conversation once, as an added item.
    const kept = ctx.serverState === "conversations" ? `conv_${r.hex(32)}` : null;
    if (kept !== null) {
      const p = surgicalPrompt(ctx, r);
      yield sendConversationWrite(a, t, kept, [{ role: "user", text: p.user }], p.system);
      t = a.last + Math.round(r.exp(MIN / rpm));
    }
    while (t < to) {
      const model = modelFor(endpoint, r.chance(adoption(ctx, t, 0.15, 24)) ? "next" : "main");
      const prompt = kept === null ? surgicalPrompt(ctx, r) : { user: campaignProblem(ctx, r, r.weighted<ProblemDomain>([["math", 4], ["reasoning", 3], ["coding", 2]])) };
      const call = harvestCall(r, endpoint, model, prompt, HARVEST);
      if (kept !== null) call.conversation = kept;
      yield send(a, t, call);
      t = a.last + Math.round(r.exp(MIN / rpm));
    }
  }
}

/** Exit countries of the campaign's proxy pool, and of its accounts' own addresses with `--egress static`. */
const EXITS = ["US", "GB", "NL", "DE", "SG", "JP"];

export const attackSurgicalCot: Scenario = {
  label: "attack:surgical-cot",
  description: "Chain-of-thought elicitation, rubric grading and censorship-safe rewrites on young free/edu unverified accounts behind a rotating commercial proxy.",
  run(ctx) {
    const r = ctx.rng.fork("attack-surgical-cot");
    const pool = proxyPool(r.fork("pool"), asnsOf("proxy").filter((a) => a.asn === 9009 || a.asn === 60068), 450, EXITS);
    const client: Client = { ja4: RUNTIMES.cpython.ja4, openai: "OpenAI/Python 1.55.3", anthropic: "Anthropic/Python 0.42.0" };
    const accounts: AccountLine[] = [];
    const streams: Iterable<TrafficLine>[] = [];
    const pop = campaignPopulation(ctx, 32, 3);
    for (let i = 0; i < pop.count; i++) {
      const ar = r.fork(i);
      const midCampaign = ar.chance(0.25);
      const createdAt = midCampaign ? ctx.start + ar.float(0.2, Math.max(0.3, ctx.days - 1)) * DAY : ctx.start - ar.float(0.5, 6) * DAY;
      const account = makeAccount(ar, { tier: ar.chance(0.6) ? "free" : "edu", verified: ar.chance(0.08), createdAt });
      const drawn = ar.weighted<Endpoint>([["chat", 5], ["messages", 3], ["responses", 2]]);
      const endpoint: Endpoint = ctx.serverState === "conversations" ? "responses" : drawn;
      const actor = makeActor({ account, label: "attack:surgical-cot", rng: ar.fork("req"), net: campaignEgress(ctx.egress, pool, ar.fork("egress"), EXITS), client, pace: 0.9, start: createdAt + ar.float(5, 90) * MIN });
      accounts.push(account);
      streams.push(surgicalAccount(ctx, actor, endpoint, pop.rate));
    }
    return { accounts, streams };
  },
};
