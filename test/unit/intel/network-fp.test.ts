import { describe, expect, it } from "vitest";
import { networkFingerprint, networkFingerprints } from "../../../src/intel/network-fp";

describe("network fingerprints", () => {
  it("keeps telling apart clients whose parts run into each other", () => {
    const a = networkFingerprint({ ja4: "t13d", userAgent: "sdk|64500", asn: null });
    const b = networkFingerprint({ ja4: "t13d", userAgent: "sdk", asn: 64500 });
    const c = networkFingerprint({ ja4: "t13d|sdk", userAgent: null, asn: 64500 });
    expect(new Set([a, b, c]).size).toBe(3);
    expect(networkFingerprint({ ja4: "T13D ", userAgent: "SDK  1.0", asn: 1 })).toBe(networkFingerprint({ ja4: "t13d", userAgent: "sdk 1.0", asn: 1 }));
    expect(networkFingerprint({ ja4: null, userAgent: "sdk", asn: 1 })).toBeNull();
  });

  it("gives the same value however often, and past the memo's bound", () => {
    const parts = (i: number) => ({ ja4: `t13d${i % 97}`, userAgent: `sdk/${i % 13}`, asn: i % 5 === 0 ? null : i % 7 });
    const first = Array.from({ length: 200 }, (_, i) => networkFingerprint(parts(i)));
    for (let i = 0; i < 5000; i++) networkFingerprint({ ja4: `other-${i}`, userAgent: null, asn: i });
    expect(Array.from({ length: 200 }, (_, i) => networkFingerprint(parts(i)))).toEqual(first);
    expect(networkFingerprints({ ja4: "t13d1", userAgent: "sdk/1", asn: 1 })).toEqual([
      networkFingerprint({ ja4: "t13d1", userAgent: "sdk/1", asn: 1 }), networkFingerprint({ ja4: "t13d1", userAgent: "sdk/1", asn: null }),
    ]);
  });
});
