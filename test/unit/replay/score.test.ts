import { describe, expect, it } from "vitest";
import type { Action } from "../../../src/account/types";
import { campaignTargetLines } from "../../../src/replay/report";
import { score, Tally } from "../../../src/replay/score";

function tally(rows: [string, string, Action][]): Tally {
  const t = new Tally();
  for (const [label, account, action] of rows) t.add(label, account, action);
  return t;
}

describe("replay scoring", () => {
  const t = tally([
    ["attack:a", "x1", "allow"], ["attack:a", "x1", "degrade"], ["attack:a", "x1", "block"], ["attack:a", "x2", "allow"],
    ["legit:chat", "u1", "allow"], ["legit:chat", "u1", "degrade"], ["legit:chat", "u2", "allow"], ["legit:chat", "u2", "throttle"],
    ["legit:eval", "e1", "allow"], ["legit:eval", "e1", "allow"], ["legit:eval", "e2", "challenge"], ["legit:eval", "e3", "allow"],
  ]);
  const s = score(t);

  it("gives each attack label the share served as is", () => {
    expect(s.labels.find((l) => l.label === "attack:a")).toMatchObject({ requests: 4, leak: 0.5, hardFp: null, softFp: null });
  });

  it("gives each legit label its hard and soft false-positive rates and accounts hit", () => {
    expect(s.labels.find((l) => l.label === "legit:chat")).toMatchObject({ requests: 4, hardFp: 0.25, softFp: 0.25, accounts: 2, accountsHit: 1 });
    expect(s.labels.find((l) => l.label === "legit:eval")).toMatchObject({ hardFp: 0.25, softFp: 0, accounts: 3, accountsHit: 1 });
  });

  it("pools legitimate traffic over its labels and accounts", () => {
    expect(s.legit).toMatchObject({ requests: 8, hardFp: 2 / 8, softFp: 1 / 8, accounts: 5, accountsHit: 2 });
    expect(s.attack).toMatchObject({ requests: 4, leak: 0.5 });
  });

  it("orders labels legit first, then attack", () => {
    expect(s.labels.map((l) => l.label)).toEqual(["legit:chat", "legit:eval", "attack:a"]);
  });

  it("tells from which request on each attack account was never served as is", () => {
    expect(t.containedBy("attack:a")).toEqual([2, 2]);
  });

  it("counts an account under every label it sent, once in the pooled figures", () => {
    const both = tally([["legit:a", "u", "allow"], ["legit:b", "u", "block"]]);
    expect(score(both).legit).toMatchObject({ accounts: 1, accountsHit: 1 });
  });
});

describe("issue 5's campaign lines (campaignTargetLines)", () => {
  const t = tally([["legit:chat", "u1", "allow"], ["legit:ide", "u2", "allow"], ["legit:ide", "u3", "allow"], ["attack:a", "x1", "degrade"]]);

  it("counts a legitimate account given an evidence finding against the target, and one given only hold findings apart", () => {
    const lines = campaignTargetLines(t, { flagged: ["x1", "u1"], holdOnly: ["u2", "x9"], campaigns: [{ id: "tpl-0123456789abcdef", status: "suspected", members: ["x1", "u2", "u3"] }] });
    expect(lines).toEqual([
      "  MISSED  legit accounts given a campaign finding: 1 (u1) (target 0)",
      "  (info)  legit accounts listed among the members of the 1 active campaigns: 2",
      "  (info)  legit accounts given only findings for the request-level hold: 1 (u2)",
    ]);
    expect(campaignTargetLines(t, { flagged: ["x1"], holdOnly: [], campaigns: [] })).toEqual([
      "  ok      legit accounts given a campaign finding: 0 (target 0)",
      "  (info)  legit accounts listed among the members of the 0 active campaigns: 0",
      "  (info)  legit accounts given only findings for the request-level hold: 0",
    ]);
  });
});
