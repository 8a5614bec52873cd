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
