/**
 * The hold before any campaign from three established machines, when accounts the machine restricts share the prompt
 * (policy.campaign.account.harvestHoldOperatedCorroborated), through the real Worker app in workerd: account and
 * campaign-index Durable Objects. In a file of its own: the storage of a test file is shared by its tests, and the
 * other campaign tests' shards made each request here several times dearer.
 */
import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { templateFingerprint } from "../../src/detect/fingerprint";
import { account, adminCall, app, DAY, fetchApp, type Summary, type View } from "./campaign-helpers";

describe("the hold from three established machines beside restricted members", () => {
  it("answers without the reasoning a prompt three established machines run beside accounts restricted for a proxy pool (harvestHoldOperatedCorroborated); three alone are not enough", async () => {
    // A campaign's first half hour: two of its aged accounts send the agent's system prompt through a proxy pool (each
    // request another address on another network), and the account machine restricts them; three aged accounts of two
    // orgs send it from six cloud addresses each, asking for the reasoning in full. Two restricted accounts make no
    // campaign (minRestricted is 3); beside them, three established members running the prompt as machines are enough
    // for the hold (five without them).
    const run = async (tag: string, pooled: number) => {
      const system = `You are an autonomous coding agent (${tag}). Reproduce the failure, write the fix as a minimal patch and run the tests.`;
      const request = (key: string, i: number, ip: string, asn: number, heavy = true) => new Request("https://guard.test/v1/chat/completions", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "cf-connecting-ip": ip, "user-agent": "OpenAI/Python 1.61.0" },
        body: JSON.stringify({
          model: "demo-1", max_completion_tokens: 16_000, ...(heavy ? { reasoning_effort: "high" } : {}),
          messages: [{ role: "system", content: system }, { role: "user", content: `Ticket ${tag}-${i}: the exporter drops row number ${i * 11 + 5}.` }],
        }),
        cf: { asn, country: "US" },
      } as RequestInit);
      const orgs = [`org-${crypto.randomUUID().slice(0, 8)}`, `org-${crypto.randomUUID().slice(0, 8)}`];
      let n = 0;
      const pool: string[] = [];
      for (let a = 0; a < pooled; a++) pool.push(await account(`${tag}-pool${a}`, { tier: "paid", verified: true, createdAt: Date.now() - 150 * DAY, org: orgs[0] }));
      // Each pooled account until the account machine serves it degraded (at most 40 requests).
      const states = [];
      for (const key of pool) {
        let last: View["recent"][number] | undefined;
        for (let r = 0; r < 40 && last?.action !== "degrade"; r++) {
          await fetchApp(request(key, n++, `100.${64 + (n % 60)}.${n % 250}.${(n * 7) % 250}`, 7000 + n));
          last = ((await (await adminCall("GET", `/accounts/${key.slice("sk-test-".length)}?limit=1`)).json()) as View).recent[0];
        }
        states.push(last);
      }
      const keys: string[] = [];
      for (let a = 0; a < 3; a++) keys.push(await account(`${tag}-agent${a}`, { tier: "paid", verified: true, createdAt: Date.now() - 150 * DAY, org: orgs[a % 2] }));
      for (let round = 0; round < 24; round++) for (const [a, key] of keys.entries()) await fetchApp(request(key, n++, `198.18.${a}.${10 + (round % 6)}`, 16509));
      const last = (await (await app.fetch(request(keys[2]!, n++, "198.18.2.15", 16509), env, createExecutionContext())).json()) as { choices: { message: { reasoning_content?: string } }[] };
      const view = (await (await adminCall("GET", `/accounts/${keys[2]!.slice("sk-test-".length)}?limit=1`)).json()) as View;
      const listed = (await (await adminCall("GET", "/campaigns")).json()) as { campaigns: Summary[] };
      const fp = templateFingerprint(system)!;
      return { states, reasoning: last.choices[0]!.message.reasoning_content ?? "", view, listed, fp };
    };
    const corroborated = await run("corroborated", 2);
    // The pooled accounts are restricted by their own streams (served degraded); two are no campaign.
    for (const s of corroborated.states) expect(s).toMatchObject({ action: "degrade", reasons: expect.arrayContaining(["network:rotation"]) });
    expect(corroborated.reasoning).toBe("");
    expect(corroborated.view.recent[0]).toMatchObject({ action: "degrade", state: "trusted", reasons: ["request:campaign-harvest", `campaign:sys-${corroborated.fp}`] });
    expect(corroborated.listed.campaigns.some((c) => c.id.endsWith(corroborated.fp))).toBe(false);
    // The same three machines with no restricted member beside them: served with the reasoning.
    const alone = await run("alone", 0);
    expect(alone.reasoning).toMatch(/\S/);
    expect(alone.view.recent[0]).toMatchObject({ action: "allow", state: "trusted" });
  }, 300_000);
});
