/**
 * STIX 2.1 import (pure): a peer's bundle → blocklist entries. Everything is
 * validated first; the caller writes nothing unless `errors` is empty, so an
 * invalid bundle changes nothing.
 *
 *  errors  the bundle is malformed: wrong structure, an object we read that
 *          breaks the spec, a pattern that does not parse, a value that is
 *          not what its path says (an IPv4 address of 999.1.1.1);
 *  notes   valid but skipped: patterns the guard cannot enforce (sequences,
 *          qualifiers, regexes), revoked, expired or benign indicators,
 *          confidence under the floor. The rest is imported.
 *
 * Confidence: the indicator's, else its campaign's, else `defaultConfidence`
 * (STIX: absent means unknown), scaled by the trust put in the peer.
 */
import { FingerprintExt, BundleShape, CampaignShape, EXTENSION_ID, IdentityShape, IndicatorShape, RelationshipShape } from "./stix-types.js";
import { parsePattern } from "./stix-pattern.js";
import { entryProblem } from "./match.js";
import { alternativeToValue } from "./stix-values.js";
import type { BlocklistEntry, BlocklistKind } from "./types.js";
import { describeZodError } from "../lib/validate.js";
import type { z } from "zod";

export interface ImportSource {
  /** Recorded as `peer:<name>`; by default the name of the bundle's identity. */
  name?: string;
  /** Trust in the peer, 0-100: confidences are scaled by it. */
  trust?: number;
  /** Entries whose (scaled) confidence is below this are skipped. */
  minConfidence?: number;
  /** Confidence of an indicator that states none. */
  defaultConfidence?: number;
  /** Lifetime of an indicator without valid_until; null keeps it until revoked. */
  defaultTtlMs?: number | null;
  /** More entries than this refuses the bundle (KV writes per request are limited). */
  maxEntries?: number;
}

export interface ImportedCampaign {
  stixId: string;
  name: string;
  confidence: number | null;
  firstSeen: string | null;
  lastSeen: string | null;
  revoked: boolean;
  fingerprints: { kind: string; value: string }[];
  indicators: number;
}

export interface ImportResult {
  /** `peer:<name>`, the source of every entry. */
  source: string;
  entries: BlocklistEntry[];
  /** Revoked indicators: withdraw these if this source wrote them. */
  revoked: { kind: BlocklistKind; value: string }[];
  campaigns: ImportedCampaign[];
  notes: string[];
  errors: string[];
}

const MAX_NOTES = 100;
type Indicator = z.infer<typeof IndicatorShape>;
type Campaign = z.infer<typeof CampaignShape>;

/** Latest version of each object (a bundle may carry several versions of one id). */
function latest(objects: readonly Record<string, unknown>[]): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const o of objects) {
    const prev = out.get(String(o.id));
    if (!prev || String(o.modified ?? "") > String(prev.modified ?? "")) out.set(String(o.id), o);
  }
  return out;
}

export function fromStixBundle(bundle: unknown, source: ImportSource, now: number): ImportResult {
  const shape = BundleShape.safeParse(bundle);
  if (!shape.success) return empty(`peer:${source.name ?? "unknown"}`, [`not a STIX 2.1 bundle: ${describeZodError(shape.error)}`]);
  return fromStixObjects(shape.data.objects, source, now);
}

/** The same for the objects of a TAXII envelope. */
export function fromStixObjects(objects: readonly Record<string, unknown>[], source: ImportSource, now: number): ImportResult {
  const errors: string[] = [];
  const notes: string[] = [];
  const note = (s: string) => { if (notes.length < MAX_NOTES) notes.push(s); };
  const parse = <T extends z.ZodType>(schema: T, o: Record<string, unknown>): z.infer<T> | null => {
    const r = schema.safeParse(o);
    if (!r.success) errors.push(`${String(o.id)}: ${describeZodError(r.error)}`);
    return r.success ? r.data : null;
  };
  const indicators: Indicator[] = [];
  const campaigns = new Map<string, Campaign>();
  const indicates = new Map<string, string>();
  let identityName: string | null = null;
  const skipped = new Map<string, number>();
  for (const o of latest(objects).values()) {
    if (o.type === "indicator") { const i = parse(IndicatorShape, o); if (i) indicators.push(i); }
    else if (o.type === "campaign") { const c = parse(CampaignShape, o); if (c) campaigns.set(c.id, c); }
    else if (o.type === "identity") { const i = parse(IdentityShape, o); if (i && identityName === null) identityName = i.name; }
    else if (o.type === "relationship") {
      const r = parse(RelationshipShape, o);
      if (r && r.relationship_type === "indicates" && r.target_ref.startsWith("campaign--") && !r.revoked) indicates.set(r.source_ref, r.target_ref);
    } else if (o.type !== "marking-definition" && o.type !== "extension-definition") skipped.set(String(o.type), (skipped.get(String(o.type)) ?? 0) + 1);
  }
  for (const [t, n] of skipped) note(`${n} ${t} object(s) not used`);
  const name = source.name ?? identityName;
  if (!name) errors.push("the bundle has no identity to attribute it to (add an identity object, or import it as a configured peer)");
  const src = `peer:${(name ?? "unknown").slice(0, 190)}`;
  const ctx: Ctx = { source, now, src, errors, note, out: new Map(), revoked: [] };
  for (const ind of indicators) importIndicator(ind, campaigns.get(indicates.get(ind.id) ?? ""), ctx);
  for (const c of campaigns.values()) importCampaignFingerprints(c, ctx);
  const max = source.maxEntries ?? 500;
  if (ctx.out.size > max) errors.push(`the bundle has ${ctx.out.size} enforceable indicators, more than ${max} per import: split it`);
  const imported = [...campaigns.values()].map((c) => campaignInfo(c, indicators.filter((i) => indicates.get(i.id) === c.id).length));
  if (errors.length) return { ...empty(src, errors.slice(0, 50)), notes };
  return { source: src, entries: [...ctx.out.values()], revoked: ctx.revoked, campaigns: imported, notes, errors: [] };
}

function empty(source: string, errors: string[]): ImportResult {
  return { source, entries: [], revoked: [], campaigns: [], notes: [], errors };
}

interface Ctx {
  source: ImportSource;
  now: number;
  src: string;
  errors: string[];
  note: (s: string) => void;
  out: Map<string, BlocklistEntry>;
  revoked: { kind: BlocklistKind; value: string }[];
}

/** Values an indicator names: from the guard's extension when present (exact), else from its pattern, which must parse either way. */
function indicatorValues(ind: Indicator, ctx: Ctx): { kind: BlocklistKind; value: string }[] | null {
  const p = ind.pattern_type === "stix" ? parsePattern(ind.pattern) : null;
  if (p?.kind === "invalid") { ctx.errors.push(`${ind.id}: pattern does not parse: ${p.reason}`); return null; }
  const raw = ind.extensions?.[EXTENSION_ID];
  if (raw !== undefined) {
    const ext = FingerprintExt.safeParse(raw);
    if (!ext.success) { ctx.errors.push(`${ind.id}: extension: ${describeZodError(ext.error)}`); return null; }
    const { fingerprint_kind: kind, fingerprint: v } = ext.data;
    if (kind && v) {
      const k = ({ template: "templateFp", system: "systemFp", network: "networkFp", ja4: "ja4" } as const)[kind];
      if (k !== "ja4" && !/^[0-9a-f]{16}$/.test(v)) { ctx.errors.push(`${ind.id}: ${k} "${v}" is not 16 hex characters`); return null; }
      return [{ kind: k, value: v }];
    }
  }
  if (!p) { ctx.note(`${ind.id}: pattern_type ${ind.pattern_type} is not enforced`); return []; }
  if (p.kind === "unsupported") { ctx.note(`${ind.id}: skipped, ${p.reason}`); return []; }
  const out: { kind: BlocklistKind; value: string }[] = [];
  for (const alt of p.alternatives) {
    const v = alternativeToValue(alt);
    if (v.kind === "invalid") { ctx.errors.push(`${ind.id}: ${v.reason}`); return null; }
    if (v.kind === "unsupported") ctx.note(`${ind.id}: part skipped, ${v.reason}`);
    else out.push(v.entry);
  }
  return out;
}

function scaled(conf: number | undefined, ctx: Ctx): number {
  const c = conf ?? ctx.source.defaultConfidence ?? 50;
  return Math.round((c * (ctx.source.trust ?? 100)) / 100);
}

function add(ctx: Ctx, e: BlocklistEntry, id: string): void {
  const unstorable = entryProblem(e);
  if (unstorable) { ctx.note(`${id}: skipped, ${unstorable}`); return; }
  if (e.confidence < (ctx.source.minConfidence ?? 0)) { ctx.note(`${id}: skipped, confidence ${e.confidence} below ${ctx.source.minConfidence}`); return; }
  const key = `${e.kind}:${e.value}`;
  const prev = ctx.out.get(key);
  if (!prev || e.confidence > prev.confidence) ctx.out.set(key, e);
}

function importIndicator(ind: Indicator, camp: Campaign | undefined, ctx: Ctx): void {
  const from = Date.parse(ind.valid_from);
  const until = ind.valid_until ? Date.parse(ind.valid_until) : null;
  if (until !== null && until <= from) { ctx.errors.push(`${ind.id}: valid_until must be later than valid_from`); return; }
  const values = indicatorValues(ind, ctx);
  if (!values) return;
  if (ind.revoked) { ctx.revoked.push(...values); ctx.note(`${ind.id}: revoked`); return; }
  if (ind.indicator_types?.includes("benign")) { ctx.note(`${ind.id}: skipped, benign`); return; }
  if (until !== null && until <= ctx.now) { ctx.note(`${ind.id}: skipped, expired ${ind.valid_until}`); return; }
  if (from > ctx.now) { ctx.note(`${ind.id}: skipped, not valid before ${ind.valid_from}`); return; }
  const ttl = ctx.source.defaultTtlMs === undefined ? null : ctx.source.defaultTtlMs;
  const reason = (ind.description ?? ind.name ?? (camp ? `Indicator of campaign "${camp.name}"` : `Indicator ${ind.id}`)).slice(0, 500);
  for (const v of values) {
    add(ctx, {
      ...v, reason, source: ctx.src, confidence: scaled(ind.confidence ?? camp?.confidence, ctx), createdAt: ctx.now,
      expiresAt: until ?? (ttl === null ? null : ctx.now + ttl),
    }, ind.id);
  }
}

/** Template fingerprints a peer lists on its campaign as a custom property (no indicator of their own). */
function importCampaignFingerprints(c: Campaign, ctx: Ctx): void {
  const fps = c.x_prompt_template_fingerprints ?? [];
  if (c.revoked || fps.length === 0) return;
  const ttl = ctx.source.defaultTtlMs ?? null;
  for (const fp of fps) {
    if (!/^[0-9a-f]{16}$/.test(fp)) { ctx.note(`${c.id}: template fingerprint "${fp.slice(0, 40)}" is not in this guard's format`); continue; }
    add(ctx, {
      kind: "templateFp", value: fp, reason: `Prompt template of campaign "${c.name}"`.slice(0, 500), source: ctx.src,
      confidence: scaled(c.confidence, ctx), createdAt: ctx.now, expiresAt: ttl === null ? null : ctx.now + ttl,
    }, c.id);
  }
}

function campaignInfo(c: Campaign, indicators: number): ImportedCampaign {
  const ext = FingerprintExt.safeParse(c.extensions?.[EXTENSION_ID]);
  const fps = [
    ...(ext.success ? ext.data.fingerprints ?? [] : []),
    ...(c.x_prompt_template_fingerprints ?? []).map((value) => ({ kind: "template", value })),
  ];
  return {
    stixId: c.id, name: c.name, confidence: c.confidence ?? null, firstSeen: c.first_seen ?? null, lastSeen: c.last_seen ?? null,
    revoked: c.revoked ?? false, fingerprints: fps, indicators,
  };
}
