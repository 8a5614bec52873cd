import { describe, expect, it } from "vitest";
import { REQUEST_SCHEMAS } from "../../../src/dialects/schemas.js";
import { ENDPOINT_PATHS, type Endpoint } from "../../../src/dialects/types.js";
import { MODELS, RELEASED_MODELS } from "../../../src/sim/actor.js";
import { AccountLine, contractLimits, EventLine, LABEL_PATTERN, TrafficLine } from "../../../src/sim/contract.js";
import { LOW_SLOW_SHARE } from "../../../src/sim/scenarios/attack-low-slow.js";
import { SCENARIOS } from "../../../src/sim/scenarios/index.js";
import { FILES } from "../../../src/sim/output.js";
import { EVAL_MARK, simulate, TRAIN_MARK, worstShare } from "./fixture.js";

const out = simulate();
const HOUR = 3_600_000;
const accountByKey = new Map(out.accounts.flatMap((a) => a.apiKeys.map((k) => [k, a] as const)));
const byAccount = new Map<string, TrafficLine[]>();
for (const l of out.traffic) {
  const id = accountByKey.get(l.apiKey)?.account ?? "?";
  let list = byAccount.get(id);
  if (!list) byAccount.set(id, (list = []));
  list.push(l);
}
const labelOf = (a: AccountLine) => byAccount.get(a.account)?.[0]?.label ?? "";
const accountsOf = (label: string) => out.accounts.filter((a) => labelOf(a) === label);
const trafficOf = (label: string) => out.traffic.filter((l) => l.label === label);

describe("simulated traffic", () => {
  it("writes every account, traffic and event line exactly in the contract's formats", () => {
    const strictTraffic = TrafficLine.extend({ usage: TrafficLine.shape.usage.unwrap().strict().optional() }).strict();
    for (const a of out.accounts) expect(AccountLine.strict().safeParse(a).error).toBeUndefined();
    for (const l of out.traffic) expect(strictTraffic.safeParse(l).error).toBeUndefined();
    for (const e of out.events) expect(EventLine.safeParse(e).error).toBeUndefined();
    expect(out.traffic.length).toBeGreaterThan(5000);
  });

  it("labels every request, and every scenario has accounts with traffic", () => {
    for (const l of out.traffic) expect(l.label).toMatch(LABEL_PATTERN);
    const labels = new Set(out.traffic.map((l) => l.label));
    // A variant's own population (Scenario.when) only with its flag: legit:harness-user with --public-harness shared.
    expect([...labels].sort()).toEqual(SCENARIOS.filter((s) => !s.when).map((s) => s.label).sort());
    for (const s of out.manifest.scenarios) expect(s.activeAccounts, s.label).toBeGreaterThan(0);
    expect(out.manifest.totals.requests).toBe(out.traffic.length);
  });

  it("sorts traffic by ts, inside the simulated days", () => {
    const end = out.options.start + out.options.days * 24 * HOUR;
    out.traffic.forEach((l, i) => {
      if (i > 0) expect(l.ts).toBeGreaterThanOrEqual((out.traffic[i - 1] as TrafficLine).ts);
      expect(l.ts).toBeGreaterThanOrEqual(out.options.start);
      expect(l.ts).toBeLessThan(end);
    });
  });

  it("uses only keys of listed accounts, never before the account was created", () => {
    for (const l of out.traffic) {
      const a = accountByKey.get(l.apiKey);
      expect(a).toBeDefined();
      expect(l.ts).toBeGreaterThanOrEqual(a?.createdAt ?? Infinity);
    }
    expect(new Set(out.accounts.map((a) => a.account)).size).toBe(out.accounts.length);
  });

  it.each(Object.entries(ENDPOINT_PATHS))("writes %s bodies that the guard's %s schema accepts", (path, endpoint) => {
    const lines = out.traffic.filter((l) => l.path === path);
    expect(lines.length).toBeGreaterThan(50);
    for (const l of lines) {
      expect(REQUEST_SCHEMAS[endpoint as Endpoint].safeParse(l.body).error).toBeUndefined();
      expect(l.headers?.["anthropic-version"] !== undefined).toBe(endpoint === "messages");
      if (endpoint === "messages") expect(l.body).not.toHaveProperty("n");
      else expect(l.body).not.toHaveProperty("thinking");
    }
  });

  it("keeps every legitimate account within its tier or documented baseline over any rolling 60 s", () => {
    for (const a of out.accounts.filter((x) => labelOf(x).startsWith("legit:"))) {
      const share = worstShare(byAccount.get(a.account) ?? [], (ts) => contractLimits(a, ts));
      expect(share, `${a.account} (${labelOf(a)})`).toBeLessThanOrEqual(1);
    }
  });

  it("keeps every low-and-slow account far under every limit while they share client and network fingerprints", () => {
    const accts = accountsOf("attack:low-and-slow");
    expect(accts.length).toBeGreaterThanOrEqual(10);
    for (const a of accts) {
      expect(worstShare(byAccount.get(a.account) ?? [], (ts) => contractLimits(a, ts))).toBeLessThanOrEqual(LOW_SLOW_SHARE);
    }
    const lines = trafficOf("attack:low-and-slow");
    expect(new Set(lines.map((l) => `${l.ja4}|${l.userAgent}`)).size).toBeLessThanOrEqual(2);
    expect(new Set(lines.map((l) => l.asn)).size).toBeLessThanOrEqual(3);
    expect(new Set(lines.map((l) => l.ip)).size).toBeGreaterThan(accts.length);
  });

  it.each(["attack:low-and-slow", "attack:surgical-cot"])("opens some %s accounts while the campaign runs", (label) => {
    const accts = accountsOf(label);
    expect(accts.some((a) => a.createdAt > out.options.start + HOUR)).toBe(true);
    expect(accts.some((a) => a.createdAt < out.options.start)).toBe(true);
  });

  it("moves about half of the massive coding campaign to the new model within 24 h of the release", () => {
    const next = new Set<string>(RELEASED_MODELS);
    const share = (label: string, from: number, to: number) => {
      const w = trafficOf(label).filter((l) => l.ts >= from && l.ts < to);
      return w.filter((l) => next.has(String(l.body.model))).length / Math.max(1, w.length);
    };
    const r = out.releaseAt;
    expect(share("attack:massive-coding", out.options.start, r)).toBe(0);
    expect(share("attack:massive-coding", r + 20 * HOUR, r + 24 * HOUR)).toBeGreaterThan(0.35);
    expect(share("attack:massive-coding", r + 20 * HOUR, r + 24 * HOUR)).toBeLessThan(0.65);
    expect(share("legit:chat", r + 20 * HOUR, r + 24 * HOUR)).toBeLessThan(0.25);
  });

  it("announces each released model in its own event and imports the peer bundle before the known campaign starts", () => {
    const releases = out.events.filter((e) => e.type === "model-release");
    expect(releases.map((e) => e.type === "model-release" && e.model).sort()).toEqual([MODELS.anthropic.next, MODELS.openai.next].sort());
    const imports = out.events.filter((e) => e.type === "intel-import");
    expect(imports).toEqual([{ ts: out.importAt, type: "intel-import", file: FILES.peerBundle }]);
    expect(out.files[FILES.peerBundle]).toBeDefined();
    for (const a of accountsOf("attack:known-campaign")) expect(a.createdAt).toBeGreaterThan(out.importAt);
  });

  it("never sends eval-only corpus text, and does send train-ok text", () => {
    const traffic = out.files[FILES.traffic] ?? "";
    expect(traffic).not.toContain(EVAL_MARK);
    expect(traffic).toContain(TRAIN_MARK);
  });

  it("gives real people a few home addresses and campaigns many proxy exits", () => {
    for (const a of accountsOf("legit:chat")) {
      const lines = byAccount.get(a.account) ?? [];
      expect(new Set(lines.map((l) => l.ip)).size).toBeLessThanOrEqual(3);
      expect(new Set(lines.map((l) => l.userAgent)).size).toBeLessThanOrEqual(2);
    }
    for (const a of accountsOf("attack:massive-coding")) {
      const lines = byAccount.get(a.account) ?? [];
      expect(new Set(lines.map((l) => l.ip)).size).toBeGreaterThan(lines.length * 0.5);
    }
  });

  it("documents a baseline for some evaluation suites and not for others", () => {
    const evals = accountsOf("legit:eval-suite");
    expect(evals.filter((a) => a.baseline).length).toBeGreaterThan(0);
    expect(evals.filter((a) => !a.baseline).length).toBeGreaterThan(0);
    expect(evals.some((a) => a.baseline && contractLimits(a, out.options.start).rpm > 60 && a.tier === "research")).toBe(true);
  });

  it("runs the public benchmark from several orgs with one shared prompt template", () => {
    const accts = accountsOf("legit:benchmark-public");
    expect(new Set(accts.map((a) => a.org ?? a.account)).size).toBeGreaterThanOrEqual(3);
    // Two harness prompts (math and code), each identical across evaluators.
    const heads = new Set(trafficOf("legit:benchmark-public").map((l) => firstUserText(l).slice(0, 60)));
    expect(heads.size).toBeLessThanOrEqual(2);
  });
});

function firstUserText(l: TrafficLine): string {
  const b = l.body as { messages?: { role: string; content: unknown }[]; input?: unknown };
  const m = b.messages?.find((x) => x.role === "user")?.content ?? b.input;
  if (typeof m === "string") return m;
  return JSON.stringify(m);
}
