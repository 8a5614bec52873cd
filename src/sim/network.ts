/**
 * Where requests come from: autonomous systems by kind, client runtimes (one
 * JA4 per TLS stack) and SDK user agents, and the per-actor egress models
 * (a household's one to three addresses, a company's cloud NAT, a rotating
 * commercial proxy pool). AS numbers are real public networks of each kind;
 * the address prefixes and JA4 hashes are made up but shaped like real ones.
 */
import type { Rng } from "./rng.js";

export type AsnKind = "residential" | "university" | "cloud" | "proxy";

export interface Asn {
  asn: number;
  country: string;
  kind: AsnKind;
  /** First two octets of the address blocks the simulator draws from. */
  prefixes: readonly string[];
}

const A = (asn: number, country: string, kind: AsnKind, ...prefixes: string[]): Asn => ({ asn, country, kind, prefixes });

export const ASNS: readonly Asn[] = [
  A(7922, "US", "residential", "73.15", "98.207", "24.60"), A(7018, "US", "residential", "99.36", "107.77"),
  A(701, "US", "residential", "71.181", "108.31"), A(20115, "US", "residential", "66.190", "75.131"),
  A(22773, "US", "residential", "68.98"), A(3320, "DE", "residential", "79.241", "87.165", "91.57"),
  A(3209, "DE", "residential", "88.73"), A(2856, "GB", "residential", "81.156", "86.135"),
  A(5089, "GB", "residential", "82.21"), A(3215, "FR", "residential", "90.61", "86.201"),
  A(12322, "FR", "residential", "78.194", "82.64"), A(55836, "IN", "residential", "49.36", "157.35"),
  A(24560, "IN", "residential", "122.161"), A(28573, "BR", "residential", "177.37", "179.98"),
  A(4713, "JP", "residential", "114.145", "153.204"), A(2516, "JP", "residential", "106.154"),
  A(812, "CA", "residential", "99.228", "174.112"), A(1221, "AU", "residential", "101.175", "120.148"),
  A(4766, "KR", "residential", "121.134", "175.213"), A(1136, "NL", "residential", "77.161", "84.85"),
  A(3352, "ES", "residential", "79.152", "83.45"), A(5617, "PL", "residential", "83.28"),
  A(3, "US", "university", "18.27"), A(25, "US", "university", "128.32"), A(32, "US", "university", "171.64"),
  A(87, "US", "university", "129.79"), A(786, "GB", "university", "128.86", "131.111"),
  A(680, "DE", "university", "141.20", "134.76"), A(2697, "IN", "university", "14.139"),
  A(271, "CA", "university", "142.103"), A(1103, "NL", "university", "145.97"),
  A(16509, "US", "cloud", "3.91", "18.204", "52.23", "54.81"), A(14618, "US", "cloud", "44.201"),
  A(396982, "US", "cloud", "34.121", "35.232"), A(8075, "US", "cloud", "20.42", "40.76"),
  A(16509, "IE", "cloud", "34.240", "52.48"), A(24940, "DE", "cloud", "65.108", "95.216"),
  A(16276, "FR", "cloud", "51.75", "54.37"), A(14061, "US", "cloud", "138.197", "159.223"),
  A(16509, "SG", "cloud", "13.228", "54.251"),
  A(9009, "GB", "proxy", "185.216", "89.187", "146.70"), A(60068, "GB", "proxy", "185.156", "195.181"),
  A(212238, "NL", "proxy", "37.19", "156.146"), A(62240, "GB", "proxy", "45.92", "193.29"),
  A(20473, "US", "proxy", "45.76", "149.28"), A(36352, "US", "proxy", "23.94", "192.3"),
  A(53667, "US", "proxy", "198.98", "209.141"), A(206264, "NL", "proxy", "45.154", "185.107"),
];

export function asnsOf(kind: AsnKind, country?: string): Asn[] {
  return ASNS.filter((a) => a.kind === kind && (country === undefined || a.country === country));
}

/** Countries of real users, weighted, with a UTC offset for their daily rhythm. */
export const COUNTRIES: readonly (readonly [string, number, number])[] = [
  ["US", 30, -6], ["IN", 12, 5.5], ["GB", 8, 0], ["DE", 8, 1], ["FR", 5, 1], ["BR", 6, -3],
  ["JP", 5, 9], ["CA", 5, -5], ["AU", 3, 10], ["KR", 4, 9], ["NL", 3, 1], ["ES", 4, 1], ["PL", 3, 1],
];

export function pickCountry(rng: Rng): { country: string; tz: number } {
  const c = rng.weighted(COUNTRIES.map((x) => [x, x[1]] as const));
  return { country: c[0], tz: c[2] };
}

export function ipIn(rng: Rng, asn: Asn): string {
  const p = rng.pick(asn.prefixes);
  return `${p}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

export interface Egress {
  ip: string;
  asn: number;
  country: string;
}

/** An actor's network: where each of its requests leaves from. */
export interface Network {
  next(rng: Rng): Egress;
}

/** A household or office: a few fixed addresses, one mostly. */
export function fixedNetwork(rng: Rng, asns: readonly Asn[], count: number): Network {
  const pool: Egress[] = [];
  for (let i = 0; i < count; i++) {
    const asn = rng.pick(asns);
    pool.push({ ip: ipIn(rng, asn), asn: asn.asn, country: asn.country });
  }
  return {
    next: (r) => (r.chance(0.85) ? (pool[0] as Egress) : r.pick(pool)),
  };
}

/**
 * A commercial proxy pool: `size` exit addresses over a few hosting ASNs,
 * a fresh exit drawn for almost every request. Pools built from the same
 * `poolRng` label are the same addresses, which is how many accounts of one
 * campaign end up sharing exits.
 */
export function proxyPool(poolRng: Rng, asns: readonly Asn[], size: number, exitCountries: readonly string[]): Network {
  const pool: Egress[] = [];
  for (let i = 0; i < size; i++) {
    const asn = poolRng.pick(asns);
    pool.push({ ip: ipIn(poolRng, asn), asn: asn.asn, country: poolRng.pick(exitCountries) });
  }
  return { next: (r) => r.pick(pool) };
}

/**
 * How the campaigns' traffic leaves (`simulate --egress`): `rotating`, the
 * default, is DESIGN.md's commercial proxy services, a fresh exit from a
 * shared pool of hosting addresses for almost every request. The others are
 * what a defender relying on rotation should be measured against:
 * `sticky`, the same pool in sessions (a provider's sticky-session option:
 * an exit kept for about ten requests, then another); `dedicated`, each
 * account on one exit drawn from its campaign's pool and kept for the
 * whole run (the same hosting networks; accounts drawing the same exit
 * share it, as on a provider's pool of static exits); `static`,
 * each account on one or two residential addresses no other account uses
 * (static ISP proxies), like a household.
 */
export const EGRESS_KINDS = ["rotating", "sticky", "dedicated", "static"] as const;
export type EgressKind = (typeof EGRESS_KINDS)[number];

/**
 * A campaign account's network: the campaign's shared `pool` (rotating), its
 * exits in sessions (sticky), one exit drawn from it (dedicated), or one or
 * two residential addresses in one of `countries` (static); drawn from
 * `rng`, the account's own fork, used for nothing else.
 */
export function campaignEgress(kind: EgressKind, pool: Network, rng: Rng, countries: readonly string[]): Network {
  if (kind === "rotating") return pool;
  if (kind === "sticky") {
    let exit: Egress | null = null;
    return {
      next(r) {
        // Drawn on every request as the rotating pool draws, so the requests stay the same; kept for a session.
        const fresh = pool.next(r);
        if (exit === null || rng.chance(0.1)) exit = fresh;
        return exit;
      },
    };
  }
  if (kind === "dedicated") {
    const exit = pool.next(rng);
    return { next: () => exit };
  }
  const home = asnsOf("residential").filter((a) => countries.includes(a.country));
  return fixedNetwork(rng, home.length > 0 ? home : asnsOf("residential"), rng.int(1, 2));
}

/**
 * How legitimate traffic leaves (`simulate --legit-egress`): `fixed`, the
 * default, gives every legitimate actor one to three fixed addresses
 * (fixedNetwork). `churn` is what real networks do besides, and what a
 * defender reading address counts as proxy rotation must not punish:
 * phones on a carrier's CGNAT (a new address every few requests), consumer
 * VPNs on the same hosting networks that commercial proxies use, an
 * office and a corporate VPN for developers, and services on autoscaled
 * cloud capacity (fresh runner addresses over one to three regions of one
 * provider). The legitimate requests are the same but for where they leave
 * from: the churn draws from its own stream.
 */
export const LEGIT_EGRESS_KINDS = ["fixed", "churn"] as const;
export type LegitEgressKind = (typeof LEGIT_EGRESS_KINDS)[number];

/** What kind of legitimate actor a network is for: a person on their devices, a developer at work, a service in a cloud. */
export type Habitat = "person" | "developer" | "service";

/**
 * Networks only the churn uses, kept out of ASNS so that the default
 * simulation draws exactly as before: mobile carriers (AS numbers of real
 * carriers) and further regions of the cloud providers.
 */
const MOBILE: readonly Asn[] = [
  A(21928, "US", "residential", "172.56", "172.58"), A(22394, "US", "residential", "174.192", "174.205"),
  A(20057, "US", "residential", "166.137", "107.115"), A(12576, "GB", "residential", "31.94", "92.40"),
  A(6805, "DE", "residential", "176.0", "2.240"), A(51207, "FR", "residential", "37.165", "80.214"),
  A(38266, "IN", "residential", "106.76", "223.184"), A(26599, "BR", "residential", "189.40", "191.183"),
  A(9605, "JP", "residential", "1.66", "49.96"), A(9644, "KR", "residential", "223.38", "211.234"),
  A(22652, "CA", "residential", "142.198"), A(4804, "AU", "residential", "49.180"),
  A(33915, "NL", "residential", "31.21"), A(12479, "ES", "residential", "88.28"), A(12912, "PL", "residential", "37.248"),
];
const MORE_REGIONS: readonly Asn[] = [
  A(8075, "NL", "cloud", "20.76", "51.124"), A(8075, "IE", "cloud", "20.54", "52.164"),
  A(396982, "BE", "cloud", "34.76", "35.195"), A(396982, "SG", "cloud", "34.87"),
  A(14618, "US", "cloud", "3.208"), A(16509, "DE", "cloud", "3.120", "18.184"),
  A(24940, "FI", "cloud", "65.21", "95.217"), A(16276, "CA", "cloud", "51.222"),
  A(14061, "NL", "cloud", "164.90"), A(14061, "SG", "cloud", "128.199"),
];
/** Every cloud region, of ASNS and MORE_REGIONS. */
const CLOUD_REGIONS: readonly Asn[] = [...ASNS, ...MORE_REGIONS].filter((a) => a.kind === "cloud");
/** Consumer VPN exit countries. */
const VPN_EXITS = ["US", "GB", "NL", "DE", "SE", "CH", "JP", "CA"] as const;

/** An address of `asn`, reported in `country`. */
function egressIn(rng: Rng, asn: Asn, country = asn.country): Egress {
  return { ip: ipIn(rng, asn), asn: asn.asn, country };
}

/** One address at a time, moving on with probability `move` per request (a carrier's CGNAT, a VPN session, runners). */
function sticky(rng: Rng, move: number, draw: (r: Rng) => Egress): () => Egress {
  let cur: Egress | null = null;
  return () => (cur === null || rng.chance(move) ? (cur = draw(rng)) : cur);
}

/** A phone on one of `carriers`: the carrier's CGNAT hands out a new address every few requests. */
function phone(rng: Rng, carriers: readonly Asn[]): () => Egress {
  const carrier = rng.pick(carriers);
  return sticky(rng, 0.3, (r) => egressIn(r, carrier));
}

/**
 * A weighted choice among the base network (null) and others, kept for a
 * session: a new choice with probability 0.15 per request (people change
 * networks between sessions, not between requests).
 */
function mixed(base: Network, rng: Rng, ways: readonly (readonly [(() => Egress) | null, number])[]): Network {
  let way: (() => Egress) | null | undefined;
  return {
    next(r) {
      // The base draws from the actor's stream exactly as it would alone, so the requests stay the same.
      const own = base.next(r);
      if (way === undefined || rng.chance(0.15)) way = rng.weighted(ways);
      return way === null ? own : way();
    },
  };
}

/**
 * A legitimate actor's network: `base` as it is (fixed), or `base` with the
 * churn of its habitat (see LEGIT_EGRESS_KINDS), drawn from `rng`, the
 * actor's own fork, used for nothing else. `country`: where the actor lives.
 */
export function legitEgress(kind: LegitEgressKind, base: Network, rng: Rng, habitat: Habitat, country: string): Network {
  if (kind === "fixed") return base;
  const carriers = MOBILE.filter((a) => a.country === country);
  const mobile = carriers.length > 0 ? carriers : asnsOf("residential", country);
  if (habitat === "person") {
    const ways: [(() => Egress) | null, number][] = [[null, 1]];
    // Most people use a phone some of the time.
    if (rng.chance(0.6) && mobile.length > 0) ways.push([phone(rng, mobile), rng.float(0.2, 1.5)]);
    // Some use a consumer VPN: the hosting networks commercial proxies use, an exit country per session.
    if (rng.chance(0.12)) {
      const hosts = asnsOf("proxy");
      ways.push([sticky(rng, 0.15, (r) => egressIn(r, r.pick(hosts), r.pick(VPN_EXITS))), rng.float(0.3, 2)]);
    }
    return mixed(base, rng, ways);
  }
  if (habitat === "developer") {
    const ways: [(() => Egress) | null, number][] = [[null, 1]];
    if (rng.chance(0.5)) {
      const office = asnsOf("residential", country);
      const at = egressIn(rng, rng.pick(office.length > 0 ? office : asnsOf("residential")));
      ways.push([() => at, rng.float(0.5, 1.5)]);
    }
    if (rng.chance(0.3)) {
      const provider = rng.pick(CLOUD_REGIONS).asn;
      const regions = CLOUD_REGIONS.filter((a) => a.asn === provider);
      ways.push([sticky(rng, 0.1, (r) => egressIn(r, r.pick(regions))), rng.float(0.3, 1)]);
    }
    if (rng.chance(0.2) && mobile.length > 0) ways.push([phone(rng, mobile), 0.15]);
    return mixed(base, rng, ways);
  }
  // A service: half on autoscaled capacity, a fresh runner every other request over one to three
  // regions of the provider its fixed addresses are in; the rest stay behind their NAT.
  if (!rng.chance(0.5)) return base;
  const move = rng.float(0.2, 0.8);
  const wanted = rng.int(1, 3);
  // Chosen at the first request, from the provider its own address is in: null when that is no cloud.
  let runner: (() => Egress) | null | undefined;
  return {
    next(r) {
      const own = base.next(r);
      if (runner === undefined) {
        const all = CLOUD_REGIONS.filter((a) => a.asn === own.asn);
        const home = all.find((a) => a.country === own.country);
        const others = all.filter((a) => a !== home);
        const regions = [...(home ? [home] : []), ...others.slice(0, Math.max(0, wanted - 1))];
        runner = regions.length === 0 ? null : sticky(rng, move, (x) => egressIn(x, x.pick(regions)));
      }
      return runner === null ? own : runner();
    },
  };
}

export interface Runtime {
  name: string;
  ja4: string;
}

/** TLS stacks. JA4 differs by stack, not by SDK: two SDKs on CPython share one. */
export const RUNTIMES = {
  chrome: { name: "chrome", ja4: "t13d1516h2_8daaf6152771_02713d6af862" },
  firefox: { name: "firefox", ja4: "t13d1715h2_5b57614c22b0_3d5424432f57" },
  safari: { name: "safari", ja4: "t13d2014h2_a09f3c656075_14788d8d241b" },
  cpython: { name: "cpython-openssl3", ja4: "t13d4907h2_0d8feac7bc37_7395dae3b2f3" },
  cpythonOld: { name: "cpython-openssl1", ja4: "t13d4412h2_c866b44c5a26_e1be3a0a7c1b" },
  node: { name: "node", ja4: "t13d1712h2_5b57614c22b0_eca864cca44a" },
  go: { name: "go", ja4: "t13d1311h2_e8f1e7e78f70_6bebaf5329ac" },
  curl: { name: "curl", ja4: "t13d3112h2_e8f1e7e78f70_375e3c8de9b0" },
  java: { name: "java", ja4: "t13d5911h2_a33745022dd6_1f22a2ca17c4" },
  // Tooling seen only behind the simulated campaigns' proxies (custom TLS stacks).
  campaignA: { name: "custom-a", ja4: "t13d1810h2_3b5074b1b5d0_f2ae9b7a24ee" },
  campaignB: { name: "custom-b", ja4: "t13d2311h2_9dc949149365_97f8aa674fd9" },
} as const satisfies Record<string, Runtime>;

/** One client program: its TLS stack and the user agent per API dialect. */
export interface Client {
  ja4: string;
  openai: string;
  anthropic: string;
}

const CHROME_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const MAC_CHROME_UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 Safari/537.36";
const FIREFOX_UA = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const SAFARI_UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15";

export type ClientKind = "browser" | "python-sdk" | "node-sdk" | "python-http" | "curl" | "go" | "java";

/** A plausible client of the given kind with a version drawn from recent releases. */
export function makeClient(rng: Rng, kind: ClientKind): Client {
  const v = (lo: number, hi: number) => `${rng.int(lo, hi)}.${rng.int(0, 9)}`;
  switch (kind) {
    case "browser": {
      const b = rng.weighted([["chrome", 6], ["mac-chrome", 3], ["firefox", 2], ["safari", 2]] as const);
      const [ja4, ua] =
        b === "firefox" ? [RUNTIMES.firefox.ja4, FIREFOX_UA]
        : b === "safari" ? [RUNTIMES.safari.ja4, SAFARI_UA]
        : [RUNTIMES.chrome.ja4, b === "chrome" ? CHROME_UA : MAC_CHROME_UA];
      return { ja4, openai: ua, anthropic: ua };
    }
    case "python-sdk":
      return { ja4: rng.chance(0.85) ? RUNTIMES.cpython.ja4 : RUNTIMES.cpythonOld.ja4, openai: `OpenAI/Python 1.${v(50, 99)}`, anthropic: `Anthropic/Python 0.${v(40, 69)}` };
    case "node-sdk":
      return { ja4: RUNTIMES.node.ja4, openai: `OpenAI/JS ${rng.chance(0.5) ? "4" : "5"}.${v(10, 90)}`, anthropic: `Anthropic/JS 0.${v(30, 60)}` };
    case "python-http": {
      const ua = rng.pick(["python-requests/2.32.3", "python-httpx/0.27.2", "python-httpx/0.28.1", "Python/3.11 aiohttp/3.9.5", "Python/3.12 aiohttp/3.10.11"]);
      return { ja4: RUNTIMES.cpython.ja4, openai: ua, anthropic: ua };
    }
    case "curl":
      return { ja4: RUNTIMES.curl.ja4, openai: "curl/8.5.0", anthropic: "curl/8.5.0" };
    case "go":
      return { ja4: RUNTIMES.go.ja4, openai: "Go-http-client/2.0", anthropic: "Go-http-client/2.0" };
    case "java":
      return { ja4: RUNTIMES.java.ja4, openai: "Java-http-client/21.0.5", anthropic: "Java-http-client/21.0.5" };
  }
}
