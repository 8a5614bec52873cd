/**
 * A simulated day written the ways another producer may write REPLAY.md's
 * formats replays to the very decisions of the day as this simulator
 * writes it: headers not recorded, null for absent fields, fractions of a
 * millisecond, lower-case countries, other labels, short keys, an unknown
 * event. Each of these once stopped the replay or refused lines (README,
 * "Traffic from other producers"); this keeps them from coming back.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../src/policy/schema";
import { indexAccounts, parseEvents } from "../../../src/replay/inputs";
import { NodeEngine } from "../../../src/replay/node-engine";
import { runReplay, trafficItems } from "../../../src/replay/run";
import { simulate } from "../sim/fixture";

const day = simulate({ seed: 5, scale: 0.02, days: 1 });
const releases = day.events.filter((e) => e.type === "model-release");

type Line = Record<string, unknown>;
const lines = (objs: readonly unknown[]): [string, number][] => objs.map((o, i) => [JSON.stringify(o), i + 1]);

/** The decision lines of a replay of these inputs (node engine, in memory), and the warnings it gave. */
async function decisions(accounts: readonly unknown[], traffic: readonly unknown[], events: readonly unknown[]): Promise<{ text: string; warnings: string[] }> {
  const { byKey } = indexAccounts(lines(accounts), "accounts.jsonl");
  const warnings: string[] = [];
  const ev = parseEvents(lines(events), "events.jsonl", (m) => warnings.push(m));
  let text = "";
  await runReplay({
    engine: new NodeEngine(byKey, DEFAULT_POLICY), byKey, events: ev, items: trafficItems(lines(traffic), "traffic.jsonl"),
    probationMs: DEFAULT_POLICY.machine.probationMs, write: (c) => void (text += c),
  });
  return { text, warnings };
}

const keys = new Map<string, string>();
for (const a of day.accounts) for (const k of a.apiKeys) keys.set(k, `k${keys.size}`);

const variants: [string, { accounts?: (a: Line) => Line; traffic?: (l: Line) => Line; events?: Line[] }][] = [
  ["no headers recorded", { traffic: ({ headers: _h, ...l }) => l }],
  ["null for every absent field", {
    accounts: (a) => ({ org: null, baseline: null, ...a }),
    traffic: (l) => ({ asn: null, country: null, ja4: null, userAgent: null, method: null, headers: null, usage: null, ...l }),
  }],
  ["fractions of a millisecond", { accounts: (a) => ({ ...a, createdAt: (a.createdAt as number) + 0.75 }), traffic: (l) => ({ ...l, ts: (l.ts as number) + 0.5 }) }],
  ["lower-case countries", { traffic: (l) => (typeof l.country === "string" ? { ...l, country: l.country.toLowerCase() } : l) }],
  ["another producer's labels", { traffic: (l) => ({ ...l, label: String(l.label).replace(/-/g, "_").toUpperCase() }) }],
  ["keys of two or three characters", {
    accounts: (a) => ({ ...a, apiKeys: (a.apiKeys as string[]).map((k) => keys.get(k)!) }),
    traffic: (l) => ({ ...l, apiKey: keys.get(l.apiKey as string) ?? l.apiKey }),
  }],
  ["an event type the guard does not know, and a release that lists its models", {
    events: [{ ts: releases[0]!.ts - 1, type: "maintenance-window", minutes: 30 }, { ts: releases[0]!.ts, type: "model-release", models: releases.map((e) => (e.type === "model-release" ? e.model : "")) }],
  }],
];

describe("traffic from other producers", () => {
  it.each(variants)("%s replays to the same decisions", async (_name, v) => {
    const base = await decisions(day.accounts, day.traffic, releases);
    expect(base.text.split("\n").length).toBeGreaterThan(200);
    const got = await decisions(
      v.accounts ? day.accounts.map((a) => v.accounts!(a as unknown as Line)) : day.accounts,
      v.traffic ? day.traffic.map((l) => v.traffic!(l as unknown as Line)) : day.traffic,
      v.events ?? releases,
    );
    expect(got.text).toBe(base.text);
    if (v.events) expect(got.warnings).toEqual([expect.stringMatching(/^events\.jsonl:1: event type "maintenance-window" .* skipped$/)]);
  });
});
