/**
 * People: chat users with a daily rhythm and multi-turn conversations, and
 * students on edu accounts who ask for step-by-step explanations (which
 * reads like chain-of-thought elicitation, but comes in human sessions at
 * human hours from campus and home networks).
 */
import { makeAccount, makeActor, type Actor } from "../actor.js";
import { image } from "../call.js";
import type { AccountLine, TrafficLine } from "../contract.js";
import { asnsOf, fixedNetwork, legitEgress, makeClient, pickCountry } from "../network.js";
import type { Rng } from "../rng.js";
import { scaled, type Scenario, type SimContext } from "../scenario.js";
import { chatQuestion, studyQuestion, visionQuestion, writingTask } from "../text/chat.js";
import { codingTask, mathProblem } from "../text/problems.js";
import { DAY, HOUR, MIN, PROFILES, sessionStarts } from "../time.js";
import { conversation, personStyle, type Style } from "./common.js";

function firstChatMessage(ctx: SimContext, r: Rng): string {
  if (r.chance(0.5)) {
    const q = r.chance(0.6) ? { kind: "legit", domain: ["general", "writing"] } : { kind: "legit", domain: ["coding", "math"] };
    const texts = ctx.bank.texts(q);
    if (texts.length > 0) return r.pick(texts);
  }
  return r.weighted([[chatQuestion, 6], [writingTask, 2], [codingTask, 1.5], [mathProblem, 0.5]] as const)(r);
}

function* chatUser(ctx: SimContext, a: Actor, s: Style, tz: number, perDay: number): Generator<TrafficLine> {
  const r = a.rng;
  const starts = sessionStarts(r, ctx.start, ctx.end, r.poisson(perDay * ctx.days), PROFILES.chat, tz);
  for (const st of starts) {
    const vision = r.chance(0.05);
    yield* conversation(ctx, a, s, {
      start: Math.max(st, a.last + 2 * MIN),
      end: ctx.end,
      first: vision ? visionQuestion(r) : firstChatMessage(ctx, r),
      ...(vision ? { image: image(r) } : {}),
      depth: r.chance(0.3) ? 1 : Math.min(14, r.geometric(4)),
      ...(r.chance(0.15) ? { system: "You are a friendly assistant. Answer concisely." } : {}),
      outMedian: 320,
    });
  }
}

export const legitChat: Scenario = {
  label: "legit:chat",
  description: "Chat users with a diurnal rhythm and multi-turn conversations, from home networks with one client each.",
  run(ctx) {
    const r = ctx.rng.fork("legit-chat");
    const accounts: AccountLine[] = [];
    const streams: Iterable<TrafficLine>[] = [];
    for (let i = 0; i < scaled(600, ctx.scale, 3); i++) {
      const ar = r.fork(i);
      const { country, tz } = pickCountry(ar);
      const tier = ar.chance(0.6) ? "free" : "paid";
      const account = makeAccount(ar, { tier, verified: ar.chance(tier === "paid" ? 0.9 : 0.4), createdAt: ctx.start - ar.float(20, 900) * DAY });
      const net = fixedNetwork(ar, asnsOf("residential", country), ar.int(1, 3));
      const client = makeClient(ar, ar.weighted([["browser", 3], ["python-sdk", 4], ["node-sdk", 2], ["curl", 0.3]] as const));
      const style = personStyle(ar, [["chat", 5], ["responses", 2], ["messages", 3]]);
      const actor = makeActor({ account, label: "legit:chat", rng: ar.fork("req"), net: legitEgress(ctx.legitEgress, net, ar.fork("egress"), "person", country), client, pace: 0.8, start: ctx.start });
      accounts.push(account);
      streams.push(chatUser(ctx, actor, style, tz, ar.float(1, 5)));
    }
    return { accounts, streams };
  },
};

function studentMessage(ctx: SimContext, r: Rng): string {
  const pick = r.weighted([["math", 4], ["code", 3], ["study", 3], ["write", 1]] as const);
  if (pick === "math") {
    const p = ctx.bank.pickOr(r, { kind: "legit", domain: "math" }, 0.3, (x) => ctx.bank.pickOr(x, { kind: "legit", prefix: "gsm8k" }, 0.4, mathProblem));
    return r.pick([`${p}\n\nCan you explain how to solve this step by step? I don't get it.`, `${p}`, `help with this homework question: ${p}`, `${p} I got a different answer than the book, can you show the steps?`]);
  }
  if (pick === "code") return r.chance(0.7) ? `${codingTask(r)} This is for my intro programming class so please explain each part.` : ctx.bank.pickOr(r, { kind: "legit", domain: "coding" }, 1, codingTask);
  if (pick === "study") return studyQuestion(r);
  return writingTask(r);
}

function* student(ctx: SimContext, a: Actor, s: Style, tz: number, perDay: number, deadline: number | null): Generator<TrafficLine> {
  const r = a.rng;
  const starts = sessionStarts(r, ctx.start, ctx.end, r.poisson(perDay * ctx.days), PROFILES.student, tz);
  if (deadline !== null) starts.push(...sessionStarts(r, deadline - 6 * HOUR, deadline, r.int(2, 4), PROFILES.flat, tz));
  starts.sort((x, y) => x - y);
  for (const st of starts) {
    yield* conversation(ctx, a, s, {
      start: Math.max(st, a.last + 3 * MIN),
      end: ctx.end,
      first: studentMessage(ctx, r),
      depth: r.chance(0.35) ? 1 : Math.min(8, r.geometric(3)),
      outMedian: 450,
      pauseMedian: 70_000,
    });
  }
}

export const legitStudent: Scenario = {
  label: "legit:student",
  description: "Students on edu accounts (some unverified): homework and step-by-step explanations in evening sessions, a deadline rush.",
  run(ctx) {
    const r = ctx.rng.fork("legit-student");
    const accounts: AccountLine[] = [];
    const streams: Iterable<TrafficLine>[] = [];
    const deadlineDay = ctx.start + Math.max(0, Math.floor(ctx.days / 2)) * DAY;
    for (let i = 0; i < scaled(200, ctx.scale, 2); i++) {
      const ar = r.fork(i);
      const { country, tz } = pickCountry(ar);
      const account = makeAccount(ar, { tier: "edu", verified: ar.chance(0.6), createdAt: ctx.start - ar.float(5, 140) * DAY });
      const campus = asnsOf("university", country);
      const home = fixedNetwork(ar, asnsOf("residential", country), 1);
      const onCampus = fixedNetwork(ar, campus.length > 0 ? campus : asnsOf("university"), 2);
      const net = { next: (x: Rng) => (x.chance(0.5) ? onCampus : home).next(x) };
      const client = makeClient(ar, ar.weighted([["browser", 6], ["python-sdk", 3], ["node-sdk", 1]] as const));
      const style = personStyle(ar, [["chat", 6], ["responses", 2], ["messages", 2]]);
      const actor = makeActor({ account, label: "legit:student", rng: ar.fork("req"), net: legitEgress(ctx.legitEgress, net, ar.fork("egress"), "person", country), client, pace: 0.8, start: ctx.start });
      const deadline = ar.chance(0.35) ? deadlineDay + (23 - tz) * HOUR + 59 * MIN : null;
      accounts.push(account);
      streams.push(student(ctx, actor, style, tz, ar.float(0.6, 2.2), deadline));
    }
    return { accounts, streams };
  },
};
