/** Every scenario the simulator runs, legitimate first; the order fixes tie-breaks in the merged traffic. */
import type { Scenario } from "../scenario.js";
import { attackBroadAgentic } from "./attack-broad.js";
import { attackMassiveCoding } from "./attack-coding.js";
import { attackCritiqueLoop } from "./attack-critique.js";
import { attackKnownCampaign } from "./attack-known.js";
import { attackLowAndSlow } from "./attack-low-slow.js";
import { attackSurgicalCot } from "./attack-surgical.js";
import { legitBenchmarkPublic } from "./legit-benchmark.js";
import { legitEvalSuite } from "./legit-eval.js";
import { legitHarnessUser } from "./legit-harness.js";
import { legitIdeAgent } from "./legit-ide.js";
import { legitChat, legitStudent } from "./legit-people.js";
import { legitJudge, legitRagBot } from "./legit-pipelines.js";
import { legitReleaseDay } from "./legit-release.js";

export const SCENARIOS: readonly Scenario[] = [
  legitChat, legitIdeAgent, legitEvalSuite, legitJudge, legitRagBot, legitStudent, legitReleaseDay, legitBenchmarkPublic, legitHarnessUser,
  attackSurgicalCot, attackBroadAgentic, attackMassiveCoding, attackLowAndSlow, attackCritiqueLoop, attackKnownCampaign,
];
