/**
 * The many-account low-and-slow campaign: hundreds of cheap accounts, each
 * far under every limit (a tenth of its tier at most, a few dozen requests
 * over days), that only stand out together: they share four prompt
 * templates, one client fingerprint and a pool of proxy exits on three
 * ASNs. A third of the accounts are opened while the campaign runs.
 */
import { makeAccount, makeActor, modelFor, send, type Actor } from "../actor.js";
import type { Call } from "../call.js";
import type { AccountLine, Tier, TrafficLine } from "../contract.js";
import { asnsOf, campaignEgress, proxyPool, RUNTIMES, type Client } from "../network.js";
import type { Rng } from "../rng.js";
import { cyclic, scaled, type Scenario, type SimContext } from "../scenario.js";
import { LOW_SLOW_TEMPLATES } from "../text/attack-prompts.js";
import { DAY, HOUR, MIN, PROFILES, nextArrival } from "../time.js";
import { campaignProblem, type ProblemDomain } from "./attack-common.js";

/** Each account keeps below this share of its contract limits in any minute. */
export const LOW_SLOW_SHARE = 0.1;

export const LOW_SLOW_CLIENTS: readonly Client[] = [
  { ja4: RUNTIMES.campaignB.ja4, openai: "python-httpx/0.27.0", anthropic: "python-httpx/0.27.0" },
  { ja4: RUNTIMES.cpythonOld.ja4, openai: "OpenAI/Python 1.40.6", anthropic: "Anthropic/Python 0.34.2" },
];

function lowSlowCall(ctx: SimContext, r: Rng, template: number): Call {
  const domain = r.weighted<ProblemDomain>([["math", 4], ["reasoning", 3], ["coding", 3]]);
  const p = cyclic(LOW_SLOW_TEMPLATES, template).render(r, { problem: campaignProblem(ctx, r, domain) });
  return {
    endpoint: "chat", model: modelFor("chat", "main"), turns: [{ role: "user", text: p.user }],
    reasoning: "medium", maxTokens: 3000, temperature: 0.7, outputTokens: Math.round(r.lognormal(900, 0.45)),
  };
}

function* lowSlowAccount(ctx: SimContext, a: Actor, requests: number, templates: number[]): Generator<TrafficLine> {
  const r = a.rng;
  const span = ctx.end - a.last;
  let t: number | null = a.last;
  for (let k = 0; k < requests; k++) {
    t = nextArrival(r, t, (requests / Math.max(span, HOUR)) * HOUR, PROFILES.flat, 0, ctx.end);
    if (t === null) return;
    yield send(a, t, lowSlowCall(ctx, r, r.pick(templates)));
    t = Math.max(t, a.last + 30_000);
  }
}

/** Exit countries of the campaign's proxy pool, and of its accounts' own addresses with `--egress static`. */
const EXITS = ["US", "GB", "NL", "DE", "FR", "SG"];

export const attackLowAndSlow: Scenario = {
  label: "attack:low-and-slow",
  description: "Hundreds of accounts each far under every limit, sharing prompt templates and network fingerprints; some opened mid-campaign.",
  run(ctx) {
    const r = ctx.rng.fork("attack-low-and-slow");
    const pool = proxyPool(r.fork("pool"), asnsOf("proxy").filter((a) => [60068, 212238, 62240].includes(a.asn)), 2500, EXITS);
    const accounts: AccountLine[] = [];
    const streams: Iterable<TrafficLine>[] = [];
    for (let i = 0; i < scaled(420, ctx.scale, 10); i++) {
      const ar = r.fork(i);
      const midCampaign = ar.chance(0.33);
      const createdAt = midCampaign ? ctx.start + ar.float(0.25, Math.max(0.3, ctx.days - 0.5)) * DAY : ctx.start - ar.float(1, 20) * DAY;
      const tier = ar.weighted<Tier>([["free", 7], ["edu", 2], ["research", 1]]);
      const account = makeAccount(ar, { tier, verified: ar.chance(0.12), createdAt });
      const client = cyclic(LOW_SLOW_CLIENTS, ar.chance(0.8) ? 0 : 1);
      const actor = makeActor({
        account, label: "attack:low-and-slow", rng: ar.fork("req"), net: campaignEgress(ctx.egress, pool, ar.fork("egress"), EXITS), client, pace: LOW_SLOW_SHARE,
        start: Math.max(ctx.start, createdAt) + ar.float(2, 120) * MIN,
      });
      accounts.push(account);
      const templates = ar.sample([0, 1, 2, 3], ar.int(1, 3));
      const days = Math.max(0.25, (ctx.end - actor.last) / DAY);
      streams.push(lowSlowAccount(ctx, actor, Math.max(3, Math.round(ar.float(6, 20) * days)), templates));
    }
    return { accounts, streams };
  },
};
