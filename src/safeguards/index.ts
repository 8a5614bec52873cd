/**
 * Output safeguards (issue 6): pure request / response transforms applied when
 * a decision is `degrade`, and their dry-run (shadow) variants. No platform
 * imports: the same code runs in workerd, in Node and in the replay.
 */
export { SafeguardPolicy, CanaryPolicy, type SafeguardCode } from "./policy.js";
export { degradeRequest, shadowRequest, repairRequest, type RequestResult } from "./request.js";
export { degradeJson, shadowJson, type JsonResult } from "./json.js";
export { degradeSse, shadowSse, eventDegrader } from "./sse.js";
export type { EventDegrader, SseHooks, SafeguardContext } from "./types.js";
export { canaryFor, type Canary } from "./canary.js";
export { extractSummary, summarize, SummaryBuffer } from "./summary.js";
