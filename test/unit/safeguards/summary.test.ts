import { describe, expect, it } from "vitest";
import { extractSummary, summarize, SummaryBuffer } from "../../../src/safeguards/summary.js";
import { policy } from "./helpers.js";

describe("extractSummary", () => {
  it.each([
    ["short text is kept whole", "First step.  Then   more.", 100, "First step. Then more."],
    ["cuts after the last sentence that fits", "One two three. Four five six. Seven eight nine.", 32, "One two three. Four five six."],
    ["cuts a long first sentence at a word and marks it", "alpha beta gamma delta epsilon", 17, "alpha beta gamma…"],
    ["a question ends a sentence", "Is it Paris? Yes it is, surely and certainly.", 20, "Is it Paris?"],
    ["a decimal point is not a sentence end", "Pi is 3.14 roughly and more words follow here.", 20, "Pi is 3.14 roughly…"],
    ["empty stays empty", "   ", 50, ""],
  ])("%s", (_name, text, max, expected) => {
    expect(extractSummary(text, max)).toBe(expected);
  });

  it("never returns more than maxChars plus the ellipsis", () => {
    const text = "word ".repeat(500);
    expect(extractSummary(text, 60).length).toBeLessThanOrEqual(60);
  });
});

describe("summarize", () => {
  it("labels the extract as the guard's", () => {
    expect(summarize("Plan: answer. Details follow.", policy({ summaryMaxChars: 40 }))).toBe(
      "[Summary of withheld reasoning] Plan: answer. Details follow.",
    );
  });

  it("carries the canary phrase only when the canary is enabled", () => {
    const canary = { id: "00", phrase: "bal-ker-mos-tin" };
    expect(summarize("Plan.", policy(), canary)).not.toContain("bal-ker");
    expect(summarize("Plan.", policy({ canary: { enabled: true } }), canary)).toBe(
      "[Summary of withheld reasoning · ref bal-ker-mos-tin] Plan.",
    );
  });
});

describe("SummaryBuffer", () => {
  it("holds a bounded head of a long trace and gives the same summary as the whole text", () => {
    const p = policy({ summaryMaxChars: 50 });
    const text = "Short opener here. " + "then a very long body of reasoning ".repeat(1000);
    const buf = new SummaryBuffer(50);
    let fullAt = -1;
    for (let i = 0; i < text.length; i += 13) if (buf.push(text.slice(i, i + 13)) && fullAt < 0) fullAt = i;
    expect(fullAt).toBeGreaterThan(0);
    expect(fullAt).toBeLessThan(200);
    expect(buf.summary(p)).toBe(summarize(text, p));
  });

  it("does not present a cut-off head as a complete trace", () => {
    const buf = new SummaryBuffer(40);
    buf.push("no sentence end anywhere in this rather long stretch of thought");
    expect(buf.summary(policy({ summaryMaxChars: 40 }))).toMatch(/…$/);
  });
});
