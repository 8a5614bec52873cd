/**
 * Intelligence sharing and campaigns under /_guard/ (issue 5), mounted by
 * createApp() with `app.route("/_guard", intelRoutes())`:
 *
 *   GET  /intel/stix                      STIX 2.1 bundle of this guard's own indicators and confirmed campaigns
 *   POST /intel/stix                      import a peer's bundle into the blocklists (all or nothing; ?dryRun=1)
 *   GET  /intel/peers, PUT /intel/peers   TAXII peers pulled by the Cron Trigger (tokens never shown)
 *   POST /intel/pull                      pull the peers now
 *   GET  /campaigns, GET /campaigns/:id   campaigns; one with members, fingerprints, timeline, reasons
 *   POST /campaigns/:id/confirm|dismiss|expire
 *   GET  /taxii2/…                        TAXII 2.1 server (discovery, API root, collections, objects)
 *
 * All of it takes the admin token. Middleware is scoped to these paths, so
 * the admin API's own routes (/_guard/health) are unaffected whatever the
 * mounting order; mounted before adminRoutes(), TAXII errors come back as
 * TAXII error resources.
 */
import { Hono, type Context } from "hono";
import * as z from "zod";
import { campaignAction, campaignDetail } from "../campaign/client.js";
import { CAMPAIGN_STATUSES } from "../campaign/types.js";
import { applyImport, listCampaignSummaries, producer, readExportInput } from "../intel/intel-store.js";
import { keeperWriter } from "../intel/keeper.js";
import { loadPeers, PEERS_KEY, pullPeers, readPeerState } from "../intel/peers.js";
import { toStixBundle, toStixObjects, identityObject } from "../intel/stix.js";
import { fromStixBundle } from "../intel/stix-import.js";
import { extensionDefinition, STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE } from "../intel/stix-types.js";
import {
  acceptable, API_ROOT, apiRootResource, COLLECTION_ID, collectionItems, collectionResource, discovery, pageObjects, parseObjectsQuery, taxiiError,
} from "../intel/taxii.js";
import { PeerList } from "../intel/taxii-client.js";
import { GuardError } from "../lib/guard-error.js";
import { jsonOf, queryLimit, validate } from "../lib/validate.js";
import { loadPolicy } from "../policy/load.js";
import { replayClock } from "../replay/clock.js";
import { adminAuth } from "./admin-auth.js";
import { logChange } from "./admin-log.js";
import type { AppEnv } from "./context.js";

type IntelEnv = AppEnv & { Variables: { tokenId: string } };
type C = Context<IntelEnv>;

const MAX_BUNDLE_BYTES = 8_000_000;
const DAY = 86_400_000;

const ImportOptions = z.object({
  trust: z.coerce.number().int().min(0).max(100).default(100),
  minConfidence: z.coerce.number().int().min(0).max(100).default(0),
  ttlDays: z.coerce.number().positive().max(365).default(30),
  dryRun: z.enum(["0", "1", "true", "false"]).default("0"),
});
const ActionBody = z.object({ note: z.string().max(1000).optional() });
const Action = z.enum(["confirm", "dismiss", "expire"]);

async function change(c: C, action: string, target: string, detail: Record<string, unknown> = {}): Promise<void> {
  await logChange(c.env.GUARD_KV, { at: Date.now(), by: c.get("tokenId"), action, target, detail });
}

function stix(body: unknown): Response {
  return new Response(JSON.stringify(body), { headers: { "content-type": STIX_MEDIA_TYPE } });
}

function taxii(body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { headers: { "content-type": TAXII_MEDIA_TYPE, ...headers } });
}

async function importBundle(c: C) {
  const opts = validate(ImportOptions, Object.fromEntries(new URL(c.req.url).searchParams), "import options", { unknown: "ignore" });
  if (Number(c.req.header("content-length") ?? 0) > MAX_BUNDLE_BYTES) {
    throw new GuardError("body_too_large", `A bundle is limited to ${MAX_BUNDLE_BYTES} bytes: split it.`);
  }
  // A workerd replay imports its events' bundles here at the event's time (replay/clock.ts): entries are then judged
  // live on the replay's clock and written without KV expirations, as the campaign index writes its own in a replay.
  const clock = replayClock(c.env, c.req.raw.headers);
  const now = clock?.now ?? Date.now();
  const r = fromStixBundle(await jsonOf(c.req.raw), {
    trust: opts.trust, minConfidence: opts.minConfidence, defaultTtlMs: opts.ttlDays * DAY,
  }, now);
  if (r.errors.length) {
    const more = r.errors.length > 5 ? ` (and ${r.errors.length - 5} more)` : "";
    throw new GuardError("invalid_request", `Invalid STIX bundle, nothing was imported: ${r.errors.slice(0, 5).join("; ")}${more}`, { reasons: r.errors });
  }
  const dry = opts.dryRun === "1" || opts.dryRun === "true";
  const written = dry ? null : await applyImport(keeperWriter(c.env), r, now, { kvExpiry: clock === null });
  if (!dry) await change(c, "intel.import", r.source, { entries: r.entries.length, ...written, campaigns: r.campaigns.map((x) => x.name) });
  return c.json({
    source: r.source, dryRun: dry, entries: r.entries.length, written: written?.written ?? 0, kept: written?.kept ?? 0,
    withdrawn: written?.withdrawn ?? 0, campaigns: r.campaigns, notes: r.notes,
    ...(dry ? { preview: r.entries.slice(0, 100) } : {}),
  });
}

function campaignRoutes(r: Hono<IntelEnv>): void {
  r.get("/campaigns", async (c) => {
    const status = c.req.query("status");
    if (status) validate(z.enum(CAMPAIGN_STATUSES), status, "status");
    const limit = queryLimit(c.req.query("limit"), 100, 500);
    return c.json({ campaigns: await listCampaignSummaries(c.env.GUARD_KV, limit, status) });
  });
  r.get("/campaigns/:id", async (c) => {
    const now = Date.now();
    const v = await campaignDetail(c.env, c.req.param("id"), await loadPolicy(c.env.GUARD_KV, now), now);
    if (!v) throw new GuardError("not_found", `No campaign "${c.req.param("id")}".`);
    return c.json(v);
  });
  r.post("/campaigns/:id/:action", async (c) => {
    const action = validate(Action, c.req.param("action"), "campaign action");
    const body = validate(ActionBody, await jsonOf(c.req.raw), "campaign action");
    const id = c.req.param("id");
    const now = Date.now();
    const res = await campaignAction(c.env, id, action, c.get("tokenId"), body.note, await loadPolicy(c.env.GUARD_KV, now), now);
    if (!res.ok) throw new GuardError(res.status === 404 ? "not_found" : "invalid_request", `Cannot ${action} campaign "${id}": ${res.error}.`, { status: res.status });
    await change(c, `campaign.${action}`, id, { note: body.note ?? "" });
    return c.json(res.view);
  });
}

function intelAdminRoutes(r: Hono<IntelEnv>): void {
  r.get("/intel/stix", async (c) => {
    if (!acceptable(c.req.header("accept"), "stix")) throw new GuardError("invalid_request", `Not acceptable: this endpoint serves ${STIX_MEDIA_TYPE}.`, { status: 406 });
    const now = Date.now();
    return stix(toStixBundle(await readExportInput(c.env.GUARD_KV), producer(c.env), now));
  });
  r.post("/intel/stix", importBundle);
  r.get("/intel/peers", async (c) => {
    const peers = await loadPeers(c.env.GUARD_KV, Date.now());
    const out = await Promise.all(peers.map(async ({ token, ...p }) => ({ ...p, token: token ? "(set)" : null, state: await readPeerState(c.env.GUARD_KV, p.name) })));
    return c.json({ peers: out });
  });
  r.put("/intel/peers", async (c) => {
    const peers = validate(PeerList, await jsonOf(c.req.raw), "peer list");
    await c.env.GUARD_KV.put(PEERS_KEY, JSON.stringify(peers));
    await change(c, "intel.peers.put", "intel:peers", { peers: peers.map((p) => p.name) });
    return c.json({ peers: peers.map(({ token, ...p }) => ({ ...p, token: token ? "(set)" : null })) });
  });
  r.post("/intel/pull", async (c) => c.json({ pulls: await pullPeers(c.env, Date.now()) }));
}

/** The TAXII 2.1 server; its errors are TAXII error resources. */
function taxiiRoutes(): Hono<IntelEnv> {
  // Paths carry the /taxii2 prefix (mounted at "/"): a sub-app mounted at
  // "/taxii2" could not serve the discovery URL with its trailing slash.
  const t = new Hono<IntelEnv>();
  t.use("/taxii2/*", adminAuth);
  t.use("/taxii2/*", async (c, next) => {
    if (!acceptable(c.req.header("accept"), "taxii")) throw new GuardError("invalid_request", `Not acceptable: TAXII 2.1 serves ${TAXII_MEDIA_TYPE}.`, { status: 406 });
    await next();
  });
  // TAXII URLs end in "/"; the bare form is accepted too.
  const get = (path: string, h: (c: C) => Promise<Response> | Response) => {
    t.get(path, h);
    t.get(`${path}/`, h);
  };
  const base = (c: C) => {
    const u = new URL(c.req.url);
    return `${u.origin}${u.pathname.slice(0, u.pathname.indexOf("/taxii2") + "/taxii2".length)}`;
  };
  const collection = (c: C) => {
    if (c.req.param("cid") !== COLLECTION_ID) throw new GuardError("not_found", `No collection "${c.req.param("cid")}".`);
  };
  get("/taxii2", (c) => taxii(discovery(base(c), producer(c.env).name)));
  get(`/taxii2/${API_ROOT}`, (c) => taxii(apiRootResource(producer(c.env).name)));
  get(`/taxii2/${API_ROOT}/collections`, () => taxii({ collections: [collectionResource()] }));
  get(`/taxii2/${API_ROOT}/collections/:cid`, (c) => (collection(c), taxii(collectionResource())));
  get(`/taxii2/${API_ROOT}/collections/:cid/objects`, async (c) => {
    collection(c);
    const q = parseObjectsQuery((k) => c.req.query(k));
    const who = producer(c.env);
    const objects = toStixObjects(await readExportInput(c.env.GUARD_KV), who, Date.now());
    const page = pageObjects(collectionItems([...objects, extensionDefinition(String(identityObject(who).id))]), q);
    const headers: Record<string, string> = page.first === null || page.last === null ? {} : {
      "X-TAXII-Date-Added-First": new Date(page.first).toISOString(), "X-TAXII-Date-Added-Last": new Date(page.last).toISOString(),
    };
    return taxii(page.envelope, headers);
  });
  t.onError((err, c) => {
    const g = err instanceof GuardError ? err : new GuardError("internal_error", "The TAXII server failed to process this request.");
    if (!(err instanceof GuardError)) console.error(JSON.stringify({ event: "unhandled_error", requestId: c.get("requestId"), error: String(err) }));
    const e = taxiiError(g);
    return new Response(JSON.stringify(e.body), { status: e.status, headers: { "content-type": TAXII_MEDIA_TYPE } });
  });
  return t;
}

export function intelRoutes(): Hono<IntelEnv> {
  const r = new Hono<IntelEnv>();
  r.route("/", taxiiRoutes());
  for (const p of ["/intel/*", "/campaigns", "/campaigns/*"]) r.use(p, adminAuth);
  intelAdminRoutes(r);
  campaignRoutes(r);
  return r;
}
