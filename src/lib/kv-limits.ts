/**
 * What Workers KV refuses, checked before asking it: keys past 512 UTF-8
 * bytes or not well-formed, metadata past 1,024 bytes serialised, and
 * `expiration` values past its 32-bit field (2038-01-19).
 */
import { isWellFormedText } from "./well-formed.js";

export const KV_KEY_BYTES = 512;
export const KV_METADATA_BYTES = 1024;
const UTF8 = new TextEncoder();

/** Whether KV can hold `key`: well-formed text of at most 512 UTF-8 bytes. Short keys (hex, addresses) pass without encoding. */
export function kvKeyFits(key: string): boolean {
  if (!isWellFormedText(key)) return false;
  return key.length * 3 <= KV_KEY_BYTES || UTF8.encode(key).length <= KV_KEY_BYTES;
}

/** Whether KV can keep `metadata` with a key. */
export function kvMetadataFits(metadata: unknown): boolean {
  return UTF8.encode(JSON.stringify(metadata)).length <= KV_METADATA_BYTES;
}

/**
 * A KV `expiration` (epoch seconds, at least 60 s ahead) for an absolute
 * time in ms, or undefined where KV cannot take it: past 2038-01-19 it
 * overflows the 32-bit field, and the value's own expiry (checked when it
 * is read) is then all there is.
 */
export function kvExpiration(atMs: number, nowMs: number): number | undefined {
  const s = Math.ceil(Math.max(atMs, nowMs + 61_000) / 1000);
  return s <= 2_147_483_647 ? s : undefined;
}
