/**
 * The BlocklistKeeper object (intel/keeper.ts says why): one per blocklist value,
 * named by its KV key, applying the changes to the value's claims one after
 * another.
 *
 * An object that has never written its value starts from what KV holds (an
 * entry written before the keeper existed). Its storage is the truth; KV is
 * written first, then the storage, so a failed KV write changes neither and
 * is reported to the caller.
 */
import { DurableObject } from "cloudflare:workers";
import { deleteEntry, readStored, writeStored } from "./blocklist.js";
import { changeOf, type ChangeResult, type ClaimChange } from "./keeper.js";
import type { StoredEntry } from "./merge.js";
import type { BlocklistKind } from "./types.js";

const ENTRY = "entry";

export class BlocklistKeeper extends DurableObject<Env> {
  /** The changes, one after another: reading KV or writing it lets another call in, and KV writes must land in order. */
  private queue: Promise<unknown> = Promise.resolve();

  change(kind: BlocklistKind, value: string, c: ClaimChange, now: number, kvExpiry: boolean): Promise<ChangeResult> {
    const run = this.queue.then(() => this.apply(kind, value, c, now, kvExpiry));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async apply(kind: BlocklistKind, value: string, c: ClaimChange, now: number, kvExpiry: boolean): Promise<ChangeResult> {
    if ("clear" in c) {
      // Whatever KV holds goes, an entry it cannot read too.
      const inKv = await deleteEntry(this.env.GUARD_KV, kind, value);
      const existed = inKv || ((await this.ctx.storage.get<StoredEntry | null>(ENTRY)) ?? null) !== null;
      await this.ctx.storage.put(ENTRY, null);
      return { changed: existed, applies: false, existed };
    }
    const kept = await this.ctx.storage.get<StoredEntry | null>(ENTRY);
    // Never written through this object: what KV holds, from before the keeper.
    const s = kept === undefined ? await readStored(this.env.GUARD_KV, kind, value) : kept;
    const { next, applies } = changeOf(s, c, now);
    if (next === undefined) return { changed: false, applies, existed: s !== null };
    await writeStored(this.env.GUARD_KV, kind, value, next, now, kvExpiry);
    await this.ctx.storage.put(ENTRY, next);
    return { changed: true, applies, existed: s !== null };
  }
}
