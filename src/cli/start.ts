/**
 * `npm start`: the guard on http://127.0.0.1:8787 with local KV and Durable
 * Objects (persisted under .wrangler/state/distill-guard), the embedded demo
 * origin, and the seeded demo accounts. No network beyond loopback.
 */
import path from "node:path";
import { DEV_ADMIN_TOKEN, ROOT, startLocal } from "../node/local-worker.js";
import { DEMO_ACCOUNTS, seedDemoAccounts } from "../node/seed.js";

const port = Number(process.env.PORT ?? 8787);
const persistDir = process.env.GUARD_STATE_DIR ?? path.join(ROOT, ".wrangler/state/distill-guard");
const { url, stop } = await startLocal({ port, persistDir });
await seedDemoAccounts(url, DEV_ADMIN_TOKEN);

const base = url.origin;
process.stdout.write(`distill-guard listening on ${base}
  demo origin: embedded (OpenAI + Anthropic dialects, streaming, reasoning)
  accounts:    ${DEMO_ACCOUNTS.map((a) => `${a.id} (key ${a.key})`).join(", ")}
  admin token: ${DEV_ADMIN_TOKEN}

  curl ${base}/v1/chat/completions -H 'authorization: Bearer dg-demo-paid' \\
       -H 'content-type: application/json' \\
       -d '{"model":"demo-1","messages":[{"role":"user","content":"Hello"}]}'
  curl ${base}/_guard/accounts/demo-paid -H 'authorization: Bearer ${DEV_ADMIN_TOKEN}'
Ctrl-C to stop.
`);

const shutdown = async () => {
  await stop();
  process.exit(0);
};
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
