/**
 * A fixed-size open-addressing table from words to small integers, probed with
 * the FNV-1a hash a scanner has already accumulated, so a word in a text can
 * be looked up without slicing it out. Built at module load, read-only after.
 */
import { fnv1a } from "./features.js";

export class WordTable {
  /** Open addressing: the hash of the word in a slot (compared first) and its index + 1 (0 = empty). */
  private readonly slotHash: Int32Array;
  private readonly slotIndex: Int32Array;
  private readonly mask: number;
  private readonly words: string[] = [];
  private readonly values: number[] = [];

  /** `capacity` is the most words it will hold; the table is four times larger so probes stay short. */
  constructor(private readonly capacity: number) {
    let size = 1;
    while (size < capacity * 4) size *= 2;
    this.slotHash = new Int32Array(size);
    this.slotIndex = new Int32Array(size);
    this.mask = size - 1;
  }

  /** Adds a word (not checked for duplicates: the first one added wins on lookup). */
  add(word: string, value: number): void {
    if (this.words.length >= this.capacity) throw new Error(`WordTable: more than ${this.capacity} words`);
    const h = fnv1a(word) | 0;
    this.words.push(word);
    this.values.push(value);
    let i = h & this.mask;
    while (this.slotIndex[i] !== 0) i = (i + 1) & this.mask;
    this.slotHash[i] = h;
    this.slotIndex[i] = this.words.length;
  }

  /** Value of the word spelled by text[start, end), whose fnv1a (as a signed int) is `h`; -1 when absent. */
  lookup(text: string, start: number, end: number, h: number): number {
    const { slotHash, slotIndex, mask } = this;
    for (let i = h & mask; slotIndex[i] !== 0; i = (i + 1) & mask) {
      if (slotHash[i] !== h) continue;
      const k = (slotIndex[i] as number) - 1;
      const w = this.words[k] as string;
      if (w.length !== end - start) continue;
      let j = 0;
      while (j < w.length && w.charCodeAt(j) === text.charCodeAt(start + j)) j++;
      if (j === w.length) return this.values[k] as number;
    }
    return -1;
  }
}
