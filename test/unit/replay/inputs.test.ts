import { describe, expect, it } from "vitest";
import { indexAccounts, parseEvents, parseTraffic, parseTrafficParts } from "../../../src/replay/inputs";
import { simulate } from "../sim/fixture";
import { ACCOUNTS, chatLine, lines, T0 } from "./fixture";

describe("replay inputs", () => {
  it.each([
    ["a key the admin API would refuse", [{ ...ACCOUNTS[0], apiKeys: ["short"] }], /accounts\.jsonl:1: apiKeys\.0: .*refuse/],
    ["an account id with spaces", [{ ...ACCOUNTS[0], account: "a b" }], /accounts\.jsonl:1: account: /],
    ["the same account twice", [ACCOUNTS[0], { ...ACCOUNTS[0], apiKeys: ["sk-other-key-01"] }], /accounts\.jsonl:2: account "old-paid" appears twice/],
    ["one key on two accounts", [ACCOUNTS[0], { ...ACCOUNTS[1], apiKeys: ACCOUNTS[0]!.apiKeys }], /accounts\.jsonl:2: an API key of "new-free" already belongs to "old-paid"/],
    ["a missing tier", [{ ...ACCOUNTS[0], tier: undefined }], /accounts\.jsonl:1: tier: /],
  ])("refuses %s", (_n, accounts, err) => {
    expect(() => indexAccounts(lines(accounts), "accounts.jsonl")).toThrow(err);
  });

  it("maps a baseline to the guard's record, open-ended when it has no until", () => {
    const { byKey } = indexAccounts(lines([{ ...ACCOUNTS[0], baseline: { rpm: 900, domains: ["math"] } }]), "accounts.jsonl");
    expect(byKey.get("sk-old-paid-0001")!.info.baseline).toEqual({ rpm: 900, domains: ["math"], note: "", until: null });
  });

  it("sorts events by time, keeping file order at the same instant, and refuses an unknown type by line", () => {
    const e = parseEvents(lines([
      { ts: 5, type: "model-release", model: "b" }, { ts: 1, type: "model-release", model: "a" }, { ts: 5, type: "model-release", model: "c" },
    ]), "events.jsonl");
    expect(e.map((x) => (x.type === "model-release" ? x.model : ""))).toEqual(["a", "b", "c"]);
    expect(() => parseEvents(lines([{ ts: 1, type: "price-change" }]), "events.jsonl")).toThrow(/^events\.jsonl:1: /);
  });
});

describe("parseTrafficParts", () => {
  const full = chatLine(T0, "sk-old-paid-0001", "hi", {
    ja4: "t13d", userAgent: "ua", method: "POST", headers: { "anthropic-version": "2023-06-01" },
  });
  const edge: [string, unknown][] = [
    ["every field", full],
    ["every field in reverse order", Object.fromEntries(Object.entries(full).reverse())],
    ["no optional field", { ts: 1, apiKey: "k", ip: "10.0.0.1", path: "/v1/x", body: {} }],
    ["unknown fields", { ...full, extra: 1 }],
    ["an extra usage field", { ...full, usage: { input_tokens: 1, output_tokens: 2, cached: 3 } }],
    ["an IPv6 client (zod's output)", { ...full, ip: "2001:db8::1" }],
    ["an own __proto__ key in the headers (zod's output)", JSON.parse('{"ts":1,"apiKey":"k","ip":"1.2.3.4","path":"/","body":{},"headers":{"__proto__":"x","a":"b"}}')],
    ["an own __proto__ key in the body (zod's output)", JSON.parse('{"ts":1,"apiKey":"k","ip":"1.2.3.4","path":"/","body":{"__proto__":{"a":1},"b":2}}')],
  ];
  const sim = simulate({ seed: 8, scale: 0.01 }).traffic.map((l, i): [string, unknown] => [`simulated line ${i}`, l]);

  it.each([...edge, ...sim.slice(0, 300)])("gives parseTraffic's request, split: %s", (_, line) => {
    const text = JSON.stringify(line);
    const { req, label } = parseTraffic(text, "t", 1);
    const { body, ...head } = req;
    const parts = parseTrafficParts(text, "t", 1);
    expect(parts).toStrictEqual({ head, body, label });
    // Same key order too.
    expect(JSON.stringify(parts)).toBe(JSON.stringify({ head, body, label }));
  });

  it("fails as parseTraffic does", () => {
    const thrown = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      return "nothing thrown";
    };
    for (const text of ["{oops", JSON.stringify({ ...full, asn: -1 }), JSON.stringify({ ...full, body: [] }), "[]"]) {
      const err = thrown(() => parseTrafficParts(text, "t.jsonl", 4));
      expect(err).toStrictEqual(thrown(() => parseTraffic(text, "t.jsonl", 4)));
      expect((err as Error).message).toMatch(/^t\.jsonl:4: /);
    }
  });
});
