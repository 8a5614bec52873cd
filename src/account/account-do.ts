/**
 * One Durable Object per account (SQLite-backed, native RPC). A thin shell
 * around account/machine.ts: load state once, call the pure core, persist
 * what changed. Every method runs without awaiting I/O between reading and
 * writing state, so the object's input gate makes each admission atomic:
 * concurrent requests are counted exactly, never lost or double counted.
 */
import { DurableObject } from "cloudflare:workers";
import { DEFAULT_CAMPAIGN_POLICY, type CampaignFinding } from "../campaign/types.js";
import type { Policy } from "../policy/schema.js";
import type { WindowEntry } from "../limits/window.js";
import { liveEntries, usedTokens, WINDOW_MS } from "../limits/window.js";
import { admissionTime, decide, effectiveLimits, judgeHeldExit, replayEstimate, settle, activeOverride, withCampaigns } from "./machine.js";
import type { AccountInfo } from "./record.js";
import { AccountState, Override, initialState } from "./state.js";
import type { Decision, RequestObservation } from "./types.js";
import type { FingerprintHit } from "./campaign-intel.js";
import type { ReplayClock } from "../replay/clock.js";
import { CHAIN_KEEP, CHAIN_MAX_AGE_MS, CHAIN_REASON, ChainScores, carriesIntent, chainScores, withInherited, type Inherited } from "./chain.js";
import { CONVERSATION_KEEP, CONVERSATION_MAX_AGE_MS, CONVERSATION_REASON, afterEntry } from "./conversation.js";

/** A conversation's hash (lib/response-hash.ts conversationHash): 16 hex digits. */
const CONVERSATION_HASH = /^[0-9a-f]{16}$/;

const RECENT_DECISIONS = 200;
const AUDIT_KEEP = 10_000;

export interface AuditRow {
  seq: number;
  ts: number;
  kind: string;
  detail: Record<string, unknown>;
}

export interface DecisionRow {
  ts: number;
  id: string;
  action: string;
  enforced: boolean;
  state: string;
  risk: number;
  reasons: string[];
  endpoint: string;
  model: string | null;
  detail: Record<string, unknown>;
}

export interface AccountView {
  state: AccountState;
  usage: { requests: number; tokens: number; windowMs: number; limits: { rpm: number; tpm: number } | null };
  override: Override | null;
  recent: DecisionRow[];
  audit: AuditRow[];
}

export class AccountObject extends DurableObject<Env> {
  private state: AccountState = initialState();
  private window: WindowEntry[] = [];
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => this.load());
  }

  private load(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS win (id TEXT PRIMARY KEY, ts INTEGER NOT NULL, tokens INTEGER NOT NULL, settled INTEGER NOT NULL)`);
    // Recent decisions, keyed by request id too: settle() annotates its own
    // request's row without scanning JSON bodies.
    this.sql.exec(`DROP TABLE IF EXISTS decisions`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS recent (seq INTEGER PRIMARY KEY AUTOINCREMENT, ts INTEGER, rid TEXT, body TEXT)`);
    this.sql.exec(`CREATE INDEX IF NOT EXISTS recent_rid ON recent (rid)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, ts INTEGER, kind TEXT, detail TEXT)`);
    // Responses chains (chain.ts): hash of a served response's id -> the scores its request carried;
    // and, until the origin has answered, those scores by request id.
    this.sql.exec(`CREATE TABLE IF NOT EXISTS chain (h TEXT PRIMARY KEY, ts INTEGER NOT NULL, scores TEXT NOT NULL)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS chain_pending (rid TEXT PRIMARY KEY, ts INTEGER NOT NULL, scores TEXT NOT NULL)`);
    // Conversations (conversation.ts): hash of a conversation's id -> the largest scores of what entered it.
    this.sql.exec(`CREATE TABLE IF NOT EXISTS conv (h TEXT PRIMARY KEY, ts INTEGER NOT NULL, scores TEXT NOT NULL)`);
    const row = this.sql.exec<{ v: string }>(`SELECT v FROM meta WHERE k = 'state'`).toArray()[0];
    if (row) {
      const parsed = AccountState.safeParse(JSON.parse(row.v));
      // A state that fails validation is kept aside, never silently dropped.
      if (parsed.success) this.state = parsed.data;
      else this.audit(Date.now(), "state-invalid", { error: parsed.error.message, raw: row.v.slice(0, 2000) });
    }
    this.window = this.sql
      .exec<{ id: string; ts: number; tokens: number; settled: number }>(`SELECT id, ts, tokens, settled FROM win ORDER BY ts, rowid`)
      .toArray()
      .map((r) => ({ id: r.id, ts: r.ts, tokens: r.tokens, settled: r.settled === 1 }));
  }

  /**
   * Decide on one request: the guarded path's single round trip. `replay`
   * comes only from the replay's workerd engine (routes' replay clock): it
   * decides at the record's time and settles with the record's usage at
   * once, exactly as the node engine does, so both give the same decisions.
   */
  admit(obs: RequestObservation, policy: Policy, detail: Record<string, unknown> = {}, replay?: ReplayClock): Decision {
    // A conversation's entries are timed by the request's own time (conversation.ts), the window by its admission.
    const at = replay?.now ?? Date.now();
    const now = admissionTime(at, this.window);
    if (obs.heldExit) {
      // A campaign's exit address held for this object (machine.ts judgeHeldExit): evidence if trusted, else the edge's block.
      const judged = judgeHeldExit(this.state, this.window, obs as RequestObservation & { heldExit: FingerprintHit }, policy, now);
      if (judged.decision) {
        this.recordDecision(now, obs, judged.decision, { ...detail, heldExit: { source: obs.heldExit.source } });
        return judged.decision;
      }
      obs = judged.obs;
    }
    const chained = this.chained(obs, policy, now);
    const conv = obs.conversation
      ? withInherited(chained.obs, this.conversationScores(obs.conversation, at), policy.machine.kindThreshold)
      : { obs: chained.obs, reason: false, detail: null };
    const r = decide(this.state, this.window, conv.obs, policy, now);
    this.sql.exec(`DELETE FROM win WHERE ts <= ?`, now - WINDOW_MS);
    // Persist the reservation exactly as the core made it (the last entry of its window).
    const reserved = r.decision.reservationId ? r.window[r.window.length - 1] : undefined;
    if (reserved) {
      this.sql.exec(`INSERT OR REPLACE INTO win (id, ts, tokens, settled) VALUES (?, ?, ?, 0)`, reserved.id, reserved.ts, reserved.tokens);
    }
    this.state = r.state;
    this.window = r.window;
    this.saveState();
    if (r.transition) this.audit(now, "transition", r.transition);
    const extra = [...(chained.reason ? [CHAIN_REASON] : []), ...(conv.reason ? [CONVERSATION_REASON] : [])];
    const decision = extra.length ? { ...r.decision, reasons: [...r.decision.reasons, ...extra] } : r.decision;
    this.recordDecision(now, obs, decision, {
      ...detail, ...(chained.detail ? { chain: chained.detail } : {}), ...(conv.detail ? { conversation: conv.detail } : {}),
    });
    // A served request's input joins its conversation (replays too: the conversation is named in the request).
    const signals = conv.obs.signals;
    if (obs.conversation && decision.reservationId && signals) this.writeConversation(obs.conversation, chainScores(signals), at);
    // What this request passes on to a request that continues its response (replays learn no response ids).
    if (!replay && decision.reservationId && obs.endpoint === "responses" && signals) this.notePending(obs.id, chainScores(signals), now);
    if (replay && r.decision.reservationId) this.settle(r.decision.reservationId, replay.usage ?? replayEstimate(obs));
    return decision;
  }

  /**
   * The observation with what the response it continues passed on merged in
   * (chain.ts inheritChain). A response this object never served, or has
   * forgotten, passes on nothing.
   */
  private chained(obs: RequestObservation, policy: Policy, now: number): Inherited<RequestObservation> {
    if (!obs.previousResponse || !obs.signals) return { obs, reason: false, detail: null };
    return withInherited(obs, this.storedScores("chain", obs.previousResponse, now - CHAIN_MAX_AGE_MS), policy.machine.kindThreshold);
  }

  /** The scores table `table` remembers under hash `h`, if written after `after` and valid. */
  private storedScores(table: "chain" | "conv", h: string, after: number): ChainScores | null {
    const row = this.sql.exec<{ scores: string }>(`SELECT scores FROM ${table} WHERE h = ? AND ts > ?`, h, after).toArray()[0];
    const parsed = row ? ChainScores.safeParse(JSON.parse(row.scores)) : null;
    return parsed?.success ? parsed.data : null;
  }

  /**
   * Items entered conversation `h` (a conversation's hash) through the
   * Conversations API's routes (routes/conversations.ts), at `at`: requests
   * that name it inherit what they ask (conversation.ts).
   */
  noteConversation(h: string, scores: ChainScores, at: number): void {
    const parsed = ChainScores.safeParse(scores);
    if (!CONVERSATION_HASH.test(h) || !parsed.success || !Number.isFinite(at)) return;
    this.writeConversation(h, parsed.data, at);
  }

  /** The scores conversation `h` remembers at `at`, if written within the age (conversation.ts ConversationMemory.get). */
  private conversationScores(h: string, at: number): ChainScores | null {
    return this.storedScores("conv", h, at - CONVERSATION_MAX_AGE_MS);
  }

  /** conversation.ts ConversationMemory.note, on the table: merge, stamp, age out, keep the newest. */
  private writeConversation(h: string, scores: ChainScores, at: number): void {
    const next = afterEntry(this.conversationScores(h, at), scores);
    if (!next) return;
    this.sql.exec(`INSERT OR REPLACE INTO conv (h, ts, scores) VALUES (?, ?, ?)`, h, at, JSON.stringify(next));
    this.sql.exec(`DELETE FROM conv WHERE ts <= ?`, at - CONVERSATION_MAX_AGE_MS);
    this.sql.exec(`DELETE FROM conv WHERE h IN (SELECT h FROM conv ORDER BY ts DESC, rowid DESC LIMIT -1 OFFSET ?)`, CONVERSATION_KEEP);
  }

  private notePending(rid: string, scores: ChainScores, now: number): void {
    if (!carriesIntent(scores)) return;
    this.sql.exec(`INSERT OR REPLACE INTO chain_pending (rid, ts, scores) VALUES (?, ?, ?)`, rid, now, JSON.stringify(scores));
    this.sql.exec(`DELETE FROM chain_pending WHERE rowid <= (SELECT MAX(rowid) FROM chain_pending) - ?`, CHAIN_KEEP);
  }

  /** The origin answered request `rid` with the response hashed `h`: remember what it passes on, within bounds. */
  private linkResponse(rid: string, h: string | undefined, now: number): void {
    if (h !== undefined) {
      this.sql.exec(`INSERT OR REPLACE INTO chain (h, ts, scores) SELECT ?, ts, scores FROM chain_pending WHERE rid = ?`, h, rid);
      this.sql.exec(`DELETE FROM chain WHERE ts <= ?`, now - CHAIN_MAX_AGE_MS);
      this.sql.exec(`DELETE FROM chain WHERE h IN (SELECT h FROM chain ORDER BY ts DESC, rowid DESC LIMIT -1 OFFSET ?)`, CHAIN_KEEP);
    }
    this.sql.exec(`DELETE FROM chain_pending WHERE rid = ?`, rid);
  }

  /**
   * Reconcile a reservation with the origin's usage (or a cut stream's
   * estimate). `response` is the hash of the Responses id the origin
   * answered with (never the id): requests that continue it inherit this
   * one's extraction scores.
   */
  settle(id: string, tokens: { input: number; output: number }, note?: Record<string, unknown>, response?: string): boolean {
    this.linkResponse(id, response, Date.now());
    const r = settle(this.state, this.window, id, tokens);
    if (note) {
      // Attach what happened to the response (usage, safeguards applied or, in
      // shadow mode, that would have applied) to the request's decision row.
      this.sql.exec(
        `UPDATE recent SET body = json_set(body, '$.detail.settled', json(?)) WHERE rid = ?`,
        JSON.stringify({ ...note, tokens }), id,
      );
    }
    if (!r.found) return false;
    this.state = r.state;
    this.window = r.window;
    this.sql.exec(`UPDATE win SET tokens = ?, settled = 1 WHERE id = ?`, tokens.input + tokens.output, id);
    this.saveState();
    return true;
  }

  /**
   * The campaigns the index found this account in (reported off the request
   * path, after its decision): kept in the state, they raise the risk of its
   * next decisions. A campaign seen for the first time goes to the audit trail.
   */
  noteCampaigns(findings: CampaignFinding[], now: number, policy?: Policy): void {
    if (findings.length === 0) return;
    const before = new Set(this.state.campaigns.map((c) => c.campaignId));
    this.state = withCampaigns(this.state, findings, policy?.campaign ?? DEFAULT_CAMPAIGN_POLICY, now);
    this.saveState();
    for (const f of findings) if (!before.has(f.campaignId)) this.audit(now, "campaign", { campaignId: f.campaignId, status: f.status, confidence: f.confidence, reasons: f.reasons, ...(f.hold ? { hold: true } : {}) });
  }

  setOverride(o: Override): Override {
    const parsed = Override.parse(o);
    this.state = { ...this.state, override: parsed };
    this.saveState();
    this.audit(parsed.at, "override-set", parsed);
    return parsed;
  }

  clearOverride(by: string, at: number): boolean {
    const had = this.state.override !== null;
    this.state = { ...this.state, override: null };
    this.saveState();
    this.audit(at, "override-cleared", { by, had });
    return had;
  }

  /** Admin changes to the account record are written to its audit trail too. */
  recordAdminChange(kind: string, by: string, at: number, detail: Record<string, unknown>): void {
    this.audit(at, kind, { by, ...detail });
  }

  view(account: AccountInfo | null, policy: Policy, limit = 50): AccountView {
    const now = Date.now();
    const live = liveEntries(this.window, now);
    const recent = this.sql
      .exec<{ body: string }>(`SELECT body FROM recent ORDER BY seq DESC LIMIT ?`, Math.min(limit, RECENT_DECISIONS))
      .toArray()
      .map((r) => JSON.parse(r.body) as DecisionRow);
    const audit = this.sql
      .exec<{ seq: number; ts: number; kind: string; detail: string }>(`SELECT seq, ts, kind, detail FROM audit ORDER BY seq DESC LIMIT ?`, limit)
      .toArray()
      .map((r) => ({ seq: r.seq, ts: r.ts, kind: r.kind, detail: JSON.parse(r.detail) as Record<string, unknown> }));
    return {
      state: this.state,
      usage: {
        requests: live.length,
        tokens: usedTokens(live),
        windowMs: WINDOW_MS,
        limits: account ? effectiveLimits(account, policy, now) : null,
      },
      override: activeOverride(this.state.override, now),
      recent,
      audit,
    };
  }

  private saveState(): void {
    this.sql.exec(`INSERT OR REPLACE INTO meta (k, v) VALUES ('state', ?)`, JSON.stringify(this.state));
  }

  private audit(ts: number, kind: string, detail: unknown): void {
    this.sql.exec(`INSERT INTO audit (ts, kind, detail) VALUES (?, ?, ?)`, ts, kind, JSON.stringify(detail));
    this.sql.exec(`DELETE FROM audit WHERE seq <= (SELECT MAX(seq) FROM audit) - ?`, AUDIT_KEEP);
  }

  private recordDecision(ts: number, obs: RequestObservation, d: Decision, detail: Record<string, unknown>): void {
    const row: DecisionRow = {
      ts, id: obs.id, action: d.action, enforced: d.enforced, state: d.state, risk: d.risk,
      reasons: d.reasons, endpoint: obs.endpoint, model: obs.model, detail,
    };
    this.sql.exec(`INSERT INTO recent (ts, rid, body) VALUES (?, ?, ?)`, ts, row.id, JSON.stringify(row));
    this.sql.exec(`DELETE FROM recent WHERE seq <= (SELECT MAX(seq) FROM recent) - ?`, RECENT_DECISIONS);
  }
}
