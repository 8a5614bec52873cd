import { describe, expect, it } from "vitest";
import { agedAt, blocks, cidrContains, effectOf, entryEffect, establishedAt, parseCidr, parseIp, subjectKeys } from "../../../src/intel/match";
import type { BlocklistEntry } from "../../../src/intel/types";

describe("address matching", () => {
  it.each([
    ["203.0.113.0/24", "203.0.113.77", true],
    ["203.0.113.0/24", "203.0.114.1", false],
    ["0.0.0.0/0", "8.8.8.8", true],
    ["2001:db8::/32", "2001:db8:1::5", true],
    ["2001:db8::/32", "2001:db9::1", false],
    ["::ffff:0:0/96", "::ffff:192.0.2.1", true],
    ["10.0.0.0/8", "2001:db8::1", false],
  ])("%s contains %s: %s", (cidr, ip, want) => {
    expect(cidrContains(cidr, ip)).toBe(want);
  });
  it.each(["256.1.1.1", "1.2.3", "gg::1", "1::2::3", ""])("rejects %s as an address", (ip) => {
    expect(parseIp(ip)).toBeNull();
  });
  it.each(["10.0.0.0/33", "10.0.0.0/x", "nope/8"])("rejects %s as a range", (c) => {
    expect(parseCidr(c)).toBeNull();
  });
  it("looks up every exact kind the subject has", () => {
    expect(subjectKeys({ keyHash: "h", account: "a", org: "o", ip: "192.0.2.1", asn: 64500, ja4: "j" })).toEqual([
      "bl:keyHash:h", "bl:account:a", "bl:ip:192.0.2.1", "bl:org:o", "bl:asn:64500", "bl:ja4:j",
    ]);
  });

  it.each([
    ["asn", "peer:Northwind", "evidence"],
    ["ja4", "peer:Northwind", "evidence"],
    ["asn", "admin:token:1", "block"],
    ["ja4", "campaign:net-0011223344556677", "block"],
    ["ip", "peer:Northwind", "block"],
    ["cidr", "peer:Northwind", "block"],
    ["templateFp", "campaign:tpl-0011223344556677", "evidence"],
    ["networkFp", "peer:Northwind", "evidence"],
    ["ip", "campaign:tpl-0011223344556677", "block-unless-established"],
    ["ip", "admin:token:1", "block"],
  ] as const)("a %s entry from %s: %s", (kind, source, effect) => {
    const e: BlocklistEntry = { kind, value: "v", reason: "r", source, confidence: 50, createdAt: 0, expiresAt: null };
    expect(effectOf(e)).toBe(effect);
    if (kind === "asn" || kind === "ja4" || kind === "ip" || kind === "cidr") {
      expect(blocks(e)).toBe(effect !== "evidence");
      expect(blocks(e, true)).toBe(effect === "block");
    }
  });

  it("holds a campaign's exit address for an older account that is not established, and only that entry", () => {
    const entry = (kind: BlocklistEntry["kind"], source: string): BlocklistEntry => ({ kind, value: "v", reason: "r", source, confidence: 50, createdAt: 0, expiresAt: null });
    const exit = entry("ip", "campaign:tpl-0011223344556677");
    // Young: the edge's block; aged and not established: held for the account object; established: evidence.
    expect([entryEffect(exit), entryEffect(exit, false, true), entryEffect(exit, true, true), entryEffect(exit, true, false)]).toEqual(["block", "hold", "evidence", "evidence"]);
    // Every other entry an aged account matches does what it did.
    for (const e of [entry("ip", "admin:token:1"), entry("ip", "peer:Northwind"), entry("cidr", "campaign:tpl-0011223344556677"), entry("asn", "campaign:net-0011223344556677"), entry("account", "campaign:tpl-0011223344556677")]) {
      expect(entryEffect(e, false, true)).toBe("block");
    }
    expect(entryEffect(entry("asn", "peer:Northwind"), false, true)).toBe("evidence");
    // Aged is campaign.youngDays old, whatever the verification.
    const now = 100 * 86_400_000;
    expect(agedAt({ createdAt: now - 14 * 86_400_000 }, 14, now)).toBe(true);
    expect(agedAt({ createdAt: now - 14 * 86_400_000 + 1 }, 14, now)).toBe(false);
  });

  it("calls an account established once verified and youngDays old, or verified enterprise", () => {
    const now = 100 * 86_400_000;
    expect(establishedAt({ verified: true, createdAt: now - 14 * 86_400_000, tier: "paid" }, 14, now)).toBe(true);
    expect(establishedAt({ verified: true, createdAt: now - 13 * 86_400_000, tier: "paid" }, 14, now)).toBe(false);
    expect(establishedAt({ verified: false, createdAt: 0, tier: "paid" }, 14, now)).toBe(false);
    // A verified enterprise account at any age (account/risk.ts isContracted); not an unverified one.
    expect(establishedAt({ verified: true, createdAt: now, tier: "enterprise" }, 14, now)).toBe(true);
    expect(establishedAt({ verified: false, createdAt: now, tier: "enterprise" }, 14, now)).toBe(false);
  });
});
