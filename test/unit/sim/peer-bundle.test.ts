import { describe, expect, it } from "vitest";
import { FILES } from "../../../src/sim/output.js";
import { KNOWN_TEMPLATES } from "../../../src/sim/text/attack-prompts.js";
import { PEER_IDENTITY_NAME, TLP_GREEN } from "../../../src/sim/peer-bundle.js";
import { simulate } from "./fixture.js";

const out = simulate({ seed: 3, scale: 0.05 });
type Obj = Record<string, unknown> & { type: string; id: string };
const bundle = JSON.parse(out.files[FILES.peerBundle] ?? "{}") as { type: string; id: string; objects: Obj[] };
const ofType = (t: string) => bundle.objects.filter((o) => o.type === t);
const known = out.traffic.filter((l) => l.label === "attack:known-campaign");

function inCidr(ip: string, cidr: string): boolean {
  const [net, bits] = cidr.split("/");
  const n = (s: string) => s.split(".").reduce((a, x) => a * 256 + Number(x), 0);
  const mask = 2 ** (32 - Number(bits));
  return Math.floor(n(ip) / mask) === Math.floor(n(net ?? "") / mask);
}

describe("peer STIX bundle", () => {
  it("is a STIX 2.1 bundle from the peer's identity, marked TLP:GREEN", () => {
    expect(bundle.type).toBe("bundle");
    expect(bundle.id).toMatch(/^bundle--[0-9a-f-]{36}$/);
    const [identity] = ofType("identity");
    expect(identity?.name).toBe(PEER_IDENTITY_NAME);
    expect(ofType("marking-definition")).toEqual([TLP_GREEN]);
    for (const o of bundle.objects.filter((x) => x.type !== "marking-definition" && x.type !== "identity")) {
      expect(o.spec_version).toBe("2.1");
      expect(o.created_by_ref).toBe(identity?.id);
      expect(o.object_marking_refs).toEqual([TLP_GREEN.id]);
      expect(o.created).toMatch(/T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  });

  it("describes one campaign with the templates' ids as custom properties", () => {
    const campaigns = ofType("campaign");
    expect(campaigns).toHaveLength(1);
    expect(campaigns[0]?.x_prompt_template_ids).toEqual(KNOWN_TEMPLATES.map((t) => t.id));
  });

  it("links every indicator to the campaign and covers CIDRs, ASNs and the client fingerprint", () => {
    const indicators = ofType("indicator");
    const rels = ofType("relationship");
    const campaignId = ofType("campaign")[0]?.id;
    expect(rels.map((r) => r.source_ref).sort()).toEqual(indicators.map((i) => i.id).sort());
    expect(rels.every((r) => r.relationship_type === "indicates" && r.target_ref === campaignId)).toBe(true);
    const patterns = indicators.map((i) => String(i.pattern));
    expect(patterns.some((p) => p.startsWith("[ipv4-addr:value ISSUBSET '"))).toBe(true);
    expect(patterns.some((p) => p.startsWith("[autonomous-system:number = "))).toBe(true);
    expect(indicators.some((i) => typeof i.x_ja4 === "string" && typeof i.x_user_agent === "string")).toBe(true);
    for (const i of indicators) expect(Date.parse(String(i.valid_until))).toBeGreaterThan(out.importAt);
  });

  it("matches the known campaign's traffic: its exits, ASNs and client", () => {
    const cidrs = ofType("indicator").map((i) => /ISSUBSET '([^']+)'/.exec(String(i.pattern))?.[1]).filter((c): c is string => !!c);
    const fp = ofType("indicator").find((i) => i.x_ja4);
    expect(known.length).toBeGreaterThan(0);
    for (const l of known) {
      expect(cidrs.some((c) => inCidr(l.ip, c))).toBe(true);
      expect(l.ja4).toBe(fp?.x_ja4);
      expect(l.userAgent).toBe(fp?.x_user_agent);
      expect(l.ts).toBeGreaterThan(out.importAt);
    }
  });

  it("carries no prompt text and no keys", () => {
    const text = out.files[FILES.peerBundle] ?? "";
    for (const l of known.slice(0, 50)) {
      const body = l.body as { messages?: { content: unknown }[] };
      const prompt = String(body.messages?.[body.messages.length - 1]?.content ?? "");
      expect(text).not.toContain(prompt.slice(0, 40));
      expect(text).not.toContain(l.apiKey);
    }
  });
});
