/**
 * Intelligence sharing and the campaign index through the real Worker code
 * in workerd: routes, KV, the CampaignIndex Durable Object. The routes are
 * mounted here on createApp() the way the app mounts them.
 */
import { createExecutionContext, env, runDurableObjectAlarm, SELF, waitOnExecutionContext } from "cloudflare:test";
import type { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { reportToCampaigns } from "../../src/campaign/client";
import { shardOf, type CampaignReport } from "../../src/campaign/types";
import { applyPublication } from "../../src/intel/intel-store";
import { keeperWriter } from "../../src/intel/keeper";
import { pullPeers } from "../../src/intel/peers";
import { toStixBundle, toStixObjects } from "../../src/intel/stix";
import { collectionItems, pageObjects, parseObjectsQuery } from "../../src/intel/taxii";
import type { BlocklistEntry } from "../../src/intel/types";
import type { AppEnv } from "../../src/routes/context";
import { intelRoutes } from "../../src/routes/intel";
import { ADMIN, admin, chat, newAccount } from "./helpers";

const app = createApp();
app.route("/_guard", intelRoutes() as unknown as Hono<AppEnv>);
const TAXII = "application/taxii+json;version=2.1";
const DAY = 86_400_000;

async function call(method: string, path: string, opts: { body?: unknown; token?: string; accept?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${opts.token ?? ADMIN}` };
  if (opts.accept !== undefined) headers.accept = opts.accept;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`https://guard.test/_guard${path}`, {
    method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  }), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

type Bundle = { type: string; id: string; objects: Record<string, unknown>[] };
type Envelope = { more: boolean; next?: string; objects?: { id: string; type: string }[] };

function peerEntry(kind: BlocklistEntry["kind"], value: string, createdAt = Date.now() - 60_000): BlocklistEntry {
  return { kind, value, reason: `peer saw ${value}`, source: "admin:token:peer", confidence: 90, createdAt, expiresAt: createdAt + 30 * DAY };
}

async function blocklist(kind: string): Promise<BlocklistEntry[]> {
  const res = await call("GET", `/blocklist?kind=${kind}&limit=1000`);
  return ((await res.json()) as { entries: BlocklistEntry[] }).entries;
}

/** A campaign's published exit address, as the campaign index writes it (source `campaign:<id>`). */
async function publishExit(ip: string): Promise<void> {
  const entry: BlocklistEntry = {
    kind: "ip", value: ip, reason: "Campaign tpl-0011223344556677: exit shared by 3 campaign accounts", source: "campaign:tpl-0011223344556677",
    confidence: 85, createdAt: Date.now(), expiresAt: Date.now() + 86_400_000,
  };
  await env.GUARD_KV.put(`bl:ip:${ip}`, JSON.stringify(entry));
}

describe("STIX export and import", () => {
  it("exports its own blocklist as a STIX 2.1 bundle, never key hashes", async () => {
    for (const body of [
      { kind: "ip", value: "203.0.113.41", reason: "scraper" },
      { kind: "cidr", value: "198.51.100.0/25", reason: "proxy block" },
      { kind: "asn", value: "64511", reason: "proxy provider", confidence: 40 },
      { kind: "templateFp", value: "00112233aabbccdd", reason: "CoT extraction template" },
      { kind: "keyHash", value: "e".repeat(64), reason: "leaked key" },
    ]) expect((await call("PUT", "/blocklist", { body })).status).toBe(200);
    const res = await call("GET", "/intel/stix", { accept: "application/stix+json;version=2.1" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/stix+json;version=2.1");
    const b = (await res.json()) as Bundle;
    const patterns = b.objects.filter((o) => o.type === "indicator").map((o) => o.pattern);
    expect(patterns).toEqual(expect.arrayContaining([
      "[ipv4-addr:value = '203.0.113.41']", "[ipv4-addr:value ISSUBSET '198.51.100.0/25']",
      "[autonomous-system:number = 64511]", "[x-distill-prompt:template_fp = '00112233aabbccdd']",
    ]));
    expect(b.objects.find((o) => o.type === "identity")?.name).toBe("distill-guard (local)");
    expect(JSON.stringify(b)).not.toContain("e".repeat(64));
  });

  it("refuses an export to a client that accepts neither STIX nor JSON", async () => {
    expect((await call("GET", "/intel/stix", { accept: "text/csv" })).status).toBe(406);
  });

  it("imports a peer's bundle under the peer's name, and the request path then blocks its addresses", async () => {
    const bundle = toStixBundle({ entries: [peerEntry("ip", "203.0.113.77"), peerEntry("asn", "64999")], campaigns: [] }, { name: "Peer Lab" }, Date.now());
    const res = await call("POST", "/intel/stix", { body: bundle });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ source: "peer:Peer Lab", entries: 2, written: 2 });
    expect((await blocklist("ip")).find((e) => e.value === "203.0.113.77")).toMatchObject({ source: "peer:Peer Lab", confidence: 90 });
    const { key } = await newAccount("paid");
    expect((await chat(key, undefined, { "cf-connecting-ip": "203.0.113.77" })).status).toBe(403);
  });

  it("takes a peer's AS number and bare JA4 as evidence, not a block; the operator's own ASN entry blocks", async () => {
    const ja4 = "t13d9999h2_aaaaaaaaaaaa_bbbbbbbbbbbb";
    const bundle = toStixBundle({ entries: [peerEntry("asn", "64998"), peerEntry("ja4", ja4)], campaigns: [] }, { name: "Peer Lab" }, Date.now());
    expect(await (await call("POST", "/intel/stix", { body: bundle })).json()).toMatchObject({ source: "peer:Peer Lab", written: 2 });
    const send = (key: string, asn: number, ip: string) => SELF.fetch("https://guard.test/v1/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "cf-connecting-ip": ip },
      body: JSON.stringify({ model: "demo-1", messages: [{ role: "user", content: "Hello there" }] }),
      cf: { asn, country: "NL", botManagement: { ja4 } },
    } as RequestInit);
    const lastRisk = async (id: string) => {
      const view = (await (await admin("GET", `/accounts/${id}?limit=5`)).json()) as { recent: { risk: number; reasons: string[] }[] };
      return view.recent[view.recent.length - 1]!;
    };
    // Two fresh unverified accounts, the same request: one from the peer's network, one from elsewhere.
    const fresh = { verified: false, createdAt: Date.now() - 3_600_000 };
    const onPeerAsn = await newAccount("free", fresh);
    const elsewhere = await newAccount("free", fresh);
    const a = await send(onPeerAsn.key, 64998, "198.51.100.201");
    const b = await send(elsewhere.key, 64997, "198.51.100.202");
    expect([a.status, b.status]).toEqual([200, 200]);
    await Promise.all([a.arrayBuffer(), b.arrayBuffer()]);
    expect((await lastRisk(onPeerAsn.id)).risk).toBeGreaterThan((await lastRisk(elsewhere.id)).risk);
    // The admin API says what each entry does.
    const listed = async (kind: string, value: string) => ((await (await call("GET", `/blocklist?kind=${kind}&limit=1000`)).json()) as { entries: (BlocklistEntry & { effect: string })[] }).entries.find((e) => e.value === value);
    expect(await listed("asn", "64998")).toMatchObject({ source: "peer:Peer Lab", effect: "evidence" });
    expect(await listed("ja4", ja4)).toMatchObject({ effect: "evidence" });
    // The operator's own entry for the same network is a block, as every operator entry is.
    expect((await call("PUT", "/blocklist", { body: { kind: "asn", value: "64998", reason: "our own finding" } })).status).toBe(200);
    expect(await listed("asn", "64998")).toMatchObject({ source: expect.stringMatching(/^admin:/) as string, effect: "block" });
    const c = await send(elsewhere.key, 64998, "198.51.100.203");
    expect(c.status).toBe(403);
    expect(((await c.json()) as { error: { message: string } }).error.message).toMatch(/blocked/);
  });

  it("blocks fresh accounts on a campaign's published exit address, and serves an established customer who gets it later", async () => {
    const ip = "198.51.100.231";
    await publishExit(ip);
    const send = (key: string) => chat(key, undefined, { "cf-connecting-ip": ip });
    const fresh = await newAccount("free", { verified: false, createdAt: Date.now() - 3_600_000 });
    const customer = await newAccount("enterprise");
    const a = await send(fresh.key);
    expect(a.status).toBe(403);
    expect(((await a.json()) as { error: { message: string } }).error.message).toMatch(/blocked/);
    const b = await send(customer.key);
    expect(b.status).toBe(200);
    await b.arrayBuffer();
    const listed = ((await (await call("GET", "/blocklist?kind=ip&limit=1000")).json()) as { entries: (BlocklistEntry & { effect: string })[] }).entries.find((e) => e.value === ip);
    expect(listed).toMatchObject({ effect: "block-unless-established" });
  });

  it("lets the account object judge an older unverified account on a campaign's exit address: evidence if it trusts it, else the edge's block", async () => {
    // A residential proxy's exit through a person's home line: the campaign published the address the person lives behind.
    const ip = "198.51.100.232";
    await publishExit(ip);
    const send = (key: string, from: string) => chat(key, undefined, { "cf-connecting-ip": from });
    const recent = async (id: string) => ((await (await admin("GET", `/accounts/${id}?limit=10`)).json()) as {
      state: { totals: { requests: number } }; recent: { action: string; reasons: string[]; detail: Record<string, unknown> }[];
    });
    // Unverified, 200 days old: past its probation, so trusted once its object has seen it.
    const aged = { verified: false, createdAt: Date.now() - 200 * 86_400_000 };
    const person = await newAccount("free", aged);
    const first = await send(person.key, "192.0.2.177");
    expect(first.status).toBe(200);
    await first.arrayBuffer();
    const home = await send(person.key, ip);
    expect(home.status).toBe(200);
    await home.arrayBuffer();
    const served = (await recent(person.id)).recent[0]!;
    expect(served.action).toBe("allow");
    // An account never seen, as old, is blocked on its first request from the exit, with the edge's answer; its
    // object recorded the block and changed nothing else (no request counted).
    const dormant = await newAccount("free", aged);
    const blocked = await send(dormant.key, ip);
    expect(blocked.status).toBe(403);
    expect(((await blocked.json()) as { error: { message: string } }).error.message).toMatch(/blocked for this account or network/);
    const view = await recent(dormant.id);
    expect(view.recent).toMatchObject([{ action: "block", reasons: ["blocklist:ip"], detail: { heldExit: { source: "campaign:tpl-0011223344556677" } } }]);
    expect(view.state.totals.requests).toBe(0);
    // An account in probation (unverified, 30 days old), even after ordinary requests: blocked.
    const newer = await newAccount("free", { verified: false, createdAt: Date.now() - 30 * 86_400_000 });
    const ok = await send(newer.key, "192.0.2.178");
    expect(ok.status).toBe(200);
    await ok.arrayBuffer();
    expect((await send(newer.key, ip)).status).toBe(403);
    // In shadow mode nothing is held: the request is decided as any other and served.
    const shadow = await newAccount("free", { ...aged, mode: "shadow" });
    const s = await send(shadow.key, ip);
    expect(s.status).toBe(200);
    await s.arrayBuffer();
  });

  it("keeps every source's claim on a value: one campaign's withdrawal leaves another's, and a peer's import stays under its own", async () => {
    const ip = "198.51.100.233";
    const exit = (id: string): BlocklistEntry => ({
      kind: "ip", value: ip, reason: `Campaign ${id}: exit shared by 3 campaign accounts`, source: `campaign:${id}`,
      confidence: 85, createdAt: Date.now(), expiresAt: Date.now() + DAY,
    });
    const tpl = exit("tpl-0011223344556677"), net = exit("net-8899aabbccddeeff");
    // As the two campaigns' index objects write them (campaign/campaign-do.ts), one after the other.
    await applyPublication(keeperWriter(env), [tpl], [], tpl.source, Date.now());
    await applyPublication(keeperWriter(env), [net], [], net.source, Date.now());
    const listed = async () => (await blocklist("ip")).filter((e) => e.value === ip) as (BlocklistEntry & { others?: BlocklistEntry[] })[];
    expect(await listed()).toMatchObject([{ source: tpl.source, others: [{ source: net.source }] }]);
    const fresh = await newAccount("free", { verified: false, createdAt: Date.now() - 3_600_000 });
    const send = async () => {
      const res = await chat(fresh.key, undefined, { "cf-connecting-ip": ip });
      await res.arrayBuffer();
      return res.status;
    };
    expect(await send()).toBe(403);
    // The template's campaign moves on; the network's still names the address, and its fresh accounts are still held.
    await applyPublication(keeperWriter(env), [], [{ kind: "ip", value: ip }], tpl.source, Date.now());
    expect(await listed()).toEqual([expect.objectContaining({ source: net.source })]);
    expect((await listed())[0]!.others).toBeUndefined();
    expect(await send()).toBe(403);
    await applyPublication(keeperWriter(env), [], [{ kind: "ip", value: ip }], net.source, Date.now());
    expect(await listed()).toEqual([]);
    expect(await send()).toBe(200);

    // A peer's confident indicator on an address a campaign of ours publishes too: the peer's applies, ours is kept
    // under it, and exported (an export names the guard's own claims only); the peer's revocation leaves ours.
    const shared = "198.51.100.234";
    const peer = { ...peerEntry("ip", shared), confidence: 100, expiresAt: null };
    const imported = await call("POST", "/intel/stix", { body: toStixBundle({ entries: [peer], campaigns: [] }, { name: "Peer Lab" }, Date.now()) });
    expect(imported.status).toBe(200);
    await applyPublication(keeperWriter(env), [{ ...tpl, value: shared }], [], tpl.source, Date.now());
    const both = (await blocklist("ip")).filter((e) => e.value === shared) as (BlocklistEntry & { others?: BlocklistEntry[] })[];
    expect(both).toMatchObject([{ source: "peer:Peer Lab", others: [{ source: tpl.source }] }]);
    const exported = (await (await call("GET", "/intel/stix")).json()) as Bundle;
    expect(exported.objects.filter((o) => o.type === "indicator").map((o) => o.pattern)).toContain(`[ipv4-addr:value = '${shared}']`);
    const again = toStixBundle({ entries: [peer], campaigns: [] }, { name: "Peer Lab" }, Date.now());
    const revoked = await call("POST", "/intel/stix", {
      body: { ...again, objects: again.objects.map((o) => (o.type === "indicator" ? { ...o, revoked: true } : o)) },
    });
    expect(revoked.status).toBe(200);
    expect((await blocklist("ip")).filter((e) => e.value === shared)).toMatchObject([{ source: tpl.source }]);
  });

  it("loses no source's claim when they write one value at once, and lets the operator clear them all", async () => {
    const ip = "198.51.100.235";
    const w = keeperWriter(env);
    const ids = ["tpl-00000000000000a1", "tpl-00000000000000a2", "sys-00000000000000a3", "net-00000000000000a4", "net-00000000000000a5"];
    const claims: BlocklistEntry[] = ids.map((id, i) => ({
      kind: "ip", value: ip, reason: `exit of ${id}`, source: `campaign:${id}`, confidence: 80 + i, createdAt: Date.now(), expiresAt: Date.now() + DAY,
    }));
    // Five campaigns' index objects and an operator, all at once.
    const [, put] = await Promise.all([
      Promise.all(claims.map((c) => applyPublication(w, [c], [], c.source, Date.now()))),
      call("PUT", "/blocklist", { body: { kind: "ip", value: ip, reason: "operator's own", confidence: 50 } }),
    ]);
    expect(put.status).toBe(200);
    const [listed] = (await blocklist("ip")).filter((e) => e.value === ip) as (BlocklistEntry & { others?: BlocklistEntry[] })[];
    expect(listed!.source).toMatch(/^admin:/);
    // The rest in order: the most confident first.
    expect(listed!.others?.map((o) => o.source)).toEqual(claims.map((c) => c.source).reverse());
    const del = await call("DELETE", `/blocklist?kind=ip&value=${ip}`);
    expect(del.status).toBe(200);
    expect((await blocklist("ip")).filter((e) => e.value === ip)).toEqual([]);
    expect((await call("DELETE", `/blocklist?kind=ip&value=${ip}`)).status).toBe(404);
    // What the keeper stored before it existed is where it starts: an entry written to KV directly is kept under a new claim.
    const legacy = "198.51.100.236";
    await publishExit(legacy);
    await applyPublication(w, [{ ...claims[0]!, value: legacy, confidence: 95 }], [], claims[0]!.source, Date.now());
    expect((await blocklist("ip")).filter((e) => e.value === legacy)).toMatchObject([{ source: claims[0]!.source, others: [{ source: "campaign:tpl-0011223344556677" }] }]);
  });

  it("refuses an invalid bundle with a clear error and writes nothing", async () => {
    const bundle = toStixBundle({ entries: [peerEntry("ip", "203.0.113.88"), peerEntry("ip", "203.0.113.89")], campaigns: [] }, { name: "Peer Lab" }, Date.now());
    const bad = bundle.objects.find((o) => o.pattern === "[ipv4-addr:value = '203.0.113.89']")!;
    bad.pattern = "[ipv4-addr:value = '203.0.113.89'";
    const res = await call("POST", "/intel/stix", { body: bundle });
    expect(res.status).toBe(400);
    const msg = ((await res.json()) as { error: { message: string } }).error.message;
    expect(msg).toMatch(/^Invalid STIX bundle, nothing was imported: indicator--[0-9a-f-]+: pattern does not parse/);
    expect((await blocklist("ip")).some((e) => e.value === "203.0.113.88")).toBe(false);
  });

  it("skips, with a note, an indicator KV could not store (a key past 512 bytes, a CIDR entry past its metadata's 1,024), and writes the rest", async () => {
    const longJa4 = `t13d1516h2_${"a".repeat(500)}`;
    const cidr = { ...peerEntry("cidr", "198.51.100.0/24"), reason: "中".repeat(400) };
    const bundle = toStixBundle({ entries: [peerEntry("ja4", longJa4), cidr, peerEntry("ip", "203.0.113.91")], campaigns: [] }, { name: "Peer Lab" }, Date.now());
    const res = await call("POST", "/intel/stix", { body: bundle });
    const body = (await res.json()) as { written: number; notes?: string[] };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.written).toBe(1);
    expect(JSON.stringify(body)).toMatch(/skipped, the ja4 value is not well-formed text or is too long to store/);
    expect(JSON.stringify(body)).toMatch(/skipped, the entry is too large to store with a CIDR range/);
    expect((await blocklist("ip")).some((e) => e.value === "203.0.113.91")).toBe(true);
  });

  it("refuses with a 400 a blocklist entry KV could not store, and answers 404 for deleting one", async () => {
    const put = (value: string, kind = "ja4", reason = "test") => call("PUT", "/blocklist", { body: { kind, value, reason } });
    for (const res of [await put("x".repeat(510)), await put("ja4-\ud800"), await put("198.51.100.0/24", "cidr", "中".repeat(400))]) {
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^Invalid blocklist entry: the (ja4 value|entry) /);
    }
    expect((await put("x".repeat(400))).status).toBe(200);
    expect((await call("DELETE", `/blocklist?kind=ja4&value=${"x".repeat(600)}`)).status).toBe(404);
    expect((await call("DELETE", `/blocklist?kind=ja4&value=${"x".repeat(400)}`)).status).toBe(200);
  });

  it("validates without writing on a dry run", async () => {
    const bundle = toStixBundle({ entries: [peerEntry("ip", "203.0.113.90")], campaigns: [] }, { name: "Peer Lab" }, Date.now());
    // A query parameter the import does not know (another tool's) is no error.
    const res = await call("POST", "/intel/stix?dryRun=1&client=cli", { body: bundle });
    expect(await res.json()).toMatchObject({ dryRun: true, entries: 1, written: 0 });
    expect((await blocklist("ip")).some((e) => e.value === "203.0.113.90")).toBe(false);
  });
});

describe("TAXII 2.1 server", () => {
  it("serves discovery, the API root and its collection with the TAXII media type", async () => {
    const d = await call("GET", "/taxii2/", { accept: TAXII });
    expect(d.status).toBe(200);
    expect(d.headers.get("content-type")).toBe(TAXII);
    const disc = (await d.json()) as { default: string; api_roots: string[] };
    expect(disc.default).toBe("https://guard.test/_guard/taxii2/api/");
    const root = (await (await call("GET", "/taxii2/api/", { accept: TAXII })).json()) as { versions: string[] };
    expect(root.versions).toEqual([TAXII]);
    const cols = (await (await call("GET", "/taxii2/api/collections/", { accept: TAXII })).json()) as { collections: { id: string; can_read: boolean; media_types: string[] }[] };
    expect(cols.collections).toHaveLength(1);
    expect(cols.collections[0]).toMatchObject({ can_read: true, can_write: false, media_types: ["application/stix+json;version=2.1"] });
    const one = await call("GET", `/taxii2/api/collections/${cols.collections[0]!.id}/`, { accept: TAXII });
    expect(await one.json()).toEqual(cols.collections[0]);
  });

  it.each([
    ["an unknown collection", "/taxii2/api/collections/nope/", TAXII, ADMIN, 404],
    ["a client that does not accept TAXII", "/taxii2/api/", "application/json", ADMIN, 406],
    ["a wrong token", "/taxii2/", TAXII, "wrong", 401],
  ])("refuses %s", async (_name, path, accept, token, status) => {
    const res = await call("GET", path, { accept, token });
    expect(res.status).toBe(status);
  });

  it("writes its own errors as TAXII error resources", async () => {
    const res = await call("GET", "/taxii2/api/collections/nope/objects/", { accept: TAXII });
    expect(res.headers.get("content-type")).toBe(TAXII);
    expect(await res.json()).toMatchObject({ title: "Not found", http_status: "404" });
  });

  it("pages objects with limit and next, with the date-added headers, and filters by added_after", async () => {
    await call("PUT", "/blocklist", { body: { kind: "ip", value: "203.0.113.150", reason: "pager" } });
    const cols = (await (await call("GET", "/taxii2/api/collections/", { accept: TAXII })).json()) as { collections: { id: string }[] };
    const base = `/taxii2/api/collections/${cols.collections[0]!.id}/objects/`;
    const all = (await (await call("GET", `${base}?limit=1000`, { accept: TAXII })).json()) as Envelope;
    expect(all.more).toBe(false);
    const walked: string[] = [];
    let next: string | undefined;
    for (let i = 0; i < 100; i++) {
      const res = await call("GET", `${base}?limit=2${next ? `&next=${next}` : ""}`, { accept: TAXII });
      expect(res.headers.get("content-type")).toBe(TAXII);
      const first = Date.parse(res.headers.get("x-taxii-date-added-first") ?? "");
      const last = Date.parse(res.headers.get("x-taxii-date-added-last") ?? "");
      expect(first).toBeLessThanOrEqual(last);
      const page = (await res.json()) as Envelope;
      walked.push(...(page.objects ?? []).map((o) => o.id));
      if (!page.more) break;
      next = page.next;
    }
    expect(walked).toEqual(all.objects!.map((o) => o.id));
    expect(new Set(walked).size).toBe(walked.length);
    expect(all.objects!.some((o) => o.type === "extension-definition")).toBe(true);
    const later = (await (await call("GET", `${base}?added_after=${new Date(Date.now() - 5_000).toISOString()}`, { accept: TAXII })).json()) as Envelope;
    expect(later.objects?.length ?? 0).toBeLessThan(all.objects!.length);
    expect(later.objects?.some((o) => o.type === "indicator")).toBe(true);
  });
});

function report(i: number, at: number, templateFp: string): CampaignReport {
  return {
    at, account: { id: `sybil-${templateFp.slice(0, 4)}-${i}`, org: null, tier: "free", verified: false, createdAt: at - DAY },
    risk: 0.3, restricted: false, extraction: 0.9, templateFp, systemFp: null,
    client: { ip: `192.0.2.${i}`, asn: 64500, ja4: null, userAgent: null },
  };
}

describe("campaign index", () => {
  it("finds a campaign across accounts, publishes it to KV, lists, shows, exports and dismisses it", async () => {
    const fp = "c0ffee00c0ffee00";
    const now = Date.now();
    const findings = [];
    for (let i = 0; i < 6; i++) findings.push(await reportToCampaigns(env, report(i, now + i, fp), {}));
    expect(findings.slice(0, 4).flat()).toEqual([]);
    expect(findings[5]).toEqual([expect.objectContaining({ campaignId: `tpl-${fp}`, status: "confirmed" })]);
    expect(await env.GUARD_KV.get(`bl:templateFp:${fp}`, "json")).toMatchObject({ source: `campaign:tpl-${fp}` });

    const list = (await (await call("GET", "/campaigns?status=confirmed")).json()) as { campaigns: { id: string }[] };
    expect(list.campaigns.map((c) => c.id)).toContain(`tpl-${fp}`);
    const view = (await (await call("GET", `/campaigns/tpl-${fp}`)).json()) as { members: unknown[]; timeline: { event: string }[] };
    expect(view.members).toHaveLength(6);
    expect(view.timeline.map((e) => e.event)).toEqual(["detected", "confirmed", "published"]);

    const b = (await (await call("GET", "/intel/stix")).json()) as Bundle;
    const camp = b.objects.find((o) => o.type === "campaign" && o.name === `Distillation campaign tpl-${fp}`);
    expect(camp).toBeDefined();
    expect(b.objects.some((o) => o.type === "relationship" && o.target_ref === camp?.id)).toBe(true);

    const dismissed = await call("POST", `/campaigns/tpl-${fp}/dismiss`, { body: { note: "our own eval harness" } });
    expect(dismissed.status).toBe(200);
    expect(await env.GUARD_KV.get(`bl:templateFp:${fp}`)).toBeNull();
    expect((await call("POST", `/campaigns/tpl-${fp}/dismiss`, { body: {} })).status).toBe(409);
  });

  it.each([
    ["an unknown campaign", "GET", "/campaigns/tpl-0000000000000000", 404],
    ["a malformed id", "GET", "/campaigns/whatever", 404],
    ["an unknown action", "POST", "/campaigns/tpl-0000000000000000/promote", 400],
  ])("answers %s", async (_name, method, path, status) => {
    expect((await call(method, path, method === "POST" ? { body: {} } : {})).status).toBe(status);
  });

  it("expires a campaign that went quiet when its alarm fires", async () => {
    const fp = "dead00beef00dead";
    const then = Date.now() - 8 * DAY;
    // Entries published 8 days ago that would still live for weeks, so that the expiry has something to withdraw.
    const policy = { campaign: { publishTtlMs: 30 * DAY } };
    for (let i = 0; i < 6; i++) await reportToCampaigns(env, report(i, then + i, fp), policy);
    expect(await env.GUARD_KV.get(`bl:templateFp:${fp}`)).not.toBeNull();
    const stub = env.CAMPAIGN.getByName(shardOf("template", fp));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const view = (await (await call("GET", `/campaigns/tpl-${fp}`)).json()) as { campaign: { status: string } };
    expect(view.campaign.status).toBe("expired");
    expect(await env.GUARD_KV.get(`bl:templateFp:${fp}`)).toBeNull();
  });
});

describe("pulling peers over TAXII", () => {
  it("pulls a peer's collection page by page, remembers where it stopped, and writes nothing twice", async () => {
    const t = Date.now() - 3_600_000;
    const peerObjects = toStixObjects({ entries: [1, 2, 3, 4, 5].map((i) => peerEntry("ip", `203.0.113.${200 + i}`, t + i)), campaigns: [] }, { name: "Far Lab" }, Date.now());
    const asked: string[] = [];
    const fetcher = async (url: string) => {
      asked.push(url);
      const u = new URL(url);
      const page = pageObjects(collectionItems(peerObjects), parseObjectsQuery((k) => u.searchParams.get(k) ?? undefined));
      const headers: Record<string, string> = { "content-type": TAXII };
      if (page.last !== null) headers["x-taxii-date-added-last"] = new Date(page.last).toISOString();
      return new Response(JSON.stringify(page.envelope), { headers });
    };
    await call("PUT", "/intel/peers", { body: [{ name: "far-lab", apiRoot: "https://far.example/taxii2/api/", collectionId: "c1", token: "t0k", pageLimit: 2, trust: 80 }] });
    const first = await pullPeers(env, Date.now(), fetcher);
    expect(first).toEqual([expect.objectContaining({ peer: "far-lab", pages: 4, imported: 5, error: null })]);
    expect((await blocklist("ip")).find((e) => e.value === "203.0.113.205")).toMatchObject({ source: "peer:far-lab", confidence: 72 });
    const again = await pullPeers(env, Date.now(), fetcher);
    expect(again[0]).toMatchObject({ imported: 0, error: null });
    expect(new URL(asked.at(-1)!).searchParams.get("added_after")).toBe(new Date(t + 5 - 10 * 60_000).toISOString());
    const peers = (await (await call("GET", "/intel/peers")).json()) as { peers: { token: string; state: { imported: number } }[] };
    expect(peers.peers[0]).toMatchObject({ token: "(set)", state: { imported: 5 } });
  });
});
