import { describe, expect, it } from "vitest";
import { shouldDelete, shouldWrite } from "../../../src/intel/merge";
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
  ])("over %s: writes %s", (_n, existing, incoming, want) => {
    expect(shouldWrite(existing, incoming, NOW)).toBe(want);
  });
  it("lets a source withdraw only its own entry", () => {
    expect(shouldDelete(e("peer:a", 1), "peer:a")).toBe(true);
    expect(shouldDelete(e("admin:t", 1), "peer:a")).toBe(false);
    expect(shouldDelete(null, "peer:a")).toBe(false);
  });
});
