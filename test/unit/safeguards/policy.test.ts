import { describe, expect, it } from "vitest";
import { SafeguardPolicy } from "../../../src/safeguards/policy.js";

describe("SafeguardPolicy", () => {
  it("gives the full default for an empty document", () => {
    expect(SafeguardPolicy.parse({})).toEqual({
      capN: 1,
      dropLogprobs: true,
      reasoning: "withhold",
      summaryMaxChars: 280,
      summaryLabel: "Summary of withheld reasoning",
      anthropicThinking: "off",
      anthropicThinkingBudget: 1024,
      dropReasoningInclude: true,
      maxTokensCap: null,
      canary: { enabled: false, words: 4 },
    });
  });

  it("fills nested canary defaults when only some are given", () => {
    expect(SafeguardPolicy.parse({ canary: { enabled: true } }).canary).toEqual({ enabled: true, words: 4 });
  });

  it.each([
    [{ capN: 0 }],
    [{ anthropicThinkingBudget: 1000 }],
    [{ reasoning: "drop" }],
    [{ maxTokensCap: 0 }],
  ])("rejects %j", (doc) => {
    expect(SafeguardPolicy.safeParse(doc).success).toBe(false);
  });
});
