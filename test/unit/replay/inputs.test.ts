import { describe, expect, it } from "vitest";
import { indexAccounts, parseEvents, parseTraffic, parseTrafficParts } from "../../../src/replay/inputs";
import { simulate } from "../sim/fixture";
import { ACCOUNTS, chatLine, lines, T0 } from "./fixture";

describe("replay inputs", () => {
  it.each([
    ["a key the admin API would refuse", [{ ...ACCOUNTS[0], apiKeys: ["k".repeat(513)] }], /accounts\.jsonl:1: apiKeys\.0: .*refuse/],
    ["an account id with spaces", [{ ...ACCOUNTS[0], account: "a b" }], /accounts\.jsonl:1: account: /],
    ["the same account twice", [ACCOUNTS[0], { ...ACCOUNTS[0], apiKeys: ["sk-other-key-01"] }], /accounts\.jsonl:2: account "old-paid" appears twice/],
    ["one key on two accounts", [ACCOUNTS[0], { ...ACCOUNTS[1], apiKeys: ACCOUNTS[0]!.apiKeys }], /accounts\.jsonl:2: an API key of "new-free" already belongs to "old-paid"/],
    ["a missing tier", [{ ...ACCOUNTS[0], tier: undefined }], /accounts\.jsonl:1: tier: /],
    // A key no client could send in a header as written (the workerd engine could not send it, or sent it trimmed).
    ["a key with a control character", [{ ...ACCOUNTS[0], apiKeys: ["sk-ctl\u0001key-01"] }], /accounts\.jsonl:1: apiKeys\.0: an API key must be printable ASCII/],
    ["a key with a space at an end", [{ ...ACCOUNTS[0], apiKeys: ["sk-spaced-key-01 "] }], /accounts\.jsonl:1: apiKeys\.0: an API key must be printable ASCII/],
    ["a key beyond ASCII", [{ ...ACCOUNTS[0], apiKeys: ["sk-clé-0001"] }], /accounts\.jsonl:1: apiKeys\.0: an API key must be printable ASCII/],
    ["a key with a lone surrogate", [{ ...ACCOUNTS[0], apiKeys: ["sk-\ud800-0001"] }], /accounts\.jsonl:1: apiKeys\.0: an API key must be printable ASCII/],
  ])("refuses %s", (_n, accounts, err) => {
    expect(() => indexAccounts(lines(accounts), "accounts.jsonl")).toThrow(err);
  });

  it("maps a baseline to the guard's record, open-ended when it has no until", () => {
    const { byKey } = indexAccounts(lines([{ ...ACCOUNTS[0], baseline: { rpm: 900, domains: ["math"] } }]), "accounts.jsonl");
    expect(byKey.get("sk-old-paid-0001")!.info.baseline).toEqual({ rpm: 900, domains: ["math"], note: "", until: null });
  });

  it("sorts events by time, keeping file order at the same instant", () => {
    const e = parseEvents(lines([
      { ts: 5, type: "model-release", model: "b" }, { ts: 1, type: "model-release", model: "a" }, { ts: 5, type: "model-release", model: "c" },
    ]), "events.jsonl");
    expect(e.map((x) => (x.type === "model-release" ? x.model : ""))).toEqual(["a", "b", "c"]);
  });

  it("skips an event type it does not know, reporting it by line, and still refuses a known type that is malformed", () => {
    const warnings: string[] = [];
    const e = parseEvents(lines([
      { ts: 1, type: "price-change", amount: 3 }, { ts: 2, type: "model-release", model: "a" },
    ]), "events.jsonl", (m) => warnings.push(m));
    expect(e).toEqual([{ ts: 2, type: "model-release", model: "a" }]);
    expect(warnings).toEqual([expect.stringMatching(/^events\.jsonl:1: event type "price-change" is not one the guard knows .*skipped$/)]);
    expect(() => parseEvents(lines([{ ts: 1, type: "model-release" }]), "events.jsonl")).toThrow(/^events\.jsonl:1: model: /);
    expect(() => parseEvents(lines([{ ts: -1, type: "model-release", model: "a" }]), "events.jsonl")).toThrow(/^events\.jsonl:1: ts: /);
    expect(() => parseEvents(lines([{ type: 5 }]), "events.jsonl")).toThrow(/^events\.jsonl:1: /);
  });

  it("reads a model release that lists its models as one event per model", () => {
    const e = parseEvents(lines([{ ts: 7, type: "model-release", models: ["x", "y"] }]), "events.jsonl");
    expect(e).toEqual([{ ts: 7, type: "model-release", model: "x" }, { ts: 7, type: "model-release", model: "y" }]);
    expect(() => parseEvents(lines([{ ts: 7, type: "model-release", models: ["x", 5] }]), "events.jsonl")).toThrow(/^events\.jsonl:1: model: /);
  });

  it("reads what other producers write: null for an absent field, fractions of a millisecond, short keys", () => {
    const { byKey } = indexAccounts(lines([
      { ...ACCOUNTS[0], org: null, createdAt: 1000.75, apiKeys: ["k1"], baseline: { rpm: 900, tpm: null, note: null, until: null } },
    ]), "accounts.jsonl");
    const a = byKey.get("k1")!;
    expect(a.info).toMatchObject({ org: null, createdAt: 1000, baseline: { rpm: 900, until: null } });
    expect(a.upsert.apiKeys).toEqual(["k1"]);
    expect(() => indexAccounts(lines([{ ...ACCOUNTS[0], tier: null }]), "accounts.jsonl")).toThrow(/accounts\.jsonl:1: tier: /);
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
    ["null optional fields (zod's output)", { ...full, asn: null, country: null, ja4: null, userAgent: null, method: null, headers: null, usage: null, label: null }],
    ["a lower-case country and a fractional time (zod's output)", { ...full, country: "nl", ts: T0 + 0.9 }],
    ["another producer's label", { ...full, label: "attack:low_and_slow v2" }],
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

  it("reads a null as an absent field, a country in any case, a time's fraction of a millisecond, any label", () => {
    const { head, label } = parseTrafficParts(JSON.stringify({ ...full, asn: null, country: "nl", ts: T0 + 0.9, headers: null, label: "legit:Eval_Suite" }), "t", 1);
    expect(head).not.toHaveProperty("asn");
    expect(head).not.toHaveProperty("headers");
    expect(head).toMatchObject({ ts: T0, country: "NL" });
    expect(label).toBe("legit:Eval_Suite");
    for (const bad of [{ ...full, ts: null }, { ...full, country: "NLD" }, { ...full, ts: -1 }, { ...full, label: 5 }]) {
      expect(() => parseTrafficParts(JSON.stringify(bad), "t.jsonl", 2)).toThrow(/^t\.jsonl:2: /);
    }
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
    for (const text of ["{oops", JSON.stringify({ ...full, asn: -1 }), JSON.stringify({ ...full, body: [] }), "[]", JSON.stringify({ ...full, apiKey: "sk-ctl\u0001" }), JSON.stringify({ ...full, apiKey: " sk-x" })]) {
      const err = thrown(() => parseTrafficParts(text, "t.jsonl", 4));
      expect(err).toStrictEqual(thrown(() => parseTraffic(text, "t.jsonl", 4)));
      expect((err as Error).message).toMatch(/^t\.jsonl:4: /);
    }
  });

  it("refuses a key no client could send in a header, and takes one with a space inside", () => {
    for (const apiKey of ["sk-ctl\u0001", " sk-x", "sk-x\t", "sk-ключ", ""]) {
      expect(() => parseTraffic(JSON.stringify({ ...full, apiKey }), "t.jsonl", 2), JSON.stringify(apiKey)).toThrow(/^t\.jsonl:2: apiKey: /);
    }
    expect(parseTrafficParts(JSON.stringify({ ...full, apiKey: "sk x 01" }), "t.jsonl", 2).head.apiKey).toBe("sk x 01");
  });
});
