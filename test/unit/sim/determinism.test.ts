import { describe, expect, it } from "vitest";
import { ASNS } from "../../../src/sim/network.js";
import { FILES } from "../../../src/sim/output.js";
import { simulate, TRAIN_MARK } from "./fixture.js";

describe("simulator determinism", () => {
  const a = simulate({ seed: 11, scale: 0.03 });
  const b = simulate({ seed: 11, scale: 0.03 });

  it.each(Object.values(FILES))("writes %s byte for byte the same for the same seed", (file) => {
    expect(a.files[file]).toBeDefined();
    expect(b.files[file]).toBe(a.files[file]);
  });

  it("writes different traffic and accounts for another seed", () => {
    const c = simulate({ seed: 12, scale: 0.03 });
    expect(c.files[FILES.traffic]).not.toBe(a.files[FILES.traffic]);
    expect(c.accounts[0]?.account).not.toBe(a.accounts[0]?.account);
  });

  it("records the seed, scale and per-scenario counts in the manifest", () => {
    expect(a.manifest).toMatchObject({ seed: 11, scale: 0.03, days: 3, start: "2026-01-05T00:00:00.000Z" });
    expect(a.manifest.scenarios.reduce((n, s) => n + s.requests, 0)).toBe(a.traffic.length);
  });

  it("falls back to generated text alone when there is no corpus", () => {
    const d = simulate({ seed: 11, scale: 0.03 }, []);
    expect(d.traffic.length).toBeGreaterThan(1000);
    expect(d.files[FILES.traffic]).not.toContain(TRAIN_MARK);
    expect(d.manifest.corpusRecords).toBe(0);
  });

  it("shifts the whole timeline with the start date", () => {
    const start = Date.UTC(2025, 5, 2);
    const e = simulate({ seed: 11, scale: 0.03, start, days: 1 });
    expect(e.traffic[0]?.ts).toBeGreaterThanOrEqual(start);
    expect(e.traffic[e.traffic.length - 1]?.ts).toBeLessThan(start + 86_400_000);
    expect(e.releaseAt).toBeGreaterThan(start);
    expect(e.importAt).toBeGreaterThan(e.releaseAt);
  });

  it("--egress dedicated keeps each campaign account on one exit of its campaign's proxy pool", () => {
    const d = simulate({ seed: 11, scale: 0.03, egress: "dedicated" });
    const byKey = new Map(d.accounts.flatMap((x) => x.apiKeys.map((k) => [k, x.account] as const)));
    const kindOf = new Map(ASNS.map((x) => [x.asn, x.kind]));
    const ips = new Map<string, Set<string>>();
    for (const l of d.traffic) {
      const label = l.label ?? "";
      // The critique loop rents servers and the known campaign keeps the peer bundle's networks.
      if (!label.startsWith("attack:") || label === "attack:known-campaign" || label === "attack:critique-loop") continue;
      expect(kindOf.get(l.asn!)).toBe("proxy");
      const acct = byKey.get(l.apiKey)!;
      (ips.get(acct) ?? ips.set(acct, new Set()).get(acct)!).add(l.ip);
    }
    expect(ips.size).toBeGreaterThan(20);
    for (const s of ips.values()) expect(s.size).toBe(1);
    expect(d.manifest.egress).toBe("dedicated");
  });

  it("--egress sticky keeps the pool's exits for sessions: the same requests, fewer addresses", () => {
    const d = simulate({ seed: 11, scale: 0.03, egress: "sticky" });
    const kindOf = new Map(ASNS.map((x) => [x.asn, x.kind]));
    const pooled = (label: string) => label.startsWith("attack:") && label !== "attack:known-campaign" && label !== "attack:critique-loop";
    expect(d.traffic.length).toBe(a.traffic.length);
    const stats = (o: typeof a) => {
      const last = new Map<string, string>();
      let same = 0, pairs = 0;
      for (const l of o.traffic) {
        if (!pooled(l.label ?? "")) continue;
        const prev = last.get(l.apiKey);
        if (prev !== undefined) { pairs++; if (prev === l.ip) same++; }
        last.set(l.apiKey, l.ip);
      }
      return same / pairs;
    };
    for (let i = 0; i < d.traffic.length; i++) {
      const x = a.traffic[i]!, y = d.traffic[i]!;
      expect({ ...y, ip: "", asn: 0, country: "" }).toEqual({ ...x, ip: "", asn: 0, country: "" });
      if (pooled(y.label ?? "")) expect(kindOf.get(y.asn!)).toBe("proxy");
    }
    // Rotating: a new exit almost every request; sticky: the same exit about nine times in ten.
    expect(stats(a)).toBeLessThan(0.1);
    expect(stats(d)).toBeGreaterThan(0.8);
    expect(d.manifest.egress).toBe("sticky");
  });

  describe("--egress static", () => {
    const s = simulate({ seed: 11, scale: 0.03, egress: "static" });
    const accountOf = new Map(s.accounts.flatMap((x) => x.apiKeys.map((k) => [k, x.account] as const)));
    const kindOf = new Map(ASNS.map((x) => [x.asn, x.kind]));
    // The known campaign is defined by the peer bundle's indicators, so it keeps its network.
    const moved = (label: string) => label.startsWith("attack:") && label !== "attack:known-campaign";

    it("leaves the legitimate traffic as it was and records the egress", () => {
      const legit = (o: typeof a) => o.traffic.filter((l) => l.label?.startsWith("legit:"));
      expect(legit(s)).toEqual(legit(a));
      expect(s.manifest.egress).toBe("static");
      expect(a.manifest.egress).toBe("rotating");
    });

    it("puts each campaign account on one or two residential addresses shared with no other account", () => {
      const ipsOf = new Map<string, Set<string>>();
      const owners = new Map<string, Set<string>>();
      for (const l of s.traffic) {
        if (!moved(l.label ?? "")) continue;
        const acct = accountOf.get(l.apiKey)!;
        expect(kindOf.get(l.asn!)).toBe("residential");
        (ipsOf.get(acct) ?? ipsOf.set(acct, new Set()).get(acct)!).add(l.ip);
        (owners.get(l.ip) ?? owners.set(l.ip, new Set()).get(l.ip)!).add(acct);
      }
      expect(ipsOf.size).toBeGreaterThan(20);
      for (const ips of ipsOf.values()) expect(ips.size).toBeLessThanOrEqual(2);
      for (const accts of owners.values()) expect(accts.size).toBe(1);
      // The default run rotates: most campaign accounts there use many addresses.
      const rotating = new Map<string, Set<string>>();
      for (const l of a.traffic) if (moved(l.label ?? "")) (rotating.get(l.apiKey) ?? rotating.set(l.apiKey, new Set()).get(l.apiKey)!).add(l.ip);
      expect([...rotating.values()].filter((x) => x.size > 2).length).toBeGreaterThan(rotating.size / 2);
    });
  });

  describe("--legit-egress churn", () => {
    const c = simulate({ seed: 11, scale: 0.03, legitEgress: "churn" });
    const where = (l: { ip: string; asn?: number | null; country?: string | null }) => `${l.ip}|${l.asn}|${l.country}`;
    const without = ({ ip: _ip, asn: _asn, country: _country, ...rest }: (typeof a.traffic)[number]) => rest;

    it("moves only where legitimate requests leave from, and records it", () => {
      expect(c.traffic.length).toBe(a.traffic.length);
      let moved = 0;
      for (let i = 0; i < a.traffic.length; i++) {
        const x = a.traffic[i]!, y = c.traffic[i]!;
        expect(without(y)).toEqual(without(x));
        if (!x.label!.startsWith("legit:")) expect(where(y)).toBe(where(x));
        else if (where(y) !== where(x)) moved++;
      }
      expect(moved).toBeGreaterThan(a.traffic.length / 20);
      expect(c.files[FILES.accounts]).toBe(a.files[FILES.accounts]);
      expect(c.manifest.legitEgress).toBe("churn");
      expect(a.manifest.legitEgress).toBe("fixed");
    });

    it("gives some services many addresses of one provider, and some people a phone or a VPN beside home", () => {
      const accountOf = new Map(c.accounts.flatMap((x) => x.apiKeys.map((k) => [k, x.account] as const)));
      const seen = new Map<string, { label: string; ips: Set<string>; asns: Set<number> }>();
      for (const l of c.traffic) {
        if (!l.label!.startsWith("legit:")) continue;
        const acct = accountOf.get(l.apiKey)!;
        const s = seen.get(acct) ?? seen.set(acct, { label: l.label!, ips: new Set(), asns: new Set() }).get(acct)!;
        s.ips.add(l.ip);
        s.asns.add(l.asn!);
      }
      const services = [...seen.values()].filter((s) => ["legit:eval-suite", "legit:judge", "legit:rag-bot"].includes(s.label));
      expect(services.some((s) => s.ips.size > 20 && s.asns.size === 1)).toBe(true);
      const people = [...seen.values()].filter((s) => s.label === "legit:chat");
      expect(people.filter((s) => s.asns.size >= 2).length).toBeGreaterThan(people.length / 5);
    });
  });

  it("--release-users new makes the release-day users new signups, and leaves everyone else as they were", () => {
    const n = simulate({ seed: 11, scale: 0.03, releaseUsers: "new" });
    const owner = new Map(n.accounts.flatMap((x) => x.apiKeys.map((k) => [k, x.account] as const)));
    const release = new Set(n.traffic.filter((l) => l.label === "legit:release-day").map((l) => owner.get(l.apiKey)!));
    expect(release.size).toBeGreaterThan(1);
    const byId = new Map(n.accounts.map((x) => [x.account, x]));
    for (const id of release) {
      const acct = byId.get(id)!;
      expect(acct.createdAt).toBeGreaterThan(n.releaseAt - 3 * 3_600_000 - 1);
      expect(acct.createdAt).toBeLessThanOrEqual(n.releaseAt);
    }
    const others = (o: typeof a) => o.traffic.filter((l) => l.label !== "legit:release-day");
    expect(others(n)).toEqual(others(a));
    expect(n.accounts.filter((x) => !release.has(x.account))).toEqual(a.accounts.filter((x) => !release.has(x.account)));
    expect(n.manifest.releaseUsers).toBe("new");
    expect(a.manifest.releaseUsers).toBe("existing");
  });

  it("--campaign-accounts many spreads each single-account-style campaign over five times the accounts", () => {
    // At a scale where the campaigns' minimum account counts do not decide.
    const f = simulate({ seed: 11, scale: 0.2, days: 1 });
    const m = simulate({ seed: 11, scale: 0.2, days: 1, campaignAccounts: "many" });
    const SPREAD = ["attack:surgical-cot", "attack:broad-agentic", "attack:massive-coding", "attack:critique-loop"];
    const per = (o: typeof a, label: string) => {
      const keys = new Map<string, number>();
      for (const l of o.traffic) if (l.label === label) keys.set(l.apiKey, (keys.get(l.apiKey) ?? 0) + 1);
      const accounts = new Set(o.accounts.filter((x) => x.apiKeys.some((k) => keys.has(k))).map((x) => x.account));
      return { accounts: accounts.size, requests: [...keys.values()].reduce((x, y) => x + y, 0) };
    };
    for (const label of SPREAD) {
      const few = per(f, label), many = per(m, label);
      expect(many.accounts, label).toBeGreaterThanOrEqual(4 * few.accounts);
      // Campaigns paced by rate send a fifth per account; those working in shifts keep one shift each at least.
      if (label === "attack:massive-coding" || label === "attack:broad-agentic") {
        expect(many.requests / many.accounts, label).toBeLessThan(few.requests / few.accounts / 3);
      }
    }
    // Everyone else sends exactly what they sent.
    const rest = (o: typeof a) => o.traffic.filter((l) => !SPREAD.includes(l.label!));
    expect(rest(m)).toEqual(rest(f));
    expect(m.manifest.campaignAccounts).toBe("many");
    expect(a.manifest.campaignAccounts).toBe("few");
  });

  it("--public-harness shared adds developers who run the massive-coding campaign's harness, and changes nothing else", () => {
    const base = simulate({ seed: 11, scale: 0.2, days: 1 });
    const s = simulate({ seed: 11, scale: 0.2, days: 1, publicHarness: "shared" });
    const users = s.traffic.filter((l) => l.label === "legit:harness-user");
    const coding = s.traffic.find((l) => l.label === "attack:massive-coding");
    expect(users.length).toBeGreaterThan(20);
    const system = (l: (typeof users)[number]) => JSON.stringify((l.body as { system?: unknown; messages?: { role: string; content: unknown }[] }).system ?? (l.body as { messages: { role: string; content: unknown }[] }).messages.find((m) => m.role === "system")?.content);
    // The campaign's system prompt, word for word, with the reasoning asked for on every request.
    expect(system(users[0]!)).toContain("expert software engineering agent operating in a sandboxed repository");
    expect(system(coding!)).toContain("expert software engineering agent operating in a sandboxed repository");
    expect(users.every((l) => { const b = l.body as { thinking?: unknown; reasoning_effort?: unknown }; return b.thinking !== undefined || b.reasoning_effort === "high"; })).toBe(true);
    // Everyone else sends exactly what they sent, and the default has no such scenario.
    expect(s.traffic.filter((l) => l.label !== "legit:harness-user")).toEqual(base.traffic);
    expect(base.traffic.some((l) => l.label === "legit:harness-user")).toBe(false);
    expect(base.manifest.scenarios.map((x) => x.label)).not.toContain("legit:harness-user");
    expect(s.manifest.publicHarness).toBe("shared");
    expect(base.manifest.publicHarness).toBe("none");
  });

  it("--server-state conversations keeps Responses conversations at the provider: the surgical campaign's instruction goes in once a shift", () => {
    const base = simulate({ seed: 11, scale: 0.2, days: 1 });
    const s = simulate({ seed: 11, scale: 0.2, days: 1, serverState: "conversations" });
    type Body = { conversation?: string; input?: unknown; items?: { role: string; content: string }[] };
    const surgical = s.traffic.filter((l) => l.label === "attack:surgical-cot");
    const writes = surgical.filter((l) => l.path.startsWith("/v1/conversations/"));
    const asks = surgical.filter((l) => l.path === "/v1/responses");
    expect(writes.length).toBeGreaterThan(3);
    expect(asks.length + writes.length).toBe(surgical.length);
    for (const w of writes) {
      expect(w.path).toMatch(/^\/v1\/conversations\/conv_[0-9a-f]{32}\/items$/);
      expect(w.usage).toBeUndefined();
      expect((w.body as Body).items!.at(-1)!.role).toBe("user");
    }
    // Every problem names a conversation one of the account's writes placed the instruction in, and is sent bare.
    const placed = new Set(writes.map((w) => `${w.apiKey} ${w.path.split("/")[3]}`));
    for (const a of asks) {
      const b = a.body as Body;
      expect(placed.has(`${a.apiKey} ${b.conversation}`)).toBe(true);
      expect(typeof b.input).toBe("string");
    }
    // People on the Responses endpoint open a conversation per session and send one turn a request.
    const people = s.traffic.filter((l) => l.label === "legit:chat" || l.label === "legit:student");
    const opened = people.filter((l) => l.path === "/v1/conversations");
    const named = people.filter((l) => l.path === "/v1/responses" && (l.body as Body).conversation !== undefined);
    expect(opened.length).toBeGreaterThan(5);
    expect(named.length).toBeGreaterThanOrEqual(opened.length);
    for (const l of named) expect(Array.isArray((l.body as Body).input) ? ((l.body as Body).input as unknown[]).length : 1).toBe(1);
    // The default keeps none of it.
    expect(base.traffic.some((l) => l.path.startsWith("/v1/conversations") || (l.body as Body).conversation !== undefined)).toBe(false);
    expect(s.manifest.serverState).toBe("conversations");
    expect(base.manifest.serverState).toBe("none");
  });
});
