/**
 * The guarded model API: every `/v1/*` request is parsed, identified, checked
 * against the blocklists, scored and decided on by its account object before
 * the origin sees it (DESIGN.md "Shape", steps 1-7).
 */
import type { Context } from "hono";
import { fingerprintLookups, toHit, type FingerprintHit } from "../account/campaign-intel.js";
import { accountInfo, type AccountInfo } from "../account/record.js";
import { releasedAt } from "../account/releases.js";
import type { Decision, RequestObservation } from "../account/types.js";
import { computeSignals } from "../detect/index.js";
import type { Signals } from "../detect/types.js";
import { dialectOf, guessDialect } from "../dialects/index.js";
import { guardedPath } from "../dialects/paths.js";
import type { Endpoint, ParsedRequest } from "../dialects/types.js";
import { reportToCampaigns } from "../campaign/client.js";
import { campaignReport } from "../campaign/report.js";
import { findBlock, findValue } from "../intel/blocklist.js";
import { agedAt, establishedAt } from "../intel/match.js";
import { parseJsonBody, readBodyLimited } from "../lib/body.js";
import { clientFingerprint } from "../lib/client.js";
import { GuardError } from "../lib/guard-error.js";
import { TimeoutError, withTimeout } from "../lib/timeout.js";
import { rateLimitHeaders } from "../limits/headers.js";
import { loadPolicy } from "../policy/load.js";
import type { Policy } from "../policy/schema.js";
import { REPLAY_HEADERS, replayClock, type ReplayClock } from "../replay/clock.js";
import type { AppEnv } from "./context.js";
import { applyFailMode } from "./fail-mode.js";
import { identify, type Identity } from "./identify.js";
import { uninspectedRefusal, upgradeRefusal } from "../policy/uninspected.js";
import { checkBodyHeaders, isPreflight, outputReserve, parseBodyObject, refusalReasons } from "./request-parse.js";
import { serve, type Admission } from "./serve.js";
import { conversationRoute } from "../dialects/conversations.js";
import { noteConversationWrite, readConversationWrite } from "./conversations.js";

export { outputReserve } from "./request-parse.js";

export async function guardedRequest(c: Context<AppEnv>): Promise<Response> {
  const clock = replayClock(c.env, c.req.raw.headers);
  if (!clock) return guard(c, null);
  try {
    return await guard(c, clock);
  } catch (err) {
    // Refused before the account object decided: the replay still needs a line.
    if (err instanceof GuardError && !err.headers[REPLAY_HEADERS.decision]) {
      err.headers[REPLAY_HEADERS.decision] = JSON.stringify({ action: "block", reasons: refusalReasons(err) });
    }
    throw err;
  }
}

async function guard(c: Context<AppEnv>, clock: ReplayClock | null): Promise<Response> {
  const req = c.req.raw;
  const url = new URL(req.url);
  // However the path is spelt (dialects/paths.ts); a guarded request is forwarded under its endpoint's own path.
  const guarded = guardedPath(url.pathname);
  const endpoint: Endpoint | undefined = guarded?.endpoint;
  const path = guarded?.path ?? url.pathname;
  c.set("dialect", endpoint ? dialectOf(endpoint) : guessDialect(url.pathname, req.headers));
  const now = clock?.now ?? Date.now();
  // A CORS preflight (request-parse.ts): the origin answers it; nothing is identified or decided.
  if (isPreflight(req.method, req.headers)) {
    const res = await serve(c, { path, endpoint: null, parsed: null, body: null, decision: null, obs: null, policy: await loadPolicy(c.env.GUARD_KV, now) });
    if (clock) res.headers.set(REPLAY_HEADERS.decision, JSON.stringify({ action: "allow", reasons: [] }));
    return res;
  }
  if (endpoint && req.method !== "POST") {
    // A WebSocket handshake (a GET) to a model endpoint would be a tunnel past its inspection.
    throw upgradeRefusal(req.method, path, req.headers) ?? new GuardError("method_not_allowed", `${path} only accepts POST.`);
  }
  const policy = await loadPolicy(c.env.GUARD_KV, now);
  if (!endpoint) {
    // A WebSocket opens only on an uninspected path (the Realtime API), for any account and in shadow mode too.
    const tunnel = upgradeRefusal(req.method, url.pathname, req.headers, policy.uninspected);
    if (tunnel) throw tunnel;
  }
  const parsed = endpoint ? await parseBody(req, endpoint, policy) : null;
  // A Conversations API write (routes/conversations.ts): its items are read, as a model request's body is, before anything is decided.
  const convRoute = endpoint ? null : conversationRoute(req.method, url.pathname);
  const convWrite = convRoute ? await readConversationWrite(req, convRoute, policy) : null;
  const id = await identifyOrFail(c, policy, now);
  const info = id ? accountInfo(id.record) : null;
  const shadow = (info?.mode ?? policy.mode) === "shadow";
  if (!endpoint && !shadow) {
    // Generation the guard cannot inspect (batches, Realtime WebSockets…): only for the accounts the policy names (policy/uninspected.ts).
    const refused = uninspectedRefusal(req.method, url.pathname, info, policy.uninspected, policy.campaign.youngDays, now);
    if (refused) throw refused;
  }
  if (!id || !info) {
    return serve(c, { path, endpoint: endpoint ?? null, parsed: parsed?.req ?? null, body: parsed?.raw ?? null, decision: null, obs: null, policy, ...(convWrite ? { read: convWrite.read } : {}) });
  }

  const client = clientFingerprint(req.headers, req.cf as Parameters<typeof clientFingerprint>[1]);
  const signals: Signals | null = parsed ? computeSignals(parsed.req) : null;
  // A replay reads KV uncached: an entry the campaign index or an import wrote
  // a moment before must be seen at once, as the node engine sees it.
  const ttlMs = clock ? 0 : policy.cache.kvSeconds * 1000;
  // The KV reads of the request path run side by side. A release that cannot
  // be read in time is treated as not announced: it only ever adds evidence.
  const [{ evidence, held }, fingerprints, modelReleasedAt] = await Promise.all([
    checkBlocklists(c, id, client.ip, client.asn, client.ja4, policy, now, shadow, ttlMs),
    readFingerprintHits(c, info, signals, client, policy, now, ttlMs),
    parsed
      ? withTimeout("KV release read", policy.timeouts.kvMs, releasedAt(c.env.GUARD_KV, parsed.req.model, ttlMs, now)).catch(() => null)
      : Promise.resolve(null),
  ]);
  // The fingerprints' hits, then the blocklist check's evidence (the node engine's order).
  const fingerprintHits = evidence.length ? [...fingerprints, ...evidence] : fingerprints;
  const obs: RequestObservation = {
    id: c.get("requestId"),
    account: info,
    endpoint: endpoint ?? "other",
    model: parsed?.req.model ?? null,
    inputTokens: parsed?.req.estInputTokens ?? 0,
    outputReserve: parsed ? outputReserve(parsed.req, policy) : 0,
    signals,
    client,
    modelReleasedAt,
    ...(fingerprintHits.length ? { fingerprintHits } : {}),
    ...(held ? { heldExit: held } : {}),
    ...(clock?.usage ? { recordedUsage: clock.usage } : {}),
    ...(parsed?.req.previousResponse ? { previousResponse: parsed.req.previousResponse } : {}),
    ...(parsed?.req.conversation ? { conversation: parsed.req.conversation } : {}),
  };
  const decision = await admit(c, obs, policy, now, clock);
  if (held && (!decision || decision.heldExit)) {
    // The account object did not trust the account on a campaign's exit address (or could not be asked): the edge's block.
    console.log(JSON.stringify({ event: "blocklist_hit", requestId: c.get("requestId"), account: info.id, kind: held.kind, source: held.source, shadow, held: true }));
    throw blockedByList(held.kind, clock && decision ? replayDecisionHeader(decision) : {});
  }
  if (decision && signals) {
    const reported = report(c, info, campaignReport(info, decision, signals, client, now, policy.machine), policy, now, clock !== null);
    // The replay awaits it, so that the next request sees what this one taught the index (as the node engine does).
    if (clock) await reported;
    else c.executionCtx.waitUntil(reported);
  }
  const replayHeader: Record<string, string> = clock && decision ? replayDecisionHeader(decision) : {};
  if (decision && decision.enforced) enforce(c.get("dialect"), decision, now, replayHeader);
  const admission: Admission = {
    path, endpoint: endpoint ?? null, parsed: parsed?.req ?? null, body: parsed?.raw ?? null, decision, obs, policy,
    ...(convWrite ? { read: convWrite.read } : {}),
  };
  const res = await serve(c, admission);
  // Noted before the client has the answer (bounded by the account object's timeout; a failure is logged, never the
  // client's): a client that names the conversation, or adds to it, only once it has the answer finds its items noted.
  // Off the request path, a bare problem sent at once could be admitted before them (and the replay, like the node
  // engine, needs them noted before its next line).
  if (convWrite && decision?.reservationId) await noteConversationWrite(c, info.id, convWrite, res, now, policy.timeouts.accountMs);
  for (const [k, v] of Object.entries(replayHeader)) res.headers.set(k, v);
  return res;
}

async function parseBody(req: Request, endpoint: Endpoint, policy: Policy): Promise<{ req: ParsedRequest; raw: Record<string, unknown> }> {
  checkBodyHeaders(endpoint, req.headers);
  return parseBodyObject(endpoint, parseJsonBody(await readBodyLimited(req, policy.maxBodyBytes)));
}


/** null: KV did not answer and the unknown-tier fail mode is open. */
async function identifyOrFail(c: Context<AppEnv>, policy: Policy, now: number): Promise<Identity | null> {
  const secret = c.env.KEY_HASH_SECRET;
  if (!secret) throw new GuardError("guard_unavailable", "The guard is not configured (KEY_HASH_SECRET is missing).");
  try {
    return await identify(c.req.raw.headers, c.env.GUARD_KV, secret, policy, now);
  } catch (err) {
    if (err instanceof GuardError) throw err;
    applyFailMode(policy.unknownTierFailMode, "kv:account", null, c.get("requestId"), now, err);
    return null;
  }
}

/** The decision a replay reads from the answer's header (REPLAY_HEADERS.decision). */
function replayDecisionHeader(d: Decision): Record<string, string> {
  return { [REPLAY_HEADERS.decision]: JSON.stringify({ action: d.action, state: d.state, risk: d.risk, reasons: d.reasons }) };
}

function blockedByList(kind: string, headers: Record<string, string>): GuardError {
  return new GuardError("blocked", "Access to this API has been blocked for this account or network. Contact support if you believe this is a mistake.", {
    headers, reasons: [`blocklist:${kind}`],
  });
}

/**
 * The blocklist check: throws the block (unless in shadow mode); returns the
 * evidence for the account machine, and a campaign's exit address held for
 * the account object to judge (intel/match.ts entryEffect), never in shadow
 * mode (where a block is not applied either).
 */
async function checkBlocklists(
  c: Context<AppEnv>, id: Identity, ip: string, asn: number | null, ja4: string | null,
  policy: Policy, now: number, shadow: boolean, ttlMs: number,
): Promise<{ evidence: FingerprintHit[]; held: FingerprintHit | null }> {
  const r = id.record;
  let found;
  try {
    found = await withTimeout("KV blocklist read", policy.timeouts.kvMs, findBlock(c.env.GUARD_KV, {
      keyHash: id.keyHash, account: r.account, org: r.org, ip, asn, ja4,
      established: establishedAt(r, policy.campaign.youngDays, now), aged: agedAt(r, policy.campaign.youngDays, now),
    }, ttlMs, now));
  } catch (err) {
    applyFailMode(policy.tiers[r.tier].failMode, "kv:blocklist", r.tier, c.get("requestId"), now, err);
    return { evidence: [], held: null };
  }
  const evidence = found.evidence.map(toHit);
  const entry = found.block;
  if (!entry) return { evidence, held: found.held && !shadow ? toHit(found.held) : null };
  console.log(JSON.stringify({ event: "blocklist_hit", requestId: c.get("requestId"), account: r.account, kind: entry.kind, source: entry.source, shadow }));
  if (shadow) return { evidence, held: null };
  throw blockedByList(entry.kind, {});
}


/**
 * Fingerprint entries (a confirmed campaign's template, a peer's client
 * fingerprint) are evidence for the account machine, not a block by
 * themselves: legitimate customers may share a template or an SDK. Read next
 * to the blocklist check, under the same timeout and fail mode. (A peer's
 * AS number or bare JA4 is evidence too: the blocklist check, which reads
 * those keys, returns it.)
 */
async function readFingerprintHits(
  c: Context<AppEnv>, info: AccountInfo, signals: Signals | null, client: { ja4: string | null; userAgent: string | null; asn: number | null },
  policy: Policy, now: number, ttlMs: number,
): Promise<FingerprintHit[]> {
  const lookups = fingerprintLookups(signals, client);
  if (lookups.length === 0) return [];
  try {
    const found = await withTimeout("KV fingerprint read", policy.timeouts.kvMs,
      Promise.all(lookups.map((l) => findValue(c.env.GUARD_KV, l.kind, l.value, ttlMs, now))));
    return found.flatMap((e) => (e ? [toHit(e)] : []));
  } catch (err) {
    applyFailMode(policy.tiers[info.tier].failMode, "kv:blocklist", info.tier, c.get("requestId"), now, err);
    return [];
  }
}

/** Report the request to the campaign index; what it finds is kept with the account for its next decisions. */
async function report(
  c: Context<AppEnv>, info: AccountInfo, r: ReturnType<typeof campaignReport>, policy: Policy, now: number, replay: boolean,
): Promise<void> {
  try {
    const findings = await reportToCampaigns(c.env, r, policy, { replay });
    if (findings.length) await c.env.ACCOUNT.getByName(info.id).noteCampaigns(findings, now, policy);
  } catch (err) {
    console.error(JSON.stringify({ event: "campaign_report_error", account: info.id, error: String(err) }));
  }
}

async function admit(c: Context<AppEnv>, obs: RequestObservation, policy: Policy, now: number, clock: ReplayClock | null): Promise<Decision | null> {
  const stub = c.env.ACCOUNT.getByName(obs.account.id);
  const detail = obs.signals ? { signals: summarize(obs.signals), client: obs.client } : { client: obs.client };
  try {
    return await withTimeout("account object", policy.timeouts.accountMs, stub.admit(obs, policy, detail, clock ?? undefined));
  } catch (err) {
    if (!(err instanceof TimeoutError)) console.error(JSON.stringify({ event: "account_object_error", error: String(err) }));
    applyFailMode(policy.tiers[obs.account.tier].failMode, "account-object", obs.account.tier, obs.id, now, err);
    return null;
  }
}

function summarize(s: Signals): Record<string, unknown> {
  return { extraction: s.extraction, kinds: s.kinds, domain: s.domain, language: s.language, templateFp: s.templateFp, systemFp: s.systemFp, obfuscation: s.obfuscation };
}

function enforce(dialect: AppEnv["Variables"]["dialect"], d: Decision, now: number, extra: Record<string, string>): void {
  if (d.action === "throttle") {
    const limited = d.reasons.some((r) => r.endsWith("_exceeded") || r === "request_exceeds_tpm");
    const headers = { ...rateLimitHeaders(dialect, d.limit, now), ...extra };
    if (!limited) headers["retry-after"] = "60";
    throw new GuardError("rate_limited", limited ? "Rate limit reached for this account. Please retry after the time given in retry-after." : "Too many requests from this account. Please slow down.", { headers, reasons: d.reasons });
  }
  if (d.action === "block") {
    throw new GuardError("blocked", "This account has been blocked from using the API. Contact support if you believe this is a mistake.", { headers: { ...extra }, reasons: d.reasons });
  }
  if (d.action === "challenge") {
    throw new GuardError("challenge_required", "This account must complete identity verification before making further requests.", { headers: { ...extra }, reasons: d.reasons });
  }
}
