/**
 * The account record kept in KV (`acct:<id>`), and the key index
 * (`key:<hmac>` → account id). Raw API keys are never stored: only
 * HMAC-SHA256(KEY_HASH_SECRET, key), see lib/hash.ts.
 */
import { isWellFormedText, NOT_WELL_FORMED } from "../lib/well-formed.js";
import { isSendableKey, NOT_SENDABLE_KEY } from "../lib/api-key.js";
import * as z from "zod";
import { Mode, Tier } from "../policy/schema.js";

export const Baseline = z.object({
  rpm: z.number().int().positive().optional(),
  tpm: z.number().int().positive().optional(),
  domains: z.array(z.string().min(1).max(32)).max(16).default([]),
  note: z.string().max(1000).default(""),
  /** Epoch ms after which the baseline no longer applies. */
  until: z.number().int().nonnegative().nullable().default(null),
});
export type Baseline = z.infer<typeof Baseline>;

export const AccountId = z.string().regex(/^[A-Za-z0-9._:@-]{1,128}$/, "account ids are 1-128 characters of A-Z a-z 0-9 . _ : @ -");

export const AccountRecord = z.object({
  account: AccountId,
  org: z.string().min(1).max(128).nullable().default(null),
  tier: Tier,
  verified: z.boolean().default(false),
  createdAt: z.number().int().nonnegative(),
  baseline: Baseline.nullable().default(null),
  /** Per-account mode; null follows the policy's global mode. */
  mode: Mode.nullable().default(null),
  /** HMACs of this account's keys (hex). */
  keyHashes: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(64).default([]),
  updatedAt: z.number().int().nonnegative().default(0),
});
export type AccountRecord = z.infer<typeof AccountRecord>;

/**
 * What the admin API accepts on PUT /_guard/accounts/:id (keys raw, hashed on
 * write). Keys and orgs are hashed as UTF-8, where every lone surrogate reads
 * as U+FFFD: two texts that are not well-formed could hash as one.
 */
export const AccountUpsert = z.object({
  org: z.string().min(1).max(128).refine(isWellFormedText, NOT_WELL_FORMED).nullable().optional(),
  tier: Tier.optional(),
  verified: z.boolean().optional(),
  createdAt: z.number().int().nonnegative().optional(),
  baseline: Baseline.nullable().optional(),
  mode: Mode.nullable().optional(),
  /** Replaces the account's key set when present. */
  apiKeys: z.array(z.string().min(1).max(512).refine(isSendableKey, NOT_SENDABLE_KEY)).max(64).optional(),
});
export type AccountUpsert = z.infer<typeof AccountUpsert>;

/** The part of a record the account object needs on each request. */
export interface AccountInfo {
  id: string;
  org: string | null;
  tier: Tier;
  verified: boolean;
  createdAt: number;
  baseline: Baseline | null;
  mode: Mode | null;
}

export function accountInfo(r: AccountRecord): AccountInfo {
  return {
    id: r.account, org: r.org, tier: r.tier, verified: r.verified,
    createdAt: r.createdAt, baseline: r.baseline, mode: r.mode,
  };
}
