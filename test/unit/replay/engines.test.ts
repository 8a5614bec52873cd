/**
 * Both engines on the same input give the same decisions, byte for byte
 * (REPLAY.md). A small simulated day (a subset of its accounts, so the
 * workerd engine's HTTP round trips stay under a minute) plus the lines the
 * guard refuses before deciding.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { replayFiles } from "../../../src/cli/replay";
import { createSimulation, DEFAULT_START } from "../../../src/sim/simulate";

const dir = mkdtempSync(join(tmpdir(), "dg-engines-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeInputs(): number {
  const sim = createSimulation({ seed: 11, scale: 0.01, days: 1, start: DEFAULT_START }, []);
  const keep = new Set(sim.accounts.filter((_, i) => i % 3 === 0).flatMap((a) => a.apiKeys));
  const traffic = [...sim.traffic].filter((l) => keep.has(l.apiKey));
  const last = traffic[traffic.length - 1]!;
  const key = last.apiKey;
  const edge = [
    { ...last, apiKey: "sk-no-such-account-key" },
    { ...last, body: { model: "frontier-2" } },
    { ...last, method: "GET" },
    { ...last, path: "/v2/chat" },
    { ...last, path: "/v1/messages", headers: {}, body: { model: "frontier-sonnet-2", max_tokens: 5, messages: [{ role: "user", content: "hi" }] } },
    { ...last, path: "/v1/models", method: "GET" },
    { ...last, headers: { "content-type": "text/plain" } },
  ].map((l, i) => ({ ...l, ts: last.ts + 1000 * (i + 1), apiKey: l.apiKey ?? key }));
  writeFileSync(join(dir, "accounts.jsonl"), sim.accounts.map((a) => JSON.stringify(a)).join("\n") + "\n");
  writeFileSync(join(dir, "events.jsonl"), sim.events.filter((e) => e.type === "model-release").map((e) => JSON.stringify(e)).join("\n") + "\n");
  writeFileSync(join(dir, "traffic.jsonl"), [...traffic, ...edge].map((l) => JSON.stringify(l)).join("\n") + "\n");
  return traffic.length + edge.length;
}

describe("replay engines", () => {
  it("node (in one thread and with worker threads) and workerd write byte-identical decisions", async () => {
    const n = writeInputs();
    const files = { accounts: join(dir, "accounts.jsonl"), traffic: join(dir, "traffic.jsonl"), events: join(dir, "events.jsonl"), quiet: true };
    const node = await replayFiles({ ...files, engine: "node", jobs: 0, out: join(dir, "node.jsonl") });
    const pooled = await replayFiles({ ...files, engine: "node", jobs: 2, out: join(dir, "pooled.jsonl") });
    const workerd = await replayFiles({ ...files, engine: "workerd", out: join(dir, "workerd.jsonl") });
    expect(node.lines).toBe(n);
    expect(pooled.lines).toBe(n);
    expect(workerd.lines).toBe(n);
    const a = readFileSync(join(dir, "node.jsonl"), "utf8");
    const b = readFileSync(join(dir, "workerd.jsonl"), "utf8");
    // The node engine's first stage on worker threads changes nothing either.
    expect(readFileSync(join(dir, "pooled.jsonl"), "utf8")).toBe(a);
    const diff = a.split("\n").findIndex((line, i) => line !== b.split("\n")[i]);
    expect(diff, `first differing line: ${diff}\nnode:    ${a.split("\n")[diff]}\nworkerd: ${b.split("\n")[diff]}`).toBe(-1);
    // The set exercises more than "allow": behavioural and refused lines alike.
    const actions = new Set(a.trim().split("\n").map((l) => (JSON.parse(l) as { action: string }).action));
    expect([...actions]).toEqual(expect.arrayContaining(["allow", "degrade", "block"]));
  }, 180_000);
});
