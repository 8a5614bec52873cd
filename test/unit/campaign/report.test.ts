import { describe, expect, it } from "vitest";
import { campaignReport } from "../../../src/campaign/report";
import { DEFAULT_POLICY } from "../../../src/policy/schema";
import { account, proxyClient, signals } from "../account/helpers";

const M = DEFAULT_POLICY.machine;
const kinds = (over: Partial<Record<"cot" | "critique" | "autograde" | "datagen" | "probe" | "distillSystem", number>>) =>
  ({ cot: 0, critique: 0, autograde: 0, datagen: 0, probe: 0, distillSystem: 0, ...over });
const report = (s: ReturnType<typeof signals>) =>
  campaignReport(account(), { risk: 0.2, state: "trusted", ownRisk: 0.2 }, s, proxyClient(0), 1_000, M);

describe("campaign report", () => {
  it("weighs the request's extraction by its strongest kind, as the account machine weighs intent", () => {
    expect(report(signals({ extraction: 0.9, kinds: kinds({ probe: 0.9 }) })).extraction).toBeCloseTo(0.9 * M.kindWeights.probe, 9);
    expect(report(signals({ extraction: 0.9, kinds: kinds({ cot: 0.9, probe: 0.95 }) })).extraction).toBeCloseTo(0.9 * M.kindWeights.probe, 9);
    expect(report(signals({ extraction: 0.9, kinds: kinds({ cot: 0.95, probe: 0.6 }) })).extraction).toBeCloseTo(0.9 * M.kindWeights.cot, 9);
    expect(report(signals({ extraction: 0.3, kinds: kinds({ probe: 0.3 }) })).extraction).toBe(0.3);
    // A capability probe is not extraction-like to the index (campaign.extractionMin).
    expect(report(signals({ extraction: 0.95, kinds: kinds({ probe: 0.95 }) })).extraction).toBeLessThan(DEFAULT_POLICY.campaign.extractionMin);
  });

  it("reports no extraction for a request whose answer budget has no room for it (machine.shortAnswerTokens)", () => {
    const grading = (maxTokens: number | null) => signals({ extraction: 0.9, kinds: kinds({ autograde: 0.9 }), shape: { maxTokens } });
    expect(report(grading(20)).extraction).toBe(0);
    expect(report(grading(M.shortAnswerTokens)).extraction).toBe(0);
    expect(report(grading(M.shortAnswerTokens + 1)).extraction).toBeCloseTo(0.9 * M.kindWeights.autograde, 9);
    expect(report(grading(null)).extraction).toBeCloseTo(0.9 * M.kindWeights.autograde, 9);
  });

  it("says whether the request asks for the reasoning in full (machine.heavyOutputTokens), as the account machine counts it", () => {
    expect(report(signals({ shape: { reasoningRequested: true, maxTokens: 16_000 } })).heavy).toBe(true);
    expect(report(signals({ shape: { reasoningRequested: true, maxTokens: null } })).heavy).toBe(true);
    expect(report(signals({ shape: { reasoningRequested: true, maxTokens: 2_000 } })).heavy).toBe(false);
    expect(report(signals({ shape: { reasoningRequested: false, maxTokens: 16_000 } })).heavy).toBe(false);
  });

  it("carries the prompt's hash and the account's own risk, never the prompt", () => {
    const r = report(signals({ promptHash: 12345 }));
    expect(r).toMatchObject({ promptHash: 12345, risk: 0.2, restricted: false });
    expect(JSON.stringify(r)).not.toMatch(/messages|content/);
  });
});
