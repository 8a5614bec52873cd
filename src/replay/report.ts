/** Plain-text tables of a replay (stdout of `npm run replay` and `npm run eval`). */
import type { CampaignAudit } from "./node-engine.js";
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
 * their requests on they were never served as is again, and their first
 * request not served as is (median / 90th percentile / worst).
 */
export function scoreTable(t: Tally): string {
  const s = score(t);
  const spread = (xs: readonly number[]) => `${quantile(xs, 0.5)} / ${quantile(xs, 0.9)} / ${xs[xs.length - 1] ?? 0}`;
  const contained = (label: string) => spread(t.containedBy(label));
  const row = (x: LabelScore, label = x.label) => [
    label, n(x.requests), pct(x.leak), pct(x.hardFp), pct(x.softFp),
    x.hardFp === null ? "" : `${x.accountsHit}/${x.accounts}`,
    x.leak === null || label.endsWith("*") ? "" : contained(label),
    x.leak === null || label.endsWith("*") ? "" : spread(t.firstHeld(label)),
  ];
  const rows = s.labels.map((x) => row(x));
  if (s.legit.requests > 0) rows.push(row(s.legit, "legit:*"));
  if (s.attack.requests > 0) rows.push(row(s.attack, "attack:*"));
  return table(["label", "requests", "leak", "hard FP", "soft FP", "legit accts hit", "contained by (p50/p90/max)", "first held (p50/p90/max)"], rows);
}

/**
 * Issue 5's other targets, as eval lines: a fresh account of the known
 * campaign is held (not served as is) within its first 5 requests; no
 * legitimate account is given a campaign finding. `audit` is the node
 * engine's (ReplayResult.campaigns).
 */
export function campaignTargetLines(t: Tally, audit: CampaignAudit | undefined): string[] {
  const mark = (ok: boolean) => (ok ? "ok     " : "MISSED ");
  const out: string[] = [];
  const held = t.firstHeld("attack:known-campaign");
  if (held.length) {
    const max = held[held.length - 1]!;
    out.push(`  ${mark(max <= 5)} attack:known-campaign first request held: median ${quantile(held, 0.5)}, max ${max}, of ${held.length} accounts (target ≤ 5)`);
  }
  if (!audit) return out;
  const legit = new Set<string>();
  for (const [label, m] of t.accounts) if (label.startsWith("legit:")) for (const id of m.keys()) legit.add(id);
  const flagged = audit.flagged.filter((a) => legit.has(a));
  const members = new Set(audit.campaigns.flatMap((c) => c.members.filter((a) => legit.has(a))));
  out.push(`  ${mark(flagged.length === 0)} legit accounts given a campaign finding: ${countAndFirst(flagged)} (target 0)`);
  // Information, not a target: a campaign's member list also holds the established accounts that used
  // its fingerprint (they are the evidence that clears it), and they are never given a finding.
  out.push(`  (info)  legit accounts listed among the members of the ${audit.campaigns.length} active campaigns: ${members.size}`);
  // Nor is a finding for the request-level hold only (policy.campaign.account.harvestHoldSuspected): it says nothing about
  // the account, and only its heavy-reasoning requests through that prompt, while its own stream harvests, are held.
  const holdOnly = audit.holdOnly.filter((a) => legit.has(a));
  out.push(`  (info)  legit accounts given only findings for the request-level hold: ${countAndFirst(holdOnly)}`);
  return out;
}

/** "N" or "N (the first five)". */
function countAndFirst(ids: readonly string[]): string {
  return ids.length ? `${ids.length} (${ids.slice(0, 5).join(", ")})` : "0";
}
