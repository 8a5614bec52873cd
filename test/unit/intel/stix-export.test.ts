import { describe, expect, it } from "vitest";
import { toStixBundle, extensionDefinition, identityObject, patternFor } from "../../../src/intel/stix";
import { EXTENSION_ID, StixId, Timestamp, type StixObject } from "../../../src/intel/stix-types";
import { parsePattern } from "../../../src/intel/stix-pattern";
import { CAMPAIGN, INPUT, NET, NOW } from "./fixtures";

const ME = { name: "Example Models Trust & Safety" };
const bundle = toStixBundle(INPUT, ME, NOW);
const ofType = (t: string) => bundle.objects.filter((o) => o.type === t);
const MS_TS = /T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe("STIX 2.1 export", () => {
  it("is a bundle of well-formed 2.1 objects from one identity under TLP:GREEN", () => {
    expect(bundle.type).toBe("bundle");
    expect(StixId.safeParse(bundle.id).success).toBe(true);
    const [who] = ofType("identity");
    expect(who).toMatchObject({ name: ME.name, identity_class: "organization" });
    expect(ofType("marking-definition")).toEqual([expect.objectContaining({ id: "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", definition: { tlp: "green" } })]);
    for (const o of bundle.objects) {
      expect(StixId.safeParse(o.id).success, o.id).toBe(true);
      expect(o.id.startsWith(`${o.type}--`)).toBe(true);
      expect(o.spec_version).toBe("2.1");
      expect(String(o.created)).toMatch(MS_TS);
      if (o.type === "marking-definition" || o.type === "identity") continue;
      expect(String(o.modified)).toMatch(MS_TS);
      expect(o.created_by_ref).toBe(who?.id);
      expect(o.object_marking_refs).toEqual(["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"]);
    }
  });

  it("gives every indicator a parseable STIX pattern, valid_from before valid_until, and a confidence", () => {
    const inds = ofType("indicator");
    expect(inds).toHaveLength(9);
    for (const i of inds) {
      expect(i).toMatchObject({ pattern_type: "stix", pattern_version: "2.1", indicator_types: ["malicious-activity"] });
      expect(parsePattern(String(i.pattern)).kind, String(i.pattern)).toBe("ok");
      expect(Timestamp.safeParse(i.valid_from).success).toBe(true);
      if (i.valid_until !== undefined) expect(Date.parse(String(i.valid_until))).toBeGreaterThan(Date.parse(String(i.valid_from)));
      expect(typeof i.confidence).toBe("number");
    }
  });

  it.each([
    ["ip", "203.0.113.7", "[ipv4-addr:value = '203.0.113.7']"],
    ["ip", "2001:db8::7", "[ipv6-addr:value = '2001:db8::7']"],
    ["cidr", "198.51.100.0/24", "[ipv4-addr:value ISSUBSET '198.51.100.0/24']"],
    ["cidr", "2001:db8:100::/48", "[ipv6-addr:value ISSUBSET '2001:db8:100::/48']"],
    ["asn", "64501", "[autonomous-system:number = 64501]"],
    ["templateFp", "0123456789abcdef", "[x-distill-prompt:template_fp = '0123456789abcdef']"],
  ] as const)("writes a %s entry as %s", (kind, value, want) => {
    expect(patternFor(kind, value)).toBe(want);
    expect(ofType("indicator").some((i) => i.pattern === want)).toBe(true);
  });

  it("writes a campaign's network fingerprint as JA4 + User-Agent + ASN on network traffic", () => {
    const i = ofType("indicator").find((x) => String(x.pattern).startsWith("[network-traffic:x_ja4 = 't13d"));
    expect(i?.pattern).toBe(`[network-traffic:x_ja4 = '${NET.ja4}' AND network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = '${NET.userAgent}' AND network-traffic:src_ref.belongs_to_refs[*].number = 64500]`);
    expect((i?.extensions as Record<string, unknown>)[EXTENSION_ID]).toMatchObject({ extension_type: "property-extension", fingerprint_kind: "network", fingerprint: CAMPAIGN.fp, ja4: NET.ja4 });
  });

  it("exports only confirmed campaigns, linked to their indicators by `indicates`", () => {
    const camps = ofType("campaign");
    expect(camps).toHaveLength(1);
    expect(camps[0]).toMatchObject({ name: CAMPAIGN.name, confidence: 88, first_seen: expect.any(String), last_seen: expect.any(String) });
    const rels = ofType("relationship");
    expect(rels).toHaveLength(2);
    const indIds = new Set(ofType("indicator").map((i) => i.id));
    for (const r of rels) {
      expect(r).toMatchObject({ relationship_type: "indicates", target_ref: camps[0]?.id });
      expect(indIds.has(String(r.source_ref))).toBe(true);
    }
  });

  it("never exports an org campaign, nor an org fingerprint among a campaign's related ones", () => {
    const ORG_FP = "0f1e2d3c4b5a6978";
    const org = { ...CAMPAIGN, id: `org-${ORG_FP}`, name: `Distillation campaign org-${ORG_FP}`, kind: "org" as const, fp: ORG_FP, net: null, related: [], published: [] };
    const withOrg = toStixBundle({
      // Even an entry naming the org campaign as its source (none is ever written) makes no campaign or relationship.
      entries: [...INPUT.entries, { ...INPUT.entries[0]!, value: "fedcba9876543210", source: `campaign:${org.id}` }],
      campaigns: [...INPUT.campaigns, org, { ...CAMPAIGN, related: [...CAMPAIGN.related, { kind: "org", fp: ORG_FP }] }],
    }, ME, NOW);
    const camps = withOrg.objects.filter((o) => o.type === "campaign");
    expect(camps.map((c) => c.name)).toEqual([CAMPAIGN.name]);
    expect(JSON.stringify(withOrg)).not.toContain(ORG_FP);
  });

  it("never exports key hashes, accounts, orgs, peers' entries or expired entries", () => {
    const text = JSON.stringify(bundle);
    for (const secret of ["a".repeat(64), "acct-42", "org-7", "192.0.2.99", "192.0.2.100"]) expect(text).not.toContain(secret);
  });

  it("is byte-identical on re-export, whatever the order the entries come in", () => {
    const again = toStixBundle({ entries: [...INPUT.entries].reverse(), campaigns: [...INPUT.campaigns].reverse() }, ME, NOW + 60_000);
    expect(JSON.stringify(again)).toBe(JSON.stringify(bundle));
  });

  it("gives another producer other ids for the same indicator", () => {
    const other = toStixBundle(INPUT, { name: "Another Lab" }, NOW);
    const ids = new Set(bundle.objects.map((o) => o.id));
    expect(other.objects.filter((o: StixObject) => o.type === "indicator" && ids.has(o.id))).toEqual([]);
  });

  it("describes its fingerprint extension in an extension definition", () => {
    const def = extensionDefinition(String(identityObject(ME).id));
    expect(def).toMatchObject({ id: EXTENSION_ID, extension_types: ["property-extension"], version: "1.0", created_by_ref: identityObject(ME).id });
    expect(String(def.schema)).toMatch(/fingerprint_kind/);
  });
});
