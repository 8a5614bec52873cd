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
    // A Map iterates in insertion order: its first key is the oldest.
    if (map.size >= this.max) map.delete(map.keys().next().value as string);
    map.set(key, v);
    return v;
  }
}
