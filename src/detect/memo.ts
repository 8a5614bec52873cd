/**
 * A small bounded cache for a pure function of a string. Requests repeat
 * their system prompts (one per pipeline template or SDK default: a few
 * dozen distinct ones carry most traffic), so what the detectors derive from
 * a system prompt is computed once per distinct prompt instead of per request.
 * The value must be treated as read-only by every caller, since it is shared.
 * Bounded by entry count (the keys are bounded texts), oldest entry out
 * first, so the state stays small in a Worker isolate. First in, first out
 * rather than least recently used: a hit is then one Map lookup, and the
 * hit rates on replayed traffic differ by a few points only.
 */
export class StringMemo<V> {
  private readonly map = new Map<string, V>();
  /**
   * The keys in insertion order, as a ring: `next` is the oldest once full.
   * Evicting through `map.keys().next()` instead walks past every entry
   * deleted since the Map last compacted (up to `max` of them), which on the
   * 2,048-entry sentence memo cost more than the lookup itself.
   */
  private readonly order: string[] = [];
  private next = 0;

  /**
   * `max` entries; keys longer than `maxKeyLength` are computed every time:
   * a miss costs hashing the key, and long texts repeat too rarely to repay it.
   */
  constructor(
    private readonly max: number,
    private readonly compute: (key: string) => V,
    private readonly maxKeyLength = Infinity,
  ) {}

  get(key: string): V {
    if (key.length > this.maxKeyLength) return this.compute(key);
    const map = this.map;
    let v = map.get(key);
    if (v !== undefined) return v;
    v = this.compute(key);
    // A key is only ever added on a miss, so the ring holds each key once, oldest at `next` when full.
    if (map.size >= this.max) map.delete(this.order[this.next] as string);
    this.order[this.next] = key;
    this.next = this.next + 1 === this.max ? 0 : this.next + 1;
    map.set(key, v);
    return v;
  }
}

/** Characters of each end of a key that SampledMemo hashes. */
const SAMPLE_END = 256;

/**
 * StringMemo for long keys (the 4,097-character bounded user texts), looked
 * up by a sample of the key, its length and its first and last 256
 * characters, and confirmed by comparing the whole key: a Map hashes every
 * character of a key it has not hashed before (~1.5 ns each, 6 µs for a long
 * text, which arrives as a new string on every request), while comparing two
 * strings is a fast scan. Keys that share a sample share one entry, the last
 * one computed, so a lookup compares one key at most whatever the keys are.
 */
export class SampledMemo<V> {
  private readonly map = new Map<string, { key: string; value: V }>();
  private readonly order: string[] = [];
  private next = 0;

  constructor(
    private readonly max: number,
    private readonly compute: (key: string) => V,
  ) {}

  get(key: string): V {
    const sample = key.length <= 2 * SAMPLE_END ? key : `${key.length}\n${key.slice(0, SAMPLE_END)}${key.slice(key.length - SAMPLE_END)}`;
    const map = this.map;
    const kept = map.get(sample);
    if (kept !== undefined && kept.key === key) return kept.value;
    const value = this.compute(key);
    if (kept !== undefined) {
      // Another key with this sample: it gives way, and the entry keeps its place in the ring.
      kept.key = key;
      kept.value = value;
      return value;
    }
    if (map.size >= this.max) map.delete(this.order[this.next] as string);
    this.order[this.next] = sample;
    this.next = this.next + 1 === this.max ? 0 : this.next + 1;
    map.set(sample, { key, value });
    return value;
  }
}
