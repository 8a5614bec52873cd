import { describe, expect, it } from "vitest";
import { AccountLine, contractLimits, EventLine, parseContractLine, TrafficLine } from "../../../src/sim/contract.js";
import { parseCorpus, TextBank } from "../../../src/sim/text/bank.js";
import { EVAL_MARK, TEST_CORPUS_FILES } from "./fixture.js";

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
    ["a label without a prefix", { ...line, label: "chat" }, false],
    ["a fractional timestamp", { ...line, ts: 1.5 }, false],
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

  it("names the file, line and field of a malformed line", () => {
    expect(() => parseContractLine(TrafficLine, JSON.stringify({ ...line, ip: 7 }), "traffic.jsonl", 12)).toThrow(/^traffic\.jsonl:12: ip: /);
    expect(() => parseContractLine(AccountLine, "{oops", "accounts.jsonl", 3)).toThrow(/^accounts\.jsonl:3: not valid JSON/);
    expect(parseContractLine(AccountLine, JSON.stringify(base), "accounts.jsonl", 1)).toEqual(base);
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
});
