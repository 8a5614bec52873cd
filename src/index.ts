/**
 * The Worker: the Hono app for requests, the Durable Object classes, the
 * embedded demo origin, and the scheduled handler.
 */
import { createApp } from "./app.js";
import type { GuardEnv } from "./routes/context.js";

export { AccountObject } from "./account/account-do.js";
export { CampaignIndex } from "./campaign/campaign-do.js";
export { DemoOrigin } from "./demo/origin.js";

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(_controller: ScheduledController, _env: GuardEnv, _ctx: ExecutionContext): Promise<void> {
    // Peer intelligence pulls are added with the TAXII client (issue 5).
  },
} satisfies ExportedHandler<GuardEnv>;
