import { describe, expect, it } from "vitest";
import { CHAIN_KEEP, ChainScores, carriesIntent, chainScores, inheritChain, raisedKinds } from "../../../src/account/chain";
import { signals } from "./helpers";

const zero = { cot: 0, critique: 0, autograde: 0, datagen: 0, probe: 0, distillSystem: 0 };

describe("inheritChain", () => {
  it("takes per kind the larger of the request's own score and the inherited one, extraction likewise", () => {
    const own = signals({ kinds: { ...zero, datagen: 0.7, probe: 0.1 }, extraction: 0.2, domain: "math" });
    const merged = inheritChain(own, { kinds: { ...zero, cot: 0.92, probe: 0.05 }, extraction: 0.9 });
    expect(merged.kinds).toEqual({ ...zero, cot: 0.92, datagen: 0.7, probe: 0.1 });
    expect(merged.extraction).toBe(0.9);
    // The rest of the signals is the request's own.
    const { kinds: _k, extraction: _e, ...rest } = merged;
    const { kinds: _k2, extraction: _e2, ...ownRest } = own;
    expect(rest).toEqual(ownRest);
  });

  it("leaves the signals as they are when nothing is inherited", () => {
    const own = signals({ kinds: { ...zero, cot: 0.3 }, extraction: 0.3 });
    expect(inheritChain(own, null)).toBe(own);
    expect(inheritChain(own, { kinds: zero, extraction: 0 })).toEqual(own);
  });

  it("changes neither input", () => {
    const own = signals({ kinds: { ...zero, cot: 0.1 }, extraction: 0.1 });
    const inherited = { kinds: { ...zero, cot: 0.9 }, extraction: 0.9 };
    const before = JSON.stringify([own, inherited]);
    const merged = inheritChain(own, inherited);
    expect(JSON.stringify([own, inherited])).toBe(before);
    expect(merged.kinds).not.toBe(own.kinds);
  });
});

describe("raisedKinds and what a response passes on", () => {
  it("names the kinds the chain lifted to the threshold, not the ones already there", () => {
    const own = signals({ kinds: { ...zero, datagen: 0.8 }, extraction: 0.4 });
    const merged = inheritChain(own, { kinds: { ...zero, cot: 0.9, datagen: 0.95 }, extraction: 0.9 });
    expect(raisedKinds(own, merged, 0.5)).toEqual(["cot"]);
    expect(raisedKinds(own, own, 0.5)).toEqual([]);
  });

  it("passes on a copy of the scores after inheritance, and only when there is some intent", () => {
    const s = signals({ kinds: { ...zero, cot: 0.6 }, extraction: 0.6 });
    const c = chainScores(s);
    expect(c).toEqual({ kinds: s.kinds, extraction: 0.6 });
    expect(c.kinds).not.toBe(s.kinds);
    expect(carriesIntent(c)).toBe(true);
    expect(carriesIntent({ kinds: zero, extraction: 0 })).toBe(false);
    expect(ChainScores.safeParse(JSON.parse(JSON.stringify(c))).success).toBe(true);
    expect(ChainScores.safeParse({ kinds: { cot: 2 }, extraction: 0 }).success).toBe(false);
    expect(CHAIN_KEEP).toBe(256);
  });
});
