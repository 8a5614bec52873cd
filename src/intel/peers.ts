/**
 * Pulling peers' TAXII collections (shell), from the Cron Trigger:
 *
 *   scheduled(controller, env, ctx) { ctx.waitUntil(pullPeers(env, controller.scheduledTime)) }
 *
 * Each peer is pulled from where the last pull stopped (its last
 * X-TAXII-Date-Added-Last, kept in KV), a few pages per run. A page is
 * imported whole or not at all; a refused page stops that peer's pull with
 * the error recorded, so it is retried, never skipped.
 * Where each pull starts: see startFrom/resumeAt in taxii-client.ts.
 */
import { loadPolicy } from "../policy/load.js";
import { applyImport } from "./intel-store.js";
import { keeperWriter } from "./keeper.js";
import { fromStixObjects } from "./stix-import.js";
import { objectsRequest, parseObjectsResponse, PeerList, PeerState, resumeAt, startFrom, type PeerConfig } from "./taxii-client.js";

export const PEERS_KEY = "intel:peers";
const stateKey = (name: string) => `intel:peer-state:${name}`;
const DAY = 86_400_000;
const FETCH_TIMEOUT_MS = 15_000;
export type Fetcher = (url: string, init: RequestInit) => Promise<Response>;

export interface PullReport {
  peer: string;
  pages: number;
  imported: number;
  error: string | null;
  addedAfter: string | null;
}

/** Peers from KV `intel:peers` and the policy's `intel.peers`; KV wins on a name clash. */
export async function loadPeers(kv: KVNamespace, now: number): Promise<PeerConfig[]> {
  const fromKv = PeerList.safeParse((await kv.get(PEERS_KEY, { type: "json" })) ?? []);
  const policy = (await loadPolicy(kv, now)) as unknown as { intel?: { peers?: unknown } };
  const fromPolicy = PeerList.safeParse(policy.intel?.peers ?? []);
  const kvPeers = fromKv.success ? fromKv.data : [];
  const names = new Set(kvPeers.map((p) => p.name));
  return [...kvPeers, ...(fromPolicy.success ? fromPolicy.data.filter((p) => !names.has(p.name)) : [])];
}

export async function readPeerState(kv: KVNamespace, name: string): Promise<PeerState> {
  const p = PeerState.safeParse((await kv.get(stateKey(name), { type: "json" })) ?? {});
  return p.success ? p.data : PeerState.parse({});
}

function tokenOf(peer: PeerConfig, env: Record<string, unknown>): string | null {
  if (peer.token) return peer.token;
  const v = peer.tokenSecret ? env[peer.tokenSecret] : undefined;
  return typeof v === "string" && v ? v : null;
}

export async function pullPeer(env: Env, peer: PeerConfig, now: number, fetcher: Fetcher = fetch): Promise<PullReport> {
  const kv = env.GUARD_KV;
  const state = await readPeerState(kv, peer.name);
  const token = tokenOf(peer, env as unknown as Record<string, unknown>);
  const report: PullReport = { peer: peer.name, pages: 0, imported: 0, error: null, addedAfter: state.addedAfter };
  const from = startFrom(state);
  let next: string | null = null;
  let caughtUp = false;
  let lastSeen: string | null = null;
  while (report.pages < peer.maxPages) {
    const req = objectsRequest(peer, { addedAfter: from, next }, token);
    let page;
    try {
      const res = await fetcher(req.url, { headers: req.headers, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      page = parseObjectsResponse(res.status, res.headers, await res.text());
    } catch (err) {
      page = { kind: "error" as const, message: `fetch failed: ${String(err)}` };
    }
    if (page.kind === "error") { report.error = page.message; break; }
    const imp = fromStixObjects(page.objects, {
      name: peer.name, trust: peer.trust, minConfidence: peer.minConfidence, defaultTtlMs: peer.ttlDays * DAY,
    }, now);
    if (imp.errors.length) { report.error = `page refused: ${imp.errors.slice(0, 3).join("; ")}`; break; }
    report.imported += (await applyImport(keeperWriter(env), imp, now)).written;
    report.pages++;
    if (page.addedLast) lastSeen = page.addedLast;
    if (!page.more || !page.next) {
      caughtUp = true;
      break;
    }
    next = page.next;
  }
  if (lastSeen) report.addedAfter = caughtUp ? lastSeen : resumeAt(state.addedAfter, lastSeen);
  const saved: PeerState = {
    addedAfter: report.addedAfter, caughtUp: lastSeen ? caughtUp : state.caughtUp, lastPullAt: now,
    lastError: report.error, imported: state.imported + report.imported,
  };
  await kv.put(stateKey(peer.name), JSON.stringify(saved));
  return report;
}

/** Pull every enabled peer; one peer's failure never stops the others. */
export async function pullPeers(env: Env, now: number, fetcher: Fetcher = fetch): Promise<PullReport[]> {
  const peers = (await loadPeers(env.GUARD_KV, now)).filter((p) => p.enabled);
  const out = await Promise.all(peers.map((p) => pullPeer(env, p, now, fetcher)));
  for (const r of out) console.log(JSON.stringify({ event: "intel_pull", ...r }));
  return out;
}
