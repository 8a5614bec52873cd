/**
 * Building blocks shared by the scenarios: a person's habitual request style
 * and a multi-turn conversation with human pauses between turns.
 */
import type { Endpoint } from "../../dialects/types.js";
import { modelFor, send, sendConversationWrite, type Actor } from "../actor.js";
import type { Call, Effort, ImageRef, Turn } from "../call.js";
import type { TrafficLine } from "../contract.js";
import type { Rng } from "../rng.js";
import { adoption, type SimContext } from "../scenario.js";
import { assistantReply, followUp } from "../text/chat.js";
import { SEC } from "../time.js";

/** How one person or program habitually calls the API; fixed per actor. */
export interface Style {
  endpoint: Endpoint;
  stream: boolean;
  maxTokens?: number;
  temperature?: number;
  reasoning?: Effort;
  thinkingBudget?: number;
  /** Prefers the small model. */
  mini: boolean;
}

export function personStyle(r: Rng, endpoints: readonly (readonly [Endpoint, number])[]): Style {
  const endpoint = r.weighted(endpoints);
  const s: Style = { endpoint, stream: r.chance(0.7), mini: r.chance(0.55) };
  if (r.chance(0.35)) s.maxTokens = r.pick([512, 1024, 2048, 4096]);
  if (r.chance(0.3)) s.temperature = r.pick([0.2, 0.5, 0.7, 1]);
  if (!s.mini && endpoint !== "messages" && r.chance(0.25)) s.reasoning = r.pick(["low", "medium"] as const);
  if (!s.mini && endpoint === "messages" && r.chance(0.2)) s.thinkingBudget = r.pick([2048, 4096, 8000]);
  return s;
}

/** The model a styled actor uses at `ts`, moving slowly to a new release. */
export function styledModel(ctx: SimContext, r: Rng, s: Style, ts: number, plateau = 0.3, rampHours = 48): string {
  if (r.chance(adoption(ctx, ts, plateau, rampHours))) return modelFor(s.endpoint, "next");
  return modelFor(s.endpoint, s.mini ? "mini" : "main");
}

export function styledCall(s: Style, model: string, turns: readonly Turn[], outputTokens: number, system?: string): Call {
  const c: Call = { endpoint: s.endpoint, model, turns: turns.slice(), outputTokens, stream: s.stream };
  if (system !== undefined) c.system = system;
  if (s.maxTokens !== undefined) c.maxTokens = s.maxTokens;
  if (s.temperature !== undefined) c.temperature = s.temperature;
  if (s.reasoning) c.reasoning = s.reasoning;
  if (s.thinkingBudget) c.thinkingBudget = s.thinkingBudget;
  return c;
}

export interface SessionSpec {
  start: number;
  end: number;
  first: string;
  image?: ImageRef;
  depth: number;
  system?: string;
  /** Median output tokens of the assistant's turns. */
  outMedian: number;
  /** Human think-and-type time between turns, median ms. */
  pauseMedian?: number;
  followUps?: (r: Rng) => string;
}

/**
 * One multi-turn conversation: each request carries the whole history so far;
 * or, on the Responses endpoint with `--server-state conversations`, the
 * provider keeps it: the session opens it (`POST /v1/conversations`) and
 * each request carries its own turn alone, naming it.
 */
export function* conversation(ctx: SimContext, a: Actor, s: Style, spec: SessionSpec): Generator<TrafficLine> {
  const r = a.rng;
  const turns: Turn[] = [];
  let t = spec.start;
  const model = styledModel(ctx, r, s, t);
  const kept = ctx.serverState === "conversations" && s.endpoint === "responses" ? `conv_${r.hex(32)}` : null;
  if (kept !== null) {
    yield sendConversationWrite(a, t, null, []);
    t = a.last + Math.round(r.lognormal(2 * SEC, 0.5));
  }
  for (let k = 0; k < spec.depth && t < spec.end; k++) {
    const text = k === 0 ? spec.first : (spec.followUps ?? followUp)(r);
    turns.push(k === 0 && spec.image ? { role: "user", text, images: [spec.image] } : { role: "user", text });
    const out = Math.max(20, Math.round(r.lognormal(spec.outMedian, 0.6)));
    const call = styledCall(s, model, kept === null ? turns : turns.slice(-1), out, spec.system);
    if (kept !== null) call.conversation = kept;
    const line = send(a, t, call);
    yield line;
    turns.push({ role: "assistant", text: assistantReply(r, Math.min(1200, out * 3)) });
    const generation = (line.usage?.output_tokens ?? out) * 15; // ~65 tokens/s
    t = a.last + generation + Math.round(r.lognormal(spec.pauseMedian ?? 40 * SEC, 0.8));
  }
}
