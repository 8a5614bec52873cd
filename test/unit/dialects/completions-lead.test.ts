import { describe, expect, it } from "vitest";
import { computeSignals } from "../../../src/detect/index.js";
import { inlineSystemLead } from "../../../src/dialects/extract-openai.js";
import { parseBodyObject } from "../../../src/routes/request-parse.js";

const SYSTEM = "You are a senior software engineer and an excellent teacher.";
const USER = "Write a Rust function `is_bst` that checks if a binary tree is a valid binary search tree.\n\nFirst describe your approach in depth, then write the code.";

describe("a legacy completions prompt's inline system prompt", () => {
  it("is the persona paragraph the prompt opens with, after at most one short greeting", () => {
    expect(inlineSystemLead(`${SYSTEM}\n\n${USER}`)).toEqual({ system: SYSTEM, user: USER });
    expect(inlineSystemLead(`Hey. ${SYSTEM}\n\n${USER}`)?.system).toBe(`Hey. ${SYSTEM}`);
    expect(inlineSystemLead(`You're an assistant for a bakery.\n\nWhat time do you open?`)?.user).toBe("What time do you open?");
    expect(inlineSystemLead(`Act as the interviewer.\n\nAsk me one question.`)?.system).toBe("Act as the interviewer.");
  });

  it("is nothing when the prompt opens otherwise", () => {
    for (const p of [
      USER, // a task, not a persona
      "You are given a list of numbers.\n\nFind the median.", // a task phrased to the model
      `${SYSTEM}\n\n   `, // nothing after it
      `${SYSTEM}`, // no paragraph break
      `${SYSTEM}\nA second line.\n\n${USER}`, // the first paragraph is more than one line
      `${"x".repeat(600)} you are a poet.\n\nWrite.`, // too long to be a system prompt, and not at the start
      `Dear team, I hope this finds you well and rested. You are a star.\n\nThanks.`, // the greeting is more than one short sentence
    ]) expect(inlineSystemLead(p), p).toBeNull();
  });

  it("gives a completions request the signals of the same chat request", () => {
    const completions = parseBodyObject("completions", { model: "m", prompt: `${SYSTEM}\n\n${USER}`, max_tokens: 2048 }).req;
    const chat = parseBodyObject("chat", { model: "m", messages: [{ role: "system", content: SYSTEM }, { role: "user", content: USER }], max_tokens: 2048 }).req;
    expect(completions.system).toBe(SYSTEM);
    const { shape: _a, ...a } = computeSignals(completions);
    const { shape: _b, ...b } = computeSignals(chat);
    expect(a).toEqual(b);
    expect(a.systemFp).not.toBeNull();
    // A prompt without a persona is the user's text alone, as before.
    expect(parseBodyObject("completions", { model: "m", prompt: USER }).req.system).toBe("");
  });
});
