import type { SafeguardCode } from "./policy.js";

/** JSON object as parsed from a wire payload; the core trusts shapes only after checking them. */
export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Called once per change made (or, in shadow mode, that would be made). */
export type Report = (code: SafeguardCode) => void;

/** Distinct codes in first-seen order: what JSON-side functions return. */
export function collector(): { report: Report; codes: SafeguardCode[] } {
  const codes: SafeguardCode[] = [];
  return {
    codes,
    report: (code) => {
      if (!codes.includes(code)) codes.push(code);
    },
  };
}

/** A value that carries information (so removing it is worth reporting). */
export function hasValue(v: unknown): boolean {
  if (v === null || v === undefined || v === "" || v === false) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isObj(v)) return Object.keys(v).length > 0;
  return true;
}

/** Number of entries of the ascending list `sorted` below `x`: how far a later index shifts. */
export function countBelow(sorted: readonly number[], x: number): number {
  let n = 0;
  while (n < sorted.length && sorted[n]! < x) n++;
  return n;
}

/** Insert into an ascending list (lists here hold a handful of removed block indexes). */
export function insertSorted(sorted: number[], x: number): void {
  let i = sorted.length;
  while (i > 0 && sorted[i - 1]! > x) i--;
  if (sorted[i - 1] !== x) sorted.splice(i, 0, x);
}

/**
 * The integer value of `key` (e.g. `"output_index":`) in raw JSON text, when
 * the key occurs exactly once. A key pattern with its closing quote cannot
 * occur inside a JSON string (quotes there are escaped), so a single match is
 * the object's own field. Lets hot stream paths renumber without a parse.
 */
export function rawInt(json: string, key: string): { at: number; end: number; value: number } | null {
  const i = json.indexOf(key);
  if (i < 0 || json.indexOf(key, i + key.length) >= 0) return null;
  const at = i + key.length;
  let end = at;
  while (end < json.length && json.charCodeAt(end) >= 48 && json.charCodeAt(end) <= 57) end++;
  return end === at ? null : { at, end, value: Number(json.slice(at, end)) };
}
