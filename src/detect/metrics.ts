/** Ranking metrics for measuring detectors (used by cli/measure-detect.ts and tests). */

/** ROC AUC by the rank-sum (Mann-Whitney) formula, ties counted half. */
export function rocAuc(pos: readonly number[], neg: readonly number[]): number {
  if (pos.length === 0 || neg.length === 0) return Number.NaN;
  const all = [...pos.map((s) => [s, 1] as const), ...neg.map((s) => [s, 0] as const)].sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]?.[0] === all[i]?.[0]) j++;
    const avg = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (all[k]?.[1] === 1) rankSum += avg;
    i = j;
  }
  return (rankSum - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length);
}

/** Recall at the threshold that lets through at most `fpr` of the negatives (strictly above it). */
export function recallAtFpr(pos: readonly number[], neg: readonly number[], fpr = 0.01): number {
  if (pos.length === 0 || neg.length === 0) return Number.NaN;
  const sorted = [...neg].sort((a, b) => b - a);
  const allowed = Math.floor(neg.length * fpr);
  const thr = sorted[allowed] ?? -Infinity;
  return pos.filter((s) => s > thr).length / pos.length;
}
