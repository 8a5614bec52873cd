/**
 * The bytes of an ASCII string, for the detectors' character loops (the
 * tokenizer, language identification). Nearly all prompts are ASCII, and a
 * typed-array load costs less than a charCodeAt, which checks the string's
 * representation on every call; one encodeInto is a bulk copy for ASCII.
 */
let bytes = new Uint8Array(4096);
const encoder = new TextEncoder();

/**
 * `s` as bytes when every character is ASCII (each then took one byte), else
 * null. The array is shared scratch: valid until the next call, and longer
 * than `s` (read only its first s.length bytes).
 */
export function asciiBytes(s: string): Uint8Array | null {
  if (bytes.length < s.length) bytes = new Uint8Array(2 * s.length);
  const r = encoder.encodeInto(s, bytes);
  return r.read === s.length && r.written === s.length ? bytes : null;
}
