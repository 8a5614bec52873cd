import { describe, expect, it } from "vitest";
import { fingerprintDistance, sameTemplate, templateFingerprint } from "../../../src/detect/fingerprint.js";
import { COT_TEMPLATE, INLINE_TEMPLATE, PROBLEMS, TEMPLATES } from "./fixtures/templates.js";

describe("template fingerprint", () => {
  it.each([
    ["labelled problem", COT_TEMPLATE],
    ["inline problem", INLINE_TEMPLATE],
  ])("gives one template filled with 50 different problems the same fingerprint (%s)", (_name, tpl) => {
    const fps = PROBLEMS.map((p) => templateFingerprint(tpl(p)));
    const first = fps[0] ?? "";
    for (const fp of fps) expect(fingerprintDistance(first, fp)).toBeLessThanOrEqual(3);
    expect(fps.every((fp) => sameTemplate(first, fp))).toBe(true);
  });

  it("keeps 50 different templates filled with the same problem apart", () => {
    const problem = PROBLEMS[7] ?? "";
    const fps = TEMPLATES.map((t) => templateFingerprint(t(problem)));
    let collisions = 0;
    for (let i = 0; i < fps.length; i++) for (let j = i + 1; j < fps.length; j++) if (sameTemplate(fps[i] ?? "", fps[j] ?? "")) collisions++;
    expect(collisions).toBe(0);
  });

  it("keeps 50 different templates apart when each is filled with a different problem", () => {
    const fps = TEMPLATES.map((t, i) => templateFingerprint(t(PROBLEMS[i] ?? "")));
    let collisions = 0;
    for (let i = 0; i < fps.length; i++) for (let j = i + 1; j < fps.length; j++) if (sameTemplate(fps[i] ?? "", fps[j] ?? "")) collisions++;
    expect(collisions).toBe(0);
  });

  it("keeps plain questions without a template apart", () => {
    const fps = PROBLEMS.slice(0, 20).map((p) => templateFingerprint(p));
    expect(new Set(fps).size).toBe(20);
  });

  it.each([
    ["0000000000000000", "0000000000000000", 0],
    ["ffffffffffffffff", "0000000000000000", 64],
    ["0000000100000001", "0000000000000000", 2],
  ])("measures Hamming distance %s vs %s = %i", (a, b, d) => {
    expect(fingerprintDistance(a, b)).toBe(d);
  });

  it("is 16 hex characters", () => {
    expect(templateFingerprint(COT_TEMPLATE(PROBLEMS[0] ?? ""))).toMatch(/^[0-9a-f]{16}$/);
  });
});
