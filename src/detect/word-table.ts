/**
 * An open-addressing table from words to small integers, probed with the
 * FNV-1a hash a scanner has already accumulated, so a word in a text can be
 * looked up without slicing it out. Built at module load (growing as words
 * are added), read-only after.
 */
import { fnv1a } from "./features.js";

const FILTER_BITS = 15;
const FILTER_MASK = (1 << FILTER_BITS) - 1;

export class WordTable {
  /**
   * Open addressing, two Int32 per slot side by side: the hash of the word in
   * the slot (compared first) and its index + 1 (0 = empty). Side by side, a
   * probe touches one cache line instead of one in each of two arrays.
   */
  private slots = new Int32Array(2 * 16);
  private mask = 15;
  /**
   * One bit per value of a hash's low FILTER_BITS bits: set when a word has it.
   * 4 KiB, so it stays in the first-level cache: the words of a prompt that
   * are in no list (most of them) are nearly all turned away here.
   */
  private readonly filter = new Int32Array(1 << (FILTER_BITS - 5));
  /**
   * Word k's value, length, and characters (`chars` from `charStart[k]`), in
   * typed arrays rather than as strings in an array: a lookup then reads a
   * few contiguous numbers instead of following a pointer to each candidate
   * word's string, which in a full request's working set is a cache miss.
   */
  private readonly values: Int32Array;
  private readonly lengths: Int32Array;
  private readonly charStart: Int32Array;
  private chars = new Uint16Array(1024);
  private charsUsed = 0;
  private readonly hashes: number[] = [];
  private count = 0;

  /** `capacity` is the most words it will hold. */
  constructor(private readonly capacity: number) {
    this.values = new Int32Array(capacity);
    this.lengths = new Int32Array(capacity);
    this.charStart = new Int32Array(capacity);
  }

  /** Adds a word (not checked for duplicates: the first one added wins on lookup). */
  add(word: string, value: number): void {
    if (this.count >= this.capacity) throw new Error(`WordTable: more than ${this.capacity} words`);
    const k = this.count++;
    this.values[k] = value;
    this.lengths[k] = word.length;
    this.charStart[k] = this.addChars(word);
    const h = fnv1a(word) | 0;
    this.hashes.push(h);
    const f = (h & FILTER_MASK) >>> 5;
    this.filter[f] = (this.filter[f] as number) | (1 << (h & 31));
    // At most a third full, so probes stay short; no larger, so the slots stay in the first-level cache
    // (the scanner probes once or twice per word of every prompt: 1,400 words take 32 KiB, not 128).
    if (3 * this.count > this.mask + 1) this.rebuild(2 * (this.mask + 1));
    else this.place(k);
  }

  /** Appends the word's UTF-16 code units to `chars`, returning where they start. */
  private addChars(word: string): number {
    if (this.charsUsed + word.length > this.chars.length) {
      const grown = new Uint16Array(2 * (this.charsUsed + word.length));
      grown.set(this.chars);
      this.chars = grown;
    }
    const at = this.charsUsed;
    for (let j = 0; j < word.length; j++) this.chars[at + j] = word.charCodeAt(j);
    this.charsUsed += word.length;
    return at;
  }

  private rebuild(size: number): void {
    this.slots = new Int32Array(2 * size);
    this.mask = size - 1;
    // In insertion order, so the first word added still wins on lookup.
    for (let k = 0; k < this.count; k++) this.place(k);
  }

  private place(k: number): void {
    const h = this.hashes[k] as number;
    let i = h & this.mask;
    while (this.slots[2 * i + 1] !== 0) i = (i + 1) & this.mask;
    this.slots[2 * i] = h;
    this.slots[2 * i + 1] = k + 1;
  }

  /** False when no word has the hash `h` (lookup would return -1): small enough to inline. */
  mayHold(h: number): boolean {
    return (((this.filter[(h & FILTER_MASK) >>> 5] as number) >>> (h & 31)) & 1) !== 0;
  }

  /** Value of the word spelled by text[start, end), whose fnv1a (as a signed int) is `h`; -1 when absent. */
  lookup(text: string, start: number, end: number, h: number): number {
    const { slots, mask, lengths, chars } = this;
    const len = end - start;
    for (let i = h & mask; slots[2 * i + 1] !== 0; i = (i + 1) & mask) {
      if (slots[2 * i] !== h) continue;
      const k = (slots[2 * i + 1] as number) - 1;
      if (lengths[k] !== len) continue;
      const at = this.charStart[k] as number;
      let j = 0;
      while (j < len && chars[at + j] === text.charCodeAt(start + j)) j++;
      if (j === len) return this.values[k] as number;
    }
    return -1;
  }
}
