import { describe, expect, it } from "vitest";
import { addressNetwork, distinctEstimate, emptyFeatures, FeatureState, fnv1a, IP_TAGS, pairKey, requestTraits, subscriber, updateFeatures } from "../../../src/account/features";
import { networkView, rotation } from "../../../src/account/risk";
import { fmix } from "../../../src/lib/hash32";
import { DEFAULT_MACHINE_POLICY as M } from "../../../src/policy/machine";
import { account, DAY, extraction, HOUR, obs, proxyClient, signals, T0 } from "./helpers";

describe("behaviour features", () => {
  it("stay under 8 KiB serialised after 200,000 requests with a new address, model and template each", () => {
    let f = emptyFeatures();
    for (let i = 0; i < 200_000; i++) {
      const o = obs({ model: `model-${i}`, client: proxyClient(i), signals: signals({ templateFp: (i * 2654435761 >>> 0).toString(16).padStart(16, "0") }) });
      o.client.ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      o.client.ja4 = `ja4-${i}`;
      f = updateFeatures(f, o, M, T0 + i * 1000);
    }
    const bytes = new TextEncoder().encode(JSON.stringify(f)).length;
    expect(bytes).toBeLessThan(8 * 1024);
    expect(f.templates.length).toBeLessThanOrEqual(12);
    expect(f.asns.length).toBeLessThanOrEqual(8);
    expect(f.ja4s.length).toBeLessThanOrEqual(4);
    expect(FeatureState.safeParse(JSON.parse(JSON.stringify(f))).success).toBe(true);
  });

  it("forgets with the configured half-life: counts halve, shares stay", () => {
    let f = emptyFeatures();
    for (let i = 0; i < 40; i++) f = updateFeatures(f, obs({ signals: i % 2 ? extraction() : signals() }), M, T0 + i * 1000);
    const before = { n: f.n, share: f.intent / f.n };
    f = updateFeatures(f, obs({ signals: signals() }), M, T0 + 39_000 + M.halfLifeMs);
    expect(f.n).toBeCloseTo(before.n / 2 + 1, 6);
    expect(f.intent / (f.n - 1)).toBeCloseTo(before.share, 6);
  });

  it.each([10, 100, 300])("estimates %i distinct client addresses within 10%%", (k) => {
    let f = emptyFeatures();
    for (let i = 0; i < k * 3; i++) f = updateFeatures(f, obs({ client: { ...proxyClient(0), ip: `198.51.${Math.floor((i % k) / 250)}.${i % k % 250}` } }), M, T0 + i);
    const est = distinctEstimate(f.ipCur.map((w, i) => w | f.ipPrev[i]!));
    expect(Math.abs(est - k) / k).toBeLessThan(0.1);
    // The union read word by word (risk.ts networkView) is the union built.
    expect(distinctEstimate(f.ipCur, f.ipPrev)).toBe(est);
  });

  it("counts IPv6 addresses by their /64: privacy addresses of one household are one subscriber", () => {
    let f = emptyFeatures();
    for (let i = 0; i < 200; i++) f = updateFeatures(f, obs({ client: { ...proxyClient(0), ip: `2001:db8:1:2:${((i * 7919) & 0xffff).toString(16)}:${i.toString(16)}::1` } }), M, T0 + i);
    expect(distinctEstimate(f.ipCur, f.ipPrev)).toBeLessThan(2);
    for (let i = 0; i < 50; i++) f = updateFeatures(f, obs({ client: { ...proxyClient(0), ip: `2001:db8:${i.toString(16)}::5` } }), M, T0 + 1000 + i);
    expect(distinctEstimate(f.ipCur, f.ipPrev)).toBeGreaterThan(45);
    expect(subscriber("2001:DB8:0:0:1::9")).toBe(subscriber("2001:db8::ffff:2:3:4"));
    expect(subscriber("::ffff:198.51.100.7")).toBe("198.51.100.7");
    expect(subscriber("198.51.100.7")).toBe("198.51.100.7");
    expect(subscriber("not-an-ip")).toBe("not-an-ip");
  });

  it("tells a person's home network with a roaming phone from a pool's exits in one country", () => {
    // Two of three requests from the home line; the rest from a phone, a new CGNAT address on one of four carriers each time.
    const carriers = [21928, 20057, 6167, 22773];
    let person = emptyFeatures();
    for (let i = 0; i < 90; i++) {
      const client = i % 3 ? { ip: "24.28.143.228", asn: 7922, country: "US", ja4: "t13d", userAgent: "ua" }
        : { ip: `172.58.${i}.${(i * 7) % 250 + 1}`, asn: carriers[i % 4]!, country: "US", ja4: "t13d", userAgent: "ua" };
      person = updateFeatures(person, obs({ client }), M, T0 + i * 10 * 60_000);
    }
    const home = networkView(person, T0 + 90 * 10 * 60_000);
    expect(home.asns).toBe(5);
    expect(home.home).toBeGreaterThan(0.6);
    expect(rotation(home)).toBeLessThanOrEqual(0.3);
    // A residential pool in one country: a new address on one of eight ISPs each time, none of them half the traffic.
    let pool = emptyFeatures();
    for (let i = 0; i < 90; i++) {
      pool = updateFeatures(pool, obs({ client: { ip: `73.${i}.${(i * 11) % 250}.${(i * 7) % 250 + 1}`, asn: 7000 + (i % 8), country: "US", ja4: "t13d", userAgent: "ua" } }), M, T0 + i * 10 * 60_000);
    }
    const exits = networkView(pool, T0 + 90 * 10 * 60_000);
    expect(exits.home).toBeLessThan(0.5);
    expect(rotation(exits)).toBeGreaterThan(0.9);
    expect(pool.netCounts.length).toBeLessThanOrEqual(4);
  });

  it("tells a commuter's home, two-provider office and roaming phone from a pool's exits, by how often their addresses come back", () => {
    // Evenings at home, working hours at an office whose egress alternates between two providers (one abroad), a
    // phone on one of three carriers (a new CGNAT address each time) for a fifth of the requests: six networks.
    const carriers = [21928, 20057, 6167];
    const office = [{ ip: "4.198.62.173", asn: 3356, country: "US" }, { ip: "212.23.82.182", asn: 8220, country: "FR" }];
    let person = emptyFeatures();
    let t = T0;
    for (let i = 0; i < 120; i++) {
      t += 7 * 60_000;
      const atWork = (Math.floor(i / 10) % 2) === 1;
      const net = i % 5 === 0 ? { ip: `172.58.${i}.${(i * 7) % 250 + 1}`, asn: carriers[i % 3]!, country: "US" }
        : atWork ? office[i % 2]! : { ip: "71.18.184.66", asn: 7922, country: "US" };
      person = updateFeatures(person, obs({ client: { ...net, ja4: "t13d", userAgent: "ua" } }), M, t);
    }
    const own = networkView(person, t);
    expect(own.asns).toBe(6);
    expect(own.home).toBeLessThan(0.5);
    expect(own.fixed).toBeGreaterThan(0.7);
    expect(rotation(own)).toBeLessThanOrEqual(0.5);
    expect(person.addrCounts.length).toBeLessThanOrEqual(8);
    // Addresses by their 16-bit tags, as the day lists keep them: no address is kept.
    expect(person.addrCounts.every(([k]) => Number.isInteger(k) && k >= 0 && k <= 0xffff)).toBe(true);
    expect(JSON.stringify(person)).not.toContain("71.18.184.66");
    // A stored state whose table is keyed otherwise (a 32-bit hash) or missing keeps everything else; the table starts empty.
    const stored = FeatureState.parse({ ...JSON.parse(JSON.stringify(person)), addrCounts: [[-1_401_223_112, 3, 2]] });
    expect(stored.addrCounts).toEqual([]);
    expect(stored.netCounts).toEqual(person.netCounts);
    const { addrCounts: _gone, ...older } = JSON.parse(JSON.stringify(person)) as Record<string, unknown>;
    expect(FeatureState.parse(older).addrCounts).toEqual([]);
    // A pool over the same six networks, a fresh exit per request: the table's counts grow with each eviction,
    // their repeats do not.
    let pool = emptyFeatures();
    t = T0;
    for (let i = 0; i < 120; i++) {
      t += 7 * 60_000;
      const asn = [7922, 3356, 8220, ...carriers][i % 6]!;
      pool = updateFeatures(pool, obs({ client: { ip: `73.${i}.${(i * 11) % 250}.${(i * 7) % 250 + 1}`, asn, country: "US", ja4: "t13d", userAgent: "ua" } }), M, t);
    }
    const exits = networkView(pool, t);
    expect(exits.fixed).toBeLessThan(0.15);
    expect(rotation(exits)).toBeGreaterThan(0.9);
    // A sticky session (one exit for an hour at a time) is many addresses, each repeated for its session only: still a pool.
    let sticky = emptyFeatures();
    t = T0;
    for (let i = 0; i < 240; i++) {
      t += 3 * 60_000;
      const s = Math.floor(i / 20);
      sticky = updateFeatures(sticky, obs({ client: { ip: `98.${s}.${(s * 13) % 250}.9`, asn: 7000 + s, country: "US", ja4: "t13d", userAgent: "ua" } }), M, t);
    }
    const sessions = networkView(sticky, t);
    expect(sessions.fixed).toBeLessThan(0.5);
    expect(rotation(sessions)).toBeGreaterThan(0.5);
    // A young account's first few requests through fresh exits: no exit came back.
    let young = emptyFeatures();
    for (let i = 0; i < 6; i++) {
      young = updateFeatures(young, obs({ client: { ip: `81.${i}.7.${i + 1}`, asn: 3320 + i, country: "DE", ja4: "t13d", userAgent: "ua" } }), M, T0 + i * 60_000);
    }
    expect(networkView(young, T0 + 6 * 60_000).ips).toBeGreaterThan(3);
    expect(networkView(young, T0 + 6 * 60_000).fixed).toBe(0);
  });

  it("counts a request that names no ASN by its address's prefix: a proxy pool's exits are many networks, one carrier's CGNAT one", () => {
    const run = (ips: string[]) => {
      let f = emptyFeatures();
      ips.forEach((ip, i) => (f = updateFeatures(f, obs({ client: { ...proxyClient(0), ip, asn: null, country: null } }), M, T0 + i * 1000)));
      return networkView(f, T0 + ips.length * 1000);
    };
    // Exits spread over the address space, as a rotating pool's (or a producer drawing addresses at random).
    const pool = run(Array.from({ length: 20 }, (_, i) => `${20 + i * 9}.${(i * 37) % 256}.${i * 11}.${(i * 53) % 250 + 1}`));
    expect(pool.asns).toBeGreaterThanOrEqual(5);
    expect(rotation(pool)).toBeGreaterThan(0.9);
    // A phone on one carrier: a new address every few requests, all in one /12 (172.48.0.0/12).
    const phone = run(Array.from({ length: 20 }, (_, i) => `172.${56 + (i % 8)}.${(i * 29) % 256}.${(i * 7) % 250 + 1}`));
    expect(phone.asns).toBe(1);
    expect(rotation(phone)).toBeLessThan(0.15);
    expect(addressNetwork("172.48.0.1")).toBe(addressNetwork("172.63.255.255"));
    expect(addressNetwork("172.64.0.1")).not.toBe(addressNetwork("172.63.255.255"));
    expect(addressNetwork("::ffff:172.56.1.2")).toBe(addressNetwork("172.56.1.2"));
    expect(addressNetwork("2001:db8:1::1")).toBe(addressNetwork("2001:db8:ffff:1::9"));
    expect(addressNetwork("2001:db9::1")).not.toBe(addressNetwork("2001:db8::1"));
    for (const ip of ["0.0.0.0", "255.255.255.255", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"]) {
      const n = addressNetwork(ip)!;
      expect(Number.isSafeInteger(n) && n < 0).toBe(true);
    }
    expect(addressNetwork("not-an-ip")).toBeNull();
    // A named ASN is the network: the prefix is not counted beside it.
    let f = emptyFeatures();
    for (let i = 0; i < 20; i++) f = updateFeatures(f, obs({ client: { ...proxyClient(0), ip: `${20 + i * 9}.1.2.3`, asn: 64500, country: null } }), M, T0 + i);
    expect(f.asns).toEqual([[64500, T0 + 19]]);
  });

  it("tells one provider in many countries from several providers each in several", () => {
    const at = (f: FeatureState, asn: number, country: string, i: number) =>
      updateFeatures(f, obs({ client: { ...proxyClient(0), ip: `198.51.100.${i % 250}`, asn, country } }), M, T0 + i * 1000);
    // Home ISP at home, a corporate VPN in three regions of one cloud.
    let user = emptyFeatures();
    ["US", "US", "NL", "SG", "US", "IE"].forEach((c, i) => (user = at(user, i % 2 ? 64501 : 7922, i % 2 ? c : "US", i)));
    expect(networkView(user, T0 + 10_000)).toMatchObject({ asns: 2, countries: 3, spanning: 1 });
    // A hosting pool: exits of three providers, countries drawn for each.
    let pool = emptyFeatures();
    ["US", "NL", "GB", "DE", "US", "SG", "NL", "GB", "DE"].forEach((c, i) => (pool = at(pool, [9009, 60068, 20473][i % 3]!, c, i)));
    expect(networkView(pool, T0 + 10_000)).toMatchObject({ asns: 3, spanning: 3 });
    expect(pool.pairs.length).toBeLessThanOrEqual(12);
    expect(pairKey(4_294_967_295, "US")).toBe(4_294_967_295 * 65536 + ((85 << 8) | 83));
    expect(pairKey(1, "XYZ")).not.toBe(pairKey(1, "XY"));
  });

  it("keeps a heavy template in its top-k table among a thousand one-off ones", () => {
    let f = emptyFeatures();
    for (let i = 0; i < 2000; i++) {
      const fp = i % 2 === 0 ? "aaaaaaaaaaaaaaaa" : fnv1a(String(i)).toString(16).padStart(8, "0").repeat(2);
      f = updateFeatures(f, obs({ signals: signals({ templateFp: fp }) }), M, T0 + i * 100);
    }
    const top = [...f.templates].sort((a, b) => b[1] - a[1])[0]!;
    expect(top[0]).toBe("aaaaaaaaaaaaaaaa");
  });

  it("counts a near-duplicate fingerprint (Hamming distance ≤ 3) as the same template", () => {
    let f = emptyFeatures();
    f = updateFeatures(f, obs({ signals: signals({ templateFp: "00000000000000f0" }) }), M, T0);
    f = updateFeatures(f, obs({ signals: signals({ templateFp: "00000000000000f7" }) }), M, T0 + 1);
    expect(f.templates).toHaveLength(1);
  });

  it("counts up to IP_TAGS addresses a day exactly, over the two days, where the bitmaps only estimate", () => {
    const at = (f: FeatureState, ip: string, t: number) => updateFeatures(f, obs({ client: { ...proxyClient(0), ip } }), M, t);
    const bitOf = (ip: string) => fmix(fnv1a(ip)) & 255;
    // Three addresses: 3, where linear counting reads 3.02 (and rotation() a little above 0).
    let f = emptyFeatures();
    ["198.51.100.1", "198.51.100.2", "198.51.100.3"].forEach((ip, i) => (f = at(f, ip, T0 + i)));
    expect(distinctEstimate(f.ipCur, f.ipPrev)).toBeGreaterThan(3.01);
    expect(networkView(f, T0 + 10).ips).toBe(3);
    expect(rotation({ ...networkView(f, T0 + 10), asns: 5 })).toBe(0);
    // Four addresses, two of them on one bit of the bitmap: 4, where the bitmap reads about 3.
    const a = "198.51.100.1";
    let b = "";
    for (let i = 2; !b; i++) if (bitOf(`203.0.113.${i}`) === bitOf(a)) b = `203.0.113.${i}`;
    f = emptyFeatures();
    [a, b, "192.0.2.7", "192.0.2.8", a, b].forEach((ip, i) => (f = at(f, ip, T0 + i)));
    expect(distinctEstimate(f.ipCur, f.ipPrev)).toBeLessThan(3.1);
    expect(networkView(f, T0 + 10).ips).toBe(4);
    expect(f.ipTags).toHaveLength(4);
    // Over two days, the union: two addresses yesterday, one of them and a third today.
    const day = Math.ceil(T0 / DAY) * DAY;
    f = emptyFeatures();
    [["198.51.100.1", day + HOUR], ["198.51.100.2", day + 2 * HOUR], ["198.51.100.2", day + DAY + HOUR], ["198.51.100.3", day + DAY + 2 * HOUR]]
      .forEach(([ip, t]) => (f = at(f, ip as string, t as number)));
    expect(networkView(f, day + DAY + 3 * HOUR).ips).toBe(3);
    // The next day, before any request: today's addresses only (yesterday's of the state); two days on, none.
    expect(networkView(f, day + 2 * DAY + HOUR).ips).toBe(2);
    expect(networkView(f, day + 3 * DAY + HOUR).ips).toBe(0);
    // Past IP_TAGS, the estimate: a proxy's ninth exit of the day.
    f = emptyFeatures();
    for (let i = 0; i < IP_TAGS; i++) f = at(f, `203.0.113.${i + 1}`, T0 + i);
    expect(networkView(f, T0 + 100).ips).toBe(IP_TAGS);
    f = at(f, "203.0.113.99", T0 + 50);
    expect(f.ipTags).toBeNull();
    expect(networkView(f, T0 + 100).ips).toBe(distinctEstimate(f.ipCur, f.ipPrev));
    // And past it over the two days, though each day alone is within it: five yesterday, five others today.
    f = emptyFeatures();
    for (let i = 0; i < 10; i++) f = at(f, `203.0.113.${i + 1}`, day + (i < 5 ? 0 : DAY) + i);
    expect(f.ipTags).toHaveLength(5);
    expect(f.ipTagsPrev).toHaveLength(5);
    expect(networkView(f, day + DAY + HOUR).ips).toBe(distinctEstimate(f.ipCur, f.ipPrev));
    // A state stored before the tags: the estimate for its days, then exact from the next day.
    f = emptyFeatures();
    ["198.51.100.1", "198.51.100.2", "198.51.100.3"].forEach((ip, i) => (f = at(f, ip, day + i)));
    const { ipTags: _t, ipTagsPrev: _p, ...stored } = JSON.parse(JSON.stringify(f)) as FeatureState;
    let old = FeatureState.parse(stored);
    expect(old.ipTags).toBeNull();
    old = at(old, "198.51.100.1", day + HOUR);
    expect(networkView(old, day + HOUR).ips).toBe(distinctEstimate(old.ipCur, old.ipPrev));
    old = at(old, "198.51.100.1", day + DAY + HOUR);
    expect(networkView(old, day + DAY + HOUR).ips).toBe(distinctEstimate(old.ipCur, old.ipPrev));
    expect(networkView(old, day + 2 * DAY + HOUR).ips).toBe(1);
  });

  it("rolls the address bitmaps by day, so addresses older than two days are forgotten", () => {
    let f = emptyFeatures();
    for (let i = 0; i < 50; i++) f = updateFeatures(f, obs({ client: proxyClient(i) }), M, T0 + i);
    f = updateFeatures(f, obs(), M, T0 + 3 * DAY);
    expect(distinctEstimate(f.ipCur.map((w, i) => w | f.ipPrev[i]!))).toBeLessThan(2);
  });
});

describe("request traits", () => {
  const released = T0 - 2 * HOUR;
  it.each([
    ["plain chat", {}, { intent: 0, harvest: false, heavy: false, knobs: false }],
    ["reasoning with a 32k budget", { signals: signals({ shape: { reasoningRequested: true, maxTokens: 32_000 } }) }, { harvest: true, heavy: true }],
    ["reasoning with no budget set", { signals: signals({ shape: { reasoningRequested: true, maxTokens: null } }) }, { harvest: true, heavy: true }],
    ["reasoning with a small budget", { signals: signals({ shape: { reasoningRequested: true, maxTokens: 2_000 } }) }, { harvest: true, heavy: false }],
    ["logprobs", { signals: signals({ shape: { logprobs: true } }) }, { harvest: true, knobs: true }],
    ["n = 4", { signals: signals({ shape: { n: 4 } }) }, { harvest: true, knobs: true }],
    ["a chain-of-thought prompt", { signals: extraction() }, { intent: 1 }],
    // An answer of at most machine.shortAnswerTokens has no room for a trace or a method: its intent counts for nothing.
    ["a grading prompt asking for a 20-token verdict", { signals: signals({ kinds: { cot: 0, critique: 0, autograde: 0.9, datagen: 0, probe: 0, distillSystem: 0 }, shape: { maxTokens: 20, logprobs: true } }) },
      { intent: 0, kinds: [], kindMask: 0, harvest: true, knobs: true }],
    ["a grading prompt with room for the method (65 tokens)", { signals: signals({ kinds: { cot: 0, critique: 0, autograde: 0.9, datagen: 0, probe: 0, distillSystem: 0 }, shape: { maxTokens: 65 } }) },
      { intent: M.kindWeights.autograde, kinds: ["autograde"] }],
    ["a grading prompt with no budget set", { signals: signals({ kinds: { cot: 0, critique: 0, autograde: 0.9, datagen: 0, probe: 0, distillSystem: 0 }, shape: { maxTokens: null } }) },
      { intent: M.kindWeights.autograde }],
    ["a capability probe (weak kind)", { signals: signals({ kinds: { cot: 0, critique: 0, autograde: 0, datagen: 0, probe: 0.9, distillSystem: 0 } }) }, { intent: 0.3 }],
    ["a just-released model", { modelReleasedAt: released }, { fresh: true }],
    ["a model released long ago", { modelReleasedAt: T0 - 30 * DAY }, { fresh: false }],
  ] as const)("%s", (_name, over, want) => {
    expect(requestTraits(obs(over), M, T0)).toMatchObject(want);
  });

  it("counts every request's intent with machine.shortAnswerTokens at 0, as before it existed", () => {
    const short = { signals: signals({ kinds: { cot: 0, critique: 0, autograde: 0.9, datagen: 0, probe: 0, distillSystem: 0 }, shape: { maxTokens: 20 } }) };
    expect(requestTraits(obs(short), { ...M, shortAnswerTokens: 0 }, T0)).toMatchObject({ intent: M.kindWeights.autograde, kinds: ["autograde"] });
  });

  it("counts a request as covered only by an active baseline that lists its domain", () => {
    const baseline = { domains: ["math"], note: "", until: null };
    const mathReq = { signals: extraction() };
    expect(requestTraits(obs({ ...mathReq, account: account({ baseline }) }), M, T0).covered).toBe(true);
    expect(requestTraits(obs({ ...mathReq, account: account({ baseline: { ...baseline, until: T0 - 1 } }) }), M, T0).covered).toBe(false);
    expect(requestTraits(obs({ signals: signals({ domain: "coding" }), account: account({ baseline }) }), M, T0).covered).toBe(false);
  });
});
