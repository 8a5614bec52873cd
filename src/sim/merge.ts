/**
 * Merges per-actor request streams, each already in time order, into one
 * stream sorted by `ts` (a binary heap over the streams' next lines). Ties
 * go to the stream listed first, so the output order is deterministic, and
 * only one pending line per stream is held in memory.
 */
import type { TrafficLine } from "./contract.js";

interface Head {
  line: TrafficLine;
  idx: number;
  it: Iterator<TrafficLine>;
}

const before = (a: Head, b: Head) => a.line.ts < b.line.ts || (a.line.ts === b.line.ts && a.idx < b.idx);

export function* mergeByTime(streams: readonly Iterable<TrafficLine>[]): Generator<TrafficLine> {
  const heap: Head[] = [];
  streams.forEach((s, idx) => {
    const it = s[Symbol.iterator]();
    const n = it.next();
    if (!n.done) push(heap, { line: n.value, idx, it });
  });
  while (heap.length > 0) {
    const top = heap[0] as Head;
    yield top.line;
    const n = top.it.next();
    if (n.done) {
      const last = heap.pop() as Head;
      if (heap.length > 0) {
        heap[0] = last;
        down(heap, 0);
      }
    } else {
      if (n.value.ts < top.line.ts) throw new Error(`stream ${top.idx} went back in time at ts ${n.value.ts}`);
      top.line = n.value;
      down(heap, 0);
    }
  }
}

function push(heap: Head[], h: Head): void {
  heap.push(h);
  let i = heap.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!before(heap[i] as Head, heap[p] as Head)) break;
    [heap[i], heap[p]] = [heap[p] as Head, heap[i] as Head];
    i = p;
  }
}

function down(heap: Head[], i: number): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < heap.length && before(heap[l] as Head, heap[m] as Head)) m = l;
    if (r < heap.length && before(heap[r] as Head, heap[m] as Head)) m = r;
    if (m === i) return;
    [heap[i], heap[m]] = [heap[m] as Head, heap[i] as Head];
    i = m;
  }
}
