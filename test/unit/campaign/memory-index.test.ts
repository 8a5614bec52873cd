import { describe, expect, it } from "vitest";
import { MemoryCampaignIndex } from "../../../src/campaign/memory-index";
import { CampaignPolicy } from "../../../src/campaign/types";

describe("the in-memory index's bound", () => {
  it("drops the least recently seen fingerprints first, the earliest written among equals", () => {
    const p = CampaignPolicy.parse({ maxStatesPerShard: 100 });
    const ix = new MemoryCampaignIndex();
    // One shard ("template:aa"), fingerprints far apart (no two join); the first 50 seen at the same time.
    const fps = Array.from({ length: 130 }, (_, i) => `aa${(Math.imul(i + 1, 0x9e3779b1) >>> 0).toString(16).padStart(8, "0")}${i.toString(16).padStart(6, "0")}`);
    fps.forEach((fp, i) => ix.report({
      at: i < 50 ? 1_000 : 1_000 + i, account: { id: `a${i}`, org: null, tier: "free", verified: false, createdAt: 0 },
      risk: 0, restricted: false, extraction: 0, templateFp: fp, systemFp: null, client: { ip: "192.0.2.1", asn: null, ja4: null, userAgent: null },
    }, p));
    expect([...ix.states()].map((s) => s.fp)).toEqual(fps.slice(30));
  });

  it("counts a rewrite as the latest write, for the order and for what is dropped first", () => {
    const p = CampaignPolicy.parse({ maxStatesPerShard: 100 });
    const ix = new MemoryCampaignIndex();
    const fps = Array.from({ length: 110 }, (_, i) => `aa${(Math.imul(i + 1, 0x9e3779b1) >>> 0).toString(16).padStart(8, "0")}${i.toString(16).padStart(6, "0")}`);
    const report = (fp: string, at: number, i: number) => ix.report({
      at, account: { id: `a${i}`, org: null, tier: "free", verified: false, createdAt: 0 },
      risk: 0, restricted: false, extraction: 0, templateFp: fp, systemFp: null, client: { ip: "192.0.2.1", asn: null, ja4: null, userAgent: null },
    }, p);
    // 100 fingerprints seen at once, the first ten seen again (rewritten) at that same time, then ten new ones.
    fps.slice(0, 100).forEach((fp, i) => report(fp, 1_000, i));
    fps.slice(0, 10).forEach((fp, i) => report(fp, 1_000, 200 + i));
    fps.slice(100).forEach((fp, i) => report(fp, 2_000 + i, 300 + i));
    expect([...ix.states()].map((s) => s.fp)).toEqual([...fps.slice(20, 100), ...fps.slice(0, 10), ...fps.slice(100)]);
  });

  it("shards as shardOf does: near-duplicates join within a shard, never across", () => {
    const p = CampaignPolicy.parse({});
    const ix = new MemoryCampaignIndex();
    // "aa…00" and "aa…01" share a shard and join; "ab…00" is as near but in another shard; short ones have theirs.
    ["aa00000000000000", "aa00000000000001", "ab00000000000000", "a", "b"].forEach((fp, i) => ix.report({
      at: 1_000 + i, account: { id: `a${i}`, org: null, tier: "free", verified: false, createdAt: 0 },
      risk: 0, restricted: false, extraction: 0, templateFp: fp, systemFp: fp, client: { ip: "192.0.2.1", asn: null, ja4: null, userAgent: null },
    }, p));
    const states = [...ix.states()];
    expect(states.map((s) => `${s.kind}:${s.fp}`)).toEqual([
      "template:aa00000000000000", "system:aa00000000000000", "template:ab00000000000000", "system:ab00000000000000",
      "template:a", "system:a", "template:b", "system:b",
    ]);
    expect(states[0]!.reports).toBe(2);
  });
});
