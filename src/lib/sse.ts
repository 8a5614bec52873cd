/**
 * Incremental Server-Sent Events parsing and serialisation (WHATWG HTML
 * "event stream" format). Chunks may split lines, events and UTF-8 sequences
 * anywhere; the parser keeps only the unfinished tail, never the whole stream.
 */
export interface SseEvent {
  /** `event:` field, null when absent. */
  event: string | null;
  /** `data:` lines joined with "\n". */
  data: string;
  /** Other fields (id, retry) and comments, kept verbatim so they can be re-emitted. */
  extra: string[];
}

export class SseParser {
  private buf = "";
  private readonly decoder = new TextDecoder();

  /** Feed bytes; returns the events completed by them. */
  push(chunk: Uint8Array): SseEvent[] {
    this.buf += this.decoder.decode(chunk, { stream: true });
    return this.drain(false);
  }

  /** End of stream: returns a last event not terminated by a blank line. */
  end(): SseEvent[] {
    this.buf += this.decoder.decode();
    return this.drain(true);
  }

  private drain(final: boolean): SseEvent[] {
    const out: SseEvent[] = [];
    const text = this.buf.replace(/\r\n?/g, "\n");
    let start = 0;
    for (;;) {
      const sep = text.indexOf("\n\n", start);
      if (sep < 0) break;
      const ev = parseBlock(text.slice(start, sep));
      if (ev) out.push(ev);
      start = sep + 2;
    }
    this.buf = text.slice(start);
    if (final && this.buf.trim() !== "") {
      const ev = parseBlock(this.buf);
      if (ev) out.push(ev);
      this.buf = "";
    }
    return out;
  }
}

function parseBlock(block: string): SseEvent | null {
  let event: string | null = null;
  const data: string[] = [];
  const extra: string[] = [];
  for (const line of block.split("\n")) {
    if (line === "") continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
    else extra.push(line);
  }
  if (event === null && data.length === 0 && extra.length === 0) return null;
  return { event, data: data.join("\n"), extra };
}

/** Serialise one event, terminated by a blank line. */
export function formatSse(ev: SseEvent): string {
  let s = "";
  for (const line of ev.extra) s += line + "\n";
  if (ev.event !== null) s += `event: ${ev.event}\n`;
  // A block of only comments (keep-alives such as ": PROCESSING") stays a
  // comment: an empty `data:` line would dispatch an empty message, which
  // SDKs then try to parse as JSON.
  const commentOnly = ev.event === null && ev.data === "" && ev.extra.length > 0;
  if (!commentOnly && (ev.data !== "" || ev.event === null)) {
    for (const line of ev.data.split("\n")) s += `data: ${line}\n`;
  }
  return s + "\n";
}
