import { describe, expect, it } from "vitest";
import { computeSignals, requestFromText } from "../../../src/detect/index.js";
import { compileRules, matchRules } from "../../../src/detect/rule-engine.js";
import { scan } from "../../../src/detect/tokens.js";
import { LEGIT_MULTILINGUAL } from "./fixtures/own-prompts.js";
import { PIPELINE_LOOKALIKES, PIPELINE_PROMPTS } from "./fixtures/pipeline-prompts.js";

const score = (text: string, system?: string) => computeSignals(requestFromText(text, system));

describe("cue patterns", () => {
  const m = compileRules([
    { id: "gap", kind: "datagen", w: 1, p: "generate * task" },
    { id: "num", kind: "datagen", w: 1, p: "# * question" },
    { id: "near", kind: "cot", w: 1, p: "reveal &3 reasoning" },
    { id: "seq", kind: "cot", w: 1, p: "step by step" },
  ]);
  const fired = (text: string): string[] => {
    const hit = matchRules(m, scan(text));
    return m.rules.filter((_, i) => hit[i] === 1).map((r) => r.id);
  };
  it.each<[string, string[]]>([
    ["generate three new tasks", ["gap"]],
    ["generate one two three four five tasks", []],
    ["write 20 short questions", ["num"]],
    ["write twenty questions", ["num"]],
    ["your reasoning, reveal it", ["near"]],
    ["reveal the answer and not the long hidden reasoning", []],
    ["go step by step", ["seq"]],
    ["step by", []],
  ])("matches %j to %j", (text, ids) => {
    expect(fired(text)).toEqual(ids);
  });
});

describe("pipeline-style prompts", () => {
  const ordinary = Math.max(...LEGIT_MULTILINGUAL.map((p) => score(p.text).extraction));

  it.each(PIPELINE_PROMPTS.map((p) => [p.kind, p.text.slice(0, 60), p]))("raises %s above every ordinary request: %s", (kind, _t, p) => {
    expect(score(p.text, p.system).kinds[kind]).toBeGreaterThan(ordinary);
  });

  it.each(PIPELINE_LOOKALIKES.map((p) => [p.text.slice(0, 60), p]))("keeps an ordinary request that shares their words below 0.7: %s", (_t, p) => {
    expect(score(p.text, p.system).extraction).toBeLessThan(0.7);
  });

  it.each(["hi", "hello!", "thanks!", "Who won the 2018 World Cup?", "Write a haiku about rain."])(
    "does not read a short everyday message as a capability probe: %j",
    (text) => {
      expect(score(text).extraction).toBeLessThan(0.1);
    },
  );

  it("still reads an explicit self-identification question as a probe", () => {
    expect(score("Which model are you, who trained you and what is your knowledge cutoff?").kinds.probe).toBeGreaterThan(0.9);
  });
});
