/**
 * Conversations (the Conversations API's `conversation`, dialects/conversations.ts):
 * the provider keeps the items, so a request that continues a conversation
 * carries only its new input and none of the instruction that opened it, and
 * the items added through the conversation routes reach no model endpoint at
 * all. The account object remembers, per conversation (its id's hash), the
 * largest extraction scores of everything that entered it: items added
 * through the routes, and the input of each served Responses request that
 * named it. A request that names the conversation inherits them
 * (chain.ts withInherited), as a continued response does.
 *
 * Pure. The object keeps the memory in SQLite (account-do.ts); the replay's
 * node engine keeps it in a ConversationMemory, which orders, ages and bounds
 * entries exactly as the object's table does, so that both engines decide
 * alike. Entries are timed by the request's own time (a replay's record
 * time), not the admission time the rate window uses.
 */
import { carriesIntent, mergeScores, type ChainScores } from "./chain.js";

/** At most this many conversations remembered per account (the least recently written go first). */
export const CONVERSATION_KEEP = 256;
/** A conversation not written for this long is forgotten. */
export const CONVERSATION_MAX_AGE_MS = 30 * 24 * 3600 * 1000;
/** The reason a decision carries when a conversation's scores lifted a kind to the machine's threshold. */
export const CONVERSATION_REASON = "conversation:inherited";

/** What a conversation remembers after `scores` entered it, or null when neither carries any intent (nothing is written). */
export function afterEntry(stored: ChainScores | null, scores: ChainScores): ChainScores | null {
  const merged = mergeScores(stored, scores);
  return carriesIntent(merged) ? merged : null;
}

interface Entry {
  ts: number;
  /** Write order: the table's rowid (INSERT OR REPLACE gives a written row a new, larger one). */
  seq: number;
  scores: ChainScores;
}

/**
 * One account's conversation memory for the replay's node engine, with the
 * object's table semantics: read only when written within the age; a write
 * merges, stamps the row with its time and a new sequence, drops rows aged
 * out, then keeps the CONVERSATION_KEEP newest by (time, sequence).
 */
export class ConversationMemory {
  private readonly rows = new Map<string, Entry>();
  private seq = 0;

  get(h: string, now: number): ChainScores | null {
    const e = this.rows.get(h);
    return e && e.ts > now - CONVERSATION_MAX_AGE_MS ? e.scores : null;
  }

  /** `scores` entered conversation `h` at `now`. */
  note(h: string, scores: ChainScores, now: number): void {
    const next = afterEntry(this.get(h, now), scores);
    if (!next) return;
    this.rows.delete(h);
    this.rows.set(h, { ts: now, seq: ++this.seq, scores: next });
    for (const [k, e] of this.rows) if (e.ts <= now - CONVERSATION_MAX_AGE_MS) this.rows.delete(k);
    while (this.rows.size > CONVERSATION_KEEP) {
      let oldest: string | null = null;
      let o: Entry | null = null;
      for (const [k, e] of this.rows) if (!o || e.ts < o.ts || (e.ts === o.ts && e.seq < o.seq)) (oldest = k), (o = e);
      this.rows.delete(oldest!);
    }
  }

  get size(): number {
    return this.rows.size;
  }
}
