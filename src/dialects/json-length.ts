/**
 * `JSON.stringify(v).length` without building the string, for the tool
 * definitions the token estimate counts (draft.ts toolChars): they are the
 * largest part of many bodies, and serialising them cost more than walking
 * them, mostly in the string and its garbage.
 *
 * Exact for JSON data (what JSON.parse, Request.json() or zod's copy of
 * them give): strings, finite numbers, booleans, null, arrays and plain
 * objects. Anything else answers -1, for the caller to serialise instead
 * (test/unit/dialects/json-length.test.ts compares with JSON.stringify).
 */

/** What JSON.stringify escapes in a string: `"`, `\`, control characters, and lone surrogates (pairs go the slow way too). */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

function stringLength(s: string): number {
  // Short strings (most keys) are cheaper to scan here than to hand to the regex.
  if (s.length > 32) return ESCAPED.test(s) ? JSON.stringify(s).length : s.length + 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s).length;
  }
  return s.length + 2;
}

export function jsonLength(v: unknown): number {
  switch (typeof v) {
    case "string":
      return stringLength(v);
    case "number":
      // JSON.stringify writes a finite number as String() does (and NaN, ±Infinity as null: not JSON data).
      return Number.isFinite(v) ? String(v).length : -1;
    case "boolean":
      return v ? 4 : 5;
    case "object":
      if (v === null) return 4;
      return Array.isArray(v) ? arrayLength(v) : objectLength(v);
    default:
      return -1;
  }
}

function arrayLength(a: readonly unknown[]): number {
  // Brackets and the commas between items.
  let n = a.length === 0 ? 2 : a.length + 1;
  for (let i = 0; i < a.length; i++) {
    const x = jsonLength(a[i]);
    if (x < 0) return -1;
    n += x;
  }
  return n;
}

function objectLength(o: object): number {
  // JSON.stringify writes own enumerable keys; for…in also meets inherited ones, which only a non-plain object has.
  const proto: unknown = Object.getPrototypeOf(o);
  if (proto !== Object.prototype && proto !== null) return -1;
  let n = 1;
  let keys = 0;
  for (const k in o) {
    if (!Object.hasOwn(o, k)) return -1;
    const x = jsonLength((o as Record<string, unknown>)[k]);
    if (x < 0) return -1;
    // Key, colon, value, and a comma or the closing brace.
    n += stringLength(k) + 1 + x + 1;
    keys++;
  }
  return keys === 0 ? 2 : n;
}
