import { describe, expect, it } from "vitest";
import { recallAtFpr, rocAuc } from "../../../src/detect/metrics.js";

describe("metrics", () => {
  it.each([
    [[0.9, 0.8], [0.1, 0.2], 1],
    [[0.1, 0.2], [0.9, 0.8], 0],
    [[0.5], [0.5], 0.5],
  ])("ROC AUC of %j vs %j is %d", (pos, neg, auc) => {
    expect(rocAuc(pos, neg)).toBeCloseTo(auc);
  });

  it("recall at 1% FPR counts positives above the threshold that one negative in 100 exceeds", () => {
    const neg = Array.from({ length: 100 }, (_, i) => i / 100);
    expect(recallAtFpr([0.995, 0.985, 0.5], neg, 0.01)).toBeCloseTo(2 / 3);
  });
});
