/**
 * A campaign a peer provider has already seen and reports in its STIX bundle
 * (peer-bundle.json). Its accounts here are all opened after the operator
 * imports the bundle, so the guard has only the peer's indicators to go on:
 * the proxy CIDRs, ASNs and exits, the client fingerprint and the prompt
 * templates. The question is how fast a fresh account of it is contained.
 */
import { makeAccount, makeActor, modelFor, send, type Actor } from "../actor.js";
import type { AccountLine, TrafficLine } from "../contract.js";
import { ASNS, RUNTIMES, type Client, type Egress, type Network } from "../network.js";
import type { Rng } from "../rng.js";
import { scaled, type PeerIntel, type Scenario, type SimContext } from "../scenario.js";
import { KNOWN_TEMPLATES } from "../text/attack-prompts.js";
import { DAY, HOUR, MIN } from "../time.js";
import { campaignProblem, harvestCall } from "./attack-common.js";

const CLIENT: Client = { ja4: RUNTIMES.campaignA.ja4, openai: "OpenAI/Python 1.33.0", anthropic: "Anthropic/Python 0.28.1" };

/** Two /24 blocks of the campaign's proxy provider, on two ASNs. */
function blocks(r: Rng): { cidr: string; asn: number; prefix: string }[] {
  return [206264, 53667].map((asn) => {
    const a = ASNS.find((x) => x.asn === asn);
    const prefix = `${r.pick(a?.prefixes ?? ["45.154"])}.${r.int(0, 255)}`;
    return { cidr: `${prefix}.0/24`, asn, prefix };
  });
}

function exits(r: Rng, bl: { asn: number; prefix: string }[], size: number): Egress[] {
  return Array.from({ length: size }, () => {
    const b = r.pick(bl);
    return { ip: `${b.prefix}.${r.int(1, 254)}`, asn: b.asn, country: r.pick(["NL", "US"]) };
  });
}

function* knownAccount(ctx: SimContext, a: Actor): Generator<TrafficLine> {
  const r = a.rng;
  const bursts = r.int(1, 3);
  let t = a.last;
  for (let b = 0; b < bursts && t < ctx.end; b++) {
    const n = r.int(10, 40);
    const rpm = r.float(3, 8);
    for (let k = 0; k < n && t < ctx.end; k++) {
      const tpl = r.pick(KNOWN_TEMPLATES);
      const problem = campaignProblem(ctx, r, r.pick(["math", "reasoning", "coding"] as const));
      yield send(a, t, harvestCall(r, "chat", modelFor("chat", "main"), tpl.render(r, { problem }), { effort: "high", logprobs: 0.3, multi: 0.2, outMedian: 1800, stream: false }));
      t = a.last + Math.round(r.exp(MIN / rpm));
    }
    t = a.last + r.float(1, 5) * HOUR;
  }
}

export const attackKnownCampaign: Scenario = {
  label: "attack:known-campaign",
  description: "A campaign reported by a peer provider's STIX bundle; its accounts open only after the bundle is imported.",
  run(ctx) {
    const r = ctx.rng.fork("attack-known-campaign");
    const bl = blocks(r.fork("blocks"));
    const pool = exits(r.fork("exits"), bl, 180);
    const net: Network = { next: (x) => x.pick(pool) };
    const accounts: AccountLine[] = [];
    const streams: Iterable<TrafficLine>[] = [];
    const lastOpen = Math.max(ctx.importAt + 20 * MIN, ctx.end - 3 * HOUR);
    for (let i = 0; i < scaled(30, ctx.scale, 3); i++) {
      const ar = r.fork(i);
      const createdAt = ctx.importAt + 10 * MIN + ar.next() * (lastOpen - ctx.importAt - 10 * MIN);
      const account = makeAccount(ar, { tier: ar.chance(0.7) ? "free" : "edu", verified: false, createdAt });
      const actor = makeActor({ account, label: "attack:known-campaign", rng: ar.fork("req"), net, client: CLIENT, pace: 0.9, start: createdAt + ar.float(2, 30) * MIN });
      accounts.push(account);
      streams.push(knownAccount(ctx, actor));
    }
    const sr = r.fork("bundle-samples");
    const intel: PeerIntel = {
      name: "Operation Quiet Ledger",
      description: "Distillation campaign harvesting worked solutions with full reasoning through three fixed prompt templates, from free and edu accounts behind a commercial proxy.",
      firstSeen: ctx.start - 12 * DAY,
      lastSeen: ctx.importAt - 2 * HOUR,
      ips: pool.slice(0, 24).map((e) => e.ip).filter((ip, i, all) => all.indexOf(ip) === i),
      cidrs: bl.map((b) => b.cidr),
      asns: bl.map((b) => b.asn),
      ja4s: [CLIENT.ja4],
      userAgents: [CLIENT.openai],
      templates: KNOWN_TEMPLATES.map((tpl) => ({
        id: tpl.id,
        samples: Array.from({ length: 3 }, () => tpl.render(sr, { problem: campaignProblem(ctx, sr, "math") }).user),
      })),
    };
    return { accounts, streams, intel };
  },
};
