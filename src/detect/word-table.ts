/**
 * A fixed-size open-addressing table from words to small integers, probed with
 * the FNV-1a hash a scanner has already accumulated, so a word in a text can
 * be looked up without slicing it out. Built at module load, read-only after.
 */
import { fnv1a } from "./features.js";

export class WordTable {
  /**
   * Open addressing, two Int32 per slot side by side: the hash of the word in
   * the slot (compared first) and its index + 1 (0 = empty). Side by side, a
   * probe touches one cache line instead of one in each of two arrays.
   */
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly words: string[] = [];
  private readonly values: number[] = [];

  /** `capacity` is the most words it will hold; the table is four times larger so probes stay short. */
  constructor(private readonly capacity: number) {
    let size = 1;
    while (size < capacity * 4) size *= 2;
    this.slots = new Int32Array(2 * size);
    this.mask = size - 1;
  }

  /** Adds a word (not checked for duplicates: the first one added wins on lookup). */
  add(word: string, value: number): void {
    if (this.words.length >= this.capacity) throw new Error(`WordTable: more than ${this.capacity} words`);
    const h = fnv1a(word) | 0;
    this.words.push(word);
    this.values.push(value);
    let i = h & this.mask;
    while (this.slots[2 * i + 1] !== 0) i = (i + 1) & this.mask;
    this.slots[2 * i] = h;
    this.slots[2 * i + 1] = this.words.length;
  }

  /** Value of the word spelled by text[start, end), whose fnv1a (as a signed int) is `h`; -1 when absent. */
  lookup(text: string, start: number, end: number, h: number): number {
    const { slots, mask } = this;
    for (let i = h & mask; slots[2 * i + 1] !== 0; i = (i + 1) & mask) {
      if (slots[2 * i] !== h) continue;
      const k = (slots[2 * i + 1] as number) - 1;
      const w = this.words[k] as string;
      if (w.length !== end - start) continue;
      let j = 0;
      while (j < w.length && w.charCodeAt(j) === text.charCodeAt(start + j)) j++;
      if (j === w.length) return this.values[k] as number;
    }
    return -1;
  }
}
