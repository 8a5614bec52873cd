/**
 * Developers who run an open-source software-engineering agent harness from
 * their own machines: the same harness, word for word, that the
 * massive-coding campaign runs (attack-coding.ts), with the reasoning asked
 * for on every request because the harness asks for it by default. Only
 * with `--public-harness shared` (scenario.ts PUBLIC_HARNESS): it makes the
 * campaign's system prompt a tool's that legitimate accounts share and send
 * exactly as the campaign does, at work hours and from home and office
 * networks, some of them in small companies. What the guard does with a
 * campaign found on that prompt is then measured on people's requests.
 */
import type { Endpoint } from "../../dialects/types.js";
import { makeAccount, makeActor, makeOrg, modelFor, send, type Actor } from "../actor.js";
import { toolCallId, type Turn } from "../call.js";
import type { AccountLine, TrafficLine } from "../contract.js";
import { asnsOf, fixedNetwork, legitEgress, pickCountry, RUNTIMES, type Client } from "../network.js";
import { adoption, scaled, type Scenario, type SimContext } from "../scenario.js";
import { assistantReply } from "../text/chat.js";
import { AGENT_TOOLS, ideTask, toolArgs, toolResult } from "../text/agentic.js";
import { HARNESS_SYSTEM } from "../text/attack-prompts.js";
import { DAY, MIN, PROFILES, SEC, sessionStarts } from "../time.js";

/** One issue worked through the harness: a few tool steps, each request with the reasoning asked for. */
function* episode(ctx: SimContext, a: Actor, endpoint: Endpoint, start: number): Generator<TrafficLine> {
  const r = a.rng;
  const model = modelFor(endpoint, r.chance(adoption(ctx, start, 0.35, 36)) ? "next" : "main");
  const turns: Turn[] = [{ role: "user", text: ctx.bank.pickOr(r, { kind: "legit", domain: "coding" }, 0.3, ideTask) }];
  const steps = r.int(2, 9);
  let t = start;
  for (let k = 0; k < steps && t < ctx.end; k++) {
    const out = Math.round(r.lognormal(k === steps - 1 ? 500 : 200, 0.5));
    yield send(a, t, {
      endpoint, model, system: HARNESS_SYSTEM, turns, tools: AGENT_TOOLS, stream: true,
      outputTokens: out, maxTokens: 16000,
      ...(endpoint === "messages" ? { thinkingBudget: 8000 } : { reasoning: "high" as const }),
    });
    if (k === steps - 1) break;
    const tool = r.pick(AGENT_TOOLS);
    const id = toolCallId(r, endpoint);
    turns.push(
      { role: "assistant", ...(r.chance(0.6) ? { text: assistantReply(r, 120) } : {}), toolCalls: [{ id, name: tool.name, args: toolArgs(r, tool.name) }] },
      { role: "tool", callId: id, name: tool.name, text: toolResult(r, tool.name) },
    );
    // The developer watches the run: reads the step, sometimes steps in.
    t = a.last + out * 10 + Math.round(r.lognormal(8 * SEC, 0.9));
  }
}

function* developer(ctx: SimContext, a: Actor, endpoint: Endpoint, tz: number): Generator<TrafficLine> {
  const r = a.rng;
  const starts = sessionStarts(r, ctx.start, ctx.end, r.poisson(r.float(1.5, 4) * ctx.days), PROFILES.work, tz);
  for (const st of starts) {
    // A working session: a few issues one after another.
    let t = Math.max(st, a.last + MIN);
    for (let n = r.int(1, 4); n > 0 && t < ctx.end; n--) {
      yield* episode(ctx, a, endpoint, t);
      t = a.last + Math.round(r.lognormal(6 * MIN, 0.8));
    }
  }
}

export const legitHarnessUser: Scenario = {
  label: "legit:harness-user",
  description: "Developers running the massive-coding campaign's open-source agent harness from their own machines, the reasoning asked for on every request (only with --public-harness shared).",
  when: (ctx) => ctx.publicHarness === "shared",
  run(ctx) {
    const r = ctx.rng.fork("legit-harness-user");
    const accounts: AccountLine[] = [];
    const streams: Iterable<TrafficLine>[] = [];
    const orgs = Array.from({ length: 3 }, () => makeOrg(r));
    // Fewer than the 25 established accounts that clear any fingerprint (campaign rule 3c): a niche tool's users.
    for (let i = 0; i < scaled(20, ctx.scale, 3); i++) {
      const ar = r.fork(i);
      const { country, tz } = pickCountry(ar);
      const org = ar.chance(0.4) ? ar.pick(orgs) : undefined;
      const young = ar.chance(0.15);
      const account = makeAccount(ar, {
        tier: org ? "enterprise" : ar.chance(0.8) ? "paid" : "free", verified: !young || ar.chance(0.5),
        createdAt: ctx.start - (young ? ar.float(1, 10) : ar.float(30, 700)) * DAY, ...(org ? { org } : {}),
      });
      const endpoint: Endpoint = ar.chance(0.55) ? "messages" : "chat";
      // The harness calls the API through the official Python SDKs, as the campaign's copy does.
      const client: Client = { ja4: RUNTIMES.cpython.ja4, openai: `OpenAI/Python 1.${ar.int(50, 59)}.${ar.int(0, 3)}`, anthropic: `Anthropic/Python 0.4${ar.int(3, 6)}.${ar.int(0, 2)}` };
      const net = fixedNetwork(ar, asnsOf("residential", country), ar.int(1, 2));
      const actor = makeActor({ account, label: "legit:harness-user", rng: ar.fork("req"), net: legitEgress(ctx.legitEgress, net, ar.fork("egress"), "developer", country), client, pace: 0.8, start: ctx.start });
      accounts.push(account);
      streams.push(developer(ctx, actor, endpoint, tz));
    }
    return { accounts, streams };
  },
};
