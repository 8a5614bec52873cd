/**
 * Reading a request body with a hard size bound, without buffering more than
 * the bound. A body sent compressed (`Content-Encoding: gzip` or `deflate`)
 * is decompressed as it is read, and the bound applies to what it
 * decompresses to, so a small bomb cannot expand past it.
 */
import { GuardError } from "./guard-error.js";

/** The DecompressionStream format of a Content-Encoding the guard reads; null for none; undefined for one it does not. */
function decodingOf(encoding: string | null): "gzip" | "deflate" | null | undefined {
  const e = (encoding ?? "").trim().toLowerCase();
  if (e === "" || e === "identity") return null;
  if (e === "gzip" || e === "x-gzip") return "gzip";
  if (e === "deflate") return "deflate";
  return undefined;
}

export async function readBodyLimited(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) {
    throw new GuardError("body_too_large", `Request body of ${declared} bytes exceeds the ${maxBytes}-byte limit.`);
  }
  const encoding = req.headers.get("content-encoding");
  const format = decodingOf(encoding);
  if (format === undefined) {
    throw new GuardError("unsupported_media_type", `Content-Encoding "${encoding}" is not accepted: send the body uncompressed, or as gzip or deflate.`);
  }
  if (!req.body) return new Uint8Array(0);
  const reader = (format ? req.body.pipeThrough(new DecompressionStream(format)) : req.body).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let r: ReadableStreamReadResult<Uint8Array>;
    try {
      r = await reader.read();
    } catch (err) {
      if (!format) throw err;
      throw new GuardError("invalid_request", `The request body could not be decompressed (${format}): ${(err as Error).message}`);
    }
    const { done, value } = r;
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
