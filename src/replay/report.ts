/** Plain-text tables of a replay (stdout of `npm run replay` and `npm run eval`). */
import { score, type ActionCounts, type LabelScore, type Tally } from "./score.js";

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

const n = (x: number) => x.toLocaleString("en-US");
const pct = (x: number | null) => (x === null ? "" : `${(x * 100).toFixed(2)}%`);

/** REPLAY.md's summary: per label, then per `legit:` / `attack:` prefix, the requests by action. */
export function summaryTable(t: Tally): string {
  const row = (label: string, c: ActionCounts) => [label, n(c.requests), n(c.allow), n(c.throttle), n(c.degrade), n(c.challenge), n(c.block)];
  const labels = score(t).labels.map((s) => row(s.label, t.byLabel.get(s.label)!));
  const pooled = ["legit:", "attack:"].filter((p) => t.pooled(p).requests > 0).map((p) => row(`${p}*`, t.pooled(p)));
  return table(["label", "requests", "allowed", "throttled", "degraded", "challenged", "blocked"], [...labels, ...pooled]);
}

const quantile = (xs: readonly number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;

/**
 * The eval's table: leak for attacks, hard and soft false positives and
 * accounts hit for legitimate traffic; for attack accounts, from which of
 * their requests on they were never served as is again (median / 90th
 * percentile / worst).
 */
export function scoreTable(t: Tally): string {
  const s = score(t);
  const contained = (label: string) => {
    const xs = t.containedBy(label);
    return `${quantile(xs, 0.5)} / ${quantile(xs, 0.9)} / ${xs[xs.length - 1] ?? 0}`;
  };
  const row = (x: LabelScore, label = x.label) => [
    label, n(x.requests), pct(x.leak), pct(x.hardFp), pct(x.softFp),
    x.hardFp === null ? "" : `${x.accountsHit}/${x.accounts}`,
    x.leak === null || label.endsWith("*") ? "" : contained(label),
  ];
  const rows = s.labels.map((x) => row(x));
  if (s.legit.requests > 0) rows.push(row(s.legit, "legit:*"));
  if (s.attack.requests > 0) rows.push(row(s.attack, "attack:*"));
  return table(["label", "requests", "leak", "hard FP", "soft FP", "legit accts hit", "contained by (p50/p90/max)"], rows);
}
