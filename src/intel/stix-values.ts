/**
 * From parsed STIX comparisons to blocklist values (pure): which object
 * paths the guard can enforce, and how their values are normalised so that
 * they match the request path's keys exactly (`bl:<kind>:<value>`).
 */
import { parseCidr, parseIp } from "./match.js";
import { networkFingerprint } from "./network-fp.js";
import type { Comparison } from "./stix-pattern.js";
import { NETWORK_OBJECT, PROMPT_OBJECT } from "./stix-types.js";
import type { BlocklistKind } from "./types.js";

export type ValueResult =
  | { kind: "ok"; entry: { kind: BlocklistKind; value: string } }
  | { kind: "unsupported"; reason: string }
  | { kind: "invalid"; reason: string };

const HEX16 = /^[0-9a-f]{16}$/;
const JA4 = /^[A-Za-z0-9_]{1,128}$/;

/** RFC 5952 text of an IPv6 address (lowercase, longest zero run as ::), as request headers carry it. */
export function canonicalIp(ip: string): string | null {
  const p = parseIp(ip);
  if (!p) return null;
  if (p.bits === 32) return ip.split(".").map(Number).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => Number((p.value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len && j - i >= 2) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(":");
  return `${hex.slice(0, best.at).join(":")}::${hex.slice(best.at + best.len).join(":")}`;
}

function address(v: string | number, objectType: string): ValueResult {
  if (typeof v !== "string") return { kind: "invalid", reason: `${objectType} value must be a string` };
  if (v.includes("/")) {
    const c = parseCidr(v);
    const [addr] = v.split("/");
    const canon = addr ? canonicalIp(addr) : null;
    if (!c || !canon) return { kind: "invalid", reason: `"${v}" is not a CIDR range` };
    if (c.prefix === c.bits) return { kind: "ok", entry: { kind: "ip", value: canon } };
    return { kind: "ok", entry: { kind: "cidr", value: `${canon}/${c.prefix}` } };
  }
  const canon = canonicalIp(v);
  return canon ? { kind: "ok", entry: { kind: "ip", value: canon } } : { kind: "invalid", reason: `"${v}" is not an IP address` };
}

/** AS numbers are 32-bit (RFC 6793). */
function asn(v: string | number): ValueResult {
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 && n <= 4_294_967_295 && /^\d+$/.test(String(v))
    ? { kind: "ok", entry: { kind: "asn", value: String(n) } }
    : { kind: "invalid", reason: `"${String(v)}" is not an AS number` };
}

function hex16(kind: BlocklistKind, v: string | number): ValueResult {
  const s = String(v).toLowerCase();
  return HEX16.test(s) ? { kind: "ok", entry: { kind, value: s } } : { kind: "invalid", reason: `${kind} "${String(v)}" is not 16 hex characters` };
}

type Field = "ip" | "asn" | "ja4" | "ua" | "templateFp" | "systemFp" | "networkFp";

/** What one comparison's object path denotes, or null when the guard has no use for it. */
export function fieldOf(c: Comparison): Field | null {
  const t = c.objectType, p = c.path;
  if ((t === "ipv4-addr" || t === "ipv6-addr") && p === "value") return "ip";
  if (t === "network-traffic" && p === "src_ref.value") return "ip";
  if (t === "autonomous-system" && p === "number") return "asn";
  if ((t === "network-traffic" || t === "ipv4-addr" || t === "ipv6-addr") && /(^|\.)belongs_to_refs\[(\*|\d+)\]\.number$/.test(p)) return "asn";
  if (t === "network-traffic" && (p === "x_ja4" || /^extensions\.[^.]+\.ja4$/.test(p))) return "ja4";
  if (t === NETWORK_OBJECT && p === "ja4") return "ja4";
  if (t === "network-traffic" && /^extensions\.http-request-ext\.request_header\.user-agent$/i.test(p)) return "ua";
  if (t === PROMPT_OBJECT && p === "template_fp") return "templateFp";
  if (t === PROMPT_OBJECT && p === "system_fp") return "systemFp";
  if (t === NETWORK_OBJECT && p === "fingerprint") return "networkFp";
  return null;
}

function single(f: Field, c: Comparison): ValueResult {
  switch (f) {
    case "ip": return address(c.value, c.objectType);
    case "asn": return asn(c.value);
    case "ja4": return JA4.test(String(c.value)) ? { kind: "ok", entry: { kind: "ja4", value: String(c.value) } } : { kind: "invalid", reason: `"${String(c.value)}" is not a JA4 fingerprint` };
    case "ua": return { kind: "unsupported", reason: "a User-Agent alone is too widely shared to block" };
    default: return hex16(f, c.value);
  }
}

/** One alternative of a pattern (comparisons that hold together) → one blocklist value. */
export function alternativeToValue(group: readonly Comparison[]): ValueResult {
  const fields = group.map((c) => ({ c, f: fieldOf(c) }));
  const unknown = fields.find((x) => x.f === null);
  if (unknown) return { kind: "unsupported", reason: `${unknown.c.objectType}:${unknown.c.path} has no blocklist equivalent` };
  const bad = group.find((c) => c.op === "ISSUBSET" && fieldOf(c) !== "ip");
  if (bad) return { kind: "unsupported", reason: `ISSUBSET on ${bad.objectType}:${bad.path}` };
  if (fields.length === 1) return single(fields[0]!.f!, fields[0]!.c);
  // JA4 + User-Agent (+ ASN) of one client: the network fingerprint.
  const by = new Map(fields.map((x) => [x.f, x.c]));
  const ja4 = by.get("ja4"), ua = by.get("ua"), as = by.get("asn");
  if (ja4 && ua && by.size === (as ? 3 : 2) && fields.length === by.size) {
    const j = single("ja4", ja4);
    if (j.kind !== "ok") return j;
    const a = as ? asn(as.value) : null;
    if (a && a.kind !== "ok") return a;
    const fp = networkFingerprint({ ja4: j.entry.value, userAgent: String(ua.value), asn: a?.kind === "ok" ? Number(a.entry.value) : null });
    return { kind: "ok", entry: { kind: "networkFp", value: fp! } };
  }
  return { kind: "unsupported", reason: `AND of ${[...by.keys()].join(" + ")} has no blocklist equivalent` };
}
