/**
 * Scoring a replay as ../shared/contract/REPLAY.md "How a replay is scored"
 * defines it. Pure: a Tally is fed (label, account, action) per decision and
 * read at the end; the labels are the answer key, so only the summary and
 * the eval read them, never an engine.
 *
 * - leak: share of an `attack:` label's requests served as is (`allow`);
 * - hard FP: share of `legit:` requests that got throttle, challenge or block;
 * - soft FP: share of `legit:` requests that got degrade;
 * - accounts hit: share of legitimate accounts with any traffic that ever got a hard action;
 * - contained by (attack labels, not in the contract): the request from
 *   which on an account was never again served as is (1 = from its first);
 * - first held (attack labels): the account's first request not served as is
 *   (1 = its first; issue 5's "contained within its first 5 requests").
 */
import { ACTIONS, type Action } from "../account/types.js";

export type ActionCounts = Record<Action, number> & { requests: number };

const HARD: ReadonlySet<Action> = new Set(["throttle", "challenge", "block"]);
export const UNLABELLED = "(unlabelled)";

function zero(): ActionCounts {
  return { requests: 0, allow: 0, degrade: 0, throttle: 0, challenge: 0, block: 0 };
}

interface AccountTrack {
  hit: boolean;
  requests: number;
  /** Ordinal (1-based) of the account's last request served as is; 0 if none. */
  lastAllow: number;
  /** Ordinal (1-based) of the account's first request not served as is; 0 if none. */
  firstHeld: number;
}

export class Tally {
  readonly byLabel = new Map<string, ActionCounts>();
  /** label → account → what happened to it. */
  readonly accounts = new Map<string, Map<string, AccountTrack>>();

  add(label: string | null, account: string | null, action: Action): void {
    const l = label ?? UNLABELLED;
    let c = this.byLabel.get(l);
    if (!c) this.byLabel.set(l, (c = zero()));
    c.requests++;
    c[action]++;
    if (account === null) return;
    let a = this.accounts.get(l);
    if (!a) this.accounts.set(l, (a = new Map()));
    let t = a.get(account);
    if (!t) a.set(account, (t = { hit: false, requests: 0, lastAllow: 0, firstHeld: 0 }));
    t.requests++;
    t.hit ||= HARD.has(action);
    if (action === "allow") t.lastAllow = t.requests;
    else if (t.firstHeld === 0) t.firstHeld = t.requests;
  }

  /**
   * Per account of a label: the ordinal of its first request not served as
   * is, sorted; an account never held counts as its request count + 1.
   */
  firstHeld(label: string): number[] {
    return [...(this.accounts.get(label)?.values() ?? [])].map((t) => t.firstHeld || t.requests + 1).sort((x, y) => x - y);
  }

  /** Per account of a label: from which request on it was never served as is again. */
  containedBy(label: string): number[] {
    return [...(this.accounts.get(label)?.values() ?? [])].map((t) => t.lastAllow + 1).sort((x, y) => x - y);
  }

  /** Counts of every label starting with `prefix` (e.g. "attack:"). */
  pooled(prefix: string): ActionCounts {
    const out = zero();
    for (const [label, c] of this.byLabel) {
      if (!label.startsWith(prefix)) continue;
      out.requests += c.requests;
      for (const a of ACTIONS) out[a] += c[a];
    }
    return out;
  }

  /** Accounts with traffic under labels starting with `prefix`, and how many were ever hit. */
  accountsOf(prefix: string): { accounts: number; hit: number } {
    const all = new Map<string, boolean>();
    for (const [label, m] of this.accounts) {
      if (!label.startsWith(prefix)) continue;
      for (const [id, t] of m) all.set(id, (all.get(id) ?? false) || t.hit);
    }
    let hit = 0;
    for (const h of all.values()) if (h) hit++;
    return { accounts: all.size, hit };
  }
}

export interface LabelScore {
  label: string;
  requests: number;
  /** attack labels: share served as is. */
  leak: number | null;
  /** legit labels: shares hard- and soft-actioned. */
  hardFp: number | null;
  softFp: number | null;
  accounts: number;
  accountsHit: number;
}

const share = (x: number, n: number): number => (n === 0 ? 0 : x / n);

export function scoreCounts(label: string, c: ActionCounts, accounts: { accounts: number; hit: number }): LabelScore {
  const attack = label.startsWith("attack:");
  const legit = label.startsWith("legit:");
  return {
    label,
    requests: c.requests,
    leak: attack ? share(c.allow, c.requests) : null,
    hardFp: legit ? share(c.throttle + c.challenge + c.block, c.requests) : null,
    softFp: legit ? share(c.degrade, c.requests) : null,
    accounts: accounts.accounts,
    accountsHit: accounts.hit,
  };
}

/** Per label (sorted: legit first, then attack, then the rest), then the pooled `legit:` and `attack:` rows. */
export function score(t: Tally): { labels: LabelScore[]; legit: LabelScore; attack: LabelScore } {
  const order = (l: string) => (l.startsWith("legit:") ? 0 : l.startsWith("attack:") ? 1 : 2);
  const labels = [...t.byLabel.keys()]
    .sort((a, b) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map((l) => scoreCounts(l, t.byLabel.get(l)!, t.accountsOf(l)));
  return {
    labels,
    legit: scoreCounts("legit:", t.pooled("legit:"), t.accountsOf("legit:")),
    attack: scoreCounts("attack:", t.pooled("attack:"), t.accountsOf("attack:")),
  };
}
