import { describe, expect, it } from "vitest";
import { kvKeyFits } from "../../../src/lib/kv-limits";
import { entryProblem } from "../../../src/intel/match";
import { PeerConfig } from "../../../src/intel/taxii-client";
import type { BlocklistEntry } from "../../../src/intel/types";

const entry = (kind: BlocklistEntry["kind"], value: string, reason = "r"): BlocklistEntry =>
  ({ kind, value, reason, source: "admin:token:ops", confidence: 100, createdAt: 0, expiresAt: null });

describe("what KV can store", () => {
  it("takes keys of at most 512 UTF-8 bytes of well-formed text", () => {
    expect(kvKeyFits("bl:ip:203.0.113.7")).toBe(true);
    expect(kvKeyFits("x".repeat(512))).toBe(true);
    expect(kvKeyFits("x".repeat(513))).toBe(false);
    // 171 three-byte characters: 513 bytes in 171 UTF-16 units.
    expect(kvKeyFits("中".repeat(170))).toBe(true);
    expect(kvKeyFits("中".repeat(171))).toBe(false);
    expect(kvKeyFits("bl:ja4:\ud800")).toBe(false);
    expect(kvKeyFits("bl:ja4:\udc00x")).toBe(false);
    expect(kvKeyFits("bl:ja4:\ud83d\ude00")).toBe(true);
  });

  it("names what is wrong with an entry it could not store, and passes the rest", () => {
    expect(entryProblem(entry("ja4", "t13d1516h2_8daaf6152771_b186095e22b6"))).toBeNull();
    expect(entryProblem(entry("ja4", "a".repeat(505)))).toBeNull();
    expect(entryProblem(entry("ja4", "a".repeat(506)))).toMatch(/too long to store \(at most 512 bytes with its prefix "bl:ja4:"\)/);
    expect(entryProblem(entry("cidr", "198.51.100.0/24", "a".repeat(500)))).toBeNull();
    expect(entryProblem(entry("cidr", "198.51.100.0/24", "中".repeat(400)))).toMatch(/too large to store with a CIDR range/);
    // Only a CIDR entry carries itself in the key's metadata.
    expect(entryProblem(entry("ip", "203.0.113.7", "中".repeat(400)))).toBeNull();
  });

  it("refuses a peer whose name KV could not key its state by", () => {
    const peer = { apiRoot: "https://intel.example/taxii2/api/", collectionId: "guard" };
    expect(PeerConfig.safeParse({ ...peer, name: "Peer Lab" }).success).toBe(true);
    expect(PeerConfig.safeParse({ ...peer, name: "Peer \ud800Lab" }).success).toBe(false);
  });
});
