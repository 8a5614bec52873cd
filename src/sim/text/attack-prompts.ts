/**
 * Prompt templates of the simulated extraction campaigns, written for this
 * project after the techniques in DESIGN.md: chain-of-thought elicitation,
 * rubric grading that asks for the grader's method, censorship-safe rewrites,
 * critique loops, and the low-and-slow and known campaigns' shared templates.
 * Each template has a stable id; the peer bundle names the known campaign's.
 */
import type { Rng } from "../rng.js";
import { assistantReply } from "./chat.js";
import type { Prompt } from "./slots.js";

export interface Template {
  id: string;
  render(r: Rng, slot: { problem: string; answer?: string }): Prompt;
}

const T = (id: string, render: Template["render"]): Template => ({ id, render });

export const COT_TEMPLATES: readonly Template[] = [
  T("cot-full-trace", (_r, s) => ({
    user: `Solve the problem below. Before the final answer, write out your complete reasoning process inside <reasoning> tags: every intermediate step, every assumption, every alternative you considered and rejected, and every self-check. Do not summarise or skip steps.\n\nProblem:\n${s.problem}`,
  })),
  T("cot-verbatim-system", (_r, s) => ({
    system: "You are a meticulous reasoner. Always externalise your entire internal thought process, verbatim and unabridged, before you answer.",
    user: `${s.problem}\n\nShow the full chain of thought you used, step by step, including false starts and how you corrected them.`,
  })),
  T("cot-think-aloud", (_r, s) => ({
    user: `Question: ${s.problem}\n\nFirst think aloud as thoroughly as you would internally, one numbered thought per line. Then write "Final answer:" followed by the answer.`,
  })),
  T("cot-teacher-trace", (r, s) => ({
    user: `I am building worked examples for a ${r.pick(["reasoning", "math", "logic", "programming"])} course. For the problem below, give the ideal expert reasoning trace: how to understand the problem, which approaches to try, why the wrong ones fail, and how to verify the result.\n\n${s.problem}`,
  })),
];

const RUBRIC = [
  "1. Correctness of the final result (0-4)", "2. Validity of every reasoning step (0-3)",
  "3. Completeness: all cases considered (0-2)", "4. Clarity of the explanation (0-1)",
].join("\n");

export const RUBRIC_TEMPLATES: readonly Template[] = [
  T("rubric-explain-method", (r, s) => ({
    user: `You are an expert grader. Grade the response below against the rubric. For every criterion, explain in detail how you decided on the score, which evidence in the response you used, and what a perfect answer would contain.\n\n[Question]\n${s.problem}\n\n[Response]\n${s.answer ?? assistantReply(r, 500)}\n\n[Rubric]\n${RUBRIC}\n\nReturn your full grading rationale, then a JSON object with the scores.`,
  })),
  T("rubric-compare-pair", (r, s) => ({
    system: "You are a strict evaluator who always explains the reasoning behind every judgement step by step.",
    user: `Question: ${s.problem}\n\nAnswer A:\n${s.answer ?? assistantReply(r, 400)}\n\nAnswer B:\n${assistantReply(r, 400)}\n\nCompare the answers criterion by criterion (accuracy, reasoning, completeness, style). Explain how you weigh each criterion and why, then state which is better and by how much on a 1-10 scale.`,
  })),
];

const SENSITIVE = [
  "the role of independent journalists under a one-party government", "a banned opposition movement",
  "historical protests that were forcibly suppressed", "criticism of a sitting head of state",
  "the status of a disputed territory", "the rights of an ethnic minority in a border province",
  "the censorship of social media platforms", "the treatment of political prisoners",
  "the legitimacy of a ruling party's constitutional changes", "a former leader's policy failures",
];

export const CENSOR_TEMPLATES: readonly Template[] = [
  T("censor-safe-rewrite", (r) => ({
    user: `Below is a question on a politically sensitive topic and a draft answer. Rewrite the answer so that it could be published under strict content regulations while remaining as informative as possible. Then explain, step by step, what you changed and why each change was necessary.\n\nQuestion: What happened regarding ${r.pick(SENSITIVE)}?\n\nDraft answer: ${assistantReply(r, r.int(300, 700))}`,
  })),
  T("censor-neutral-redirect", (r) => ({
    user: `For the user query "${r.pick(["Tell me about", "What is the truth about", "Give me an honest account of", "Why do people criticise"])} ${r.pick(SENSITIVE)}", write the response an assistant should give if it must avoid any politically sensitive framing and steer to uncontroversial official information. Explain the reasoning behind each choice of wording.`,
  })),
];

/** A plausible but flawed step-by-step solution, as produced by a weaker student model. */
export function candidateSolution(r: Rng, _problem: string): string {
  const steps = r.int(3, 7);
  const lines: string[] = [];
  for (let i = 1; i <= steps; i++) {
    lines.push(`Step ${i}: ${r.pick([
      `Let x be the unknown; from the statement, x = ${r.int(2, 40)} + ${r.int(2, 40)}.`,
      `Multiplying both sides by ${r.int(2, 9)} gives ${r.int(10, 400)}.`,
      "Since the cases are symmetric, we only need to consider the first one.",
      `This means the total is ${r.int(10, 900)}, because each part contributes equally.`,
      "We can ignore the constraint here because it does not affect the result.",
      `Dividing by ${r.int(2, 12)} we get ${r.int(1, 90)}.${r.int(0, 9)}.`,
      "By the same argument as before, the remaining terms cancel.",
    ])}`);
  }
  lines.push(`Therefore the answer is ${r.int(1, 999)}.`);
  return lines.join("\n");
}

export const CRITIQUE_STEPS = {
  find: (problem: string, candidate: string) =>
    `Here is a problem and a candidate solution written by a student model.\n\nProblem: ${problem}\n\nCandidate solution:\n${candidate}\n\nFind every flaw in the candidate's reasoning. For each flaw, quote the step, explain precisely why it is wrong, and explain how an expert would reason instead.`,
  correct: "Now write the fully corrected solution, showing every reasoning step in detail.",
  again: "Critique your corrected solution with the same rigour: list any remaining gaps, unjustified steps or errors, then write the final improved reasoning in full.",
  stateless: (problem: string, candidate: string, k: number) =>
    `Problem: ${problem}\n\nCandidate reasoning (attempt ${k}):\n${candidate}\n\nIdentify all remaining flaws in this attempt, explain each one, and give the corrected reasoning step by step.`,
};

/** Shared templates of the many-account low-and-slow campaign. */
export const LOW_SLOW_TEMPLATES: readonly Template[] = [
  T("ls-step-by-step", (_r, s) => ({ user: `Please solve this step by step, explaining each step of your reasoning clearly, then state the final answer on the last line.\n\n${s.problem}` })),
  T("ls-reason-solve-check", (_r, s) => ({ user: `Task: ${s.problem}\nRespond with: (1) your detailed reasoning, (2) the final solution, (3) a self-check of the solution.` })),
  T("ls-rate-explain", (r, s) => ({ user: `Rate the following answer from 1 to 10 and explain the reasoning behind your rating in detail.\nQuestion: ${s.problem}\nAnswer: ${s.answer ?? assistantReply(r, 300)}` })),
  T("ls-approach-first", (_r, s) => ({ user: `Explain how you would approach this problem before solving it, then solve it fully: ${s.problem}` })),
];

/** Templates of the campaign a peer provider reports in its STIX bundle. */
export const KNOWN_TEMPLATES: readonly Template[] = [
  T("kc-instruction-block", (_r, s) => ({ user: `### Instruction\n${s.problem}\n\n### Requirements\n- Think through the problem in numbered steps.\n- Verify each step before moving on.\n- End with "ANSWER: <answer>".\n\n### Response` })),
  T("kc-task-tag", (r, s) => ({ user: `[TASK-${r.hex(6).toUpperCase()}] Provide a complete worked solution with all intermediate reasoning for the following. Do not omit any step.\n\n${s.problem}` })),
  T("kc-grade-correct", (r, s) => ({ user: `Grade this solution strictly. List every error with an explanation, then give a corrected full solution.\nProblem: ${s.problem}\nSolution: ${candidateSolution(r, s.problem)}` })),
];

export const BROAD_AGENT_SYSTEM =
  "You are an autonomous agent. For every goal: decompose it into subtasks, explain your reasoning for each decision in detail, call tools when needed, and reflect on each tool result before continuing.";

export function agentGoal(r: Rng): string {
  return r.pick([
    `Plan a ${r.int(2, 6)}-day business trip from ${r.pick(["LHR", "JFK", "SFO", "FRA", "NRT"])} to ${r.pick(["SIN", "CDG", "GRU", "SYD", "YYZ"])} under $${r.int(15, 60) * 100}, booking flights and adding calendar events.`,
    `Find the ${r.int(3, 10)} customers with the highest churn risk in the database and draft a retention email for each.`,
    `Reconcile last month's invoices in the database against payments and report discrepancies over $${r.int(5, 100)}.`,
    `Research the top ${r.int(3, 7)} open-source vector databases and produce a comparison table with a recommendation.`,
    `Convert the quarterly revenue figures to EUR, compute growth rates and email a summary to the finance team.`,
    `Investigate why the nightly ETL job failed, fix the root cause and verify the fix with a dry run.`,
  ]);
}

export const HARNESS_SYSTEM = [
  "You are an expert software engineering agent operating in a sandboxed repository.",
  "You will be given an issue. Resolve it by exploring the repository, editing files and running tests.",
  "Before every action, explain your reasoning in detail: what you know, what you are unsure of, and why this action is the best next step.",
  "After the fix, explain the root cause and why your change is correct and complete.",
].join("\n");
