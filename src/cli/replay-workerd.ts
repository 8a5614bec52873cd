/**
 * The replay's workerd engine: the real Worker bundle (src/index.ts) in
 * local workerd through Miniflare, with its Durable Objects and KV. Accounts
 * are created and releases announced through the admin API; each traffic
 * record becomes an HTTP request with the record's address in
 * cf-connecting-ip and its ASN, country and JA4 in request.cf. The Worker's
 * replay clock (src/replay/clock.ts, enabled by a random per-run
 * REPLAY_CLOCK token) makes it decide at the record's ts and settle with the
 * record's usage; a tiny replay origin answers what is served.
 *
 * One request at a time: a request's campaign report (awaited by the Worker
 * in a replay) can publish entries that decide another account's next
 * request, so requests of different accounts are no longer independent.
 */
import type { Miniflare, WorkerOptions } from "miniflare";
import { randomBytes } from "node:crypto";
import type { Policy } from "../policy/schema.js";
import { guardBundle, guardWorker, launch } from "../node/local-worker.js";
import { REPLAY_HEADERS, type DecisionHeader } from "../replay/clock.js";
import type { ReplayAccount } from "../replay/inputs.js";
import { hasBody, outsideApi, requestCf, requestHeaders, requestMethod, requestUrl } from "../replay/request.js";
import { refusalReasons } from "../routes/request-parse.js";
import type { EventLine } from "../sim/contract.js";
import { ACTIONS, type Action } from "../account/types.js";
import type { Engine, Outcome, ReplayItem, ReplayRequest } from "../replay/types.js";
import { importOf, readBundle } from "./replay-intel.js";

/** Answers every served request with a minimal valid body of its endpoint (usage is settled by the clock, not read from here). */
const REPLAY_ORIGIN = `
const BODIES = {
  "/v1/chat/completions": { id: "chatcmpl-replay", object: "chat.completion", created: 0, model: "replay", choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }] },
  "/v1/completions": { id: "cmpl-replay", object: "text_completion", created: 0, model: "replay", choices: [{ index: 0, text: "ok", finish_reason: "stop" }] },
  "/v1/responses": { id: "resp-replay", object: "response", created_at: 0, status: "completed", model: "replay", output: [{ type: "message", id: "msg-replay", status: "completed", role: "assistant", content: [{ type: "output_text", text: "ok", annotations: [] }] }] },
  "/v1/messages": { id: "msg-replay", type: "message", role: "assistant", model: "replay", content: [{ type: "text", text: "ok" }], stop_reason: "end_turn" },
};
export default {
  async fetch(req) {
    const path = new URL(req.url).pathname;
    return Response.json(BODIES[path] ?? { object: "list", data: [] });
  },
};`;

const ADMIN_TOKEN = "replay-admin";
const BASE = "https://replay.invalid";

class WorkerdEngine implements Engine {
  readonly name = "workerd" as const;
  readonly concurrency = 1;
  constructor(
    private readonly mf: Miniflare, private readonly stop: () => Promise<void>, private readonly token: string, private readonly eventsDir?: string,
  ) {}

  private releaseRoute = true;

  async admin(method: string, path: string, body: unknown, allow404 = false): Promise<boolean> {
    const res = await this.mf.dispatchFetch(`${BASE}/_guard${path}`, {
      method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" }, body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status === 404 && allow404) return false;
    if (!res.ok) throw new Error(`workerd engine: ${method} /_guard${path} failed: HTTP ${res.status} ${text.slice(0, 300)}`);
    return true;
  }

  async event(e: EventLine): Promise<void> {
    if (e.type === "intel-import") {
      // POST /_guard/intel/stix at the event's time (the replay clock's headers): the route imports with the
      // defaults both engines use (replay-intel.ts), writes each value through its keeper object, without KV
      // expirations; the Worker reads the blocklists uncached in a replay. Refused here as in the node engine first.
      const { path, bundle } = readBundle(e.file, this.eventsDir);
      importOf(bundle, path, e.ts);
      const res = await this.mf.dispatchFetch(`${BASE}/_guard/intel/stix`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json", [REPLAY_HEADERS.token]: this.token, [REPLAY_HEADERS.now]: String(e.ts),
        },
        body: JSON.stringify(bundle),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`workerd engine: intel-import ${e.file}: HTTP ${res.status} ${text.slice(0, 300)}`);
      return;
    }
    if (this.releaseRoute && (await this.admin("POST", "/releases", { model: e.model, at: e.ts }, true))) return;
    // Until the admin router mounts routes/admin-releases.ts: the same KV entry, written directly.
    this.releaseRoute = false;
    const kv = await this.mf.getKVNamespace("GUARD_KV");
    // account/releases.ts: one key per model, `rel:<model>` (not imported: it is typed for Workers).
    await kv.put(`rel:${e.model}`, JSON.stringify({ model: e.model, at: e.ts, by: "replay" }));
  }

  async decide(item: ReplayItem, i: number): Promise<Outcome> {
    if (!item.req.body) throw new Error("workerd engine: the request's body was dropped (the node engine's first stage ran)");
    const req = item.req as ReplayRequest;
    const url = requestUrl(req);
    const notFound = outsideApi(url);
    if (notFound) return { action: "block", status: notFound.status, reasons: refusalReasons(notFound) };
    const headers = requestHeaders(req, url);
    headers.set("cf-connecting-ip", req.ip);
    headers.set(REPLAY_HEADERS.token, this.token);
    headers.set(REPLAY_HEADERS.now, String(req.ts));
    if (req.usage) headers.set(REPLAY_HEADERS.usage, JSON.stringify(req.usage));
    const res = await this.mf.dispatchFetch(url.href, {
      method: requestMethod(req), headers: Object.fromEntries(headers), body: hasBody(req) ? JSON.stringify(req.body) : undefined, cf: requestCf(req),
    });
    const raw = res.headers.get(REPLAY_HEADERS.decision);
    const text = await res.text();
    if (raw === null) throw new Error(`workerd engine: traffic line ${i + 1}: the Worker answered HTTP ${res.status} without a decision: ${text.slice(0, 300)}`);
    const d = JSON.parse(raw) as DecisionHeader;
    if (!(ACTIONS as readonly string[]).includes(d.action)) throw new Error(`workerd engine: traffic line ${i + 1}: unknown action ${d.action}`);
    const out: Outcome = { action: d.action as Action, status: res.status, reasons: d.reasons };
    if (d.state !== undefined && d.risk !== undefined) {
      out.state = d.state;
      out.risk = d.risk;
    }
    return out;
  }

  async close(): Promise<void> {
    await this.stop();
  }
}

export async function startWorkerdEngine(accounts: readonly ReplayAccount[], policy: Policy, eventsDir?: string): Promise<Engine> {
  const token = randomBytes(24).toString("hex");
  const guard: WorkerOptions = guardWorker(await guardBundle(), { adminToken: ADMIN_TOKEN });
  guard.bindings = { ...guard.bindings, REPLAY_CLOCK: token };
  guard.serviceBindings = { ORIGIN: "replay-origin" };
  const { mf, stop } = await launch({
    cf: {},
    workers: [
      guard,
      { name: "replay-origin", modules: [{ type: "ESModule", path: "origin.js", contents: REPLAY_ORIGIN }], compatibilityDate: "2026-04-01" },
    ],
  }, true);
  const engine = new WorkerdEngine(mf, stop, token, eventsDir);
  try {
    // The node engine has no timeouts; a loaded machine must not turn a slow object into a fail-open here.
    await engine.admin("PUT", "/policy", { ...policy, timeouts: { ...policy.timeouts, accountMs: 30_000, kvMs: 30_000 } });
    for (let k = 0; k < accounts.length; k += 16) {
      await Promise.all(accounts.slice(k, k + 16).map((a) => engine.admin("PUT", `/accounts/${encodeURIComponent(a.id)}`, a.upsert)));
    }
  } catch (err) {
    await engine.close();
    throw err;
  }
  return engine;
}
