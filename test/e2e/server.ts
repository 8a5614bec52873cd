/** Starts the real guard (bundled Worker in local workerd via Miniflare) for e2e tests. */
import { DEV_ADMIN_TOKEN, startLocal } from "../../src/node/local-worker";
import { seedDemoAccounts } from "../../src/node/seed";

export interface Server {
  base: string;
  admin(method: string, path: string, body?: unknown): Promise<Response>;
  account(id: string, body: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
}

export async function startServer(): Promise<Server> {
  const { url, stop } = await startLocal({ port: 0 });
  const base = url.origin;
  await seedDemoAccounts(base, DEV_ADMIN_TOKEN);
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${base}/_guard${path}`, {
      method,
      headers: { authorization: `Bearer ${DEV_ADMIN_TOKEN}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    base,
    admin,
    async account(id, body) {
      const res = await admin("PUT", `/accounts/${id}`, { createdAt: Date.now() - 60 * 86_400_000, verified: true, ...body });
      if (!res.ok) throw new Error(`account ${id}: ${res.status} ${await res.text()}`);
    },
    stop,
  };
}
