import { describe, expect, it } from "vitest";
import { networkFingerprint } from "../../../src/intel/network-fp";
import { parsePattern, quote } from "../../../src/intel/stix-pattern";
import { alternativeToValue, canonicalIp } from "../../../src/intel/stix-values";

/** Entries a pattern yields, or the kind of refusal. */
function values(pattern: string): string[] | "unsupported" | "invalid" {
  const p = parsePattern(pattern);
  if (p.kind !== "ok") return p.kind;
  const out: string[] = [];
  for (const alt of p.alternatives) {
    const v = alternativeToValue(alt);
    if (v.kind === "invalid") return "invalid";
    if (v.kind === "ok") out.push(`${v.entry.kind}:${v.entry.value}`);
  }
  return out.length ? out : "unsupported";
}

const JA4 = "t13d1516h2_8daaf6152771_b186095e22b6";

describe("STIX pattern → blocklist values", () => {
  it.each([
    ["[ipv4-addr:value = '203.0.113.7']", ["ip:203.0.113.7"]],
    ["[ ipv4-addr:value = '10.0.0.0' ]", ["ip:10.0.0.0"]],
    ["[ipv4-addr:value ISSUBSET '198.51.100.0/24']", ["cidr:198.51.100.0/24"]],
    ["[ipv4-addr:value = '198.51.100.0/24']", ["cidr:198.51.100.0/24"]],
    ["[ipv4-addr:value = '198.51.100.9/32']", ["ip:198.51.100.9"]],
    ["[ipv6-addr:value = '2001:DB8:0:0:0:0:0:1']", ["ip:2001:db8::1"]],
    ["[ipv6-addr:value ISSUBSET '2001:db8::/32']", ["cidr:2001:db8::/32"]],
    ["[ipv4-addr:value = '192.0.2.1' OR ipv4-addr:value = '192.0.2.2']", ["ip:192.0.2.1", "ip:192.0.2.2"]],
    ["[ipv4-addr:value IN ('192.0.2.1', '192.0.2.3')]", ["ip:192.0.2.1", "ip:192.0.2.3"]],
    ["[ipv4-addr:value = '192.0.2.1'] OR [autonomous-system:number = 64500]", ["ip:192.0.2.1", "asn:64500"]],
    ["[autonomous-system:number = 13335]", ["asn:13335"]],
    ["[network-traffic:src_ref.value = '192.0.2.5']", ["ip:192.0.2.5"]],
    [`[network-traffic:x_ja4 = '${JA4}']`, [`ja4:${JA4}`]],
    ["[x-distill-prompt:template_fp = '0123456789ABCDEF']", ["templateFp:0123456789abcdef"]],
    ["[x-distill-prompt:system_fp = 'fedcba9876543210']", ["systemFp:fedcba9876543210"]],
    ["[x-distill-network:fingerprint = 'aaaaaaaaaaaaaaaa']", ["networkFp:aaaaaaaaaaaaaaaa"]],
    [
      `[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'python-httpx/0.27' AND network-traffic:x_ja4 = '${JA4}']`,
      [`networkFp:${networkFingerprint({ ja4: JA4, userAgent: "python-httpx/0.27", asn: null })}`],
    ],
    [
      `[network-traffic:x_ja4 = '${JA4}' AND network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'ua' AND network-traffic:src_ref.belongs_to_refs[*].number = 64500]`,
      [`networkFp:${networkFingerprint({ ja4: JA4, userAgent: "ua", asn: 64500 })}`],
    ],
  ])("%s → %j", (pattern, want) => {
    expect(values(pattern)).toEqual(want);
  });

  it.each([
    ["[ipv4-addr:value = '192.0.2.1'] FOLLOWEDBY [ipv4-addr:value = '192.0.2.2']"],
    ["[ipv4-addr:value = '192.0.2.1'] WITHIN 600 SECONDS"],
    ["[ipv4-addr:value = '192.0.2.1'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'"],
    ["[ipv4-addr:value != '192.0.2.1']"],
    ["[ipv4-addr:value NOT = '192.0.2.1']"],
    ["[domain-name:value = 'example.com']"],
    ["[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']"],
    ["[url:value MATCHES '^https?://']"],
    ["[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'curl/8']"],
    ["[ipv4-addr:value = '192.0.2.1' AND autonomous-system:number = 1]"],
  ])("skips what a blocklist cannot enforce: %s", (pattern) => {
    expect(values(pattern)).toBe("unsupported");
  });

  it.each([
    ["ipv4-addr:value = '192.0.2.1'"],
    ["[ipv4-addr:value = '192.0.2.1'"],
    ["[ipv4-addr:value = 192.0.2.1]"],
    ["[ipv4-addr:value = 'unterminated]"],
    ["[ipv4-addr:value = '999.1.1.1']"],
    ["[ipv4-addr:value = '10.0.0.0/40']"],
    ["[autonomous-system:number = 'AS13335']"],
    ["[x-distill-prompt:template_fp = 'not-hex']"],
    ["[] "],
    [""],
  ])("refuses a malformed pattern or value: %j", (pattern) => {
    expect(values(pattern)).toBe("invalid");
  });

  it("round-trips quoting of quotes and backslashes", () => {
    const ua = `Mozilla/5.0 (it's "quoted" \\ here)`;
    const p = parsePattern(`[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = ${quote(ua)} AND network-traffic:x_ja4 = '${JA4}']`);
    expect(p.kind).toBe("ok");
    if (p.kind === "ok") expect(p.alternatives[0]?.find((c) => c.path.endsWith("User-Agent"))?.value).toBe(ua);
  });

  it.each([
    ["2001:0db8:0000:0000:0000:ff00:0042:8329", "2001:db8::ff00:42:8329"],
    ["2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"],
    ["::1", "::1"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2:3:4:5:6"],
    ["203.0.113.7", "203.0.113.7"],
  ])("writes %s as the request path does: %s", (ip, want) => {
    expect(canonicalIp(ip)).toBe(want);
  });
});
