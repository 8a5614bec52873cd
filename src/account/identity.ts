/**
 * Facts about an account's identity that several pure cores read (the risk
 * score, the campaign index, the blocklist check), in one leaf module so
 * that none of them imports another for it.
 */

/**
 * A verified enterprise account: a contract and a sales process stand behind
 * it, so its identity does not wait on its age. Campaigns run on the cheap
 * path (DESIGN.md: free, unverified, edu and research accounts); a young
 * enterprise account is a new customer, not a fresh sock puppet. Its
 * evidence is scaled as an established account's, it carries no new-account
 * prior (account/risk.ts), and the campaign index and the blocklist check
 * count it as established at any age (campaign/assess.ts, intel/match.ts).
 */
export function isContracted(a: { tier: string; verified: boolean }): boolean {
  return a.verified && a.tier === "enterprise";
}
