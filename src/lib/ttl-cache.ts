/**
 * A small per-isolate cache with expiry and a size bound, in front of KV reads
 * on the hot path (KV's own `cacheTtl` also caches at the edge location).
 * Time is passed in, so the cache is testable without timers.
 */
export class TtlCache<V> {
  private readonly map = new Map<string, { v: V; exp: number }>();
  constructor(private readonly maxEntries = 10_000) {}

  get(key: string, now: number): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    if (hit.exp <= now) {
      this.map.delete(key);
      return undefined;
    }
    return hit.v;
  }

  set(key: string, v: V, ttlMs: number, now: number): void {
    if (this.map.size >= this.maxEntries) {
      // Map iteration order is insertion order: drop the oldest.
      const first = this.map.keys().next();
      if (!first.done) this.map.delete(first.value);
    }
    this.map.set(key, { v, exp: now + ttlMs });
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }
}
