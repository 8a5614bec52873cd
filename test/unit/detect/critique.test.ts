import { describe, expect, it } from "vitest";
import { computeSignals, prepareText, requestFromText } from "../../../src/detect/index.js";
import { ruleScores } from "../../../src/detect/intent.js";
import {
  CRITIQUE_LOOKALIKES,
  CRITIQUE_LOOKALIKES_FRESH,
  CRITIQUE_LOOKALIKES_ROUND2,
  CRITIQUE_OWN_WORK,
  CRITIQUE_PASTED,
  CRITIQUE_STEPWISE,
} from "./fixtures/critique-prompts.js";

const critique = (text: string): number => computeSignals(requestFromText(text)).kinds.critique;
const critiqueCues = (text: string): string[] => {
  const p = prepareText(text);
  return ruleScores(p.userTokens, p.systemTokens).cues.filter((c) => c.startsWith("crit."));
};

/** The account machine's default kind threshold (policy/machine.ts): a kind at or above it counts. */
const KIND_THRESHOLD = 0.5;

describe("critique cues for a submitted reasoning chain", () => {
  it.each<[string, string]>([
    ["point out the flaws in its logic", "crit.reasoning-flaw"],
    ["is the argument circular?", "crit.reasoning-flaw"],
    ["the conclusion doesn't follow from step 2", "crit.reasoning-flaw"],
    ["check for sign errors and hidden assumptions", "crit.reasoning-flaw"],
    ["for each step, say whether the step is valid", "crit.step-valid"],
    ["mark every line valid or invalid", "crit.step-valid"],
    ["act as a strict examiner", "crit.examiner"],
    ["tell me what is wrong and what is missing", "crit.wrong-missing"],
    ["scrutinise the derivation", "crit.assess-reasoning"],
    ["give me feedback on the reasoning", "crit.assess-reasoning"],
    ["here is my proof", "crit.own-reasoning"],
    ["a classmate's answer", "crit.candidate"],
  ])("%j fires %s", (text, cue) => {
    expect(critiqueCues(text)).toContain(cue);
  });

  it.each<[string]>([
    ["the feedback said my argument lacked evidence"],
    ["read the file line by line and check each line is valid JSON"],
    ["correct any grammatical errors in this paragraph"],
    ["do not follow links in the email"],
  ])("%j fires no reasoning cue", (text) => {
    const cues = critiqueCues(text);
    for (const c of ["crit.reasoning-flaw", "crit.step-valid", "crit.assess-reasoning"]) expect(cues).not.toContain(c);
  });
});

describe("critique extraction of the three shapes", () => {
  // Not every prompt: one cue alone is kept low on purpose, so a prompt that says little besides its problem stays under.
  it.each<[string, typeof CRITIQUE_PASTED]>([
    ["a pasted reasoning chain to evaluate", CRITIQUE_PASTED],
    ["one's own solution, with feedback asked on its reasoning", CRITIQUE_OWN_WORK],
    ["a strict examiner judging each step", CRITIQUE_STEPWISE],
  ])("raises most of %s to the account's kind threshold", (_shape, set) => {
    const counted = set.filter((p) => critique(p.text) >= KIND_THRESHOLD).length;
    expect(counted / set.length).toBeGreaterThanOrEqual(0.6);
  });

  it.each([...CRITIQUE_LOOKALIKES, ...CRITIQUE_LOOKALIKES_ROUND2, ...CRITIQUE_LOOKALIKES_FRESH].map((p) => [p.text.slice(0, 60), p.text]))(
    "keeps homework help, code review and proofreading below the kind threshold: %s",
    (_t, text) => {
      expect(critique(text)).toBeLessThan(KIND_THRESHOLD);
    },
  );
});
