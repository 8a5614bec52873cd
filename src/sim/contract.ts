/**
 * The replay contract's line formats (../shared/contract/REPLAY.md) as zod
 * schemas: the simulator's tests check every line it writes against them, and
 * the replay validates its input with the same schemas, so the two can never
 * disagree about the format.
 *
 * Objects are non-strict (unknown fields are stripped, not refused) so that a
 * traffic set from another producer with an extra column still replays; use
 * `.strict()` on them to check that a producer writes exactly the contract.
 */
import * as z from "zod";
import { DOMAINS } from "../detect/types.js";
import { isSendableKey, NOT_SENDABLE_KEY } from "../lib/api-key.js";
import { copiesVerbatim, isCount, isObj, isPositive, isStr, optional } from "../dialects/json-checks.js";

export const TIERS = ["free", "edu", "research", "paid", "enterprise"] as const;
export const Tier = z.enum(TIERS);
export type Tier = z.infer<typeof Tier>;

/**
 * Unix epoch milliseconds. REPLAY.md types them as numbers: a fraction of a
 * millisecond (a producer that adds random intervals without rounding) is
 * read as the whole millisecond it falls in, as everything the guard keeps
 * counts whole milliseconds.
 */
const epochMs = z.number().nonnegative().max(Number.MAX_SAFE_INTEGER).transform(Math.floor);
const count = z.number().int().nonnegative();

export const Baseline = z.object({
  rpm: z.number().int().positive().optional(),
  tpm: z.number().int().positive().optional(),
  domains: z.array(z.enum(DOMAINS)).optional(),
  note: z.string().optional(),
  /** Epoch ms after which the baseline no longer applies; absent = open-ended. */
  until: epochMs.nullish(),
});
export type Baseline = z.infer<typeof Baseline>;

export const AccountLine = z.object({
  account: z.string().min(1),
  org: z.string().min(1).optional(),
  apiKeys: z.array(z.string().min(1)),
  tier: Tier,
  verified: z.boolean(),
  createdAt: epochMs,
  baseline: Baseline.optional(),
});
export type AccountLine = z.infer<typeof AccountLine>;

export const Usage = z.object({ input_tokens: count, output_tokens: count });
export type Usage = z.infer<typeof Usage>;

/**
 * `legit:<name>` or `attack:<name>`, as this simulator writes them (its
 * tests check every label against it). The replay reads any label: it is
 * the answer key, only counted by the summary, and another producer's names
 * (`attack:low_and_slow`) are no less valid.
 */
export const LABEL_PATTERN = /^(legit|attack):[a-z0-9][a-z0-9-]*$/;

/** ISO 3166 alpha-2 as the traffic's fast path takes it; any other case of two letters is upper-cased by the schema. */
const COUNTRY_PATTERN = /^[A-Z]{2}$/;

/** `trafficLineFast` below mirrors this schema by hand: change them together. */
export const TrafficLine = z.object({
  ts: epochMs,
  apiKey: z.string().min(1).refine(isSendableKey, NOT_SENDABLE_KEY),
  ip: z.union([z.ipv4(), z.ipv6()]),
  asn: z.number().int().positive().optional(),
  country: z.string().regex(/^[A-Za-z]{2}$/, "expected an ISO 3166 alpha-2 code").transform((c) => c.toUpperCase()).optional(),
  ja4: z.string().min(1).optional(),
  userAgent: z.string().optional(),
  method: z.string().min(1).optional(),
  path: z.string().startsWith("/"),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.record(z.string(), z.unknown()),
  usage: Usage.optional(),
  /**
   * Ground truth. Optional here because an operator's exported logs have no
   * answer key; the simulator always writes it (its tests check that).
   */
  label: z.string().optional(),
});
export type TrafficLine = z.infer<typeof TrafficLine>;

const IPV4 = z.regexes.ipv4;
const nonEmpty = (v: unknown): v is string => typeof v === "string" && v !== "";
/** `z.record()`'s own test, and a record zod would copy key for key (no own `__proto__`, nothing inherited). */
const isPlainRecord = (v: unknown): v is Record<string, unknown> => z.util.isPlainObject(v) && copiesVerbatim(v);
const isStringRecord = (v: unknown) => isPlainRecord(v) && Object.values(v).every(isStr);
const isUsage = (v: unknown) => isObj(v) && isCount(v.input_tokens) && isCount(v.output_tokens);

/**
 * `TrafficLine.safeParse(raw).data` for the common, valid line, computed by
 * hand (zod's object parse is most of a line's validation cost); undefined
 * for anything else, which then goes to zod. `raw` must come from JSON.parse.
 * Identical to zod's output because the checks mirror the schema one for one
 * (isCommonTrafficLine) and the output is built as zod builds it: the
 * schema's keys in the schema's order, optional keys only when present,
 * unknown keys stripped, `usage` copied, and `headers` and `body` as they
 * are where zod's copy would be identical (test/unit/sim/contract.test.ts
 * compares the two).
 */
export function trafficLineFast(raw: unknown): TrafficLine | undefined {
  return isCommonTrafficLine(raw) ? buildTrafficLine(raw) : undefined;
}

/**
 * True only for a line zod accepts whose output reads the same as the line
 * (every key of the schema has the same value, but `usage`, which zod
 * copies): zod 4's `.int()` is a safe integer, `.min(1)` on a string means
 * non-empty, a key is present when `key in raw`; an IPv6 address is left to
 * zod, and so are headers and bodies zod would not copy verbatim.
 */
export function isCommonTrafficLine(raw: unknown): raw is Record<string, unknown> {
  return (
    isObj(raw) &&
    isCount(raw.ts) &&
    isStr(raw.apiKey) && isSendableKey(raw.apiKey) &&
    isStr(raw.ip) && IPV4.test(raw.ip) &&
    optional(raw.asn, isPositive) &&
    optional(raw.country, (c) => isStr(c) && COUNTRY_PATTERN.test(c)) &&
    optional(raw.ja4, nonEmpty) &&
    optional(raw.userAgent, isStr) &&
    optional(raw.method, nonEmpty) &&
    isStr(raw.path) && raw.path.startsWith("/") &&
    optional(raw.headers, isStringRecord) &&
    isPlainRecord(raw.body) &&
    optional(raw.usage, isUsage) &&
    optional(raw.label, isStr)
  );
}

/**
 * The output of a line `trafficLineFast` checked, built as zod builds it: the
 * schema's keys in the schema's order (spelled out, which is five times
 * faster than a loop over `TrafficLine.shape`), optional ones when present.
 */
function buildTrafficLine(raw: Record<string, unknown>): TrafficLine {
  return lineFields(raw, true) as TrafficLine;
}

/**
 * A line without its body and label, keys in the schema's order: what
 * `const { body, label, ...head } = TrafficLine.parse(raw)` gives, from zod's
 * output or from a line isCommonTrafficLine accepted (for which it reads
 * the same values; `usage` is copied either way). Compared with that
 * rest-spread in the tests.
 */
export function trafficHead(line: Record<string, unknown>): Omit<TrafficLine, "body" | "label"> {
  return lineFields(line, false) as Omit<TrafficLine, "body" | "label">;
}

/** The schema's keys in its order, with or without `body` and `label`. */
function lineFields(raw: Record<string, unknown>, whole: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ts: raw.ts, apiKey: raw.apiKey, ip: raw.ip };
  if ("asn" in raw) out.asn = raw.asn;
  if ("country" in raw) out.country = raw.country;
  if ("ja4" in raw) out.ja4 = raw.ja4;
  if ("userAgent" in raw) out.userAgent = raw.userAgent;
  if ("method" in raw) out.method = raw.method;
  out.path = raw.path;
  if ("headers" in raw) out.headers = raw.headers;
  if (whole) out.body = raw.body;
  if ("usage" in raw) out.usage = copyUsage(raw.usage);
  if (whole && "label" in raw) out.label = raw.label;
  return out;
}

// `Usage` is a plain (stripping) object: zod's copy keeps only its two keys.
const copyUsage = (u: unknown) => (isObj(u) ? { input_tokens: u.input_tokens, output_tokens: u.output_tokens } : u);

export const ModelReleaseEvent = z.object({
  ts: epochMs,
  type: z.literal("model-release"),
  /** One event per model name (REPLAY.md): each dialect's name gets its own line. */
  model: z.string().min(1),
});
export type ModelReleaseEvent = z.infer<typeof ModelReleaseEvent>;

export const IntelImportEvent = z.object({
  ts: epochMs,
  type: z.literal("intel-import"),
  /** STIX 2.1 bundle to import, relative to the events file's directory. */
  file: z.string().min(1),
});
export type IntelImportEvent = z.infer<typeof IntelImportEvent>;

/**
 * The operator events this project knows. A replay that meets another `type`
 * reports it by line and skips it rather than guess what it means
 * (replay/inputs.ts parseEvents).
 */
export const EventLine = z.discriminatedUnion("type", [ModelReleaseEvent, IntelImportEvent]);
export type EventLine = z.infer<typeof EventLine>;

/** Minimum plain limits of REPLAY.md "Default tier limits", over any rolling 60 s. */
export const CONTRACT_TIER_LIMITS: Record<Tier, { rpm: number; tpm: number }> = {
  free: { rpm: 20, tpm: 40_000 },
  edu: { rpm: 60, tpm: 100_000 },
  research: { rpm: 60, tpm: 100_000 },
  paid: { rpm: 500, tpm: 1_000_000 },
  enterprise: { rpm: 4_000, tpm: 8_000_000 },
};

/**
 * The limits legitimate traffic of `account` may use at `now` without ever
 * being throttled: the tier's, raised by a documented baseline (each of rpm
 * and tpm where the baseline's is higher) until the baseline's `until`.
 */
export function contractLimits(account: AccountLine, now: number): { rpm: number; tpm: number } {
  const tier = CONTRACT_TIER_LIMITS[account.tier];
  const b = account.baseline;
  if (!b || (b.until != null && now > b.until)) return { ...tier };
  return { rpm: Math.max(tier.rpm, b.rpm ?? 0), tpm: Math.max(tier.tpm, b.tpm ?? 0) };
}

/** Tokens a traffic line counts against tpm when the origin reported usage. */
export function usageTokens(line: Pick<TrafficLine, "usage">): number {
  return line.usage ? line.usage.input_tokens + line.usage.output_tokens : 0;
}

/**
 * Parses one JSONL line against `schema`; the error names the file, the
 * 1-based line and the field, as the replay contract asks of malformed input.
 */
/**
 * A field written as `null` is a field not given: a producer writing
 * Python's None or SQL's NULL for an optional column (`"org": null`,
 * `"asn": null`) means it has none, and REPLAY.md's optional fields are
 * then absent. Top-level keys of the line, and of an account's `baseline`;
 * a required field that is null is then reported as missing. Bodies are the
 * dialects' own (their schemas take null where the APIs do). Whether any
 * was dropped.
 */
function dropNulls(raw: unknown): boolean {
  if (!isObj(raw)) return false;
  let dropped = false;
  for (const k in raw) {
    const v = raw[k];
    if (v === null) {
      delete raw[k];
      dropped = true;
    } else if (k === "baseline" && isObj(v)) {
      for (const b in v) {
        if (v[b] === null && b !== "until") {
          delete v[b];
          dropped = true;
        }
      }
    }
  }
  return dropped;
}

export function parseContractLine<T extends z.ZodType>(
  schema: T,
  text: string,
  file: string,
  lineNo: number,
  /** zod's output for the common valid line, or undefined (see trafficLineFast). */
  fast?: (raw: unknown) => z.infer<T> | undefined,
): z.infer<T> {
  return contractValue(schema, parseJsonLine(text, file, lineNo), file, lineNo, fast);
}

/** A line's JSON, or an error naming the file and line. */
export function parseJsonLine(text: string, file: string, lineNo: number): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}:${lineNo}: not valid JSON (${(e as Error).message})`);
  }
}

/** parseContractLine on a line already parsed (its nulls are dropped in place). */
export function contractValue<T extends z.ZodType>(
  schema: T, raw: unknown, file: string, lineNo: number, fast?: (raw: unknown) => z.infer<T> | undefined,
): z.infer<T> {
  // The common line first: nulls never pass the fast path's checks, so they are dropped only when it fails.
  let quick = fast?.(raw);
  if (quick !== undefined) return quick;
  if (dropNulls(raw)) quick = fast?.(raw);
  if (quick !== undefined) return quick;
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join(".") : "line";
  throw new Error(`${file}:${lineNo}: ${where}: ${issue?.message ?? "invalid"}`);
}
