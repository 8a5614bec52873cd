/**
 * The replay's first-stage cache (src/cli/stage-cache.ts): a second run of
 * the same traffic reads the first stage back and writes the same bytes; the
 * key follows the traffic file, the policy values the first stage reads and
 * nothing else of the policy; a run that fails leaves no cache; pruning
 * keeps the newest.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replayFiles, type ReplayFiles } from "../../../src/cli/replay";
import { stageScript } from "../../../src/cli/replay-pool";
import { cacheDir, codeHash, pruneCaches, stageCacheKey } from "../../../src/cli/stage-cache";
import { DEFAULT_POLICY, mergePolicy } from "../../../src/policy/schema";
import { createSimulation, DEFAULT_START } from "../../../src/sim/simulate";

const dir = mkdtempSync(join(tmpdir(), "dg-stage-cache-"));
const caches = join(dir, "caches");
const before = process.env.DISTILL_GUARD_CACHE_DIR;
beforeAll(() => {
  process.env.DISTILL_GUARD_CACHE_DIR = caches;
});
afterAll(() => {
  if (before === undefined) delete process.env.DISTILL_GUARD_CACHE_DIR;
  else process.env.DISTILL_GUARD_CACHE_DIR = before;
  rmSync(dir, { recursive: true, force: true });
});

const sim = createSimulation({ seed: 5, scale: 0.01, days: 1, start: DEFAULT_START }, []);
const trafficLines = [...sim.traffic].slice(0, 1500).map((l) => JSON.stringify(l));
writeFileSync(join(dir, "accounts.jsonl"), sim.accounts.map((a) => JSON.stringify(a)).join("\n") + "\n");
writeFileSync(join(dir, "events.jsonl"), sim.events.filter((e) => e.type === "model-release").map((e) => JSON.stringify(e)).join("\n") + "\n");
writeFileSync(join(dir, "traffic.jsonl"), trafficLines.join("\n") + "\n");

const files = (out: string, extra: Partial<ReplayFiles> = {}): ReplayFiles => ({
  accounts: join(dir, "accounts.jsonl"), traffic: join(dir, "traffic.jsonl"), events: join(dir, "events.jsonl"),
  out: join(dir, out), engine: "node", quiet: true, jobs: 1, ...extra,
});
const read = (out: string) => readFileSync(join(dir, out), "utf8");
const cacheDirs = () => (existsSync(caches) ? readdirSync(caches).filter((n) => n.startsWith("stage-")) : []);

describe("first-stage cache", () => {
  it("writes the first stage on a complete run and reads it back for the same bytes", async () => {
    await replayFiles(files("plain.jsonl"));
    const first = await replayFiles(files("first.jsonl", { stageCache: true }));
    expect(first.stage).toBe("prepared");
    expect(cacheDirs()).toHaveLength(1);
    const second = await replayFiles(files("second.jsonl", { stageCache: true, jobs: 0 }));
    expect(second.stage).toBe("cached");
    expect(read("first.jsonl")).toBe(read("plain.jsonl"));
    expect(read("second.jsonl")).toBe(read("plain.jsonl"));
    expect(second.tally).toEqual(first.tally);
  });

  it("is keyed by what the first stage reads of the policy, and by nothing else of it", async () => {
    const script = await stageScript();
    const traffic = join(dir, "traffic.jsonl");
    const base = stageCacheKey(traffic, script, DEFAULT_POLICY);
    const machine = mergePolicy({ machine: { evidence: { network: 1 } }, campaign: { enabled: false } }).data!;
    expect(stageCacheKey(traffic, script, machine)).toBe(base);
    expect(stageCacheKey(traffic, script, mergePolicy({ maxBodyBytes: 4096 }).data!)).not.toBe(base);
    expect(stageCacheKey(traffic, script, mergePolicy({ limits: { maxOutputReserve: 2048 } }).data!)).not.toBe(base);

    // Another policy on the same cache decides as it would without one.
    const policyFile = join(dir, "machine.json");
    writeFileSync(policyFile, JSON.stringify({ machine: { evidence: { network: 1 } }, campaign: { enabled: false } }));
    await replayFiles(files("machine-plain.jsonl", { policy: policyFile }));
    const cached = await replayFiles(files("machine-cached.jsonl", { policy: policyFile, stageCache: true }));
    expect(cached.stage).toBe("cached");
    expect(read("machine-cached.jsonl")).toBe(read("machine-plain.jsonl"));
    expect(read("machine-cached.jsonl")).not.toBe(read("plain.jsonl"));
  });

  it("is not read for a traffic file that changed", async () => {
    const traffic = join(dir, "traffic.jsonl");
    const script = await stageScript();
    const key = stageCacheKey(traffic, script, DEFAULT_POLICY);
    // The same size, another line order: only the contents tell them apart.
    const swapped = [trafficLines[1], trafficLines[0], ...trafficLines.slice(2)];
    writeFileSync(traffic, swapped.join("\n") + "\n");
    expect(stageCacheKey(traffic, script, DEFAULT_POLICY)).not.toBe(key);
    const r = await replayFiles(files("changed.jsonl", { stageCache: true }));
    expect(r.stage).toBe("prepared");
    await replayFiles(files("changed-plain.jsonl"));
    expect(read("changed.jsonl")).toBe(read("changed-plain.jsonl"));
    writeFileSync(traffic, trafficLines.join("\n") + "\n");
  });

  it("leaves nothing behind when the run stops on malformed input", async () => {
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, [...trafficLines.slice(0, 900), "{not json", ...trafficLines.slice(900)].join("\n") + "\n");
    const n = cacheDirs().length;
    await expect(replayFiles(files("bad-out.jsonl", { traffic: bad, stageCache: true }))).rejects.toThrow(/bad\.jsonl:901/);
    expect(cacheDirs()).toHaveLength(n);
    expect(readdirSync(caches).filter((f) => f.includes(".partial-"))).toEqual([]);
  });

  it.each([
    ["cut short", (b: Buffer) => b.subarray(0, b.length - 10)],
    ["cut at a batch's end", (b: Buffer) => b.subarray(0, b.length - (b.readUInt32LE(0) + 4))],
    ["emptied", () => Buffer.alloc(0)],
    ["with one bit flipped inside a batch", (b: Buffer) => { const c = Buffer.from(b); c[Math.floor(c.length / 2)]! ^= 4; return c; }],
  ])("prepares the lines itself when the cache was %s since, and rewrites it", async (_how, damage) => {
    await replayFiles(files("undamaged.jsonl", { stageCache: true }));
    const key = stageCacheKey(join(dir, "traffic.jsonl"), await stageScript(), DEFAULT_POLICY);
    const file = join(cacheDir(key, caches), "stage.bin");
    expect((await replayFiles(files("undamaged.jsonl", { stageCache: true }))).stage).toBe("cached");
    const whole = readFileSync(file);
    writeFileSync(file, damage(whole));
    const r = await replayFiles(files("damaged.jsonl", { stageCache: true }));
    expect(r.stage).toBe("prepared");
    expect(r.stageCached).toBe(true);
    expect(read("damaged.jsonl")).toBe(read("plain.jsonl"));
    // Rewritten whole (not byte for byte: which thread packed a batch shows in V8's encoding), and read again.
    const again = await replayFiles(files("again.jsonl", { stageCache: true }));
    expect(again.stage).toBe("cached");
    expect(read("again.jsonl")).toBe(read("plain.jsonl"));
  });

  it("goes on without a cache it cannot write, and says so", async () => {
    const blocked = join(dir, "not-a-folder");
    writeFileSync(blocked, "");
    process.env.DISTILL_GUARD_CACHE_DIR = join(blocked, "caches");
    const warnings: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (warnings.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const r = await replayFiles(files("unwritable.jsonl", { stageCache: true, quiet: false }));
      expect(r.stage).toBe("prepared");
      expect(r.stageCached).toBe(false);
    } finally {
      process.stderr.write = write;
      process.env.DISTILL_GUARD_CACHE_DIR = caches;
    }
    expect(read("unwritable.jsonl")).toBe(read("plain.jsonl"));
    expect(warnings.join("")).toMatch(/first-stage cache not written .*goes on without it/);
  });

  it("hashes the first stage's code with the chunks it imports", () => {
    const code = join(dir, "code");
    mkdirSync(code);
    writeFileSync(join(code, "stage.js"), 'import { a } from "./chunk-A.js";\nimport "./chunk-B.js";\nexport const x = a;\n');
    writeFileSync(join(code, "chunk-A.js"), 'import "./chunk-B.js";\nexport const a = 1;\n');
    writeFileSync(join(code, "chunk-B.js"), "export const b = 2;\n");
    const h = codeHash(join(code, "stage.js"));
    // The same code in another folder (tsx bundles into a fresh one each run) hashes the same.
    const moved = join(dir, "code-moved");
    mkdirSync(moved);
    for (const f of readdirSync(code)) writeFileSync(join(moved, f), readFileSync(join(code, f)));
    expect(codeHash(join(moved, "stage.js"))).toBe(h);
    writeFileSync(join(code, "chunk-B.js"), "export const b = 3;\n");
    expect(codeHash(join(code, "stage.js"))).not.toBe(h);
    writeFileSync(join(code, "chunk-B.js"), "export const b = 2;\n");
    expect(codeHash(join(code, "stage.js"))).toBe(h);
  });

  it("keeps the newest caches when pruning, and removes stale partial files", () => {
    const root = join(dir, "prune");
    mkdirSync(root);
    const now = Date.now() / 1000;
    for (let i = 0; i < 5; i++) {
      mkdirSync(join(root, `stage-${i}`));
      utimesSync(join(root, `stage-${i}`), now - 100 * i, now - 100 * i);
    }
    writeFileSync(join(root, "stage-x.partial-1"), "");
    utimesSync(join(root, "stage-x.partial-1"), now - 2 * 86_400, now - 2 * 86_400);
    writeFileSync(join(root, "stage-y.partial-2"), "");
    writeFileSync(join(root, "cli-bundle"), "");
    pruneCaches(root, 3);
    expect(readdirSync(root).sort()).toEqual(["cli-bundle", "stage-0", "stage-1", "stage-2", "stage-y.partial-2"]);
  });
});
