/**
 * STIX 2.1 export (pure): the guard's own blocklist entries and confirmed
 * campaigns as a bundle a peer can import — identity, TLP marking, campaign
 * objects, indicators with STIX patterns, `indicates` relationships.
 *
 * Ids are UUIDv5 of the producer's name and the content's identity (kind +
 * value, campaign id), and timestamps come from the entries themselves, so
 * re-exporting an unchanged blocklist gives a byte-identical bundle.
 *
 * What is never exported: key hashes, account ids, org ids (the `keyHash`,
 * `account` and `org` kinds), entries learned from peers (their TLP is theirs
 * to decide; re-sharing would also echo intel back and forth), prompt text.
 *
 * The extension definition is not put inside the bundle: the official bundle
 * schema only admits the types it enumerates plus custom objects, and it
 * rejects an `extension-definition` (it matches both of its custom-object
 * branches). It is served beside the bundle instead (TAXII collection,
 * `extensionDefinition()`), and validates on its own against
 * common/extension-definition.json.
 */
import type { CampaignSummary, PublishedFpKind } from "../campaign/types.js";
import { isLive, parseCidr } from "./match.js";
import { networkFingerprint, type NetworkParts } from "./network-fp.js";
import { quote } from "./stix-pattern.js";
import {
  EXTENSION_CREATED, EXTENSION_ID, ID_NAMESPACE, NETWORK_OBJECT, PROMPT_OBJECT, extensionDefinition, isoMs, tlpMarking,
  type FingerprintKind, type StixBundle, type StixObject, type TlpLevel,
} from "./stix-types.js";
import type { BlocklistEntry, BlocklistKind } from "./types.js";
import { uuidV5 } from "./uuid-v5.js";

export interface ProducerIdentity {
  /** The STIX identity name (GUARD_NAME); peers record imports as `peer:<name>`. */
  name: string;
  contact?: string;
  /** TLP level of everything exported; TLP:GREEN (community-wide) by default. */
  tlp?: TlpLevel;
}

export interface ExportInput {
  entries: readonly BlocklistEntry[];
  campaigns: readonly CampaignSummary[];
}

export const EXPORTED_KINDS: readonly BlocklistKind[] = ["ip", "cidr", "asn", "ja4", "templateFp", "systemFp", "networkFp"];

const FP_KIND: Partial<Record<BlocklistKind, FingerprintKind>> = {
  templateFp: "template", systemFp: "system", networkFp: "network", ja4: "ja4",
};

const LABEL: Record<string, string> = {
  ip: "Client address", cidr: "Client address range", asn: "Autonomous system", ja4: "TLS client fingerprint (JA4)",
  templateFp: "Prompt-template fingerprint", systemFp: "System-prompt fingerprint", networkFp: "Network fingerprint (JA4 + User-Agent + ASN)",
};

export function stixId(type: string, identityName: string, key: string): string {
  return `${type}--${uuidV5(ID_NAMESPACE, `${identityName}\n${type}\n${key}`)}`;
}

export function identityObject(p: ProducerIdentity): StixObject {
  return {
    type: "identity", spec_version: "2.1", id: stixId("identity", p.name, p.name),
    created: EXTENSION_CREATED, modified: EXTENSION_CREATED, name: p.name, identity_class: "organization",
    ...(p.contact ? { contact_information: p.contact } : {}),
  };
}

/** The STIX pattern for one blocklist entry; `net` gives a network fingerprint's parts when known. */
export function patternFor(kind: BlocklistKind, value: string, net: NetworkParts | null = null): string | null {
  switch (kind) {
    case "ip":
      return `[${value.includes(":") ? "ipv6-addr" : "ipv4-addr"}:value = ${quote(value)}]`;
    case "cidr": {
      const c = parseCidr(value);
      return c ? `[${c.bits === 32 ? "ipv4-addr" : "ipv6-addr"}:value ISSUBSET ${quote(value)}]` : null;
    }
    case "asn":
      return /^\d+$/.test(value) ? `[autonomous-system:number = ${Number(value)}]` : null;
    case "ja4":
      return `[network-traffic:x_ja4 = ${quote(value)}]`;
    case "templateFp":
      return `[${PROMPT_OBJECT}:template_fp = ${quote(value)}]`;
    case "systemFp":
      return `[${PROMPT_OBJECT}:system_fp = ${quote(value)}]`;
    case "networkFp":
      return net?.ja4 && net.userAgent !== null && networkFingerprint(net) === value ? networkTrafficPattern(net) : `[${NETWORK_OBJECT}:fingerprint = ${quote(value)}]`;
    default:
      return null;
  }
}

/** JA4 + User-Agent (+ the source address's AS) on one network-traffic object. */
export function networkTrafficPattern(net: NetworkParts): string {
  const parts = [
    `network-traffic:x_ja4 = ${quote(net.ja4 ?? "")}`,
    `network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = ${quote(net.userAgent ?? "")}`,
  ];
  if (net.asn !== null) parts.push(`network-traffic:src_ref.belongs_to_refs[*].number = ${net.asn}`);
  return `[${parts.join(" AND ")}]`;
}

function campaignOf(e: BlocklistEntry, byId: Map<string, CampaignSummary>): CampaignSummary | undefined {
  return e.source.startsWith("campaign:") ? byId.get(e.source.slice("campaign:".length)) : undefined;
}

/** Properties every exported object but the identity and marking carries. */
interface Refs {
  created_by_ref: string;
  object_marking_refs: string[];
}

function indicatorFor(e: BlocklistEntry, camp: CampaignSummary | undefined, common: Refs, idName: string): StixObject | null {
  const net = camp?.net && networkFingerprint(camp.net) === e.value ? camp.net : null;
  const pattern = patternFor(e.kind, e.value, net);
  if (!pattern || (e.expiresAt !== null && e.expiresAt <= e.createdAt)) return null;
  const fpKind = FP_KIND[e.kind];
  const ext = fpKind
    ? {
      extensions: {
        [EXTENSION_ID]: {
          extension_type: "property-extension", fingerprint_kind: fpKind, fingerprint: e.value,
          ...(net ? { ja4: net.ja4, user_agent: net.userAgent, ...(net.asn !== null ? { asn: net.asn } : {}) } : {}),
        },
      },
    }
    : {};
  const ts = isoMs(e.createdAt);
  return {
    type: "indicator", spec_version: "2.1", id: stixId("indicator", idName, `${e.kind}:${e.value}`),
    created: ts, modified: ts, ...common,
    name: `${LABEL[e.kind] ?? e.kind} ${e.value}`, description: e.reason,
    indicator_types: ["malicious-activity"], pattern, pattern_type: "stix", pattern_version: "2.1",
    valid_from: ts, ...(e.expiresAt !== null ? { valid_until: isoMs(e.expiresAt) } : {}),
    confidence: e.confidence, ...ext,
  };
}

type SharedCampaign = CampaignSummary & { kind: PublishedFpKind };

function campaignObject(c: SharedCampaign, common: Refs, idName: string): StixObject {
  const kindText = { template: "prompt template", system: "system prompt", network: "network client" }[c.kind];
  // Org fingerprints are never shared: splitReport keeps them out of `related`, and this keeps the export safe should any path put one there.
  const fingerprints = [{ kind: c.kind, value: c.fp }, ...c.related.filter((r) => r.kind !== "org").map((r) => ({ kind: r.kind, value: r.fp }))];
  return {
    type: "campaign", spec_version: "2.1", id: stixId("campaign", idName, c.id),
    created: isoMs(c.detectedAt), modified: isoMs(Math.max(c.updatedAt, c.detectedAt)), ...common,
    name: c.name,
    description: `Model-extraction (distillation) campaign: about ${c.accounts} accounts sharing one ${kindText} fingerprint. ${c.reasons.join("; ")}`,
    first_seen: isoMs(c.firstSeen), last_seen: isoMs(Math.max(c.lastSeen, c.firstSeen)),
    objective: "Extract a model's outputs and reasoning to train a competing model (distillation).",
    confidence: c.confidence,
    extensions: { [EXTENSION_ID]: { extension_type: "property-extension", fingerprints, accounts: c.accounts } },
  };
}

function relationship(ind: StixObject, camp: StixObject, common: Refs, idName: string): StixObject {
  return {
    type: "relationship", spec_version: "2.1", id: stixId("relationship", idName, `${ind.id} indicates ${camp.id}`),
    created: ind.modified, modified: ind.modified, ...common,
    relationship_type: "indicates", source_ref: ind.id, target_ref: camp.id,
  };
}

const byId = (a: StixObject, b: StixObject): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Every object of the export, the identity and marking first. */
export function toStixObjects(input: ExportInput, identity: ProducerIdentity, now: number): StixObject[] {
  const who = identityObject(identity);
  const marking = tlpMarking(identity.tlp ?? "green");
  const common: Refs = { created_by_ref: who.id, object_marking_refs: [marking.id] };
  // An org's campaign is never shared (campaign/types.ts policy.org): its fingerprint names a customer.
  const campaigns = new Map(input.campaigns.filter((c): c is SharedCampaign => c.status === "confirmed" && c.kind !== "org").map((c) => [c.id, c]));
  const campObjs = new Map([...campaigns.values()].map((c) => [c.id, campaignObject(c, common, identity.name)]));
  const indicators: StixObject[] = [];
  const rels: StixObject[] = [];
  const seen = new Set<string>();
  for (const e of input.entries) {
    if (!EXPORTED_KINDS.includes(e.kind) || e.source.startsWith("peer:") || !isLive(e, now)) continue;
    const camp = campaignOf(e, campaigns);
    const ind = indicatorFor(e, camp, common, identity.name);
    if (!ind || seen.has(ind.id)) continue;
    seen.add(ind.id);
    indicators.push(ind);
    const co = camp ? campObjs.get(camp.id) : undefined;
    if (co) rels.push(relationship(ind, co, common, identity.name));
  }
  return [who, marking, ...[...campObjs.values()].sort(byId), ...indicators.sort(byId), ...rels.sort(byId)];
}

/** The bundle; its id is derived from the ids and versions of what it holds. */
export function toStixBundle(input: ExportInput, identity: ProducerIdentity, now: number): StixBundle {
  const objects = toStixObjects(input, identity, now);
  const digest = objects.map((o) => `${o.id}@${String(o.modified ?? o.created ?? "")}`).join("\n");
  return { type: "bundle", id: `bundle--${uuidV5(ID_NAMESPACE, digest)}`, objects };
}

export { extensionDefinition };
