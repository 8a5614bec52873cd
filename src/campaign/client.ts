/**
 * Reaching the campaign index objects from the request path and the admin
 * API. Separate from campaign-do.ts so that importing it never loads
 * `cloudflare:workers` (the routes also run in Node tests).
 */
import type { CampaignIndex } from "./campaign-do.js";
import type { ActResult, CampaignView } from "./campaign-do.js";
import { splitReport } from "./cluster.js";
import {
  campaignPolicyOf, parseCampaignId, shardOf,
  type CampaignFinding, type CampaignReport, type FpKind, type FpObservation,
} from "./types.js";

function stubFor(env: Env, kind: FpKind, fp: string): DurableObjectStub<CampaignIndex> {
  return env.CAMPAIGN.getByName(shardOf(kind, fp));
}

/**
 * Report one request to the campaign index (call it in ctx.waitUntil, off the
 * request's critical path). `policy` is the policy document; its `campaign`
 * section applies. Returns the campaigns the account is part of.
 */
export async function reportToCampaigns(env: Env, report: CampaignReport, policy: unknown, opts: { replay?: boolean } = {}): Promise<CampaignFinding[]> {
  const p = campaignPolicyOf(policy);
  if (!p.enabled) return [];
  const byShard = new Map<string, FpObservation[]>();
  for (const o of splitReport(report, p)) {
    const shard = shardOf(o.kind, o.fp);
    byShard.set(shard, [...(byShard.get(shard) ?? []), o]);
  }
  // One shard after another, in the observations' order (template, system prompt, network, org), not side by side:
  // each object writes its campaign's blocklist entries itself, and two campaigns may publish the same value (a
  // template's and a network's campaign, one exit address). Each keeps its claim (intel/merge.ts), and of two equal
  // claims the first stored applies, so the order decides which campaign's claim a request is blocked by (its
  // reason). Side by side it was whichever object wrote first; in order it is the node engine's (memory-index.ts),
  // on every report. Off the request's critical path (waitUntil), so the added round trips cost no client time.
  const findings: CampaignFinding[] = [];
  for (const [shard, obs] of byShard) findings.push(...(await env.CAMPAIGN.getByName(shard).report(obs, p, opts.replay ?? false)));
  return findings;
}

/** A campaign's full view for operators, from its id (the id names its shard). */
export async function campaignDetail(env: Env, id: string, policy: unknown, now: number): Promise<CampaignView | null> {
  const k = parseCampaignId(id);
  if (!k) return null;
  return (await stubFor(env, k.kind, k.fp).view(k.kind, k.fp, campaignPolicyOf(policy), now)) as CampaignView | null;
}

export async function campaignAction(
  env: Env, id: string, action: "confirm" | "dismiss" | "expire", by: string, note: string | undefined, policy: unknown, now: number,
): Promise<ActResult> {
  const k = parseCampaignId(id);
  if (!k) return { ok: false, status: 404, error: "no such campaign" };
  return (await stubFor(env, k.kind, k.fp).act(k.kind, k.fp, action, by, note, campaignPolicyOf(policy), now)) as ActResult;
}
