import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { DEV_ADMIN_TOKEN, startLocal } from "../../src/node/local-worker";

it("keeps an in-memory guard's KV and objects in a folder of its own, and removes it when stopped", async () => {
  const { url, storage, stop } = await startLocal({ port: 0 });
  try {
    expect(storage).not.toBeNull();
    const res = await fetch(`${url.origin}/_guard/accounts/e2e-storage`, {
      method: "PUT",
      headers: { authorization: `Bearer ${DEV_ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ tier: "paid", apiKeys: ["sk-e2e-storage-0000000000"] }),
    });
    expect(res.ok).toBe(true);
    // The account's object and its key's KV entry are stored there, not in Miniflare's own temporary folder.
    const files = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : [e.name]));
    expect(files(storage!).some((f) => f.endsWith(".sqlite"))).toBe(true);
  } finally {
    await stop();
  }
  expect(existsSync(storage!)).toBe(false);
}, 60_000);
