import { describe, expect, it } from "vitest";
import { AccountLine, contractLimits, EventLine, parseContractLine, TrafficLine, trafficLineFast } from "../../../src/sim/contract.js";
import { parseCorpus, TextBank } from "../../../src/sim/text/bank.js";
import { EVAL_MARK, simulate, TEST_CORPUS_FILES, TRAIN_MARK } from "./fixture.js";

const base: AccountLine = { account: "a", apiKeys: ["k"], tier: "research", verified: true, createdAt: 0 };
const line = { ts: 1, apiKey: "k", ip: "10.0.0.1", path: "/v1/messages", body: { model: "m" }, label: "legit:chat" };

describe("contract limits", () => {
  it.each([
    ["the tier without a baseline", base, 100, { rpm: 60, tpm: 100_000 }],
    ["a baseline above the tier", { ...base, baseline: { rpm: 900, tpm: 2_000_000 } }, 100, { rpm: 900, tpm: 2_000_000 }],
    ["each limit where the baseline is higher", { ...base, baseline: { rpm: 30, tpm: 500_000 } }, 100, { rpm: 60, tpm: 500_000 }],
    ["the tier again once the baseline expired", { ...base, baseline: { rpm: 900, until: 50 } }, 100, { rpm: 60, tpm: 100_000 }],
    ["the baseline up to its last instant", { ...base, baseline: { rpm: 900, until: 100 } }, 100, { rpm: 900, tpm: 100_000 }],
  ] as const)("uses %s", (_name, account, now, expected) => {
    expect(contractLimits(account, now)).toEqual(expected);
  });
});

describe("contract line schemas", () => {
  it.each([
    ["a minimal line", line, true],
    ["a line without label (an operator's export)", { ...line, label: undefined }, true],
    ["an IPv6 client", { ...line, ip: "2001:db8::1" }, true],
    ["another producer's label (only counted)", { ...line, label: "attack:low_and_slow" }, true],
    ["a fractional timestamp (read as its millisecond)", { ...line, ts: 1.5 }, true],
    ["a lower-case country (read upper-cased)", { ...line, country: "de" }, true],
    ["a country that is not two letters", { ...line, country: "DEU" }, false],
    ["an address that is not an IP", { ...line, ip: "example.com" }, false],
    ["a body that is not an object", { ...line, body: "hi" }, false],
    ["negative usage", { ...line, usage: { input_tokens: -1, output_tokens: 0 } }, false],
  ])("%s: accepted %s", (_name, value, ok) => {
    expect(TrafficLine.safeParse(value).success).toBe(ok);
  });

  it.each([
    [{ ts: 5, type: "model-release", model: "frontier-3" }, true],
    [{ ts: 5, type: "intel-import", file: "peer-bundle.json" }, true],
    [{ ts: 5, type: "model-release" }, false],
    [{ ts: 5, type: "reboot" }, false],
  ])("event %j accepted: %s", (value, ok) => {
    expect(EventLine.safeParse(value).success).toBe(ok);
  });

  it("reads a fractional time as its millisecond and a country upper-cased", () => {
    expect(TrafficLine.parse({ ...line, ts: 1767225600000.9, country: "nl" })).toMatchObject({ ts: 1767225600000, country: "NL" });
    expect(AccountLine.parse({ ...base, createdAt: 12.5 }).createdAt).toBe(12);
  });

  it("names the file, line and field of a malformed line", () => {
    expect(() => parseContractLine(TrafficLine, JSON.stringify({ ...line, ip: 7 }), "traffic.jsonl", 12)).toThrow(/^traffic\.jsonl:12: ip: /);
    expect(() => parseContractLine(AccountLine, "{oops", "accounts.jsonl", 3)).toThrow(/^accounts\.jsonl:3: not valid JSON/);
    expect(parseContractLine(AccountLine, JSON.stringify(base), "accounts.jsonl", 1)).toEqual(base);
  });
});

describe("traffic line fast path", () => {
  const full = {
    ts: 5, apiKey: "k", ip: "10.0.0.1", asn: 64500, country: "DE", ja4: "t13d", userAgent: "ua", method: "POST",
    path: "/v1/messages", headers: { "anthropic-version": "2023-06-01" }, body: { model: "m", messages: [] },
    usage: { input_tokens: 3, output_tokens: 4 }, label: "legit:chat",
  };
  /** The fast path's output, or undefined, checked against zod's: same value and same key order. */
  function agrees(raw: unknown): boolean {
    const fast = trafficLineFast(raw);
    const zod = TrafficLine.safeParse(raw);
    if (fast !== undefined) {
      expect(zod.success).toBe(true);
      expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
      expect(fast).toStrictEqual(zod.data);
    }
    return fast !== undefined;
  }
  const without = (key: string) => Object.fromEntries(Object.entries(full).filter(([k]) => k !== key));
  const json = (text: string) => JSON.parse(text) as unknown;

  it("gives zod's output for every line the simulator writes", () => {
    const lines = simulate({ seed: 4, scale: 0.01 }).traffic;
    expect(lines.length).toBeGreaterThan(100);
    for (const l of lines) expect(agrees(l)).toBe(true);
  });

  it.each<[string, unknown, boolean]>([
    ["a line with every field, in another key order", Object.fromEntries(Object.entries(full).reverse()), true],
    ...Object.keys(full).map((k): [string, unknown, boolean] => [`a line without ${k}`, without(k), TrafficLine.safeParse(without(k)).success]),
    ["unknown fields, stripped", { ...full, extra: 1, __extra: { a: 1 } }, true],
    ["an extra usage field, stripped", { ...full, usage: { ...full.usage, cached: 1 } }, true],
    ["an IPv6 client (left to zod)", { ...full, ip: "2001:db8::1" }, false],
    ["an IPv4 address with a leading zero", { ...full, ip: "10.0.0.01" }, false],
    ["an own __proto__ key in the body (zod drops it)", json('{"ts":1,"apiKey":"k","ip":"1.2.3.4","path":"/","body":{"__proto__":{"a":1}}}'), false],
    ["an own __proto__ key in the headers", json('{"ts":1,"apiKey":"k","ip":"1.2.3.4","path":"/","body":{},"headers":{"__proto__":"x"}}'), false],
    ["an own __proto__ key on the line (stripped)", json('{"ts":1,"apiKey":"k","ip":"1.2.3.4","path":"/","body":{},"__proto__":{"label":"x"}}'), true],
    ["a header that is not a string", { ...full, headers: { a: 1 } }, false],
    ["an empty key", { ...full, apiKey: "" }, false],
    ["a negative timestamp", { ...full, ts: -1 }, false],
    ["an unsafe timestamp", { ...full, ts: 2 ** 53 }, false],
    ["an ASN of 0", { ...full, asn: 0 }, false],
    ["a lower-case country", { ...full, country: "de" }, false],
    ["a path without its slash", { ...full, path: "v1/messages" }, false],
    ["a body that is an array", { ...full, body: [] }, false],
    ["another producer's label", { ...full, label: "Attack: low_and_slow" }, true],
    ["a fractional timestamp (zod floors it)", { ...full, ts: 5.5 }, false],
    ["an empty method", { ...full, method: "" }, false],
  ])("%s: fast path taken %s", (_name, raw, fast) => {
    expect(agrees(raw)).toBe(fast);
  });

  it("is what parseContractLine returns when given, and zod still writes the errors", () => {
    const text = JSON.stringify(full);
    expect(parseContractLine(TrafficLine, text, "t", 1, trafficLineFast)).toStrictEqual(TrafficLine.parse(full));
    const bad = JSON.stringify({ ...full, asn: -3 });
    expect(() => parseContractLine(TrafficLine, bad, "t", 2, trafficLineFast)).toThrow(/^t:2: asn: /);
  });
});

describe("corpus", () => {
  it("keeps only train-ok records", () => {
    const records = parseCorpus(TEST_CORPUS_FILES);
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.use === "train-ok" && !r.text.includes(EVAL_MARK))).toBe(true);
  });

  it("refuses eval-only records in a text bank", () => {
    expect(() => new TextBank([{ id: "x-1", text: "t", kind: "legit", domain: "general", use: "eval-only" }])).toThrow(/train-ok/);
  });

  it("answers a holdout bank's queries with eval-only text where it can stand in, and train-ok text elsewhere", () => {
    const held = parseCorpus(TEST_CORPUS_FILES, "eval-only");
    expect(held.length).toBeGreaterThan(0);
    expect(held.every((r) => r.use === "eval-only" && r.text.includes(EVAL_MARK))).toBe(true);
    const bank = new TextBank(parseCorpus(TEST_CORPUS_FILES), held);
    const onlyHeld = (t: readonly string[]) => t.length > 0 && t.every((x) => x.includes(EVAL_MARK));
    const onlyTrain = (t: readonly string[]) => t.length > 0 && t.every((x) => x.includes(TRAIN_MARK));
    // A kind with eval-only records, with or without a domain that matches none of them.
    expect(onlyHeld(bank.texts({ kind: "cot-elicitation" }))).toBe(true);
    expect(onlyHeld(bank.texts({ kind: "autograde", domain: "coding" }))).toBe(true);
    // A named benchmark: other (held-out) benchmark items, also for a benchmark without eval-only records of its own.
    expect(onlyHeld(bank.texts({ kind: "legit", prefix: "gsm8k" }))).toBe(true);
    expect(onlyHeld(bank.texts({ kind: "legit", prefix: "mmlu" }))).toBe(true);
    expect(new TextBank(parseCorpus(TEST_CORPUS_FILES)).texts({ kind: "legit", prefix: "mmlu" })).toEqual([]);
    // Ordinary prompts asked by domain stay train-ok, as without a holdout.
    expect(onlyTrain(bank.texts({ kind: "legit", domain: "general" }))).toBe(true);
    expect(new TextBank(parseCorpus(TEST_CORPUS_FILES)).texts({ kind: "cot-elicitation" }).every((x) => x.includes(TRAIN_MARK))).toBe(true);
    expect(() => new TextBank([], parseCorpus(TEST_CORPUS_FILES))).toThrow(/eval-only/);
  });
});
