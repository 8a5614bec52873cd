/**
 * Blocklist entries, as stored in KV (one key per entry) and as exchanged
 * with peers (STIX indicators are translated to and from these).
 */
import * as z from "zod";

export const BLOCKLIST_KINDS = [
  "keyHash", "account", "org", "ip", "cidr", "asn", "ja4", "templateFp", "systemFp", "networkFp",
] as const;
export type BlocklistKind = (typeof BLOCKLIST_KINDS)[number];

export const BlocklistEntry = z.object({
  kind: z.enum(BLOCKLIST_KINDS),
  /** The value matched: a hash, an id, an address, "10.0.0.0/8", "13335", a JA4, a fingerprint. */
  value: z.string().min(1).max(512),
  reason: z.string().min(1).max(500),
  /** Who put it there: "admin:<token-id>", "campaign:<id>", "peer:<identity>". */
  source: z.string().min(1).max(200),
  /** Confidence 0-100, as in STIX. */
  confidence: z.number().int().min(0).max(100).default(100),
  createdAt: z.number().int().nonnegative(),
  /** Epoch ms after which the entry no longer applies; null = no expiry. */
  expiresAt: z.number().int().nonnegative().nullable().default(null),
});
export type BlocklistEntry = z.infer<typeof BlocklistEntry>;
