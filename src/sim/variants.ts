/**
 * The simulator's variants, as one table: each is a way the traffic can
 * differ from the default that a different simulator of the same scenarios
 * may well choose (how the campaigns' traffic leaves, how legitimate users'
 * networks move, who tries a new model, how many accounts a campaign
 * spreads over). `simulate` takes each as a flag and records it in the
 * manifest; `eval` takes the same flags, names its folder and heading by
 * them and reuses a simulation only when every one matches. A variant at
 * its default changes no byte of the output.
 */
import { EGRESS_KINDS, LEGIT_EGRESS_KINDS } from "./network.js";
import { CAMPAIGN_ACCOUNTS, PUBLIC_HARNESS, RELEASE_USERS, SERVER_STATE } from "./scenario.js";

interface Variant<V extends string> {
  /** The command-line flag, without its dashes. */
  flag: string;
  values: readonly V[];
  fallback: V;
  /** What a value other than the default makes of the traffic (simulate's stderr); "" for the default. */
  note: Record<V, string>;
  /** Words for the eval heading and folder name at a value other than the default. */
  heading: (v: V) => string;
  folder: (v: V) => string;
}

const variant = <V extends string>(v: Variant<V>): Variant<V> => v;

export const VARIANTS = {
  egress: variant({
    flag: "egress", values: EGRESS_KINDS, fallback: "rotating",
    note: {
      rotating: "", sticky: "campaign accounts keep each proxy exit for a session",
      dedicated: "every campaign account on one proxy exit of its own", static: "every campaign account on residential addresses of its own",
    },
    heading: (v) => `${v} egress`, folder: (v) => v,
  }),
  legitEgress: variant({
    flag: "legit-egress", values: LEGIT_EGRESS_KINDS, fallback: "fixed",
    note: { fixed: "", churn: "phones, VPNs, offices and cloud runners move legitimate traffic between addresses" },
    heading: (v) => `legitimate egress ${v}`, folder: (v) => `legit-${v}`,
  }),
  releaseUsers: variant({
    flag: "release-users", values: RELEASE_USERS, fallback: "existing",
    note: { existing: "", new: "people who sign up to try the new model" },
    heading: (v) => `release-day users ${v}`, folder: (v) => `release-${v}`,
  }),
  campaignAccounts: variant({
    flag: "campaign-accounts", values: CAMPAIGN_ACCOUNTS, fallback: "few",
    note: { few: "", many: "each single-account-style campaign on five times the accounts, each at a fifth of the rate (one shift at least)" },
    heading: (v) => `campaign accounts ${v}`, folder: (v) => `campaigns-${v}`,
  }),
  publicHarness: variant({
    flag: "public-harness", values: PUBLIC_HARNESS, fallback: "none",
    note: { none: "", shared: "legitimate developers run the massive-coding campaign's open-source agent harness too, with the reasoning asked for on every request" },
    heading: (v) => `public harness ${v}`, folder: (v) => `harness-${v}`,
  }),
  serverState: variant({
    flag: "server-state", values: SERVER_STATE, fallback: "none",
    note: { none: "", conversations: "Responses users keep their conversations at the provider; the surgical campaign places its instruction in a conversation once a shift and sends bare problems" },
    heading: (v) => `server-side ${v}`, folder: (v) => `state-${v}`,
  }),
} as const;

export type VariantName = keyof typeof VARIANTS;
export type Variants = { [K in VariantName]: (typeof VARIANTS)[K]["values"][number] };
export const VARIANT_NAMES = Object.keys(VARIANTS) as VariantName[];

export const DEFAULT_VARIANTS: Variants = Object.fromEntries(VARIANT_NAMES.map((k) => [k, VARIANTS[k].fallback])) as Variants;

/** parseArgs options for every variant's flag (no default: an absent flag is the variant's default). */
export function variantOptions(): Record<string, { type: "string" }> {
  return Object.fromEntries(VARIANT_NAMES.map((k) => [VARIANTS[k].flag, { type: "string" as const }]));
}

/** `--egress rotating|sticky|… --legit-egress …` for a usage line. */
export function variantUsage(): string {
  return VARIANT_NAMES.map((k) => `[--${VARIANTS[k].flag} ${VARIANTS[k].values.join("|")}]`).join(" ");
}

/** The variants from parsed flags (keyed by flag), each checked against its values; `fail` is called with the first bad one. */
export function readVariants(values: Record<string, unknown>, fail: (message: string) => never): Variants {
  const out = { ...DEFAULT_VARIANTS };
  for (const k of VARIANT_NAMES) {
    const { flag, values: allowed } = VARIANTS[k];
    const v = values[flag];
    if (v === undefined) continue;
    if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) fail(`--${flag} must be ${allowed.join(", ")}, not "${String(v)}"`);
    (out as Record<string, string>)[k] = v;
  }
  return out;
}

/** The variants that differ from their defaults, as they are. */
function changed(v: Partial<Variants>): [VariantName, string][] {
  return VARIANT_NAMES.flatMap((k) => (v[k] !== undefined && v[k] !== VARIANTS[k].fallback ? [[k, v[k]!] as [VariantName, string]] : []));
}

/** Command-line flags for the variants that differ from their defaults (run-simulate.ts). */
export function variantFlags(v: Partial<Variants>): string[] {
  return changed(v).flatMap(([k, value]) => [`--${VARIANTS[k].flag}`, value]);
}

/** `-sticky-legit-churn`: the eval folder's suffix, "" at the defaults. */
export function variantFolder(v: Partial<Variants>): string {
  return changed(v).map(([k, value]) => `-${(VARIANTS[k].folder as (x: string) => string)(value)}`).join("");
}

/** `, sticky egress, legitimate egress churn`: the eval heading's words, "" at the defaults. */
export function variantHeading(v: Partial<Variants>): string {
  return changed(v).map(([k, value]) => `, ${(VARIANTS[k].heading as (x: string) => string)(value)}`).join("");
}

/** One stderr line per variant that differs from its default (simulate). */
export function variantNotes(v: Partial<Variants>): string[] {
  return changed(v).map(([k, value]) => `${(VARIANTS[k].heading as (x: string) => string)(value)}: ${(VARIANTS[k].note as Record<string, string>)[value]}`);
}

/** Whether a manifest was written with exactly these variants (a field it lacks is its default). */
export function sameVariants(manifest: Record<string, unknown>, v: Variants): boolean {
  return VARIANT_NAMES.every((k) => (manifest[k] ?? VARIANTS[k].fallback) === v[k]);
}
