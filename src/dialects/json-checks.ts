/**
 * Predicates that mirror single zod schemas exactly, for the hand-written
 * fast paths (fast-openai.ts, fast-anthropic.ts, sim/contract.ts). Each one
 * accepts precisely what its zod counterpart accepts, as zod 4 implements it
 * (node_modules/zod/v4/core/schemas.js and checks.js):
 *
 * - `z.looseObject` / `z.object` accept any non-null, non-array object;
 * - `z.number()` refuses NaN and ±Infinity; `.int()` means a safe integer;
 * - `.optional()` lets `undefined` through, `.nullish()` also `null`;
 * - an object key is present when `key in input`, which is what zod tests.
 *
 * They are only ever run on JSON data (the output of JSON.parse or
 * Request.json()): no getters, symbols or class instances.
 */

export type JsonObject = Record<string, unknown>;

/** `z.object()` / `z.looseObject()`'s own test (zod's util.isObject). */
export function isObj(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function isStr(v: unknown): v is string {
  return typeof v === "string";
}

/** `z.number()`. */
export function isNum(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

/** `z.number().int().nonnegative()`. */
export function isCount(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) >= 0;
}

/** `z.number().int().positive()`. */
export function isPositive(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) > 0;
}

export function isBool(v: unknown): v is boolean {
  return typeof v === "boolean";
}

/** `schema.nullish()` where `ok` is the schema's test. */
export function nullish(v: unknown, ok: (v: unknown) => boolean): boolean {
  return v === undefined || v === null || ok(v);
}

/** `z.string().nullish()`. */
export function nullishStr(v: unknown): boolean {
  return nullish(v, isStr);
}

/** `schema.optional()` where `ok` is the schema's test. */
export function optional(v: unknown, ok: (v: unknown) => boolean): boolean {
  return v === undefined || ok(v);
}

/** `z.array(schema)` where `ok` is the element schema's test. */
export function everyItem(v: unknown, ok: (item: unknown) => boolean): v is unknown[] {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (!ok(v[i])) return false;
  return true;
}

/** `z.union([z.string(), z.array(part)])`. */
export function isTextOrParts(v: unknown, part: (p: unknown) => boolean): boolean {
  return typeof v === "string" || everyItem(v, part);
}

/**
 * True when zod's copy of `o` (a loose or record parse) serialises to the
 * same JSON as `o` itself: zod drops an own `__proto__` key rather than copy
 * it, and copies inherited enumerable keys (`for…in`), so only objects with
 * the ordinary prototype and no own `__proto__` key qualify.
 */
export function copiesVerbatim(o: object): boolean {
  const proto: unknown = Object.getPrototypeOf(o);
  return (proto === Object.prototype || proto === null) && !Object.prototype.hasOwnProperty.call(o, "__proto__");
}
