/**
 * STIX 2.1 vocabulary shared by the exporter (stix.ts), the importer
 * (stix-import.ts) and the TAXII server: media types, the predefined TLP
 * markings, the guard's extension definition, and the zod schemas that an
 * incoming bundle is validated with (only the objects and properties the
 * importer reads; everything else is carried through untouched).
 */
import * as z from "zod";
import { uuidV5 } from "./uuid-v5.js";

export const STIX_MEDIA_TYPE = "application/stix+json;version=2.1";
export const TAXII_MEDIA_TYPE = "application/taxii+json;version=2.1";

/** Namespace of the guard's name-based ids (a fixed random UUID; never change it). */
export const ID_NAMESPACE = "4f0c6a3e-9d1b-4c55-8e0a-2b7d9c1e5a60";

export type StixObject = Record<string, unknown> & { type: string; id: string };
export interface StixBundle {
  type: "bundle";
  id: string;
  objects: StixObject[];
}

/** The STIX 2.1 predefined TLP 1.0 markings (spec section 7.2.1.4); the official schema knows exactly these. */
export const TLP_LEVELS = ["white", "green", "amber", "red"] as const;
export type TlpLevel = (typeof TLP_LEVELS)[number];
const TLP1_IDS: Record<TlpLevel, string> = {
  white: "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
  green: "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
  amber: "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
  red: "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
};

export function tlpMarking(level: TlpLevel): StixObject {
  return {
    type: "marking-definition", spec_version: "2.1", id: TLP1_IDS[level], created: "2017-01-20T00:00:00.000Z",
    definition_type: "tlp", name: `TLP:${level.toUpperCase()}`, definition: { tlp: level },
  };
}

/**
 * TLP markings a peer may use, 1.0 and 2.0 (FIRST TLP 2.0 as STIX markings,
 * published by the OASIS CTI TC in 2022). RED and AMBER+STRICT material is
 * for the recipient only: it is imported but never re-shared (exports only
 * carry the guard's own entries anyway).
 */
export const KNOWN_TLP: Record<string, string> = {
  ...Object.fromEntries(TLP_LEVELS.map((l) => [TLP1_IDS[l], `TLP:${l.toUpperCase()}`])),
  "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487": "TLP:CLEAR",
  "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb": "TLP:GREEN",
  "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421": "TLP:AMBER",
  "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003": "TLP:AMBER+STRICT",
  "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1": "TLP:RED",
};

/**
 * The guard's property extension: prompt-template, system-prompt and network
 * fingerprints (and JA4) on indicators and campaigns, for which STIX has no
 * observable. Only fingerprints travel: never a prompt, a key or an account.
 */
export const EXTENSION_ID = `extension-definition--${uuidV5(ID_NAMESPACE, "distill-guard fingerprints extension 1.0")}`;
export const EXTENSION_CREATED = "2026-01-01T00:00:00.000Z";
export const FINGERPRINT_KINDS = ["template", "system", "network", "ja4"] as const;
export type FingerprintKind = (typeof FINGERPRINT_KINDS)[number];

/** Custom observable types used in patterns for values STIX has no object for (documented in the extension). */
export const PROMPT_OBJECT = "x-distill-prompt";
export const NETWORK_OBJECT = "x-distill-network";

export function extensionDefinition(identityId: string): StixObject {
  return {
    type: "extension-definition", spec_version: "2.1", id: EXTENSION_ID,
    created: EXTENSION_CREATED, modified: EXTENSION_CREATED, created_by_ref: identityId,
    name: "distill-guard fingerprints",
    description:
      "Fingerprints of model-extraction (distillation) campaigns against LLM APIs. On indicators: fingerprint_kind " +
      "(template: 64-bit SimHash of a prompt's instruction part, 16 hex, same template when Hamming distance <= 3; " +
      "system: the same over the system prompt; network: 16-hex hash of JA4 + normalised User-Agent + ASN; ja4), " +
      "fingerprint, and for network fingerprints ja4, user_agent and asn. On campaigns: fingerprints, a list of " +
      `{kind, value}, and accounts, the estimated number of distinct accounts. Patterns use ${PROMPT_OBJECT}:template_fp, ` +
      `${PROMPT_OBJECT}:system_fp and ${NETWORK_OBJECT}:fingerprint. Never carries prompt text, keys or account ids.`,
    // Plain text (the spec allows a URL or text): the guard has no canonical public URL of its own.
    schema:
      "Property extension. Indicator properties: fingerprint_kind (string: template|system|network|ja4), fingerprint " +
      "(string; 16 lowercase hex for template, system and network), ja4 (string), user_agent (string), asn (integer). " +
      "Campaign properties: fingerprints (list of {kind, value}), accounts (integer). Documented in distill-guard's docs/intel.md.",
    version: "1.0",
    extension_types: ["property-extension"],
  };
}

// ---- Validation of incoming bundles (the importer's boundary) ----

const ID_RE = /^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
const TS_RE = /^\d{4}-(0[1-9]|1[012])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z$/;

export const StixId = z.string().regex(ID_RE, "must be a STIX identifier like indicator--<uuid>");
export const Timestamp = z.string().regex(TS_RE, "must be an RFC 3339 UTC timestamp like 2026-01-01T00:00:00.000Z");
const Confidence = z.number().int().min(0).max(100);

const Common = {
  id: StixId,
  spec_version: z.literal("2.1", { error: 'spec_version must be "2.1" (STIX 2.0 is not supported)' }),
  created: Timestamp,
  modified: Timestamp,
  created_by_ref: StixId.optional(),
  revoked: z.boolean().optional(),
  confidence: Confidence.optional(),
  object_marking_refs: z.array(StixId).optional(),
  extensions: z.record(z.string(), z.unknown()).optional(),
};

export const BundleShape = z.looseObject({
  type: z.literal("bundle"),
  id: z.string().regex(/^bundle--/, "must start with bundle--").pipe(StixId),
  objects: z.array(z.looseObject({ type: z.string().min(1).max(250), id: StixId })).max(20_000),
});

export const IndicatorShape = z.looseObject({
  ...Common,
  type: z.literal("indicator"),
  name: z.string().max(1000).optional(),
  description: z.string().max(5000).optional(),
  indicator_types: z.array(z.string()).optional(),
  pattern: z.string().min(1).max(20_000),
  pattern_type: z.string().min(1),
  valid_from: Timestamp,
  valid_until: Timestamp.optional(),
});
export type IndicatorShape = z.infer<typeof IndicatorShape>;

export const CampaignShape = z.looseObject({
  ...Common,
  type: z.literal("campaign"),
  name: z.string().min(1).max(1000),
  description: z.string().max(10_000).optional(),
  first_seen: Timestamp.optional(),
  last_seen: Timestamp.optional(),
  /** Custom property some producers use instead of an extension. */
  x_prompt_template_fingerprints: z.array(z.string()).optional(),
});
export type CampaignShape = z.infer<typeof CampaignShape>;

export const IdentityShape = z.looseObject({ ...Common, type: z.literal("identity"), name: z.string().min(1).max(500) });

export const RelationshipShape = z.looseObject({
  ...Common,
  type: z.literal("relationship"),
  relationship_type: z.string().min(1),
  source_ref: StixId,
  target_ref: StixId,
});

/** The guard's extension as found on an indicator or a campaign. */
export const FingerprintExt = z.looseObject({
  extension_type: z.literal("property-extension"),
  fingerprint_kind: z.enum(FINGERPRINT_KINDS).optional(),
  fingerprint: z.string().min(1).max(512).optional(),
  ja4: z.string().max(200).optional(),
  user_agent: z.string().max(1000).optional(),
  asn: z.number().int().nonnegative().optional(),
  fingerprints: z.array(z.object({ kind: z.enum(FINGERPRINT_KINDS), value: z.string().min(1).max(512) })).max(100).optional(),
  accounts: z.number().int().nonnegative().optional(),
});
export type FingerprintExt = z.infer<typeof FingerprintExt>;

export function isoMs(ms: number): string {
  return new Date(ms).toISOString();
}
