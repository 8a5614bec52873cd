/**
 * A small closed-loop load generator: `concurrency` workers each send the
 * next request as soon as the previous one finished, for `total` requests.
 * Bounded in count, so it always stops by itself.
 */
export interface LoadResult {
  requests: number;
  errors: number;
  statuses: Record<string, number>;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
}

export async function runLoad(total: number, concurrency: number, send: (i: number) => Promise<Response>): Promise<LoadResult> {
  const lat: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  let errors = 0;
  const t0 = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      const s = performance.now();
      try {
        const res = await send(i);
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      } catch {
        errors++;
      }
      lat.push(performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? 0;
  return { requests: total, errors, statuses, seconds, rps: total / seconds, p50: q(0.5), p99: q(0.99) };
}
