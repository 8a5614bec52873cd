import { hmacHex } from "../lib/hash.js";

/**
 * Per-account canary: a rare, pronounceable word sequence derived from the
 * account hash with a secret salt. It is deterministic, so the operator keeps
 * no registry: to attribute a phrase found in a suspect model's outputs, they
 * recompute `canaryFor` over their account hashes with the same salt. Without
 * the salt nobody can map a phrase to an account or forge another account's.
 *
 * Each word encodes one byte (16 onsets x 16 rimes), so 4 words carry 32 bits:
 * collisions are expected only past ~65k degraded accounts (birthday bound),
 * and a phrase still narrows attribution to a handful of accounts beyond that.
 * See docs/safeguards.md for what a canary can and cannot prove.
 */
export interface Canary {
  /** Hex of the keyed hash, for logs and the operator's reports. */
  id: string;
  /** The marker itself, e.g. "ral-tin-vos-kel". */
  phrase: string;
}

const ONSETS = ["b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z"];
const RIMES = ["al", "an", "ar", "as", "el", "en", "er", "es", "il", "in", "ir", "is", "ol", "on", "or", "os"];

export async function canaryFor(accountHash: string, secretSalt: string, words = 4): Promise<Canary> {
  const hex = await hmacHex(secretSalt, `canary:${accountHash}`);
  const parts: string[] = [];
  for (let i = 0; i < words; i++) {
    const byte = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    parts.push(ONSETS[byte >> 4]! + RIMES[byte & 15]!);
  }
  return { id: hex.slice(0, 16), phrase: parts.join("-") };
}
