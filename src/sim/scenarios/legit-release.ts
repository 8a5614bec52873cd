/**
 * Release day: established users who try the new model within hours of its
 * announcement with a burst of probes, puzzles and side-by-side comparisons
 * against the previous model. They move to the new model as fast as the
 * massive coding campaign does, but for one afternoon and from home. With
 * `simulate --release-users new` they are people who sign up to try it,
 * hours before: mostly free and unverified, and many ask the same few
 * questions word for word.
 */
import { makeAccount, makeActor, modelFor, send, type Actor } from "../actor.js";
import type { Call } from "../call.js";
import type { AccountLine, TrafficLine } from "../contract.js";
import { asnsOf, fixedNetwork, legitEgress, makeClient, pickCountry } from "../network.js";
import type { Rng } from "../rng.js";
import { scaled, type Scenario, type SimContext } from "../scenario.js";
import { chatQuestion, writingTask } from "../text/chat.js";
import { codingTask, mathProblem, reasoningPuzzle } from "../text/problems.js";
import { DAY, HOUR, MIN, SEC } from "../time.js";
import { personStyle, type Style } from "./common.js";

function tryPrompt(ctx: SimContext, r: Rng): string {
  return r.weighted([
    [(x: Rng) => ctx.bank.pickOr(x, { kind: "capability-probe" }, 1, () => "What are you better at than the previous version?"), 2],
    [(x: Rng) => x.pick(["What's new in this version?", "What is your knowledge cutoff?", "Are you the new model? What changed?", "Write a short poem to prove you're smarter than your predecessor."]), 1],
    [reasoningPuzzle, 3], [codingTask, 3], [mathProblem, 2], [chatQuestion, 1], [writingTask, 1],
  ] as const)(r);
}

function* tryNewModel(ctx: SimContext, a: Actor, s: Style): Generator<TrafficLine> {
  const r = a.rng;
  let t = ctx.releaseAt + Math.min(14 * HOUR, Math.round(r.lognormal(2 * HOUR, 0.9)));
  const count = r.int(5, 28);
  for (let k = 0; k < count && t < ctx.end; k++) {
    const prompt = tryPrompt(ctx, r);
    const compare = r.chance(0.3);
    const models = compare ? [modelFor(s.endpoint, "next"), modelFor(s.endpoint, "main")] : [modelFor(s.endpoint, "next")];
    for (const model of models) {
      const call: Call = { endpoint: s.endpoint, model, turns: [{ role: "user", text: prompt }], outputTokens: Math.round(r.lognormal(500, 0.7)), stream: s.stream };
      if (model === modelFor(s.endpoint, "next") && r.chance(0.4)) {
        if (s.endpoint === "messages") call.thinkingBudget = r.pick([4096, 10000]);
        else call.reasoning = r.pick(["medium", "high"] as const);
        call.outputTokens *= 2;
      }
      yield send(a, t, call);
      t = a.last + Math.round(r.lognormal(8 * SEC, 0.5));
    }
    t = a.last + Math.round(r.lognormal(90 * SEC, 0.9));
  }
}

export const legitReleaseDay: Scenario = {
  label: "legit:release-day",
  description: "Established users trying the newly released model on release day, comparing it with the previous one.",
  run(ctx) {
    const r = ctx.rng.fork("legit-release-day");
    const accounts: AccountLine[] = [];
    const streams: Iterable<TrafficLine>[] = [];
    for (let i = 0; i < scaled(130, ctx.scale, 2); i++) {
      const ar = r.fork(i);
      const { country } = pickCountry(ar);
      const tier = ar.weighted([["paid", 6], ["free", 3], ["enterprise", 1]] as const);
      const account = makeAccount(ar, { tier, verified: ar.chance(0.85), createdAt: ctx.start - ar.float(30, 700) * DAY });
      if (ctx.releaseUsers === "new") {
        // Drawn from the account's own fork, so the rest of the scenario draws as before.
        const nr = ar.fork("signup");
        account.tier = nr.weighted([["free", 7], ["paid", 2], ["enterprise", 1]] as const);
        account.verified = nr.chance(0.3);
        account.createdAt = Math.floor(ctx.releaseAt - nr.float(0, 3) * HOUR);
      }
      const net = fixedNetwork(ar, asnsOf("residential", country), ar.int(1, 2));
      const client = makeClient(ar, ar.weighted([["python-sdk", 4], ["browser", 2], ["curl", 2], ["node-sdk", 2]] as const));
      const style = personStyle(ar, [["chat", 4], ["responses", 3], ["messages", 4]]);
      const actor = makeActor({ account, label: "legit:release-day", rng: ar.fork("req"), net: legitEgress(ctx.legitEgress, net, ar.fork("egress"), "person", country), client, pace: 0.8, start: ctx.releaseAt - MIN });
      accounts.push(account);
      streams.push(tryNewModel(ctx, actor, style));
    }
    return { accounts, streams };
  },
};
