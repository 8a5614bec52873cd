/** Validation at the admin boundary: zod errors become one clear 400 sentence. */
import type { z } from "zod";
import { isObj } from "../dialects/json-checks.js";
import { GuardError } from "./guard-error.js";
import { isWellFormedText } from "./well-formed.js";

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join(".") : "(body)"}: ${i.message}`)
    .join("; ");
}

/**
 * Validate an admin input. A field the schema does not have (a typo such
 * as `verfied`) is refused by name rather than silently dropped, unless
 * `unknown: "ignore"` (query strings, where other tools add their own).
 */
export function validate<T extends z.ZodType>(schema: T, value: unknown, what: string, opts: { unknown?: "refuse" | "ignore" } = {}): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw new GuardError("invalid_request", `Invalid ${what}: ${describeZodError(r.error)}`);
  if (opts.unknown !== "ignore") {
    const extra = unknownFields(value, r.data);
    if (extra.length) throw new GuardError("invalid_request", `Invalid ${what}: ${noSuchField(extra)}`);
  }
  return r.data;
}

/** "no such field a.b, c" (at most five named). */
export function noSuchField(paths: readonly string[]): string {
  return `no such field ${paths.slice(0, 5).join(", ")}${paths.length > 5 ? ` and ${paths.length - 5} more` : ""}`;
}

/**
 * The fields of `input` that its parse `parsed` lacks, as dotted paths (an
 * array's items by index): what a zod object drops silently. Compared with
 * the parse rather than the schema, so that records and defaults need no
 * special case.
 */
export function unknownFields(input: unknown, parsed: unknown, at = ""): string[] {
  const out: string[] = [];
  if (Array.isArray(input) && Array.isArray(parsed) && input.length === parsed.length) {
    input.forEach((v, i) => out.push(...unknownFields(v, parsed[i], at ? `${at}.${i}` : String(i))));
  } else if (isObj(input) && isObj(parsed)) {
    for (const [k, v] of Object.entries(input)) {
      const path = at ? `${at}.${k}` : k;
      if (!Object.hasOwn(parsed, k)) out.push(path);
      else out.push(...unknownFields(v, parsed[k], path));
    }
  }
  return out;
}

export async function jsonOf(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new GuardError("invalid_json", `The request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** The longest `cursor` query parameter taken: KV's own cursors are far shorter. */
export const MAX_CURSOR_CHARS = 1024;

/**
 * A `cursor` query parameter (the `cursor` of a list's previous page), or
 * undefined for the first page. One longer than any KV gives, or not
 * well-formed text, is the caller's error (a 400), never sent to KV.
 */
export function queryCursor(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (raw.length > MAX_CURSOR_CHARS || !isWellFormedText(raw)) throw invalidCursor();
  return raw;
}

/**
 * A KV list from a caller's cursor: a cursor KV refuses (not one it gave, or
 * one it no longer takes) is the caller's error, a 400 naming it, not a 500.
 * Miniflare answers such a cursor with an empty page; Cloudflare's KV may
 * refuse it. Told from KV failing by listing the first page: if that fails
 * too, the error is KV's and goes on as it came.
 */
export async function listFrom<T>(cursor: string | undefined, list: (cursor: string | undefined) => Promise<T>): Promise<T> {
  try {
    return await list(cursor);
  } catch (err) {
    if (cursor === undefined) throw err;
    const kvWorks = await list(undefined).then(() => true, () => false);
    throw kvWorks ? invalidCursor() : err;
  }
}

function invalidCursor(): GuardError {
  return new GuardError("invalid_request", "Invalid cursor: pass the `cursor` of the previous page as it was given, or none for the first page.");
}

/** A `limit` query parameter: an integer from 1 to `max`, `fallback` when absent or not a number (SQL and KV take integers only). */
export function queryLimit(raw: string | undefined, fallback: number, max: number): number {
  const n = Math.floor(Number(raw ?? fallback));
  return Math.min(max, Math.max(1, Number.isFinite(n) && n !== 0 ? n : fallback));
}
