import { describe, expect, it } from "vitest";
import { toStixBundle } from "../../../src/intel/stix";
import { fromStixBundle } from "../../../src/intel/stix-import";
import { networkFingerprint } from "../../../src/intel/network-fp";
import { tlpMarking, type StixObject } from "../../../src/intel/stix-types";
import type { BlocklistEntry } from "../../../src/intel/types";
import { INPUT, JA4, NOW, T0 } from "./fixtures";

const PEER = "Northwind Models Trust & Safety";
const bundle = toStixBundle(INPUT, { name: PEER }, NOW);
const DAY = 86_400_000;
const key = (e: Pick<BlocklistEntry, "kind" | "value">) => `${e.kind}:${e.value}`;
const comparable = (e: BlocklistEntry) => ({ kind: e.kind, value: e.value, reason: e.reason, confidence: e.confidence, expiresAt: e.expiresAt });
const clone = () => structuredClone(bundle) as { type: string; id: string; objects: StixObject[] };
const firstIndicator = (b: { objects: StixObject[] }) => b.objects.find((o) => o.type === "indicator")!;

describe("STIX 2.1 import", () => {
  it("round-trips an export into the same entries, attributed to the peer", () => {
    const r = fromStixBundle(bundle, {}, NOW);
    expect(r.errors).toEqual([]);
    const exported = INPUT.entries.filter((e) => ["ip", "cidr", "asn", "ja4", "templateFp", "systemFp", "networkFp"].includes(e.kind) && !e.source.startsWith("peer:") && (e.expiresAt === null || e.expiresAt > NOW));
    expect(r.entries.map(comparable).sort((a, b) => key(a).localeCompare(key(b)))).toEqual(exported.map(comparable).sort((a, b) => key(a).localeCompare(key(b))));
    expect(new Set(r.entries.map((e) => e.source))).toEqual(new Set([`peer:${PEER}`]));
    expect(r.campaigns).toEqual([expect.objectContaining({ name: INPUT.campaigns[0]!.name, confidence: 88, indicators: 2 })]);
  });

  it("scales confidence by the trust put in the peer and drops what falls under the floor", () => {
    const r = fromStixBundle(bundle, { trust: 50, minConfidence: 30 }, NOW);
    const byKey = new Map(r.entries.map((e) => [key(e), e.confidence]));
    expect(byKey.get("ip:203.0.113.7")).toBe(45);
    expect(byKey.get(`ja4:${JA4}`)).toBe(30);
    expect(byKey.has("asn:64501")).toBe(false);
    expect(r.notes.some((n) => /confidence 20 below 30/.test(n))).toBe(true);
  });

  it("uses a peer's own name when imported as a configured peer", () => {
    expect(fromStixBundle(bundle, { name: "peer-a" }, NOW).source).toBe("peer:peer-a");
  });

  const broken: [string, (b: ReturnType<typeof clone>) => unknown, RegExp][] = [
    ["not an object", () => "hello", /not a STIX 2.1 bundle/],
    ["a bundle without id", (b) => ({ ...b, id: undefined }), /id/],
    ["objects that are not a list", (b) => ({ ...b, objects: {} }), /objects/],
    ["an indicator without a pattern", (b) => { delete firstIndicator(b).pattern; return b; }, /pattern/],
    ["an indicator of STIX 2.0", (b) => { firstIndicator(b).spec_version = "2.0"; return b; }, /STIX 2\.0 is not supported/],
    ["a confidence of 150", (b) => { firstIndicator(b).confidence = 150; return b; }, /confidence/],
    ["a timestamp without zone", (b) => { firstIndicator(b).valid_from = "2026-03-01 12:00:00"; return b; }, /valid_from/],
    ["valid_until before valid_from", (b) => { firstIndicator(b).valid_until = "2020-01-01T00:00:00.000Z"; return b; }, /valid_until must be later/],
    ["a pattern that does not parse", (b) => { firstIndicator(b).pattern = "[ipv4-addr:value = '1.2.3.4'"; return b; }, /pattern does not parse/],
    ["an address that is not one", (b) => {
      b.objects.find((o) => String(o.pattern).startsWith("[ipv4-addr"))!.pattern = "[ipv4-addr:value = '300.1.1.1']";
      return b;
    }, /not an IP address/],
    ["a malformed fingerprint extension", (b) => {
      const i = b.objects.find((o) => o.type === "indicator" && o.extensions)!;
      (Object.values(i.extensions as object)[0] as Record<string, unknown>).fingerprint = "zz";
      return b;
    }, /not 16 hex/],
    ["no identity to attribute it to", (b) => ({ ...b, objects: b.objects.filter((o) => o.type !== "identity") }), /no identity/],
  ];
  it.each(broken)("refuses %s with a clear error and nothing to write", (_name, mutate, message) => {
    const r = fromStixBundle(mutate(clone()), {}, NOW);
    expect(r.errors.join("\n")).toMatch(message);
    expect(r.entries).toEqual([]);
    expect(r.revoked).toEqual([]);
  });

  it("refuses a bundle with more indicators than one import may write", () => {
    expect(fromStixBundle(bundle, { maxEntries: 3 }, NOW).errors.join()).toMatch(/more than 3 per import: split it/);
  });

  it("honours revoked, expired, not-yet-valid and benign indicators", () => {
    const b = clone();
    const inds = b.objects.filter((o) => o.type === "indicator");
    inds[0]!.revoked = true;
    inds[1]!.valid_until = new Date(NOW - 1000).toISOString();
    inds[1]!.valid_from = new Date(NOW - 2000).toISOString();
    inds[2]!.valid_from = new Date(NOW + DAY).toISOString();
    inds[2]!.valid_until = new Date(NOW + 2 * DAY).toISOString();
    inds[3]!.indicator_types = ["benign"];
    const r = fromStixBundle(b, {}, NOW);
    expect(r.errors).toEqual([]);
    expect(r.entries).toHaveLength(inds.length - 4);
    expect(r.revoked).toHaveLength(1);
    expect(r.notes.join("\n")).toMatch(/revoked[\s\S]*expired[\s\S]*not valid before[\s\S]*benign/);
  });

  it("keeps an indicator without valid_until for the default lifetime, or until revoked", () => {
    const b = clone();
    for (const i of b.objects.filter((o) => o.type === "indicator")) delete i.valid_until;
    expect(fromStixBundle(b, { defaultTtlMs: 30 * DAY }, NOW).entries.every((e) => e.expiresAt === NOW + 30 * DAY)).toBe(true);
    expect(fromStixBundle(b, {}, NOW).entries.every((e) => e.expiresAt === null)).toBe(true);
  });

  it("imports a peer's bundle that uses custom properties and patterns of its own, and notes what it skips", () => {
    const who = { type: "identity", spec_version: "2.1", id: "identity--0a3ef2b4-8d6c-4e44-9b3e-7c2d1f0e9a11", created: "2026-01-01T00:00:00.000Z", modified: "2026-01-01T00:00:00.000Z", name: PEER };
    const common = { spec_version: "2.1", created: "2026-02-01T00:00:00.000Z", modified: "2026-02-01T00:00:00.000Z", created_by_ref: who.id, object_marking_refs: [tlpMarking("green").id] };
    const camp = { type: "campaign", id: "campaign--5b0cbd7c-1b7e-4a43-9c5e-2f1a7d3e6b22", ...common, name: "Operation Quiet Ledger", confidence: 85, x_prompt_template_fingerprints: ["00ff00ff00ff00ff", "not-ours"] };
    const ind = (n: number, pattern: string, extra: object = {}) => ({
      type: "indicator", id: `indicator--5b0cbd7c-1b7e-4a43-9c5e-2f1a7d3e6b${30 + n}`, ...common, pattern, pattern_type: "stix", valid_from: "2026-02-01T00:00:00.000Z", valid_until: "2026-04-01T00:00:00.000Z", ...extra,
    });
    const inds = [
      ind(1, "[ipv4-addr:value ISSUBSET '45.154.5.0/24']", { confidence: 80 }),
      ind(2, "[ipv4-addr:value = '45.154.5.1' OR ipv4-addr:value = '45.154.5.2']"),
      ind(3, `[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'ua/1' AND network-traffic:x_ja4 = '${JA4}']`, { x_ja4: JA4, x_user_agent: "ua/1", confidence: 75 }),
      ind(4, "[domain-name:value = 'c2.example']"),
      ind(5, "alert tcp any any -> any any", { pattern_type: "snort" }),
    ];
    const rels = inds.map((i, n) => ({ type: "relationship", id: `relationship--5b0cbd7c-1b7e-4a43-9c5e-2f1a7d3e6b${50 + n}`, ...common, relationship_type: "indicates", source_ref: i.id, target_ref: camp.id }));
    const peerBundle = { type: "bundle", id: "bundle--5b0cbd7c-1b7e-4a43-9c5e-2f1a7d3e6b99", objects: [who, tlpMarking("green"), camp, ...inds, ...rels, { type: "malware", id: "malware--5b0cbd7c-1b7e-4a43-9c5e-2f1a7d3e6b98" }] };
    const r = fromStixBundle(peerBundle, { trust: 100 }, Date.parse("2026-03-01T00:00:00.000Z"));
    expect(r.errors).toEqual([]);
    expect(r.entries.map((e) => `${key(e)}@${e.confidence}`).sort()).toEqual([
      "cidr:45.154.5.0/24@80",
      "ip:45.154.5.1@85",
      "ip:45.154.5.2@85",
      `networkFp:${networkFingerprint({ ja4: JA4, userAgent: "ua/1", asn: null })}@75`,
      "templateFp:00ff00ff00ff00ff@85",
    ]);
    expect(r.notes.join("\n")).toMatch(/domain-name:value has no blocklist equivalent/);
    expect(r.notes.join("\n")).toMatch(/pattern_type snort/);
    expect(r.notes.join("\n")).toMatch(/1 malware object/);
    expect(r.notes.join("\n")).toMatch(/"not-ours" is not in this guard's format/);
    expect(r.entries.find((e) => e.kind === "ip")?.reason).toBe('Indicator of campaign "Operation Quiet Ledger"');
  });

  it("creates entries stamped with the import time", () => {
    expect(fromStixBundle(bundle, {}, NOW + 5).entries.every((e) => e.createdAt === NOW + 5 && e.createdAt > T0)).toBe(true);
  });
});
