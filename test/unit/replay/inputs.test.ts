import { describe, expect, it } from "vitest";
import { indexAccounts, parseEvents } from "../../../src/replay/inputs";
import { ACCOUNTS, lines } from "./fixture";

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
