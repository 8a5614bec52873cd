/** Reading a request body with a hard size bound, without buffering more than the bound. */
import { GuardError } from "./guard-error.js";

export async function readBodyLimited(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) {
    throw new GuardError("body_too_large", `Request body of ${declared} bytes exceeds the ${maxBytes}-byte limit.`);
  }
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new GuardError("body_too_large", `Request body exceeds the ${maxBytes}-byte limit.`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}

export function parseJsonBody(bytes: Uint8Array): unknown {
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === "") throw new GuardError("invalid_json", "The request body is empty; a JSON object is required.");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new GuardError("invalid_json", `The request body is not valid JSON: ${(err as Error).message}`);
  }
}
