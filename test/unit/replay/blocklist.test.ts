import { describe, expect, it } from "vitest";
import { cidrContains } from "../../../src/intel/match";
import type { BlocklistEntry } from "../../../src/intel/types";
import { MemoryBlocklist } from "../../../src/replay/blocklist";

function cidr(value: string, expiresAt: number | null = null): BlocklistEntry {
  return { kind: "cidr", value, reason: "test", source: "test", confidence: 90, createdAt: 0, expiresAt };
}

const subject = (ip: string) => ({ keyHash: "h", account: "a", org: null, ip, asn: null, ja4: null });

describe("the node engine's blocklist", () => {
  it("matches ranges exactly as cidrContains does", () => {
    const ranges = ["203.0.113.0/24", "0.0.0.0/0", "2001:db8::/32", "::ffff:0:0/96", "10.0.0.0/8", "10.0.0.0/33", "nope/8", "192.0.2.7"];
    const ips = ["203.0.113.77", "203.0.114.1", "8.8.8.8", "2001:db8:1::5", "2001:db9::1", "::ffff:192.0.2.1", "10.1.2.3", "192.0.2.7", "bad", ""];
    for (const r of ranges) {
      const bl = new MemoryBlocklist();
      bl.put(cidr(r));
      for (const ip of ips) expect(bl.find(subject(ip), 1) !== null, `${r} ∋ ${ip}`).toBe(cidrContains(r, ip));
    }
  });

  it("skips expired ranges and returns the stored entry", () => {
    const bl = new MemoryBlocklist();
    bl.put(cidr("10.0.0.0/8", 100));
    bl.put(cidr("10.1.0.0/16"));
    expect(bl.find(subject("10.1.2.3"), 50)?.value).toBe("10.0.0.0/8");
    expect(bl.find(subject("10.1.2.3"), 150)?.value).toBe("10.1.0.0/16");
    expect(bl.current("cidr", "10.1.0.0/16")).toEqual(cidr("10.1.0.0/16"));
    bl.delete("cidr", "10.1.0.0/16");
    expect(bl.find(subject("10.1.2.3"), 150)).toBeNull();
  });

  it("blocks on an operator's AS number or JA4, and takes a peer's as evidence only", () => {
    const entry = (kind: "asn" | "ja4", value: string, source: string): BlocklistEntry => ({ kind, value, reason: "test", source, confidence: 60, createdAt: 0, expiresAt: null });
    const bl = new MemoryBlocklist();
    bl.put(entry("asn", "64500", "peer:Northwind"));
    bl.put(entry("ja4", "t13d_peer", "peer:Northwind"));
    bl.put(entry("asn", "64501", "admin:token:1"));
    bl.put(entry("ja4", "t13d_ours", "campaign:net-0011223344556677"));
    const at = (asn: number, ja4: string) => bl.find({ keyHash: "h", account: "a", org: null, ip: "192.0.2.1", asn, ja4 }, 1);
    expect(at(64500, "t13d_peer")).toBeNull();
    expect(at(64501, "t13d_peer")?.source).toBe("admin:token:1");
    expect(at(64500, "t13d_ours")?.kind).toBe("ja4");
    // The peer's entries are the check's evidence, in lookup order; the operator's and the campaign's never are.
    const checked = (asn: number, ja4: string) => bl.check({ keyHash: "h", account: "a", org: null, ip: "192.0.2.1", asn, ja4 }, 1);
    expect(checked(64500, "t13d_peer").evidence).toMatchObject([
      { kind: "asn", value: "64500", source: "peer:Northwind", confidence: 60 },
      { kind: "ja4", value: "t13d_peer", source: "peer:Northwind" },
    ]);
    expect(checked(64501, "t13d_ours")).toMatchObject({ block: { source: "admin:token:1" }, evidence: [] });
    // As findBlock: the evidence is all of it, blocked or not.
    expect(checked(64501, "t13d_peer")).toMatchObject({ block: { source: "admin:token:1" }, evidence: [{ kind: "ja4", value: "t13d_peer" }] });
  });

  it("blocks a fresh account on a campaign's published exit address, and gives it to an established one as evidence", () => {
    const bl = new MemoryBlocklist();
    bl.put({ kind: "ip", value: "198.51.100.9", reason: "test", source: "campaign:tpl-0011223344556677", confidence: 85, createdAt: 0, expiresAt: null });
    bl.put({ kind: "ip", value: "198.51.100.10", reason: "test", source: "admin:token:1", confidence: 100, createdAt: 0, expiresAt: null });
    const on = (ip: string, established: boolean) => bl.check({ ...subject(ip), established }, 1);
    expect(on("198.51.100.9", false)).toMatchObject({ block: { source: "campaign:tpl-0011223344556677" }, evidence: [] });
    expect(on("198.51.100.9", true)).toMatchObject({ block: null, evidence: [{ kind: "ip", source: "campaign:tpl-0011223344556677" }] });
    // The operator's own address entry blocks everyone.
    expect(on("198.51.100.10", true).block).toMatchObject({ source: "admin:token:1" });
  });

  it("holds a campaign's exit address for an older account that is not established, unless something else blocks it", () => {
    const bl = new MemoryBlocklist();
    const exit: BlocklistEntry = { kind: "ip", value: "198.51.100.9", reason: "test", source: "campaign:tpl-0011223344556677", confidence: 85, createdAt: 0, expiresAt: null };
    bl.put(exit);
    const aged = { ...subject("198.51.100.9"), established: false, aged: true };
    expect(bl.check(aged, 1)).toEqual({ block: null, evidence: [], held: exit });
    // Young, it is the edge's block; established, evidence; nothing is held either way.
    expect(bl.check({ ...aged, aged: false }, 1)).toMatchObject({ block: exit, held: null });
    expect(bl.check({ ...aged, established: true }, 1)).toMatchObject({ block: null, evidence: [exit], held: null });
    // Another entry that blocks the request (its account) wins, and nothing is held.
    bl.put({ kind: "account", value: "a", reason: "test", source: "admin:token:1", confidence: 100, createdAt: 0, expiresAt: null });
    expect(bl.check(aged, 1)).toMatchObject({ block: { kind: "account" }, held: null });
    bl.delete("account", "a");
    // So does a range, read after the exact entries.
    bl.put(cidr("198.51.100.0/24"));
    expect(bl.check(aged, 1)).toMatchObject({ block: { kind: "cidr" }, held: null });
    // An expired exit holds nothing.
    bl.delete("cidr", "198.51.100.0/24");
    expect(bl.check(aged, 2)).toMatchObject({ held: exit });
    bl.put({ ...exit, expiresAt: 2 });
    expect(bl.check(aged, 2)).toEqual({ block: null, evidence: [], held: null });
  });

  it("keeps every source's claim as the KV writer does: one campaign's withdrawal leaves another's, and a peer's range under it", () => {
    const bl = new MemoryBlocklist();
    const young = { ...subject("198.51.100.9"), established: false, aged: false };
    const exit = (id: string): BlocklistEntry => ({ kind: "ip", value: "198.51.100.9", reason: `exit of ${id}`, source: `campaign:${id}`, confidence: 85, createdAt: 5, expiresAt: 1_000 });
    const tpl = exit("tpl-0011223344556677"), net = exit("net-8899aabbccddeeff");
    bl.applyPublication([tpl], [], tpl.source, 10);
    bl.applyPublication([net], [], net.source, 11);
    expect(bl.check(young, 12).block).toEqual(tpl);
    // The template's campaign moves on; the network's still names the address.
    bl.applyPublication([], [{ kind: "ip", value: tpl.value }], tpl.source, 13);
    expect(bl.check(young, 14).block).toEqual(net);
    expect(bl.current("ip", tpl.value)).toEqual(net);
    bl.applyPublication([], [{ kind: "ip", value: net.value }], net.source, 15);
    expect(bl.check(young, 16).block).toBeNull();
    expect(bl.size).toBe(0);
    // A peer's range, and a campaign's claim on the same range over it: withdrawn, the peer's applies again.
    const peer: BlocklistEntry = { kind: "cidr", value: "198.51.100.0/24", reason: "proxy pool", source: "peer:northwind", confidence: 60, createdAt: 0, expiresAt: null };
    bl.applyImport({ source: peer.source, entries: [peer], revoked: [], campaigns: [], notes: [], errors: [] }, 20);
    bl.applyPublication([{ ...peer, source: tpl.source, confidence: 90, expiresAt: 1_000 }], [], tpl.source, 21);
    expect(bl.check(young, 22).block?.source).toBe(tpl.source);
    expect(bl.check(young, 1_000).block).toEqual(peer);
    bl.applyPublication([], [{ kind: "cidr", value: peer.value }], tpl.source, 23);
    expect(bl.check(young, 24).block).toEqual(peer);
  });
});
