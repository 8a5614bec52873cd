/**
 * Seeded fuzzing of the admin API through the real Worker: valid writes of
 * every kind (accounts, overrides, baselines, blocklist entries, releases,
 * peers, STIX bundles, campaign actions, the policy), each body mutated one
 * to three ways (fuzz-helpers.ts), and reads with awkward ids and query
 * strings. Whatever an operator's tool sends, the answer is below 500 and
 * JSON, each refusal `{"error":{"message","type"}}`.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { toStixBundle } from "../../src/intel/stix";
import { rng } from "../unit/seeded";
import { AWKWARD, mutateJson, pick, type Json } from "./fuzz-helpers";
import { ADMIN } from "./helpers";

const DAY = 86_400_000;
const CASES_PER_ROUTE = 60;

async function call(method: string, path: string, body?: string, contentType = "application/json"): Promise<{ status: number; text: string }> {
  const res = await SELF.fetch(`https://guard.test/_guard${path}`, {
    method, headers: { authorization: `Bearer ${ADMIN}`, "content-type": contentType }, body,
  });
  return { status: res.status, text: await res.text() };
}

function expectAnswer(r: { status: number; text: string }, label: string): void {
  expect(r.status, `${label}\n${r.text.slice(0, 300)}`).toBeLessThan(500);
  let parsed: unknown;
  expect(() => { parsed = JSON.parse(r.text); }, `${label}: not JSON: ${r.text.slice(0, 200)}`).not.toThrow();
  if (r.status >= 400) {
    const e = (parsed as { error?: { message?: unknown; type?: unknown } }).error;
    expect(typeof e?.message, `${label}: ${r.text.slice(0, 200)}`).toBe("string");
    expect(typeof e?.type, `${label}: ${r.text.slice(0, 200)}`).toBe("string");
  }
}

const now = Date.now();
const bundle = toStixBundle({
  entries: [
    { kind: "ip", value: "203.0.113.200", reason: "exit", source: "admin:token:x", confidence: 90, createdAt: now - 60_000, expiresAt: now + 30 * DAY },
    { kind: "templateFp", value: "0123456789abcdef", reason: "template", source: "admin:token:x", confidence: 80, createdAt: now - 60_000, expiresAt: null },
  ],
  campaigns: [],
}, { name: "Fuzz Peer" }, now) as unknown as Json;

/** Each route: how to build its path from a case number, and the valid body mutated. */
const WRITES: { name: string; method: string; path: (i: number) => string; body: Json }[] = [
  {
    name: "PUT /accounts/:id", method: "PUT", path: (i) => `/accounts/fuzz-acct-${i}`,
    body: { tier: "paid", verified: true, createdAt: now - 90 * DAY, org: "org-fuzz", mode: "shadow", apiKeys: ["sk-fuzz-key-0001"], baseline: { rpm: 100, tpm: 50_000, domains: ["code"], note: "eval", until: null } },
  },
  { name: "PUT /accounts/:id/override", method: "PUT", path: () => "/accounts/fuzz-base/override", body: { action: "degrade", until: now + DAY, note: "watching" } },
  { name: "PUT /accounts/:id/baseline", method: "PUT", path: () => "/accounts/fuzz-base/baseline", body: { rpm: 600, tpm: 1_000_000, domains: ["math", "code"], note: "suite", until: now + 30 * DAY } },
  { name: "PUT /blocklist", method: "PUT", path: () => "/blocklist", body: { kind: "cidr", value: "198.51.100.0/24", reason: "proxy range", confidence: 90, ttlSeconds: 3600 } },
  { name: "POST /releases", method: "POST", path: () => "/releases", body: { model: "frontier-fuzz", at: now } },
  { name: "PUT /intel/peers", method: "PUT", path: () => "/intel/peers", body: [{ name: "Fuzz Peer", apiRoot: "https://intel.example/taxii2/api/", collectionId: "guard", trust: 80, enabled: false }] },
  { name: "POST /intel/stix?dryRun=1", method: "POST", path: () => "/intel/stix?dryRun=1", body: bundle },
  { name: "POST /campaigns/:id/:action", method: "POST", path: () => "/campaigns/tpl-0123456789abcdef/dismiss", body: { note: "legitimate template" } },
];

describe("fuzzed admin API calls through the real Worker", () => {
  for (const route of WRITES) {
    it(`${route.name}: never a 5xx, every refusal a JSON error`, { timeout: 180_000 }, async () => {
      const base = await call("PUT", "/accounts/fuzz-base", JSON.stringify({ tier: "paid", apiKeys: ["sk-fuzz-base-0001"] }));
      expect(base.status).toBeLessThan(300);
      const r = rng([...route.name].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 11));
      for (let i = 0; i < CASES_PER_ROUTE; i++) {
        const { text, what } = mutateJson(r, route.body, (w) => { w.push("as text/plain"); });
        const plain = what.includes("as text/plain");
        expectAnswer(await call(route.method, route.path(i), text, plain ? "text/plain" : "application/json"), `${route.name} case ${i}: ${what.join("; ")}`);
      }
    });
  }

  it("reads with awkward ids and query strings: never a 5xx, every refusal a JSON error", { timeout: 180_000 }, async () => {
    const r = rng(29);
    const awkward = (): string => {
      const v = pick(r, [...AWKWARD.filter((x) => typeof x === "string" || typeof x === "number"), "..", "../policy", "%", "%zz", "a/b", "tpl-", "sys-0", "x".repeat(2_000)]);
      return encodeURIComponent(String(v).replace(/[\ud800-\udfff]/g, "\ufffd"));
    };
    const reads = [
      () => `/accounts/${awkward()}`,
      () => `/accounts/fuzz-base?limit=${awkward()}`,
      () => `/blocklist?kind=${pick(r, ["ip", "cidr", "ja4", awkward()])}&limit=${awkward()}&cursor=${awkward()}`,
      () => `/audit?limit=${awkward()}&cursor=${awkward()}`,
      () => `/campaigns?status=${awkward()}&limit=${awkward()}`,
      () => `/campaigns/${awkward()}`,
      () => `/intel/stix?since=${awkward()}`,
      () => `/releases`,
    ];
    for (let i = 0; i < 120; i++) {
      const path = pick(r, reads)();
      expectAnswer(await call("GET", path), `GET ${path.slice(0, 200)}`);
    }
    for (let i = 0; i < 30; i++) {
      const path = pick(r, [() => `/blocklist?kind=${pick(r, ["ip", "ja4", awkward()])}&value=${awkward()}`, () => `/releases/${awkward()}`, () => `/accounts/${awkward()}/override`])();
      expectAnswer(await call("DELETE", path), `DELETE ${path.slice(0, 200)}`);
    }
  });

  it("PUT /policy: never a 5xx, every refusal a JSON error, and the defaults back afterwards", { timeout: 180_000 }, async () => {
    const r = rng(31);
    const policy: Json = { mode: "enforce", tiers: { free: { rpm: 30, tpm: 60_000 } }, timeouts: { accountMs: 2_000 }, campaign: { enabled: true, restrictedTemplateExtraction: 0.05 } };
    try {
      for (let i = 0; i < CASES_PER_ROUTE; i++) {
        const { text, what } = mutateJson(r, policy);
        expectAnswer(await call("PUT", "/policy", text), `PUT /policy case ${i}: ${what.join("; ")}`);
      }
    } finally {
      expect((await call("PUT", "/policy", "{}")).status).toBe(200);
    }
  });
});
