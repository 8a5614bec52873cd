import { describe, expect, it } from "vitest";
import { applying, claimsOf, MAX_CLAIMS, putClaim, StoredEntry, withdrawClaim } from "../../../src/intel/merge";
import { changeOf } from "../../../src/intel/keeper";
import { networkFingerprint, networkFingerprints } from "../../../src/intel/network-fp";
import type { BlocklistEntry } from "../../../src/intel/types";
import { sha1, uuidV5 } from "../../../src/intel/uuid-v5";

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

describe("name-based ids", () => {
  it.each([
    ["", "da39a3ee5e6b4b0d3255bfef95601890afd80709"],
    ["abc", "a9993e364706816aba3e25717850c26c9cd0d89d"],
    ["a".repeat(1000), "291e9a6c66994949b57ba5e650361e98fc36b1ba"],
  ])("SHA-1 of %j", (text, want) => {
    expect(hex(sha1(new TextEncoder().encode(text)))).toBe(want);
  });

  it("computes UUIDv5 as RFC 9562 does (DNS namespace, www.example.com)", () => {
    expect(uuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });
});

describe("network fingerprint", () => {
  const ja4 = "t13d1516h2_8daaf6152771_b186095e22b6";
  it("ignores User-Agent case and spacing but not the JA4 or the ASN", () => {
    const a = networkFingerprint({ ja4, userAgent: "Python-HTTPX/0.27  (x)", asn: 64500 });
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(networkFingerprint({ ja4, userAgent: " python-httpx/0.27 (x)", asn: 64500 })).toBe(a);
    expect(networkFingerprint({ ja4, userAgent: "python-httpx/0.27 (x)", asn: 64501 })).not.toBe(a);
    expect(networkFingerprint({ ja4: ja4.replace("t13", "t12"), userAgent: "python-httpx/0.27 (x)", asn: 64500 })).not.toBe(a);
  });
  it("needs a JA4, and also gives the ASN-less form peers share", () => {
    expect(networkFingerprint({ ja4: null, userAgent: "x", asn: 1 })).toBeNull();
    expect(networkFingerprints({ ja4, userAgent: "x", asn: 1 })).toEqual([networkFingerprint({ ja4, userAgent: "x", asn: 1 }), networkFingerprint({ ja4, userAgent: "x", asn: null })]);
  });
});

describe("blocklist merge rules", () => {
  const NOW = 1_000_000;
  const e = (source: string, confidence: number, expiresAt: number | null = NOW + 10): BlocklistEntry => ({
    kind: "ip", value: "192.0.2.1", reason: "r", source, confidence, createdAt: 0, expiresAt,
  });
  it.each([
    ["nothing there", null, e("peer:a", 10), true],
    ["an expired entry", e("admin:t", 100, NOW - 1), e("peer:a", 10), true],
    ["its own entry", e("peer:a", 90), e("peer:a", 10), true],
    ["an operator's entry", e("admin:t", 10), e("campaign:x", 99), false],
    ["a less confident entry", e("peer:b", 50), e("peer:a", 60), true],
    ["a more confident entry", e("peer:b", 70), e("peer:a", 60), false],
    ["an equal entry that lasts longer", e("peer:b", 60, NOW + 100), e("peer:a", 60, NOW + 50), false],
    ["an equal entry that ends sooner", e("peer:b", 60, NOW + 10), e("peer:a", 60, null), true],
  ])("over %s: applies %s", (_n, existing, incoming, want) => {
    expect(putClaim(existing, incoming, NOW).applies).toBe(want);
  });
  it("lets a source withdraw only its own entry", () => {
    expect(withdrawClaim(e("peer:a", 1), "peer:a", NOW)).toBeNull();
    expect(withdrawClaim(e("admin:t", 1), "peer:a", NOW)).toBeUndefined();
    expect(withdrawClaim(null, "peer:a", NOW)).toBeUndefined();
  });
});

describe("blocklist claims: every source's claim kept, the first live one applies", () => {
  const NOW = 1_000_000;
  const claim = (source: string, confidence: number, expiresAt: number | null = NOW + 1_000, createdAt = 0): BlocklistEntry => ({
    kind: "ip", value: "192.0.2.1", reason: `by ${source}`, source, confidence, createdAt, expiresAt,
  });
  /** Put the claims one after another, as their sources write them. */
  const stored = (...claims: BlocklistEntry[]): StoredEntry | null => {
    let s: StoredEntry | null = null;
    for (const c of claims) {
      const w = putClaim(s, c, NOW);
      if (w.next !== undefined) s = w.next;
    }
    return s;
  };
  const sources = (s: StoredEntry | null) => claimsOf(s).map((c) => c.source);

  it("keeps a second campaign's claim on an exit address, which applies when the first campaign withdraws its own", () => {
    const a = claim("campaign:tpl-aaaaaaaaaaaaaaaa", 85), b = claim("campaign:net-bbbbbbbbbbbbbbbb", 85);
    const s = stored(a, b);
    expect(applying(s, NOW)).toEqual(a);
    expect(sources(s)).toEqual([a.source, b.source]);
    const after = withdrawClaim(s, a.source, NOW);
    expect(applying(after ?? null, NOW)).toEqual(b);
    // The last claim withdrawn: nothing is left to store.
    expect(withdrawClaim(after ?? null, b.source, NOW)).toBeNull();
  });

  it("keeps a peer's weaker indicator under a campaign's, and lets a source withdraw only its own claim", () => {
    const peer = claim("peer:northwind", 60), camp = claim("campaign:tpl-aaaaaaaaaaaaaaaa", 85);
    const s = stored(peer, camp);
    expect(applying(s, NOW)?.source).toBe(camp.source);
    expect(withdrawClaim(s, "peer:someone-else", NOW)).toBeUndefined();
    expect(applying(withdrawClaim(s, camp.source, NOW) ?? null, NOW)).toEqual(peer);
  });

  it("lets the next live claim apply when the first expires, without a write", () => {
    const strong = claim("campaign:tpl-aaaaaaaaaaaaaaaa", 90, NOW + 10), weak = claim("peer:northwind", 50, NOW + 5_000);
    const s = stored(weak, strong);
    expect(applying(s, NOW)).toEqual(strong);
    expect(applying(s, NOW + 10)).toEqual(weak);
    expect(applying(s, NOW + 5_000)).toBeNull();
    // Expired claims go at the next write.
    expect(sources(putClaim(s, claim("peer:other", 10), NOW + 20).next ?? null)).toEqual(["peer:northwind", "peer:other"]);
  });

  it("orders by the set, not the arrival, except between equal claims, where the first stored stays first, refreshed or not", () => {
    const op = claim("admin:token:1", 10), camp = claim("campaign:tpl-aaaaaaaaaaaaaaaa", 99), peer = claim("peer:northwind", 99, null);
    for (const order of [[op, camp, peer], [peer, camp, op], [camp, op, peer]]) {
      expect(sources(stored(...order))).toEqual([op.source, peer.source, camp.source]);
    }
    const x = claim("campaign:tpl-aaaaaaaaaaaaaaaa", 85), y = claim("campaign:net-bbbbbbbbbbbbbbbb", 85);
    expect(sources(stored(x, y))).toEqual([x.source, y.source]);
    expect(sources(stored(y, x))).toEqual([y.source, x.source]);
    // x refreshes with y's very terms: it keeps its place (as the entry it wrote stayed before).
    expect(sources(stored(x, y, { ...x, reason: "refreshed" }))).toEqual([x.source, y.source]);
    // A refresh that lasts longer moves it first.
    expect(sources(stored(y, x, { ...x, expiresAt: NOW + 9_000 }))).toEqual([x.source, y.source]);
  });

  it("writes nothing for a claim repeated as it is, and reports whether a claim applies", () => {
    const a = claim("peer:northwind", 60), b = claim("peer:contoso", 70);
    const s = stored(a);
    expect(putClaim(s, a, NOW)).toEqual({ next: undefined, applies: true });
    expect(putClaim(s, b, NOW).applies).toBe(true);
    expect(putClaim(stored(b), a, NOW).applies).toBe(false);
    // The operator's claim applies whatever its confidence; another source's goes under it.
    expect(putClaim(stored(claim("admin:token:1", 5)), claim("campaign:tpl-aaaaaaaaaaaaaaaa", 100), NOW).applies).toBe(false);
  });

  it("keeps at most MAX_CLAIMS claims, dropping the weakest, the incoming one too", () => {
    const many = Array.from({ length: MAX_CLAIMS }, (_, i) => claim(`peer:p${i}`, 50 + i));
    const s = stored(...many);
    expect(claimsOf(s)).toHaveLength(MAX_CLAIMS);
    const weakest = putClaim(s, claim("peer:weak", 1), NOW);
    expect(weakest.applies).toBe(false);
    expect(sources(weakest.next ?? null)).not.toContain("peer:weak");
    const strong = putClaim(s, claim("peer:strong", 99), NOW);
    expect(sources(strong.next ?? null)).toHaveLength(MAX_CLAIMS);
    expect(sources(strong.next ?? null)[0]).toBe("peer:strong");
    expect(sources(strong.next ?? null)).not.toContain("peer:p0");
    // What is stored parses back as it was, others and all.
    expect(StoredEntry.parse(JSON.parse(JSON.stringify(strong.next)))).toEqual(strong.next);
  });
});

describe("a keeper's change", () => {
  const NOW = 1_000_000;
  const c = (source: string): BlocklistEntry => ({ kind: "ip", value: "192.0.2.9", reason: "r", source, confidence: 70, createdAt: 0, expiresAt: null });
  it("puts, withdraws and clears claims, and says when nothing changes", () => {
    const one = changeOf(null, { put: c("peer:a") }, NOW);
    expect(one).toMatchObject({ applies: true, next: { source: "peer:a" } });
    const two = changeOf(one.next ?? null, { put: c("campaign:tpl-aaaaaaaaaaaaaaaa") }, NOW);
    expect(two.applies).toBe(false);
    expect(changeOf(two.next ?? null, { put: c("peer:a") }, NOW).next).toBeUndefined();
    expect(changeOf(two.next ?? null, { withdraw: "peer:a" }, NOW).next).toMatchObject({ source: "campaign:tpl-aaaaaaaaaaaaaaaa" });
    expect(changeOf(two.next ?? null, { clear: true }, NOW).next).toBeNull();
    expect(changeOf(null, { clear: true }, NOW).next).toBeUndefined();
  });
});
