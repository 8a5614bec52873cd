/**
 * The CampaignIndex objects and the node engine's in-memory index must join a
 * new template to the same stored one. Among stored templates equally near,
 * it joins the first in the order of their last write; the object keeps that
 * order in the table's rowids, so it survives the object starting again
 * (workerd evicts idle objects, and a plain scan of the table reads its
 * primary key's order instead).
 */
import { abortAllDurableObjects, env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { reportToCampaigns } from "../../src/campaign/client";
import { MemoryCampaignIndex } from "../../src/campaign/memory-index";
import { CampaignPolicy, shardOf, type CampaignReport } from "../../src/campaign/types";

const DAY = 86_400_000;
const policy = CampaignPolicy.parse({});

function report(i: number, at: number, templateFp: string): CampaignReport {
  return {
    at, account: { id: `acct-${templateFp}-${i}`, org: null, tier: "free", verified: false, createdAt: at - DAY },
    risk: 0.1, restricted: false, extraction: 0.2, templateFp, systemFp: null,
    client: { ip: `192.0.2.${i}`, asn: 64500, ja4: null, userAgent: null },
  };
}

/** Each stored template of the shard with its report count, as the object holds them. */
async function stored(shard: string): Promise<Record<string, number>> {
  return runInDurableObject(env.CAMPAIGN.getByName(shard), (_obj, state) => {
    const rows = state.storage.sql.exec<{ fp: string; body: string }>(`SELECT fp, body FROM fp WHERE kind = 'template'`).toArray();
    return Object.fromEntries(rows.map((r) => [r.fp, (JSON.parse(r.body) as { reports: number }).reports]));
  });
}

function inMemory(reports: CampaignReport[]): Record<string, number> {
  const ix = new MemoryCampaignIndex();
  for (const r of reports) ix.report(r, policy);
  return Object.fromEntries([...ix.states()].filter((s) => s.kind === "template").map((s) => [s.fp, s.reports]));
}

describe("near-duplicate templates in the campaign index objects", () => {
  it("join the first of their nearest in the order of the last write, as the in-memory index does", async () => {
    // a1 and a2 are both two bits from a0 and four from each other (too far to join). a1 is written, then a2,
    // then a1 again: a2 is now first in the order.
    const [a0, a1, a2] = ["a1b2000000000000", "a1b2000000000003", "a1b200000000000c"];
    const t = Date.now() - DAY;
    const reports = [report(1, t, a1), report(2, t + 1, a2), report(3, t + 2, a1), report(4, t + 3, a0)];
    for (const r of reports) await reportToCampaigns(env, r, {}, { replay: true });
    const objects = await stored(shardOf("template", a0));
    expect(objects).toEqual({ [a1]: 2, [a2]: 2 });
    expect(objects).toEqual(inMemory(reports));
  });

  it("keep that order when the object starts again", async () => {
    // As above, c2 written before c1 (the primary key's order is c1 first); then every object starts afresh on its storage.
    const [c0, c1, c2] = ["c3d4000000000000", "c3d4000000000003", "c3d400000000000c"];
    const t = Date.now() - DAY;
    const before = [report(1, t, c2), report(2, t + 1, c1)];
    for (const r of before) await reportToCampaigns(env, r, {}, { replay: true });
    const last = report(3, t + 2, c0);
    await abortAllDurableObjects();
    await reportToCampaigns(env, last, {}, { replay: true });
    const objects = await stored(shardOf("template", c0));
    expect(objects).toEqual({ [c1]: 1, [c2]: 2 });
    expect(objects).toEqual(inMemory([...before, last]));
  });

  it("drop the least recently seen first, the earliest written among equals, as the in-memory index does", async () => {
    const p = CampaignPolicy.parse({ maxStatesPerShard: 100 });
    const t = Date.now() - DAY;
    // 101 templates of one shard seen at one time, far apart; the first is written again (at that time) before the last arrives.
    const fps = Array.from({ length: 101 }, (_, i) => `e5${(Math.imul(i + 1, 0x9e3779b1) >>> 0).toString(16).padStart(8, "0")}${i.toString(16).padStart(6, "0")}`);
    const reports = [...fps.slice(0, 100).map((fp, i) => report(i, t, fp)), report(200, t, fps[0]!), report(100, t, fps[100]!)];
    for (const r of reports) await reportToCampaigns(env, r, { campaign: { maxStatesPerShard: 100 } }, { replay: true });
    const objects = await stored(shardOf("template", fps[0]!));
    const ix = new MemoryCampaignIndex();
    for (const r of reports) ix.report(r, p);
    const memory = Object.fromEntries([...ix.states()].map((s) => [s.fp, s.reports]));
    expect(Object.keys(objects)).toHaveLength(100);
    expect(objects[fps[1]!]).toBeUndefined();
    expect(objects).toEqual(memory);
  });
});
