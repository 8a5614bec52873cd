/**
 * The client's network fingerprint. In production Cloudflare sets
 * `cf-connecting-ip` and `request.cf` itself (a client cannot spoof them);
 * locally Miniflare fills them in.
 */
import type { ClientFingerprint } from "../account/types.js";

interface CfLike {
  asn?: unknown;
  country?: unknown;
  botManagement?: { ja4?: unknown } | undefined;
}

export function clientFingerprint(headers: Headers, cf: CfLike | undefined): ClientFingerprint {
  const asn = typeof cf?.asn === "number" ? cf.asn : typeof cf?.asn === "string" && /^\d+$/.test(cf.asn) ? Number(cf.asn) : null;
  const ja4 = cf?.botManagement && typeof cf.botManagement.ja4 === "string" ? cf.botManagement.ja4 : null;
  return {
    ip: headers.get("cf-connecting-ip") ?? "0.0.0.0",
    asn,
    country: typeof cf?.country === "string" ? cf.country : null,
    ja4,
    userAgent: headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}
