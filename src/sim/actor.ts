/**
 * An actor is one account as seen from the API: its record, its network and
 * client program, an optional self-imposed rate budget, and the clock of its
 * last request. `send` turns a `Call` into one traffic line.
 */
import { buildBody, responsesInput } from "./bodies.js";
import { DIALECT_OF, PATH_OF, type Call, type Turn } from "./call.js";
import type { AccountLine, Baseline, Tier, TrafficLine } from "./contract.js";
import type { Client, Network } from "./network.js";
import { Pacer } from "./pacer.js";
import type { Rng } from "./rng.js";
import { usageOf } from "./usage.js";

export const MODELS = {
  openai: { main: "frontier-2", mini: "frontier-2-mini", instruct: "frontier-2-instruct", next: "frontier-3" },
  anthropic: { main: "frontier-sonnet-2", mini: "frontier-haiku-2", next: "frontier-sonnet-3" },
} as const;

/** The models announced by the simulated release event (one per dialect). */
export const RELEASED_MODELS = [MODELS.openai.next, MODELS.anthropic.next] as const;

/** Model for an endpoint: the new release, the main model or the small one. */
export function modelFor(endpoint: Call["endpoint"], which: "next" | "main" | "mini"): string {
  if (endpoint === "completions") return MODELS.openai.instruct;
  const family = endpoint === "messages" ? MODELS.anthropic : MODELS.openai;
  return family[which];
}

export interface Actor {
  account: AccountLine;
  label: string;
  rng: Rng;
  net: Network;
  client: Client;
  pacer: Pacer | null;
  /** Time of the last request sent; the next one is never earlier. */
  last: number;
}

export interface AccountSpec {
  tier: Tier;
  verified: boolean;
  createdAt: number;
  org?: string;
  baseline?: Baseline;
  keys?: number;
}

export function makeAccount(r: Rng, spec: AccountSpec): AccountLine {
  const a: AccountLine = {
    account: `acct_${r.hex(16)}`,
    apiKeys: Array.from({ length: spec.keys ?? 1 }, () => `sk-${r.alnum(40)}`),
    tier: spec.tier,
    verified: spec.verified,
    createdAt: Math.floor(spec.createdAt),
  };
  if (spec.org) a.org = spec.org;
  if (spec.baseline) a.baseline = spec.baseline;
  return a;
}

export function makeOrg(r: Rng): string {
  return `org_${r.hex(12)}`;
}

export function makeActor(o: {
  account: AccountLine; label: string; rng: Rng; net: Network; client: Client; pace?: number; start?: number;
}): Actor {
  return {
    account: o.account,
    label: o.label,
    rng: o.rng,
    net: o.net,
    client: o.client,
    pacer: o.pace ? new Pacer(o.account, o.pace) : null,
    last: Math.floor(Math.max(o.start ?? 0, o.account.createdAt)),
  };
}

/**
 * A Conversations API write of `a` at `planned` (or after its previous
 * request): `items` added to conversation `id`, or a new conversation
 * (`id` null) with them, after a system message item when `system` is given.
 * No model answers it: the line has no usage.
 */
export function sendConversationWrite(a: Actor, planned: number, id: string | null, items: readonly Turn[], system?: string): TrafficLine {
  const ts = Math.floor(Math.max(planned, a.last));
  a.last = ts;
  const head = lineHead(a, ts, 0, a.client.openai);
  const all = [...(system !== undefined ? [{ type: "message", role: "system", content: system }] : []), ...responsesInput(items)];
  const body: Record<string, unknown> = all.length ? { items: all } : {};
  return { ...head, path: id === null ? "/v1/conversations" : `/v1/conversations/${id}/items`, body, label: a.label };
}

/** The fields every line of `a` at `ts` opens with, in the contract's order (its next egress drawn here). */
function lineHead(a: Actor, ts: number, keyIndex: number, userAgent: string): Pick<TrafficLine, "ts" | "apiKey" | "ip" | "asn" | "country" | "ja4" | "userAgent"> {
  const egress = a.net.next(a.rng);
  return {
    ts,
    apiKey: a.account.apiKeys[keyIndex % a.account.apiKeys.length] as string,
    ip: egress.ip,
    asn: egress.asn,
    country: egress.country,
    ja4: a.client.ja4,
    userAgent,
  };
}

/**
 * One request of `a` at `planned` (or later: never before its previous
 * request, and delayed by its pacer when it would exceed its budget).
 */
export function send(a: Actor, planned: number, call: Call, keyIndex = 0): TrafficLine {
  const usage = usageOf(call);
  let ts = Math.floor(Math.max(planned, a.last));
  if (a.pacer) ts = a.pacer.admit(ts, usage.input_tokens + usage.output_tokens);
  a.last = ts;
  const dialect = DIALECT_OF[call.endpoint];
  const line: TrafficLine = {
    ...lineHead(a, ts, keyIndex, dialect === "anthropic" ? a.client.anthropic : a.client.openai),
    path: PATH_OF[call.endpoint],
    ...(dialect === "anthropic" ? { headers: { "anthropic-version": "2023-06-01" } } : {}),
    body: buildBody(call),
    usage,
    label: a.label,
  };
  return line;
}
