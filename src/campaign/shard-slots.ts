/**
 * One shard of the in-memory campaign index (memory-index.ts): its
 * fingerprint states in (re)write order, and a block index that finds a new
 * template's nearest stored one without comparing it with every state.
 *
 * Pigeonhole: two 64-bit SimHashes within Hamming distance 3 agree exactly
 * on at least one of their four 16-bit blocks. So only the states sharing a
 * block with the new fingerprint can be within SAME_TEMPLATE_MAX_DISTANCE,
 * and among those `nearest` picks what nearestFingerprint's scan of the
 * whole shard picks: the least distance, the first in the shard's order on
 * a tie. That order is the order of the last write (like the objects'
 * SQLite rowids, which INSERT OR REPLACE renews), and each slot's `seq`
 * records it: a rewrite only renews `seq`, rather than deleting and
 * re-inserting the slot in the Map on every observation.
 */
import { SAME_TEMPLATE_MAX_DISTANCE } from "../detect/fingerprint.js";
import { nearestFingerprint, type KnownFp } from "./cluster.js";
import { fpWords, wordsDistance, type FpWords } from "./fp-words.js";
import type { FpState } from "./types.js";

/** A stored state with its fingerprint parsed once, and when it was last written. */
export interface Slot extends KnownFp {
  state: FpState;
  seq: number;
}

/** Four 16-bit blocks cover distances up to 3 (see above); past that, the index would miss. */
const BLOCKS = 4;
const INDEXED = SAME_TEMPLATE_MAX_DISTANCE < BLOCKS;

/**
 * Block i's key: its number and value in one number. A NaN half (an
 * unparsable fingerprint) reads as 0 here as it does in wordsDistance's XOR.
 */
function blockKey(w: FpWords, i: number): number {
  const half = i < 2 ? w.hi : w.lo;
  return (i << 16) | (i % 2 === 0 ? half >>> 16 : half & 0xffff);
}

export class ShardSlots {
  /** fingerprint → slot, in no particular order (`seq` is the order). */
  private readonly slots = new Map<string, Slot>();
  /**
   * block key → the slots holding that block, in no particular order (nearest
   * breaks ties by `seq`). Arrays, not Sets: most hold one slot, and a Set
   * per block of every new fingerprint cost more than the rare search.
   */
  private readonly blocks = new Map<number, Slot[]>();
  private seq = 0;

  get size(): number {
    return this.slots.size;
  }

  get(fp: string): Slot | undefined {
    return this.slots.get(fp);
  }

  has(fp: string): boolean {
    return this.slots.has(fp);
  }

  /** The slots in the shard's order (last write last): a sorted copy, for the rare callers that need the order. */
  values(): Slot[] {
    return [...this.slots.values()].sort(bySeq);
  }

  /** The slots in no particular order (pick by `seq` where order matters). */
  unordered(): IterableIterator<Slot> {
    return this.slots.values();
  }

  /** Store the fingerprint's state as its latest write (last in the shard's order). */
  write(fp: string, state: FpState): void {
    const slot = this.slots.get(fp);
    if (slot) this.update(slot, state);
    else this.add(fp, state);
  }

  /** write() for a slot of this shard already in hand. Same fingerprint, same blocks: only its place in the order changes. */
  update(slot: Slot, state: FpState): void {
    slot.state = state;
    slot.seq = ++this.seq;
  }

  private add(fp: string, state: FpState): void {
    const added: Slot = { fp, words: fpWords(fp), state, seq: ++this.seq };
    this.slots.set(fp, added);
    for (let i = 0; i < BLOCKS; i++) {
      const k = blockKey(added.words, i);
      const bucket = this.blocks.get(k);
      if (bucket) bucket.push(added);
      else this.blocks.set(k, [added]);
    }
  }

  delete(fp: string): void {
    const slot = this.slots.get(fp);
    if (!slot) return;
    this.slots.delete(fp);
    for (let i = 0; i < BLOCKS; i++) {
      const k = blockKey(slot.words, i);
      const bucket = this.blocks.get(k)!;
      if (bucket.length === 1) {
        this.blocks.delete(k);
        continue;
      }
      // Swapped out: the order within a bucket does not matter.
      const at = bucket.indexOf(slot);
      bucket[at] = bucket[bucket.length - 1]!;
      bucket.pop();
    }
  }

  /** nearestFingerprint over this shard's slots (in their order), for a fingerprint the shard does not hold. */
  nearest(fp: string): string {
    return this.nearestSlot(fp)?.fp ?? fp;
  }

  /** The slot of nearest(fp), or null when that is `fp` itself (none near). */
  nearestSlot(fp: string): Slot | null {
    if (!INDEXED) {
      const near = nearestFingerprint(this.values(), fp);
      return near === fp ? null : this.slots.get(near)!;
    }
    const target = fpWords(fp);
    let best: Slot | null = null;
    let bestD = SAME_TEMPLATE_MAX_DISTANCE + 1;
    for (let i = 0; i < BLOCKS; i++) {
      const bucket = this.blocks.get(blockKey(target, i));
      if (!bucket) continue;
      // A slot sharing several blocks is met more than once: harmless, it compares equal to itself.
      for (const s of bucket) {
        const d = wordsDistance(s.words, target);
        if (d < bestD || (d === bestD && best !== null && s.seq < best.seq)) {
          best = s;
          bestD = d;
        }
      }
    }
    return best;
  }
}

function bySeq(a: Slot, b: Slot): number {
  return a.seq - b.seq;
}
