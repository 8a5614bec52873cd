/**
 * The policy document: one zod-validated object. Defaults live here in code;
 * operators store a partial override in KV (`PUT /_guard/policy`), merged
 * over these defaults and validated as a whole before it is accepted.
 */
import * as z from "zod";
import { isObj } from "../dialects/json-checks.js";
import { SafeguardPolicy } from "../safeguards/policy.js";
import { CampaignPolicy } from "../campaign/types.js";
import { IntelPolicy } from "../intel/taxii-client.js";
import { MachinePolicy } from "./machine.js";
import { UninspectedPolicy } from "./uninspected.js";

export const TIERS = ["free", "edu", "research", "paid", "enterprise"] as const;
export const Tier = z.enum(TIERS);
export type Tier = z.infer<typeof Tier>;

export const Mode = z.enum(["enforce", "shadow"]);
export type Mode = z.infer<typeof Mode>;

export const FailMode = z.enum(["open", "closed"]);
export type FailMode = z.infer<typeof FailMode>;

const TierPolicy = z.object({
  /** Requests over any rolling 60 s (REPLAY.md "Default tier limits"). */
  rpm: z.number().int().positive(),
  /** Input + output tokens over any rolling 60 s. */
  tpm: z.number().int().positive(),
  /** What happens when the account object or KV does not answer in time. */
  failMode: FailMode,
});
export type TierPolicy = z.infer<typeof TierPolicy>;

export const DEFAULT_TIERS: Record<Tier, TierPolicy> = {
  free: { rpm: 20, tpm: 40_000, failMode: "closed" },
  edu: { rpm: 60, tpm: 100_000, failMode: "closed" },
  research: { rpm: 60, tpm: 100_000, failMode: "closed" },
  paid: { rpm: 500, tpm: 1_000_000, failMode: "open" },
  enterprise: { rpm: 4_000, tpm: 8_000_000, failMode: "open" },
};

export const LimitsPolicy = z.object({
  /** Output tokens reserved at admission when the request sets no max. */
  defaultOutputReserve: z.number().int().nonnegative().default(1024),
  /**
   * Upper bound of the output part of a reservation. A request asking for
   * max_tokens 64k is reserved at most this much up front and reconciled with
   * the origin's usage afterwards, so that a large max_tokens alone never
   * throttles legitimate traffic that stays within its tier.
   */
  maxOutputReserve: z.number().int().positive().default(4096),
});

export const TimeoutsPolicy = z.object({
  /** Account Durable Object answer; past it the fail mode applies. */
  accountMs: z.number().int().positive().max(30_000).default(2_000),
  /** KV reads (account record, blocklists, policy). */
  kvMs: z.number().int().positive().max(30_000).default(1_500),
  /** Origin: time to response headers. */
  originMs: z.number().int().positive().max(600_000).default(120_000),
});

export const CachePolicy = z.object({
  /** Seconds an edge isolate keeps a KV value (account records, blocklist entries, policy). */
  kvSeconds: z.number().int().min(1).max(3600).default(30),
});

export const Policy = z.object({
  version: z.literal(1).default(1),
  mode: Mode.default("enforce"),
  tiers: z
    .object({
      free: TierPolicy.default(DEFAULT_TIERS.free),
      edu: TierPolicy.default(DEFAULT_TIERS.edu),
      research: TierPolicy.default(DEFAULT_TIERS.research),
      paid: TierPolicy.default(DEFAULT_TIERS.paid),
      enterprise: TierPolicy.default(DEFAULT_TIERS.enterprise),
    })
    .default(DEFAULT_TIERS),
  /** Fail mode when the tier is not known yet (KV account lookup timed out). */
  unknownTierFailMode: FailMode.default("closed"),
  limits: LimitsPolicy.default(LimitsPolicy.parse({})),
  timeouts: TimeoutsPolicy.default(TimeoutsPolicy.parse({})),
  cache: CachePolicy.default(CachePolicy.parse({})),
  /** What a `degrade` decision does to requests and responses (safeguards/policy.ts). */
  safeguards: SafeguardPolicy.default(SafeguardPolicy.parse({})),
  /** The behavioural state machine: weights, thresholds, half-lives (policy/machine.ts). */
  machine: MachinePolicy.default(MachinePolicy.parse({})),
  /** Cross-account campaign detection (campaign/types.ts). */
  campaign: CampaignPolicy.default(CampaignPolicy.parse({})),
  /** Peer TAXII collections pulled by the Cron Trigger (intel/taxii-client.ts). */
  intel: IntelPolicy.default(IntelPolicy.parse({ peers: [] })),
  /** Paths where the model generates but requests cannot be inspected one by one (batches…), and who may use them (policy/uninspected.ts). */
  uninspected: UninspectedPolicy.default(UninspectedPolicy.parse({})),
  /** Largest accepted request body in bytes. */
  maxBodyBytes: z.number().int().positive().max(100_000_000).default(4_000_000),
});
export type Policy = z.infer<typeof Policy>;

export const DEFAULT_POLICY: Policy = Policy.parse({});

/** Deep-merge a partial override over the defaults and validate the result. */
export function mergePolicy(override: unknown): ReturnType<typeof Policy.safeParse> {
  return Policy.safeParse(deepMerge(structuredClone(DEFAULT_POLICY), override));
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (!isObj(base) || !isObj(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}
