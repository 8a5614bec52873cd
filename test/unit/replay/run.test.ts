import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../src/policy/schema";
import { hmacHex } from "../../../src/lib/hash";
import type { ReplayAccount } from "../../../src/replay/inputs";
import { NodeEngine } from "../../../src/replay/node-engine";
import { runReplay, trafficItems } from "../../../src/replay/run";
import type { EventLine } from "../../../src/sim/contract";
import type { Engine, Outcome, ReplayItem } from "../../../src/replay/types";
import { chatLine, replay, T0 } from "./fixture";

const traffic = [
  chatLine(T0, "sk-old-paid-0001", "What is the capital of France?"),
  chatLine(T0 + 1000, "sk-unknown-key-1", "hello"),
  chatLine(T0 + 2000, "sk-old-paid-0001", "x", { body: { model: "frontier-2" } }),
  chatLine(T0 + 3000, "sk-old-paid-0001", "x", { method: "GET" }),
  chatLine(T0 + 4000, "sk-old-paid-0001", "x", { path: "/v2/other" }),
  chatLine(T0 + 5000, "sk-edu-00000001", "x", { path: "/v1/messages", headers: { "anthropic-version": "" }, body: { model: "c", max_tokens: 10, messages: [{ role: "user", content: "hi" }] } }),
  chatLine(T0 + 6000, "sk-old-paid-0001", "x", { path: "/v1/models", method: "GET" }),
  chatLine(T0 + 7000, "sk-new-free-0001", "Solve 2x+3=7. Think step by step and show all of your reasoning.", {
    body: { model: "frontier-2", reasoning_effort: "high", max_completion_tokens: 32000, messages: [{ role: "user", content: "Solve 2x+3=7. Think step by step and show all of your reasoning." }] },
  }),
  // No headers recorded (REPLAY.md makes them optional): sent as the SDKs send it, with anthropic-version.
  chatLine(T0 + 8000, "sk-edu-00000001", "x", { path: "/v1/messages", body: { model: "c", max_tokens: 10, messages: [{ role: "user", content: "hi" }] } }),
];

describe("replay runner", () => {
  it("writes one decision per traffic line, in order, in the contract's field order", async () => {
    const { text, decisions } = await replay(traffic);
    expect(decisions).toHaveLength(traffic.length);
    decisions.forEach((d, i) => expect(d.i).toBe(i));
    expect(Object.keys(decisions[0]!)).toEqual(["i", "ts", "action", "status", "state", "risk", "reasons"]);
    expect(text.endsWith("\n")).toBe(true);
  });

  it.each([
    [0, { action: "allow", status: 200, state: "trusted", reasons: [] }],
    [1, { action: "block", status: 401, state: "unknown", risk: 0, reasons: ["invalid_api_key"] }],
    [2, { action: "block", status: 400, state: "trusted", reasons: ["invalid_request"] }],
    [3, { action: "block", status: 405, reasons: ["method_not_allowed"] }],
    [4, { action: "block", status: 404, reasons: ["not_found"] }],
    // The edu account is unverified and 30 days old: on probation (machine.probationMs, 90 days) before its first decision.
    [5, { action: "block", status: 400, state: "probation", reasons: ["missing_header"] }],
    [6, { action: "allow", status: 200 }],
    [7, { action: "degrade", status: 200, state: "watch" }],
    [8, { action: "allow", status: 200, reasons: [] }],
  ])("line %i decides %j", async (i, want) => {
    const { decisions } = await replay(traffic);
    expect(decisions[i]).toMatchObject(want);
  });

  it("counts a request's tokens by its record's usage, so legitimate traffic at exactly the tier's tpm is never throttled (REPLAY.md)", async () => {
    // The edu account (100,000 tokens a minute): 25 requests of 4,000 tokens each by the origin's report in 48 s, each
    // allowed up to 4,096 output tokens. A reservation of the allowance would refuse the last; the report admits it.
    const edge = (k: number, usage: { input_tokens: number; output_tokens: number } | undefined) =>
      chatLine(T0 + 86_400_000 + k * 2000, "sk-edu-00000001", `A long story about cat ${k}, please.`, {
        body: { model: "frontier-2", max_tokens: 4096, messages: [{ role: "user", content: `A long story about cat ${k}, please.` }] },
        usage,
      });
    const at = (n: number, usage?: { input_tokens: number; output_tokens: number }) => Array.from({ length: n }, (_, k) => edge(k, usage));
    const within = await replay(at(25, { input_tokens: 1000, output_tokens: 3000 }));
    expect(within.decisions.map((d) => d.action)).not.toContain("throttle");
    // One more in the same minute is over the limit: throttled.
    const over = await replay(at(26, { input_tokens: 1000, output_tokens: 3000 }));
    expect(over.decisions[25]).toMatchObject({ action: "throttle", status: 429, reasons: ["tpm_exceeded"] });
  });

  it("gives the same bytes on every run", async () => {
    const a = await replay(traffic);
    const b = await replay(traffic);
    expect(a.text).toBe(b.text);
  });

  it("never hands the label to the engine, and applies events before the first request at or after them", async () => {
    const seen: string[] = [];
    const spy = (): Engine => ({
      name: "node",
      async event(e: EventLine) { seen.push(`event@${e.ts}`); },
      async decide({ req }: ReplayItem): Promise<Outcome> {
        expect(Object.keys(req)).not.toContain("label");
        seen.push(`req@${req.ts}`);
        return { action: "allow", status: 200, reasons: [], state: "trusted", risk: 0 };
      },
      async close() {},
    });
    await replay(traffic.slice(0, 3), { engine: spy, events: [{ ts: T0 + 1000, type: "model-release", model: "frontier-3" }] });
    expect(seen).toEqual([`req@${T0}`, `event@${T0 + 1000}`, `req@${T0 + 1000}`, `req@${T0 + 2000}`]);
  });

  it("decides the same with requests in flight at once as one at a time", async () => {
    const delayed = (concurrency: number) => (): Engine => {
      const perAccount = new Map<string, number>();
      return {
        name: "workerd", concurrency,
        async event() {},
        async decide({ req }: ReplayItem): Promise<Outcome> {
          await new Promise((ok) => setTimeout(ok, (req.ts * 7919) % 5));
          const n = (perAccount.get(req.apiKey) ?? 0) + 1;
          perAccount.set(req.apiKey, n);
          return { action: n % 2 ? "allow" : "degrade", status: 200, reasons: [], state: `s${n}`, risk: n / 100 };
        },
        async close() {},
      };
    };
    const many = Array.from({ length: 60 }, (_, i) => chatLine(T0 + i, i % 3 ? "sk-old-paid-0001" : "sk-edu-00000001", `q${i}`));
    expect((await replay(many, { engine: delayed(8) })).text).toBe((await replay(many, { engine: delayed(1) })).text);
  });

  it("refuses an empty line between requests, which would shift every later decision", async () => {
    const rows: [string, number][] = [[JSON.stringify(traffic[0]), 1], ["", 2], [JSON.stringify(traffic[0]), 3], ["", 4]];
    const run = (t: [string, number][]) => runReplay({
      engine: new NodeEngine(new Map(), DEFAULT_POLICY), byKey: new Map(), events: [], items: trafficItems(t, "traffic.jsonl"),
      probationMs: 0, write: () => undefined,
    });
    await expect(run(rows)).rejects.toThrow(/^traffic\.jsonl:2: empty line/);
    await expect(run([rows[0]!, rows[3]!])).resolves.toMatchObject({ lines: 1 });
  });

  it("stops on a malformed line, naming the file and the line", async () => {
    const bad = [traffic[0], { ...traffic[0], ip: "not-an-ip" }];
    await expect(replay(bad)).rejects.toThrow(/^traffic\.jsonl:2: ip: /);
  });

  it("hashes the accounts' keys as the Worker's hmacHex does", async () => {
    const keys = ["sk-old-paid-0001", "sk-ünïcode-ключ-0001"];
    const account = { id: "a", upsert: {}, info: {} } as unknown as ReplayAccount;
    const engine = new NodeEngine(new Map(keys.map((k) => [k, account])), DEFAULT_POLICY);
    for (const key of keys) expect(await engine.keyHash(key)).toBe(await hmacHex("distill-guard-replay", key));
    await expect(engine.keyHash("sk-nobody")).rejects.toThrow(/no account/);
  });
});
