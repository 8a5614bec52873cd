/**
 * Campaign index objects, sharded by fingerprint (issue 5): one object per
 * fingerprint kind and first byte (`template:3f`, `org:07`), 1,024 in all, each holding
 * the bounded states of its fingerprints in SQLite. A thin shell around
 * cluster.ts: load the state, call the pure core, persist, then apply the
 * effects — blocklist entries published or withdrawn in KV, and the
 * campaign's listing (`campaign:<id>`) so that listing campaigns never has to
 * visit every shard.
 *
 * The class is declared from the first migration so deployments never need
 * a rename.
 */
import { DurableObject } from "cloudflare:workers";
import { applyPublication, putCampaignSummary } from "../intel/intel-store.js";
import { keeperWriter } from "../intel/keeper.js";
import { loadPolicy } from "../policy/load.js";
import { act, campaignView, observe, resolveFingerprint, summarize, sweep, type Effects } from "./cluster.js";
import { isActive } from "./lifecycle.js";
import {
  campaignPolicyOf, parseCampaignId, shardOf, FpState,
  type CampaignFinding, type CampaignPolicy, type CampaignReport, type FpKind, type FpObservation,
} from "./types.js";

const CACHE_MAX = 256;
const SWEEP_EVERY_MS = 3_600_000;

export type CampaignView = ReturnType<typeof campaignView>;
export type ActResult = { ok: true; view: CampaignView } | { ok: false; status: 404 | 409; error: string };

export class CampaignIndex extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /**
   * Fingerprints held by this shard, per kind, for near-duplicate lookup, in
   * the order of their last write: the table's rowid order, which INSERT OR
   * REPLACE renews. A new template joins the first of its nearest in this
   * order, so it must not depend on when the object last started (a plain
   * scan of the table reads its primary key's order) and must be the node
   * engine's (shard-slots.ts `seq`).
   */
  private readonly keys = new Map<FpKind, Set<string>>();
  private readonly cache = new Map<string, FpState>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS fp (kind TEXT NOT NULL, fp TEXT NOT NULL, last_seen INTEGER NOT NULL, active INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (kind, fp))`);
      this.loadKeys();
    });
  }

  private keySet(kind: FpKind): Set<string> {
    let s = this.keys.get(kind);
    if (!s) this.keys.set(kind, (s = new Set()));
    return s;
  }

  private resolve(kind: FpKind, fp: string): string {
    return resolveFingerprint(this.keySet(kind), kind, fp);
  }

  private load(kind: FpKind, fp: string): FpState | null {
    const hit = this.cache.get(`${kind}:${fp}`);
    if (hit) return hit;
    const row = this.sql.exec<{ body: string }>(`SELECT body FROM fp WHERE kind = ? AND fp = ?`, kind, fp).toArray()[0];
    if (!row) return null;
    const parsed = FpState.safeParse(JSON.parse(row.body));
    if (!parsed.success) console.error(JSON.stringify({ event: "campaign_state_invalid", kind, fp, error: parsed.error.message }));
    return parsed.success ? this.remember(parsed.data) : null;
  }

  private remember(s: FpState): FpState {
    const k = `${s.kind}:${s.fp}`;
    this.cache.delete(k);
    this.cache.set(k, s);
    if (this.cache.size > CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    return s;
  }

  private save(s: FpState): void {
    this.sql.exec(
      `INSERT OR REPLACE INTO fp (kind, fp, last_seen, active, body) VALUES (?, ?, ?, ?, ?)`,
      s.kind, s.fp, s.lastSeen, isActive(s.campaign) ? 1 : 0, JSON.stringify(s),
    );
    // Last in the order, as the new rowid INSERT OR REPLACE gives it (see `keys`).
    const keys = this.keySet(s.kind);
    keys.delete(s.fp);
    keys.add(s.fp);
    this.remember(s);
  }

  /**
   * `replay`: the reports carry a replay's record times (src/replay/clock.ts).
   * Entries are then judged live on that clock and written without a KV
   * expiration, and no alarm is set (its sweep runs on the real clock, which
   * would expire the replayed campaigns); the index still expires them
   * itself as reports arrive (observe sweeps first), as the node engine does.
   */
  private async apply(r: Effects, p: CampaignPolicy, now: number, replay = false): Promise<void> {
    const c = r.state.campaign;
    if (!c) return;
    // KV expirations and alarms run on the real clock; `now` may be a report's own time.
    const wall = Date.now();
    if (r.publish.length || r.unpublish.length) {
      await applyPublication(keeperWriter(this.env), r.publish, r.unpublish, `campaign:${c.id}`, replay ? now : wall, { kvExpiry: !replay });
    }
    const summary = r.changed ? summarize(r.state, p, now) : null;
    if (summary) await putCampaignSummary(this.env.GUARD_KV, summary, wall);
    if (!replay && isActive(c) && (await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(wall + SWEEP_EVERY_MS);
  }

  /** Fold a report's observations for this shard in; returns the campaigns the account is part of. */
  async report(observations: FpObservation[], policy: CampaignPolicy, replay = false): Promise<CampaignFinding[]> {
    const findings: CampaignFinding[] = [];
    for (const o of observations) {
      const fp = this.resolve(o.kind, o.fp);
      const r = observe(this.load(o.kind, fp), { ...o, fp }, policy, o.at);
      this.save(r.state);
      if (r.finding) findings.push(r.finding);
      await this.apply(r, policy, o.at, replay);
    }
    this.prune(policy);
    return findings;
  }

  view(kind: FpKind, fp: string, policy: CampaignPolicy, now: number): CampaignView | null {
    const s = this.load(kind, fp);
    if (!s) return null;
    // A fingerprint without a campaign whose members are held for it (the view's operatedHarvest, assess.ts) is shown
    // too: the held requests name it, and an operator who finds it legitimate allowlists it (policy.campaign.allow).
    const v = campaignView(s, policy, now);
    return s.campaign || v.operatedHarvest > 0 ? v : null;
  }

  async act(kind: FpKind, fp: string, action: "confirm" | "dismiss" | "expire", by: string, note: string | undefined, policy: CampaignPolicy, now: number): Promise<ActResult> {
    const s = this.load(kind, fp);
    if (!s?.campaign) return { ok: false, status: 404, error: "no such campaign" };
    const r = act(s, action, by, note, policy, now);
    if ("error" in r) return { ok: false, status: 409, error: r.error };
    this.save(r.state);
    await this.apply(r, policy, now);
    return { ok: true, view: campaignView(r.state, policy, now) };
  }

  /** Expire campaigns that went quiet; forget idle fingerprints that never became one. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    const policy = campaignPolicyOf(await loadPolicy(this.env.GUARD_KV, now));
    const rows = this.sql.exec<{ kind: FpKind; fp: string }>(`SELECT kind, fp FROM fp WHERE active = 1`).toArray();
    for (const row of rows) {
      const s = this.load(row.kind, row.fp);
      if (!s) continue;
      const r = sweep(s, policy, now);
      if (r.changed) {
        this.save(r.state);
        await this.apply(r, policy, now);
      }
    }
    this.sql.exec(`DELETE FROM fp WHERE active = 0 AND last_seen < ?`, now - 2 * policy.windowMs - policy.campaignTtlMs);
    this.reloadKeys();
    const left = this.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM fp WHERE active = 1`).one().n;
    if (left > 0) await this.ctx.storage.setAlarm(now + SWEEP_EVERY_MS);
  }

  /** Bounded: past maxStatesPerShard, the least recently seen fingerprints without an active campaign go. */
  private prune(p: CampaignPolicy): void {
    const n = this.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM fp`).one().n;
    if (n <= p.maxStatesPerShard) return;
    this.sql.exec(`DELETE FROM fp WHERE rowid IN (SELECT rowid FROM fp WHERE active = 0 ORDER BY last_seen, rowid LIMIT ?)`, n - p.maxStatesPerShard);
    this.reloadKeys();
  }

  private reloadKeys(): void {
    this.keys.clear();
    this.cache.clear();
    this.loadKeys();
  }

  /** The stored fingerprints in the order of their last write (see `keys`). */
  private loadKeys(): void {
    for (const r of this.sql.exec<{ kind: FpKind; fp: string }>(`SELECT kind, fp FROM fp ORDER BY rowid`)) this.keySet(r.kind).add(r.fp);
  }
}
