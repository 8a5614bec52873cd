/** Validation at the admin boundary: zod errors become one clear 400 sentence. */
import type { z } from "zod";
import { GuardError } from "./guard-error.js";

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join(".") : "(body)"}: ${i.message}`)
    .join("; ");
}

export function validate<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw new GuardError("invalid_request", `Invalid ${what}: ${describeZodError(r.error)}`);
  return r.data;
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

/** A `limit` query parameter: an integer from 1 to `max`, `fallback` when absent or not a number (SQL and KV take integers only). */
export function queryLimit(raw: string | undefined, fallback: number, max: number): number {
  const n = Math.floor(Number(raw ?? fallback));
  return Math.min(max, Math.max(1, Number.isFinite(n) && n !== 0 ? n : fallback));
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
