/**
 * The broad campaign: capability-targeted prompting over agentic reasoning,
 * tool use, coding and computer vision, with logprobs and several samples,
 * from a mix of paid (stolen cards), free and research accounts behind a
 * second proxy provider, around the clock.
 */
import type { Endpoint } from "../../dialects/types.js";
import { makeAccount, makeActor, modelFor, send, type Actor } from "../actor.js";
import { image, toolCallId, type Call, type Turn } from "../call.js";
import type { AccountLine, Tier, TrafficLine } from "../contract.js";
import { asnsOf, campaignEgress, proxyPool, RUNTIMES, type Client } from "../network.js";
import type { Rng } from "../rng.js";
import { adoption, campaignPopulation, type Scenario, type SimContext } from "../scenario.js";
import { AGENT_TOOLS, BUSINESS_TOOLS, toolArgs, toolResult } from "../text/agentic.js";
import { agentGoal, BROAD_AGENT_SYSTEM } from "../text/attack-prompts.js";
import { splitRoles } from "../text/slots.js";
import { DAY, MIN, PROFILES, nextArrival } from "../time.js";
import { campaignProblem, harvestCall, type Harvest } from "./attack-common.js";

const VISION_ASKS = [
  "Analyse this image in exhaustive detail. Describe every object, its position, colours and any text, then reason step by step about what is happening and why.",
  "Describe this image as precisely as possible, then list every inference you can draw from it and explain the reasoning behind each.",
  "Extract all information from this image (text, numbers, layout). Then explain step by step how you interpreted each element.",
];

function agenticCall(r: Rng, endpoint: Endpoint, model: string, h: Harvest): Call {
  const tools = r.chance(0.5) ? BUSINESS_TOOLS : AGENT_TOOLS;
  const call = harvestCall(r, endpoint, model, { system: BROAD_AGENT_SYSTEM, user: agentGoal(r) }, h);
  call.tools = tools;
  // Half the requests replay a synthetic trajectory to harvest the next step.
  const steps = r.chance(0.5) ? r.int(1, 3) : 0;
  const turns: Turn[] = [...call.turns];
  for (let k = 0; k < steps; k++) {
    const tool = r.pick(tools);
    const id = toolCallId(r, endpoint);
    turns.push({ role: "assistant", toolCalls: [{ id, name: tool.name, args: toolArgs(r, tool.name) }] }, { role: "tool", callId: id, name: tool.name, text: toolResult(r, tool.name) });
  }
  call.turns = turns;
  return call;
}

function broadCall(ctx: SimContext, r: Rng, endpoint: Endpoint, model: string): Call {
  const h: Harvest = { effort: r.chance(0.6) ? "high" : "medium", logprobs: 0.25, multi: 0.2, outMedian: 1500, stream: r.chance(0.3) };
  const kind = r.weighted([["agentic", 3], ["tools", 2.5], ["coding", 2.5], ["vision", 1.5], ["probe", 0.5]] as const);
  switch (kind) {
    case "agentic":
      return agenticCall(r, endpoint, model, h);
    case "tools": {
      const corpus = ctx.bank.texts({ kind: "tool-use" });
      const p = corpus.length > 0 && r.chance(0.7) ? splitRoles(r.pick(corpus)) : { user: agentGoal(r) };
      const call = harvestCall(r, endpoint, model, p, h);
      call.tools = r.sample(BUSINESS_TOOLS, r.int(2, 6));
      return call;
    }
    case "coding": {
      const problem = campaignProblem(ctx, r, "coding");
      const user = r.pick([
        `${problem}\n\nExplain your approach in detail before writing the code: the algorithm, alternatives you rejected and why, complexity, and edge cases. Then give the complete solution.`,
        `Solve this programming task. Think step by step and show your full reasoning, then the final code.\n\n${problem}`,
      ]);
      return harvestCall(r, endpoint, model, { user }, h);
    }
    case "vision": {
      const call = harvestCall(r, endpoint, model, { user: r.pick(VISION_ASKS) }, h);
      const last = call.turns[call.turns.length - 1];
      if (last?.role === "user") call.turns = [{ ...last, images: [image(r)] }];
      return call;
    }
    case "probe":
      return harvestCall(r, endpoint, model, { user: ctx.bank.pickOr(r, { kind: "capability-probe" }, 1, () => "List every tool and capability you have and explain how you decide when to use each.") }, h);
  }
}

function* broadAccount(ctx: SimContext, a: Actor, endpoint: Endpoint, perHour: number): Generator<TrafficLine> {
  const r = a.rng;
  let t: number | null = a.last;
  while ((t = nextArrival(r, t, perHour, PROFILES.flat, 0, ctx.end)) !== null) {
    const model = modelFor(endpoint, r.chance(adoption(ctx, t, 0.25, 24)) ? "next" : "main");
    yield send(a, t, broadCall(ctx, r, endpoint, model));
    t = Math.max(t, a.last);
  }
}

/** Exit countries of the campaign's proxy pool, and of its accounts' own addresses with `--egress static`. */
const EXITS = ["US", "NL", "GB", "DE", "FR", "CA"];

export const attackBroadAgentic: Scenario = {
  label: "attack:broad-agentic",
  description: "Broad capability extraction over agentic reasoning, tool use, coding and vision, behind a second proxy provider.",
  run(ctx) {
    const r = ctx.rng.fork("attack-broad-agentic");
    const pool = proxyPool(r.fork("pool"), asnsOf("proxy").filter((a) => [212238, 62240, 20473].includes(a.asn)), 900, EXITS);
    const client: Client = { ja4: RUNTIMES.node.ja4, openai: "OpenAI/JS 4.67.3", anthropic: "Anthropic/JS 0.32.1" };
    const accounts: AccountLine[] = [];
    const streams: Iterable<TrafficLine>[] = [];
    const pop = campaignPopulation(ctx, 30, 3);
    for (let i = 0; i < pop.count; i++) {
      const ar = r.fork(i);
      const tier = ar.weighted<Tier>([["paid", 5], ["free", 3], ["research", 2]]);
      const createdAt = ctx.start - ar.float(1, 20) * DAY;
      const account = makeAccount(ar, { tier, verified: ar.chance(0.3), createdAt });
      const endpoint = ar.weighted<Endpoint>([["chat", 4], ["responses", 3], ["messages", 3]]);
      const actor = makeActor({ account, label: "attack:broad-agentic", rng: ar.fork("req"), net: campaignEgress(ctx.egress, pool, ar.fork("egress"), EXITS), client, pace: tier === "paid" ? 0.95 : 0.9, start: ctx.start + ar.float(0, 4) * 60 * MIN });
      accounts.push(account);
      streams.push(broadAccount(ctx, actor, endpoint, ar.float(10, 18) * pop.rate));
    }
    return { accounts, streams };
  },
};
