import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../src/policy/schema";
import type { RequestObservation } from "../../src/account/types";
import { chat, messages, newAccount } from "./helpers";

describe("exact rate limits", () => {
  it("throttles the 21st request of a free account in a minute with 429 and retry-after", async () => {
    const { key } = await newAccount("free");
    const statuses: number[] = [];
    let last: Response | null = null;
    for (let i = 0; i < 22; i++) {
      last = await chat(key, { model: "m", max_tokens: 50, messages: [{ role: "user", content: `q${i}` }] });
      statuses.push(last.status);
      if (last.status !== 429) await last.arrayBuffer();
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.slice(20)).toEqual([429, 429]);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(last!.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    const body = (await last!.json()) as { error: { type: string; code: string } };
    expect(body.error.type).toBe("rate_limit_error");
  });

  it("uses Anthropic rate-limit headers on a 429 from /v1/messages", async () => {
    const { key } = await newAccount("free");
    let res: Response | null = null;
    for (let i = 0; i < 21; i++) {
      res = await messages(key, { model: "c", max_tokens: 50, messages: [{ role: "user", content: `q${i}` }] });
      if (res.status !== 429) await res.arrayBuffer();
    }
    expect(res!.status).toBe(429);
    expect(res!.headers.get("anthropic-ratelimit-requests-remaining")).toBe("0");
    expect(res!.headers.get("retry-after")).not.toBeNull();
    expect(((await res!.json()) as { error: { type: string } }).error.type).toBe("rate_limit_error");
  });

  it("refuses a request whose tokens alone exceed the tier's tokens per minute", async () => {
    const { key } = await newAccount("free");
    const res = await chat(key, { model: "m", messages: [{ role: "user", content: "word ".repeat(50_000) }] });
    expect(res.status).toBe(429);
  });

  it("counts 1,000 concurrent admissions on one account exactly: none lost, none double counted", async () => {
    const id = `conc-${crypto.randomUUID()}`;
    const stub = env.ACCOUNT.getByName(id);
    const policy = { ...DEFAULT_POLICY, tiers: { ...DEFAULT_POLICY.tiers, paid: { rpm: 600, tpm: 10_000_000, failMode: "open" as const } } };
    const obs = (i: number): RequestObservation => ({
      id: `r${i}`, endpoint: "chat", model: "m", inputTokens: 10, outputReserve: 10, signals: null,
      account: { id, org: null, tier: "paid", verified: true, createdAt: 0, baseline: null, mode: null },
      client: { ip: "192.0.2.1", asn: null, country: null, ja4: null, userAgent: null },
    });
    const decisions = await Promise.all(Array.from({ length: 1000 }, (_, i) => stub.admit(obs(i), policy)));
    const allowed = decisions.filter((d) => d.action === "allow").length;
    expect(allowed).toBe(600);
    expect(decisions.filter((d) => d.action === "throttle").length).toBe(400);
    const view = (await stub.view(null, policy)) as unknown as import("../../src/account/account-do").AccountView;
    expect(view.state.totals.requests).toBe(1000);
    expect(view.state.totals.allow).toBe(600);
    expect(view.usage.requests).toBe(600);
    expect(view.usage.tokens).toBe(600 * 20);
  });

  it("holds an account with a documented baseline to the baseline where it is higher", async () => {
    const { key } = await newAccount("free", { baseline: { rpm: 30, tpm: 200_000, domains: ["reasoning"], note: "eval suite" } });
    let ok = 0;
    for (let i = 0; i < 31; i++) {
      const r = await chat(key, { model: "m", max_tokens: 20, messages: [{ role: "user", content: `b${i}` }] });
      if (r.status === 200) ok++;
      await r.arrayBuffer();
    }
    expect(ok).toBe(30);
  });

  it("sends the standard headers on every served response", async () => {
    const { key } = await newAccount("research");
    const r = await SELF.fetch("https://guard.test/v1/models", { headers: { authorization: `Bearer ${key}` } });
    expect(r.headers.get("x-ratelimit-limit-requests")).toBe("60");
  });
});
