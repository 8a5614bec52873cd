/**
 * The campaign report of one decided request (pure), built the same way by
 * the request path (routes/proxy.ts) and the replay's node engine, so the
 * index sees the same thing from both.
 */
import { LEVEL, type StateName } from "../account/behaviour.js";
import { answerHasRoom, asksHeavyReasoning } from "../account/features.js";
import type { AccountInfo } from "../account/record.js";
import type { ClientFingerprint, Decision } from "../account/types.js";
import { EXTRACTION_KINDS, type Signals } from "../detect/types.js";
import type { MachinePolicy } from "../policy/machine.js";
import type { CampaignReport } from "./types.js";

/**
 * `restricted` is the behavioural state (watch or worse), not the action: a
 * probation account's degraded reasoning request, or a rate limit's 429, says
 * nothing about a campaign, and would make any template popular with new
 * accounts look like one. Risk and restriction are the account's own
 * (without the campaign family): a campaign's evidence must not feed back
 * into the index, where it would spread to every other fingerprint of an
 * account that merely shared one generic prompt.
 *
 * `heavy`: the request asks for the reasoning in full (account/features.ts asksHeavyReasoning).
 * `operates`: the account's own stream shows how it operates (Decision.operates).
 *
 * `extraction` is 0 for a request whose answer budget has no room for
 * what extraction wants (machine.shortAnswerTokens), as the account machine
 * counts it; otherwise it is weighted by kind as the account machine weighs
 * intent (`machine.kindWeights`): a capability probe ("What is your knowledge
 * cutoff?") is what curious people send a new model, and a crowd of new
 * accounts sending one is not a crowd of extraction-like requests.
 */
export function campaignReport(
  account: AccountInfo, decision: Pick<Decision, "risk" | "state" | "ownRisk" | "operates">, signals: Signals, client: ClientFingerprint, now: number,
  m: Pick<MachinePolicy, "thresholds" | "kindThreshold" | "kindWeights" | "shortAnswerTokens" | "heavyOutputTokens">,
): CampaignReport {
  const own = decision.ownRisk ?? decision.risk;
  const watchAt = m.thresholds.watch;
  return {
    at: now,
    account: { id: account.id, org: account.org, tier: account.tier, verified: account.verified, createdAt: account.createdAt },
    risk: own,
    restricted: ((LEVEL as Record<string, number>)[decision.state as StateName] ?? 0) >= 1 && own >= watchAt,
    extraction: answerHasRoom(signals.shape, m) ? weightedExtraction(signals, m) : 0,
    heavy: asksHeavyReasoning(signals.shape, m),
    operates: decision.operates === true,
    templateFp: signals.templateFp,
    systemFp: signals.systemFp,
    promptHash: signals.promptHash,
    client: { ip: client.ip, asn: client.asn, ja4: client.ja4, userAgent: client.userAgent },
  };
}

/**
 * The request's extraction score, weighted by its strongest detected kind's
 * weight; as it is when no kind reaches the machine's threshold (then it is
 * low anyway).
 */
function weightedExtraction(s: Signals, m: Pick<MachinePolicy, "kindThreshold" | "kindWeights">): number {
  let best = -1;
  let weight = 1;
  for (let i = 0; i < EXTRACTION_KINDS.length; i++) {
    const k = EXTRACTION_KINDS[i]!;
    const x = s.kinds[k];
    if (x >= m.kindThreshold && x > best) {
      best = x;
      weight = m.kindWeights[k];
    }
  }
  return s.extraction * weight;
}
