/**
 * The STIX 2.1 bundle a fictional peer provider shares about one campaign
 * (the known campaign): its identity, a TLP:GREEN marking, the campaign with
 * its prompt-template ids and fingerprints as custom properties, indicators
 * for the proxy CIDRs, exit addresses, ASNs and client fingerprint (JA4 +
 * user agent), and `indicates` relationships. No raw prompts, no keys.
 */
import type { Rng } from "./rng.js";
import type { PeerIntel } from "./scenario.js";
import { DAY, HOUR, iso } from "./time.js";
import { templateFingerprint } from "../detect/fingerprint.js";
import { boundText } from "../detect/normalize.js";

/**
 * Template fingerprints of sample prompts, in the format of
 * src/detect/fingerprint.ts.
 * TODO(lead): connect to the detector's `templateFingerprint`; until then the
 * bundle carries only the templates' ids.
 */
export function peerTemplateFingerprints(texts: readonly string[]): string[] {
  // Exactly what the guard computes for a request's last user message
  // (detect/index.ts), so a peer's fingerprints match live traffic.
  return [...new Set(texts.flatMap((t) => templateFingerprint(boundText(t)) ?? []))];
}

/** The predefined TLP:GREEN marking of the STIX 2.1 specification (section 7.2.1.4). */
export const TLP_GREEN = {
  type: "marking-definition",
  spec_version: "2.1",
  id: "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
  created: "2017-01-20T00:00:00.000Z",
  definition_type: "tlp",
  name: "TLP:GREEN",
  definition: { tlp: "green" },
} as const;

export const PEER_IDENTITY_NAME = "Northwind Models Trust & Safety";

type StixObject = Record<string, unknown>;

export function buildPeerBundle(r: Rng, intel: PeerIntel, importAt: number): StixObject {
  const created = iso(Math.min(importAt - HOUR, intel.lastSeen + HOUR));
  const validFrom = iso(intel.firstSeen);
  const validUntil = iso(importAt + 30 * DAY);
  const identityId = `identity--${r.uuid()}`;
  const campaignId = `campaign--${r.uuid()}`;
  const common = { spec_version: "2.1", created, modified: created, created_by_ref: identityId, object_marking_refs: [TLP_GREEN.id] };

  const fingerprints = [...new Set(intel.templates.flatMap((t) => peerTemplateFingerprints(t.samples)))];
  const campaign: StixObject = {
    type: "campaign", id: campaignId, ...common,
    name: intel.name, description: intel.description, objective: "Distil a frontier model's reasoning into a competing model.",
    first_seen: validFrom, last_seen: iso(intel.lastSeen), confidence: 85,
    x_prompt_template_ids: intel.templates.map((t) => t.id),
    ...(fingerprints.length > 0 ? { x_prompt_template_fingerprints: fingerprints } : {}),
  };

  const indicator = (name: string, pattern: string, extra: StixObject = {}): StixObject => ({
    type: "indicator", id: `indicator--${r.uuid()}`, ...common,
    name, indicator_types: ["malicious-activity"], pattern, pattern_type: "stix", pattern_version: "2.1",
    valid_from: validFrom, valid_until: validUntil, confidence: 80, ...extra,
  });
  const quote = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  const indicators: StixObject[] = [
    ...intel.cidrs.map((c) => indicator(`Proxy exit block ${c}`, `[ipv4-addr:value ISSUBSET ${quote(c)}]`)),
    indicator("Observed proxy exit addresses", `[${intel.ips.map((ip) => `ipv4-addr:value = ${quote(ip)}`).join(" OR ")}]`, { confidence: 70 }),
    ...intel.asns.map((n) => indicator(`Proxy provider AS${n}`, `[autonomous-system:number = ${n}]`, { confidence: 50 })),
    ...intel.ja4s.flatMap((ja4) => intel.userAgents.map((ua) =>
      indicator("Campaign client fingerprint (JA4 + User-Agent)",
        `[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = ${quote(ua)} AND network-traffic:x_ja4 = ${quote(ja4)}]`,
        { x_ja4: ja4, x_user_agent: ua, confidence: 75 }))),
  ];

  const relationships = indicators.map((ind) => ({
    type: "relationship", id: `relationship--${r.uuid()}`, ...common,
    relationship_type: "indicates", source_ref: ind.id, target_ref: campaignId,
  }));

  const identity = {
    type: "identity", spec_version: "2.1", id: identityId, created, modified: created,
    name: PEER_IDENTITY_NAME, identity_class: "organization", sectors: ["technology"],
    contact_information: "abuse-intel@northwind-models.example",
  };

  return { type: "bundle", id: `bundle--${r.uuid()}`, objects: [identity, TLP_GREEN, campaign, ...indicators, ...relationships] };
}
