/** Blocklist entries and a confirmed campaign, as the export reads them from KV. */
import type { CampaignSummary } from "../../../src/campaign/types";
import { networkFingerprint } from "../../../src/intel/network-fp";
import type { ExportInput } from "../../../src/intel/stix";
import type { BlocklistEntry } from "../../../src/intel/types";

export const T0 = Date.parse("2026-03-01T12:00:00.000Z");
export const NOW = T0 + 3_600_000;
const DAY = 86_400_000;
export const JA4 = "t13d1516h2_8daaf6152771_b186095e22b6";
export const NET = { ja4: JA4, userAgent: "python-httpx/0.27.0", asn: 64500 };
export const NET_FP = networkFingerprint(NET)!;

const e = (kind: BlocklistEntry["kind"], value: string, over: Partial<BlocklistEntry> = {}): BlocklistEntry => ({
  kind, value, reason: `blocked ${kind}`, source: "admin:token:abc", confidence: 90, createdAt: T0, expiresAt: T0 + 30 * DAY, ...over,
});

export const CAMPAIGN: CampaignSummary = {
  id: `net-${NET_FP}`, name: `Distillation campaign net-${NET_FP}`, kind: "network", fp: NET_FP, status: "confirmed", confidence: 88,
  reasons: ["young-or-unverified-extraction-accounts:12", "accounts:40"], firstSeen: T0 - DAY, lastSeen: T0, detectedAt: T0 - 3_600_000,
  updatedAt: T0, expiresAt: T0 + 7 * DAY, accounts: 40, net: NET, related: [{ kind: "template", fp: "0123456789abcdef" }],
  published: [{ kind: "networkFp", value: NET_FP }],
};

export const INPUT: ExportInput = {
  entries: [
    e("ip", "203.0.113.7"),
    e("ip", "2001:db8::7", { expiresAt: null, confidence: 100 }),
    e("cidr", "198.51.100.0/24", { reason: "proxy exit block" }),
    e("cidr", "2001:db8:100::/48"),
    e("asn", "64501", { confidence: 40 }),
    e("ja4", JA4, { confidence: 60 }),
    e("templateFp", "0123456789abcdef", { source: `campaign:${CAMPAIGN.id}`, createdAt: T0 - 1000 }),
    e("systemFp", "fedcba9876543210"),
    e("networkFp", NET_FP, { source: `campaign:${CAMPAIGN.id}`, confidence: 88 }),
    // Never exported: credentials, customers, what peers told us, what has expired.
    e("keyHash", "a".repeat(64)),
    e("account", "acct-42"),
    e("org", "org-7"),
    e("ip", "192.0.2.99", { source: "peer:Other Lab" }),
    e("ip", "192.0.2.100", { expiresAt: NOW - 1 }),
  ],
  campaigns: [CAMPAIGN, { ...CAMPAIGN, id: "tpl-1111111111111111", fp: "1111111111111111", kind: "template", status: "suspected", net: null }],
};
