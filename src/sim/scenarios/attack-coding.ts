/**
 * The massive agentic-coding campaign: the largest by volume. A harness runs
 * synthetic software-engineering episodes (issue, tool calls, synthetic tool
 * results) around the clock on many accounts behind a third proxy provider.
 * When the new model ships it moves about half of its traffic to it within
 * 24 hours (DESIGN.md), far faster than organic adoption.
 */
import type { Endpoint } from "../../dialects/types.js";
import { makeAccount, makeActor, modelFor, send, type Actor } from "../actor.js";
import { toolCallId, type Turn } from "../call.js";
import type { AccountLine, TrafficLine } from "../contract.js";
import { asnsOf, campaignEgress, proxyPool, RUNTIMES, type Client } from "../network.js";
import type { Rng } from "../rng.js";
import { adoption, campaignPopulation, type Scenario, type SimContext } from "../scenario.js";
import { AGENT_TOOLS, ideTask, toolArgs, toolResult } from "../text/agentic.js";
import { HARNESS_SYSTEM } from "../text/attack-prompts.js";
import { DAY, MIN, PROFILES, SEC, nextArrival } from "../time.js";
import { campaignProblem } from "./attack-common.js";

/** Share of the campaign on the new model once the pivot is complete, and how long it takes. */
export const PIVOT_SHARE = 0.5;
export const PIVOT_HOURS = 18;

function issue(ctx: SimContext, r: Rng): string {
  return r.chance(0.5) ? ideTask(r) : `<issue>\n${campaignProblem(ctx, r, "coding")}\n</issue>\nThe repository is checked out at /repo. Resolve the issue.`;
}

function* episode(ctx: SimContext, a: Actor, endpoint: Endpoint, start: number): Generator<TrafficLine> {
  const r = a.rng;
  const model = modelFor(endpoint, r.chance(adoption(ctx, start, PIVOT_SHARE, PIVOT_HOURS)) ? "next" : "main");
  const turns: Turn[] = [{ role: "user", text: issue(ctx, r) }];
  const steps = r.int(1, 5);
  const key = r.int(0, 2);
  let t = start;
  for (let k = 0; k < steps && t < ctx.end; k++) {
    const out = Math.round(r.lognormal(900, 0.5));
    yield send(a, t, {
      endpoint, model, system: HARNESS_SYSTEM, turns, tools: AGENT_TOOLS, stream: false, temperature: 1,
      outputTokens: out, maxTokens: 16000,
      ...(endpoint === "messages" ? { thinkingBudget: 10000 } : { reasoning: "high" as const }),
    }, key);
    const tool = r.pick(AGENT_TOOLS);
    const id = toolCallId(r, endpoint);
    turns.push(
      { role: "assistant", text: "Let me look at the relevant code first.", toolCalls: [{ id, name: tool.name, args: toolArgs(r, tool.name) }] },
      { role: "tool", callId: id, name: tool.name, text: toolResult(r, tool.name) },
    );
    t = a.last + Math.round(r.lognormal(4 * SEC, 0.5));
  }
}

function* codingAccount(ctx: SimContext, a: Actor, endpoint: Endpoint, perHour: number): Generator<TrafficLine> {
  const r = a.rng;
  let t: number | null = a.last;
  while ((t = nextArrival(r, t, perHour, PROFILES.flat, 0, ctx.end)) !== null) {
    yield* episode(ctx, a, endpoint, Math.max(t, a.last));
    t = Math.max(t, a.last);
  }
}

/** Exit countries of the campaign's proxy pool, and of its accounts' own addresses with `--egress static`. */
const EXITS = ["US", "GB", "NL", "DE", "SG", "JP", "KR", "BR"];

export const attackMassiveCoding: Scenario = {
  label: "attack:massive-coding",
  description: "Massive agentic-coding extraction around the clock; moves about half its traffic to the newly released model within 24 h.",
  run(ctx) {
    const r = ctx.rng.fork("attack-massive-coding");
    const pool = proxyPool(r.fork("pool"), asnsOf("proxy").filter((a) => [9009, 36352, 53667, 206264].includes(a.asn)), 1600, EXITS);
    const client: Client = { ja4: RUNTIMES.cpython.ja4, openai: "OpenAI/Python 1.58.1", anthropic: "Anthropic/Python 0.45.2" };
    const accounts: AccountLine[] = [];
    const streams: Iterable<TrafficLine>[] = [];
    const pop = campaignPopulation(ctx, 18, 3);
    for (let i = 0; i < pop.count; i++) {
      const ar = r.fork(i);
      const account = makeAccount(ar, { tier: ar.chance(0.8) ? "paid" : "research", verified: ar.chance(0.5), createdAt: ctx.start - ar.float(2, 45) * DAY, keys: ar.int(1, 3) });
      const endpoint: Endpoint = ar.chance(0.6) ? "chat" : "messages";
      // No self-imposed budget: the harness runs as fast as it is allowed to.
      const actor = makeActor({ account, label: "attack:massive-coding", rng: ar.fork("req"), net: campaignEgress(ctx.egress, pool, ar.fork("egress"), EXITS), client, start: ctx.start + ar.float(0, 30) * MIN });
      accounts.push(account);
      streams.push(codingAccount(ctx, actor, endpoint, ar.float(10, 16) * pop.rate));
    }
    return { accounts, streams };
  },
};
