/**
 * A deterministic generator (mulberry32) for the tests that compare a fast
 * path with the code it mirrors on random inputs, so a failure reproduces.
 * (The simulator's Rng, src/sim/rng.ts, forks named streams; these tests
 * only need one stream from a number.)
 */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
