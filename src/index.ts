/**
 * The Worker: the Hono app for requests, the Durable Object classes, the
 * embedded demo origin, and the scheduled handler.
 */
import { createApp } from "./app.js";
import type { GuardEnv } from "./routes/context.js";
import { pullPeers } from "./intel/peers.js";

export { AccountObject } from "./account/account-do.js";
export { CampaignIndex } from "./campaign/campaign-do.js";
export { BlocklistKeeper } from "./intel/keeper-do.js";
export { DemoOrigin } from "./demo/origin.js";

const app = createApp();

export default {
  fetch: app.fetch,
  /** Cron Trigger: pull the configured peers' TAXII collections into the blocklists. */
  async scheduled(controller: ScheduledController, env: GuardEnv, ctx: ExecutionContext): Promise<void> {
    ctx.waitUntil(pullPeers(env, controller.scheduledTime).then(() => undefined));
  },
} satisfies ExportedHandler<GuardEnv>;
