/**
 * The replay's node engine: the Worker's request path (routes/proxy.ts)
 * without HTTP, on the same functions in the same order. First stage
 * (prepare.ts, pure, may run on worker threads): path and method checks,
 * header checks, body parse (parseRequest), computeSignals. Second stage
 * (here, in traffic order): identification, blocklists (the same matching,
 * on entries in memory), decide, then settle with the record's usage. Each
 * account's state and rate window live in a Map instead of a Durable
 * Object; `decide` and `settle` are the very functions the object runs.
 * After each decided model request, the campaign index (in memory, the same
 * core as the CampaignIndex objects) is told about it at once: its findings
 * go to the account's state (noteCampaigns, as the account object does) and
 * its publications to the blocklist, before the next request, as the workerd
 * engine's Worker awaits its report in a replay. `intel-import` events write
 * the peer's entries to the blocklist.
 * Nothing here reads a clock: a request is decided at its record's ts.
 */
import { isModelName } from "../lib/model-name.js";
import { admissionTime, decide, judgeHeldExit, replayEstimate, settleEntries, withCampaigns, withUsage } from "../account/machine.js";
import { eachFingerprintLookup, toHit, type FingerprintHit } from "../account/campaign-intel.js";
import { initialState, type AccountState } from "../account/state.js";
import { chainScores, withInherited } from "../account/chain.js";
import { CONVERSATION_REASON, ConversationMemory } from "../account/conversation.js";
import { MemoryCampaignIndex } from "../campaign/memory-index.js";
import type { CampaignFinding } from "../campaign/types.js";
import { campaignReport } from "../campaign/report.js";
import type { ClientFingerprint, RequestObservation } from "../account/types.js";
import type { BlocklistEntry } from "../intel/types.js";
import { agedAt, establishedAt } from "../intel/match.js";
import type { Signals } from "../detect/types.js";
import { hmacHex } from "../lib/hash.js";
import type { WindowEntry } from "../limits/window.js";
import type { Policy } from "../policy/schema.js";
import type { EventLine } from "../sim/contract.js";
import { MemoryBlocklist } from "./blocklist.js";
import type { ImportResult } from "../intel/stix-import.js";
import type { ReplayAccount } from "./inputs.js";
import { prepareRequest, type Stage } from "./prepare.js";
import { outsideApi, requestHeaderView, requestMethod, requestPathname } from "./request.js";
import { conflictingKeys } from "../routes/identify.js";
import { uninspectedRefusal, upgradeRefusal } from "../policy/uninspected.js";
import { isPreflight, refusalReasons } from "../routes/request-parse.js";
import type { Engine, Outcome, ReplayItem, ReplayRequest } from "./types.js";

/** The node engine's stand-in for KEY_HASH_SECRET: key hashes only ever meet blocklist entries made in this run. */
const REPLAY_KEY_SECRET = "distill-guard-replay";

type IntelImport = Extract<EventLine, { type: "intel-import" }>;

export interface CampaignAudit {
  flagged: string[];
  /** Accounts given only findings for the request-level hold (CampaignFinding.hold), never an evidence one. */
  holdOnly: string[];
  campaigns: { id: string; status: string; members: string[] }[];
}

interface Live {
  state: AccountState;
  window: WindowEntry[];
  /** The account object's conversation table (account/conversation.ts), made at its first need. */
  conversations: ConversationMemory | null;
}

export class NodeEngine implements Engine {
  readonly name = "node" as const;
  readonly blocklist = new MemoryBlocklist();
  readonly campaigns = new MemoryCampaignIndex();
  private readonly releases = new Map<string, number>();
  private readonly live = new Map<string, Live>();
  private keyHashes: Promise<Map<string, string>> | null = null;
  /** keyHashes once resolved, read without an await on every request. */
  private hashes: Map<string, string> | null = null;
  /** Accounts the index ever gave a finding (the scorer checks no legitimate one is among them). */
  private readonly flagged = new Set<string>();
  /** Accounts given a hold-only finding (campaignAudit leaves out those also in `flagged`). */
  private readonly holdNoted = new Set<string>();

  /** `importer`: reads and validates an intel-import event's bundle (src/cli/replay-intel.ts). */
  constructor(
    private readonly byKey: ReadonlyMap<string, ReplayAccount>, readonly policy: Policy,
    private readonly importer?: (e: IntelImport) => ImportResult,
  ) {}

  async event(e: EventLine): Promise<void> {
    if (e.type === "model-release") {
      // Only a name a release can be announced for (the Worker's admin API refuses others; its request path never looks them up).
      if (isModelName(e.model)) this.releases.set(e.model, e.ts);
    } else if (!this.importer) throw new Error(`node engine: intel-import of ${e.file}, but no bundle importer was given`);
    else this.blocklist.applyImport(this.importer(e), e.ts);
  }

  decide(item: ReplayItem, i: number): Outcome | Promise<Outcome> {
    // routes/proxy.ts: a CORS preflight under /v1/ is the origin's to answer, neither identified nor decided.
    // (Most lines name no method: POST. The header view is only built for an OPTIONS line.)
    if (item.req.method !== undefined && requestMethod(item.req) === "OPTIONS") {
      const pathname = requestPathname(item.req);
      if (isPreflight("OPTIONS", requestHeaderView(item.req, pathname)) && !outsideApi({ pathname })) return { action: "allow", status: 200, reasons: [] };
    }
    const stage = item.stage ?? prepareRequest(item.req as ReplayRequest, item.lineLength, this.policy);
    if (stage.kind === "refused") return { action: "block", status: stage.status, reasons: stage.reasons };
    // The blocklist check needs the key hashes: made once, at its first need (the one wait), so that admit need not await.
    if (this.blocklist.size > 0 && !this.hashes) {
      return this.hashKeys().then((h) => {
        this.hashes = h;
        return this.admit(item.req, stage, i);
      });
    }
    return this.admit(item.req, stage, i);
  }

  async close(): Promise<void> {}

  /** Campaign outcomes for the scorer: accounts ever given a finding; active campaigns and their (recent) members. */
  campaignAudit(): CampaignAudit {
    const campaigns = [...this.campaigns.states()].flatMap((s) => s.campaign && (s.campaign.status === "suspected" || s.campaign.status === "confirmed")
      ? [{ id: s.campaign.id, status: s.campaign.status, members: s.members.map((m) => m.account) }] : []);
    return { flagged: [...this.flagged], holdOnly: [...this.holdNoted].filter((a) => !this.flagged.has(a)), campaigns };
  }

  /** An account's state now, for tests. */
  stateOf(account: string): AccountState | null {
    return this.live.get(account)?.state ?? null;
  }

  private admit(req: ReplayItem["req"], stage: Extract<Stage, { kind: "parsed" }>, i: number): Outcome {
    const policy = this.policy;
    const now = req.ts;
    // routes/proxy.ts: a WebSocket handshake (a record with `upgrade: websocket`) opens only on an uninspected path.
    if (stage.endpoint === "other" && req.headers !== undefined) {
      const pathname = requestPathname(req);
      const tunnel = upgradeRefusal(requestMethod(req), pathname, requestHeaderView(req, pathname), policy.uninspected);
      if (tunnel) return { action: "block", status: tunnel.status, reasons: refusalReasons(tunnel) };
    }
    // routes/identify.ts: a record whose headers carry a second, different key is refused as the Worker refuses it.
    if (req.headers !== undefined && recordsCredential(req.headers)) {
      const conflict = conflictingKeys(requestHeaderView(req, requestPathname(req)));
      if (conflict) return { action: "block", status: conflict.status, reasons: refusalReasons(conflict) };
    }
    const account = this.byKey.get(req.apiKey);
    if (!account) return { action: "block", status: 401, reasons: ["invalid_api_key"] };
    const info = account.info;
    if (stage.endpoint === "other") {
      // routes/proxy.ts: generation the guard cannot inspect, only for the accounts the policy names.
      const refused = uninspectedRefusal(requestMethod(req), requestPathname(req), info, policy.uninspected, policy.campaign.youngDays, now);
      if (refused && (info.mode ?? policy.mode) !== "shadow") return { action: "block", status: refused.status, reasons: refusalReasons(refused) };
    }
    const client = {
      ip: req.ip, asn: req.asn ?? null, country: req.country ?? null, ja4: req.ja4 ?? null,
      userAgent: (req.userAgent ?? headerValue(req, "user-agent"))?.slice(0, 512) ?? null,
    };
    const shadow = (info.mode ?? policy.mode) === "shadow";
    // An empty blocklist matches nothing (and the key hashes are only made once it has an entry).
    const found = this.blocklist.size === 0 ? null : this.blocklist.check({
      keyHash: this.hashes!.get(req.apiKey)!, account: info.id, org: info.org, ip: client.ip, asn: client.asn, ja4: client.ja4,
      established: establishedAt(info, policy.campaign.youngDays, now), aged: agedAt(info, policy.campaign.youngDays, now),
    }, now);
    const entry = found ? found.block : null;
    if (entry && !shadow) return { action: "block", status: 403, reasons: [`blocklist:${entry.kind}`] };

    const p = stage.parsed;
    const fingerprintHits = found ? this.fingerprintHits(p?.signals ?? null, client, found.evidence, now) : [];
    let obs: RequestObservation = {
      id: `replay-${i}`,
      account: info,
      endpoint: stage.endpoint,
      model: p?.model ?? null,
      inputTokens: p?.estInputTokens ?? 0,
      outputReserve: p?.outputReserve ?? 0,
      signals: p?.signals ?? null,
      client,
      modelReleasedAt: p ? (this.releases.get(p.model) ?? null) : null,
      // Always present (undefined when none), so every observation has one shape.
      fingerprintHits: fingerprintHits.length ? fingerprintHits : undefined,
      // routes/proxy.ts: a held exit goes to the account object, except in shadow mode (as a block is not applied).
      heldExit: found && found.held && !shadow ? toHit(found.held) : undefined,
      recordedUsage: req.usage ? { input: req.usage.input_tokens, output: req.usage.output_tokens } : undefined,
    };
    let live = this.live.get(info.id);
    if (!live) this.live.set(info.id, (live = { state: initialState(), window: [], conversations: null }));
    if (obs.heldExit) {
      // account-do.ts admit: evidence if the account is trusted, else the edge's block (nothing decided, no state changed).
      const judged = judgeHeldExit(live.state, live.window, obs as RequestObservation & { heldExit: FingerprintHit }, policy, admissionTime(now, live.window));
      if (judged.decision) return { action: "block", status: judged.decision.status, reasons: judged.decision.reasons, state: judged.decision.state, risk: judged.decision.risk };
      obs = judged.obs;
    }
    // account-do.ts admit: a Responses request naming a conversation inherits what entered it, and then enters it.
    const conv = p?.conversation ? withInherited(obs, live.conversations?.get(p.conversation, now) ?? null, policy.machine.kindThreshold) : null;
    const r = decide(live.state, live.window, conv ? conv.obs : obs, policy, admissionTime(now, live.window));
    let state = r.state;
    if (r.decision.reservationId) {
      const entered = p?.conversation && conv?.obs.signals ? chainScores(conv.obs.signals) : null;
      const items = stage.conversation;
      if (entered || items) live.conversations ??= new ConversationMemory();
      if (entered) live.conversations!.note(p!.conversation!, entered, now);
      // routes/conversations.ts: items added to a conversation the origin took (the write was served).
      if (items) live.conversations!.note(items.h, items.scores, now);
      const usage = obs.recordedUsage ?? replayEstimate(obs);
      // settle() in two halves: decide's window is its own fresh copy, so it is settled in place, not copied again.
      if (settleEntries(r.window, r.decision.reservationId, usage)) state = withUsage(state, usage);
    }
    const d = r.decision;
    if (p?.signals) state = this.report(campaignReport(info, d, p.signals, client, now, policy.machine), state);
    // The engine's own record: updated in place rather than replaced.
    live.state = state;
    live.window = r.window;
    const reasons = conv?.reason ? [...d.reasons, CONVERSATION_REASON] : d.reasons;
    return { action: d.action, status: d.enforced ? d.status : 200, reasons, state: d.state, risk: d.risk };
  }

  /** The fingerprint blocklist entries the request matches (routes/proxy.ts, next to the blocklist check; campaign-intel.ts fingerprintLookups). */
  private fingerprintHits(signals: Signals | null, client: ClientFingerprint, evidence: readonly BlocklistEntry[], now: number): FingerprintHit[] {
    const hits: FingerprintHit[] = [];
    // The Worker's lookups in its order, looked up as they come rather than listed first (every request).
    eachFingerprintLookup(signals, client, (kind, value) => {
      const e = this.blocklist.findValue(kind, value, now);
      if (e) hits.push(toHit(e));
    });
    // Then the evidence its blocklist check found (routes/proxy.ts).
    for (const e of evidence) hits.push(toHit(e));
    return hits;
  }

  /** routes/proxy.ts report(), in memory and at once. */
  private report(report: ReturnType<typeof campaignReport>, state: AccountState): AccountState {
    const { findings, publications } = this.campaigns.report(report, this.policy.campaign);
    if (findings.length) {
      if (!findings.every(holdOnly)) this.flagged.add(report.account.id);
      else this.holdNoted.add(report.account.id);
    }
    for (const x of publications) this.blocklist.applyPublication(x.publish, x.unpublish, x.source, report.at);
    return findings.length ? withCampaigns(state, findings, this.policy.campaign, report.at) : state;
  }

  /**
   * The key's hash as the Worker stores it (lib/hash.ts). Only keys of known
   * accounts get this far, so all are hashed at once on first need: Web
   * Crypto runs each sign as a job, and side by side they cost little.
   */
  async keyHash(key: string): Promise<string> {
    const h = (await this.hashKeys()).get(key);
    if (h === undefined) throw new Error("node engine: a key of no account reached the blocklist check");
    return h;
  }

  /** Every known key's hash (keyHash). */
  private hashKeys(): Promise<Map<string, string>> {
    return (this.keyHashes ??= Promise.all([...this.byKey.keys()].map(async (k) => [k, await hmacHex(REPLAY_KEY_SECRET, k)] as const)).then((e) => new Map(e)));
  }
}

function headerValue(req: ReplayItem["req"], name: string): string | undefined {
  for (const [k, v] of Object.entries(req.headers ?? {})) if (k.toLowerCase() === name) return v;
  return undefined;
}

/** Whether a record's own headers name a credential (`authorization`, `x-api-key` or a WebSocket subprotocol, in any case). */
function recordsCredential(headers: Record<string, string>): boolean {
  for (const k in headers) {
    const n = k.toLowerCase();
    if (n === "authorization" || n === "x-api-key" || n === "sec-websocket-protocol") return true;
  }
  return false;
}

/** A finding for the request-level hold only (CampaignFinding.hold): not a campaign finding about the account. */
function holdOnly(f: CampaignFinding): boolean {
  return f.hold === true;
}
