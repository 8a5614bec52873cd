/** Small hand-made replay inputs for the runner and engine tests. */
import { DEFAULT_POLICY } from "../../../src/policy/schema";
import { indexAccounts, parseEvents } from "../../../src/replay/inputs";
import { NodeEngine } from "../../../src/replay/node-engine";
import { runReplay, trafficItems } from "../../../src/replay/run";
import type { Engine } from "../../../src/replay/types";

export const T0 = Date.UTC(2026, 0, 5);
export const DAY = 86_400_000;

export const ACCOUNTS = [
  { account: "old-paid", apiKeys: ["sk-old-paid-0001"], tier: "paid", verified: true, createdAt: T0 - 400 * DAY },
  { account: "new-free", apiKeys: ["sk-new-free-0001"], tier: "free", verified: false, createdAt: T0 - DAY / 2 },
  { account: "edu", apiKeys: ["sk-edu-00000001"], tier: "edu", verified: false, createdAt: T0 - 30 * DAY, org: "uni" },
];

export function chatLine(ts: number, apiKey: string, text: string, extra: Record<string, unknown> = {}) {
  return {
    ts, apiKey, ip: "192.0.2.7", asn: 64500, country: "US", path: "/v1/chat/completions",
    body: { model: "frontier-2", messages: [{ role: "user", content: text }] }, usage: { input_tokens: 20, output_tokens: 40 },
    label: "legit:test", ...extra,
  };
}

export const lines = (objs: readonly unknown[]): [string, number][] => objs.map((o, i) => [JSON.stringify(o), i + 1]);

/** Runs a replay in memory; returns the decision lines as text. */
export async function replay(traffic: readonly unknown[], opts: { engine?: (byKey: ReturnType<typeof indexAccounts>["byKey"]) => Engine; events?: unknown[] } = {}) {
  const { byKey } = indexAccounts(lines(ACCOUNTS), "accounts.jsonl");
  const events = parseEvents(lines(opts.events ?? []), "events.jsonl");
  const engine = opts.engine ? opts.engine(byKey) : new NodeEngine(byKey, DEFAULT_POLICY);
  let out = "";
  const r = await runReplay({
    engine, byKey, events, items: trafficItems(lines(traffic), "traffic.jsonl"),
    probationMs: DEFAULT_POLICY.machine.probationMs, write: (c) => void (out += c),
  });
  return { text: out, decisions: out.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>), tally: r.tally };
}
