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
