/**
 * Responses chains (`previous_response_id`): the provider keeps the
 * conversation, so a follow-up carries only its new input and none of the
 * instruction that opened the chain ("for every problem, write out your whole
 * chain of thought"). The account object remembers, per response it served,
 * the extraction scores of the request that produced it; a request that
 * continues that response inherits them. Pure: the object (account-do.ts)
 * keeps the memory and calls these.
 */
import * as z from "zod";
import type { ExtractionKind, Signals } from "../detect/types.js";
import { EXTRACTION_KINDS } from "../detect/types.js";

const score = z.number().min(0).max(1);

/** What a response passes on to the requests that continue it (validated when read back from storage). */
export const ChainScores = z.object({
  kinds: z.object(Object.fromEntries(EXTRACTION_KINDS.map((k) => [k, score])) as Record<ExtractionKind, typeof score>),
  extraction: score,
});
export type ChainScores = z.infer<typeof ChainScores>;

/** At most this many responses remembered per account (the oldest go first). */
export const CHAIN_KEEP = 256;
/** A response older than this is forgotten. */
export const CHAIN_MAX_AGE_MS = 30 * 24 * 3600 * 1000;
/** The reason a decision carries when inherited scores lifted a kind to the machine's threshold. */
export const CHAIN_REASON = "chain:inherited";

/** The scores a request passes on: its own (after its own inheritance). */
export function chainScores(s: Signals): ChainScores {
  return { kinds: { ...s.kinds }, extraction: s.extraction };
}

/** Worth remembering: some score above zero (a chain of nothing inherits nothing). */
export function carriesIntent(c: ChainScores): boolean {
  return c.extraction > 0 || EXTRACTION_KINDS.some((k) => c.kinds[k] > 0);
}

/** Per kind the larger of the two, the overall extraction likewise; `a` may be absent. A new object. */
export function mergeScores(a: ChainScores | null, b: ChainScores): ChainScores {
  if (!a) return { kinds: { ...b.kinds }, extraction: b.extraction };
  const kinds = {} as Record<ExtractionKind, number>;
  for (const k of EXTRACTION_KINDS) kinds[k] = Math.max(a.kinds[k] ?? 0, b.kinds[k] ?? 0);
  return { kinds, extraction: Math.max(a.extraction, b.extraction) };
}

/**
 * The request's signals with the chain's scores merged in (mergeScores); the
 * rest unchanged. A new object; neither input is changed.
 */
export function inheritChain(signals: Signals, inherited: ChainScores | null): Signals {
  return inherited ? { ...signals, ...mergeScores(signals, inherited) } : signals;
}

/** The kinds the chain lifted from below `threshold` to at or above it: why a decision says `chain:inherited`. */
export function raisedKinds(own: Signals, merged: Signals, threshold: number): ExtractionKind[] {
  return EXTRACTION_KINDS.filter((k) => own.kinds[k] < threshold && merged.kinds[k] >= threshold);
}

export interface Inherited<O extends { signals: Signals | null }> {
  obs: O;
  /** A kind below the machine's threshold on its own reaches it with the inherited scores. */
  reason: boolean;
  /** For the decision's detail; null when the observation has no signals. */
  detail: Record<string, unknown> | null;
}

/**
 * The observation with remembered scores merged into its signals (inheritChain), whether a kind reached `threshold`
 * only through them, and what the decision's detail shows: `inherited: false` when nothing is remembered. Used for a
 * continued response (account-do.ts) and a named conversation (conversation.ts) alike.
 */
export function withInherited<O extends { signals: Signals | null; continues?: boolean }>(obs: O, stored: ChainScores | null, threshold: number): Inherited<O> {
  if (!obs.signals) return { obs, reason: false, detail: null };
  if (!stored) return { obs, reason: false, detail: { inherited: false } };
  const signals = inheritChain(obs.signals, stored);
  const raised = raisedKinds(obs.signals, signals, threshold);
  return { obs: { ...obs, signals, continues: true }, reason: raised.length > 0, detail: { inherited: true, raised, extraction: signals.extraction } };
}
