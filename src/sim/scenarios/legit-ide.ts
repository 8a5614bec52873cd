/**
 * IDE coding agents: developers at work whose editor agent sends bursts of
 * tool-using requests (read, search, edit, run tests) seconds apart, with a
 * long growing conversation and the product's shared default system prompt.
 */
import type { Endpoint } from "../../dialects/types.js";
import { makeAccount, makeActor, makeOrg, modelFor, send, type Actor } from "../actor.js";
import { toolCallId, type Turn } from "../call.js";
import type { AccountLine, TrafficLine } from "../contract.js";
import { asnsOf, fixedNetwork, legitEgress, pickCountry, RUNTIMES } from "../network.js";
import type { Rng } from "../rng.js";
import { adoption, scaled, type Scenario, type SimContext } from "../scenario.js";
import { assistantReply, followUp } from "../text/chat.js";
import { IDE_PRODUCTS, IDE_TOOLS, ideTask, toolArgs, toolResult } from "../text/agentic.js";
import { DAY, MIN, PROFILES, SEC, sessionStarts } from "../time.js";

/** Agents trim old turns to fit the context window; keep the task and the recent tail. */
function compact(turns: Turn[], keep: number): Turn[] {
  if (turns.length <= keep + 1) return turns;
  let cut = turns.length - keep;
  // Start the kept tail at an assistant turn so tool results keep their calls.
  while (cut < turns.length && turns[cut]?.role !== "assistant") cut++;
  return [turns[0] as Turn, ...turns.slice(cut)];
}

function environment(r: Rng): string {
  return `<environment>\nOS: ${r.pick(["macOS 15.2", "Ubuntu 24.04", "Windows 11"])}\nShell: ${r.pick(["zsh", "bash", "pwsh"])}\nOpen files: ${r.int(1, 6)}\n</environment>`;
}

function* ideSession(ctx: SimContext, a: Actor, endpoint: Endpoint, system: string, start: number): Generator<TrafficLine> {
  const r = a.rng;
  const task = ctx.bank.pickOr(r, { kind: "legit", domain: "coding" }, 0.25, ideTask);
  let turns: Turn[] = [{ role: "user", text: task }];
  const model = r.chance(adoption(ctx, start, 0.45, 24)) ? modelFor(endpoint, "next") : modelFor(endpoint, r.chance(0.8) ? "main" : "mini");
  const steps = r.int(3, 26);
  let t = start;
  for (let k = 0; k < steps && t < ctx.end; k++) {
    const last = k === steps - 1;
    const out = Math.round(last ? r.lognormal(350, 0.5) : r.lognormal(120, 0.5));
    yield send(a, t, { endpoint, model, system, turns, tools: IDE_TOOLS, stream: true, maxTokens: 8192, outputTokens: out });
    if (last) {
      turns.push({ role: "assistant", text: assistantReply(r, 400) });
      if (r.chance(0.25)) {
        // The developer reviews the change and asks for one more thing.
        turns.push({ role: "user", text: followUp(r) });
        t = a.last + Math.round(r.lognormal(60 * SEC, 0.7));
        yield send(a, t, { endpoint, model, system, turns, tools: IDE_TOOLS, stream: true, maxTokens: 8192, outputTokens: Math.round(r.lognormal(300, 0.5)) });
      }
      break;
    }
    const calls = Array.from({ length: r.chance(0.2) ? 2 : 1 }, () => {
      const name = r.weighted([["read_file", 5], ["search_code", 3], ["apply_patch", 3], ["run_terminal", 3], ["list_dir", 1], ["write_file", 1]] as const);
      return { id: toolCallId(r, endpoint), name, args: toolArgs(r, name) };
    });
    turns.push({ role: "assistant", ...(r.chance(0.5) ? { text: assistantReply(r, 120) } : {}), toolCalls: calls });
    for (const c of calls) turns.push({ role: "tool", callId: c.id, name: c.name, text: toolResult(r, c.name) });
    turns = compact(turns, 18);
    t = a.last + out * 12 + Math.round(r.lognormal(3 * SEC, 0.8));
  }
}

function* developer(ctx: SimContext, a: Actor, endpoint: Endpoint, system: string, tz: number): Generator<TrafficLine> {
  const r = a.rng;
  const starts = sessionStarts(r, ctx.start, ctx.end, r.poisson(r.float(2, 7) * ctx.days), PROFILES.work, tz);
  for (const st of starts) yield* ideSession(ctx, a, endpoint, system, Math.max(st, a.last + MIN));
}

export const legitIdeAgent: Scenario = {
  label: "legit:ide-agent",
  description: "Developers' IDE coding agents: tool calls and results, long conversations, bursts seconds apart during work hours.",
  run(ctx) {
    const r = ctx.rng.fork("legit-ide-agent");
    const accounts: AccountLine[] = [];
    const streams: Iterable<TrafficLine>[] = [];
    const orgs = Array.from({ length: 6 }, () => makeOrg(r));
    for (let i = 0; i < scaled(70, ctx.scale, 2); i++) {
      const ar = r.fork(i);
      const { country, tz } = pickCountry(ar);
      const product = ar.chance(0.55) ? IDE_PRODUCTS[0] : IDE_PRODUCTS[1];
      const endpoint: Endpoint = product.name === "CodeWeaver" ? (ar.chance(0.8) ? "chat" : "responses") : "messages";
      const org = ar.chance(0.5) ? ar.pick(orgs) : undefined;
      const account = makeAccount(ar, {
        tier: org ? "enterprise" : "paid", verified: true, createdAt: ctx.start - ar.float(15, 600) * DAY, ...(org ? { org } : {}),
      });
      const ua = product.ua(ar);
      const client = { ja4: RUNTIMES.node.ja4, openai: ua, anthropic: ua };
      const net = fixedNetwork(ar, asnsOf("residential", country), ar.int(1, 2));
      const actor = makeActor({ account, label: "legit:ide-agent", rng: ar.fork("req"), net: legitEgress(ctx.legitEgress, net, ar.fork("egress"), "developer", country), client, pace: 0.8, start: ctx.start });
      accounts.push(account);
      streams.push(developer(ctx, actor, endpoint, `${product.system}\n\n${environment(ar)}`, tz));
    }
    return { accounts, streams };
  },
};
