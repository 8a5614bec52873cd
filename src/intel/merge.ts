/**
 * Who may overwrite or delete a blocklist entry, when several sources
 * (operators, campaigns, peers) name the same value. Pure.
 *
 *  - an operator's entry (`admin:`) is only replaced by the operator;
 *  - a source may always refresh or withdraw its own entry;
 *  - otherwise the more confident entry wins, and at equal confidence the one
 *    that lasts longer, so a peer's weak indicator never shortens a strong one.
 */
import { isLive } from "./match.js";
import type { BlocklistEntry } from "./types.js";

export function shouldWrite(existing: BlocklistEntry | null, incoming: BlocklistEntry, now: number): boolean {
  if (!existing || !isLive(existing, now)) return true;
  if (existing.source === incoming.source) return true;
  if (existing.source.startsWith("admin:")) return false;
  if (incoming.confidence !== existing.confidence) return incoming.confidence > existing.confidence;
  if (existing.expiresAt === null) return false;
  return incoming.expiresAt === null || incoming.expiresAt > existing.expiresAt;
}

/** A source withdraws only what it wrote. */
export function shouldDelete(existing: BlocklistEntry | null, source: string): boolean {
  return existing !== null && existing.source === source;
}
