/**
 * The campaign report of one decided request (pure), built the same way by
 * the request path (routes/proxy.ts) and the replay's node engine, so the
 * index sees the same thing from both.
 */
import { LEVEL, type StateName } from "../account/behaviour.js";
import type { AccountInfo } from "../account/record.js";
import type { ClientFingerprint, Decision } from "../account/types.js";
import type { Signals } from "../detect/types.js";
import type { CampaignReport } from "./types.js";

/**
 * `restricted` is the behavioural state (watch or worse), not the action: a
 * probation account's degraded reasoning request, or a rate limit's 429, says
 * nothing about a campaign, and would make any template popular with new
 * accounts look like one. Risk and restriction are the account's own
 * (without the campaign family): a campaign's evidence must not feed back
 * into the index, where it would spread to every other fingerprint of an
 * account that merely shared one generic prompt.
 */
export function campaignReport(
  account: AccountInfo, decision: Pick<Decision, "risk" | "state" | "ownRisk">, signals: Signals, client: ClientFingerprint, now: number,
  watchAt: number,
): CampaignReport {
  const own = decision.ownRisk ?? decision.risk;
  return {
    at: now,
    account: { id: account.id, org: account.org, tier: account.tier, verified: account.verified, createdAt: account.createdAt },
    risk: own,
    restricted: ((LEVEL as Record<string, number>)[decision.state as StateName] ?? 0) >= 1 && own >= watchAt,
    extraction: signals.extraction,
    templateFp: signals.templateFp,
    systemFp: signals.systemFp,
    promptHash: signals.promptHash,
    client: { ip: client.ip, asn: client.asn, ja4: client.ja4, userAgent: client.userAgent },
  };
}
