/**
 * Wrapped instructions: base64 and hex runs that decode to readable text, and
 * rot13 lines (found by the English function words they turn into). The
 * decoded text is scored too (normalize.ts); one layer of wrapping is what
 * has been seen in practice, so payloads are not decoded recursively.
 */
import { ENGLISH_STOPWORDS } from "./language.js";
import type { Obfuscation } from "./normalize.js";

const MIN_PAYLOAD = 24;
const MAX_PAYLOADS = 6;

/** Base64 alphabet (standard and URL-safe) and padding. */
function isB64Char(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 45 || c === 95 || c === 61;
}
/**
 * isB64Char per UTF-16 code unit, looked up: the probes' growth loops test a
 * character each, and a load is cheaper than the compares (0.75 -> 0.6 µs a prompt).
 */
const B64 = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) B64[c] = isB64Char(c) ? 1 : 0;

/**
 * Finds the maximal runs of at least MIN_PAYLOAD base64 / hex characters and
 * keeps the ones that decode to readable text. Every such run covers a
 * multiple of MIN_PAYLOAD, so only those positions are probed and a run is
 * grown around a probe that lands in one: a fraction of a full pass.
 */
export function decodePayloads(s: string, found: Set<Obfuscation>): string[] {
  const out: string[] = [];
  const isB64 = B64;
  let done = 0;
  for (let probe = MIN_PAYLOAD - 1; probe < s.length && out.length < MAX_PAYLOADS; probe += MIN_PAYLOAD) {
    if (probe < done || isB64[s.charCodeAt(probe)] === 0) continue;
    let start = probe, end = probe + 1;
    while (start > done && isB64[s.charCodeAt(start - 1)] === 1) start--;
    while (end < s.length && isB64[s.charCodeAt(end)] === 1) end++;
    done = end;
    if (end - start < MIN_PAYLOAD) continue;
    const run = s.slice(start, end);
    const hex = /^(?:0x)?[0-9a-fA-F]+$/.test(run) ? decodeHex(run) : null;
    const text = hex ?? decodeBase64(run);
    if (text !== null) {
      out.push(text);
      found.add(hex !== null ? "hex" : "base64");
    }
  }
  return out;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** A decoded payload counts only if it reads as text: words separated by spaces, few control bytes. */
function readable(bytes: Uint8Array): string | null {
  // Byte-level necessary conditions first (most long identifiers and paths decode to noise): UTF-8 text with a
  // space has a 0x20 byte, and each ASCII control byte is one character that is neither letter, digit, mark nor space.
  let space = false, control = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 32) space = true;
    else if ((b < 32 && (b < 9 || b > 13)) || b === 127) control++;
  }
  if (!space || control > bytes.length * 0.1) return null;
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return null;
  }
  if (text.length < 8 || !text.includes(" ")) return null;
  let ok = 0;
  for (const ch of text) if (/[\p{L}\p{N}\p{P}\s]/u.test(ch)) ok++;
  return ok >= text.length * 0.9 ? text : null;
}

export function decodeBase64(b64: string): string | null {
  const std = b64.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  if (std.length % 4 === 1) return null;
  try {
    const bin = atob(std + "=".repeat((4 - (std.length % 4)) % 4));
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return readable(bytes);
  } catch {
    return null;
  }
}

export function decodeHex(hex: string): string | null {
  const digits = hex.replace(/^0x/, "").replace(/[ :]/g, "");
  if (digits.length % 2 !== 0) return null;
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return readable(bytes);
}

export function rot13(s: string): string {
  return s.replace(/[a-z]/gi, (c) => {
    const base = c <= "Z" ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

/**
 * Rot13 leaves no marker, so test it the way a reader would: a line of Latin
 * words with almost no English function words, which becomes ordinary English
 * once rotated, was rot13. Only lines that fail the plain-English test pay for it.
 */
export function decodeRot13Lines(s: string): string | null {
  let out = "";
  for (const line of s.split("\n", 200)) {
    const words = line.match(/[a-z]+/g);
    if (!words || words.length < 4) continue;
    const plain = countStop(words);
    if (plain > words.length * 0.12) continue;
    const rotated = words.map(rot13);
    const hits = countStop(rotated);
    if (hits >= 2 && hits > words.length * 0.2) out += `${rot13(line)}\n`;
  }
  return out === "" ? null : out;
}

function countStop(words: string[]): number {
  let n = 0;
  for (const w of words) if (ENGLISH_STOPWORDS.has(w)) n++;
  return n;
}
