/**
 * src/cli/launch.mjs, what `npm run replay` and `npm run eval` start: the
 * bundle's name follows every source file, and a replay started through it
 * writes the same bytes as the replay run from source, builds its bundle
 * once, and still reports malformed input with exit 2.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleKey, pruneStale } from "../../../src/cli/launch.mjs";
import { replayFiles } from "../../../src/cli/replay";
import { createSimulation, DEFAULT_START } from "../../../src/sim/simulate";

const ROOT = resolve(__dirname, "../../..");
const dir = mkdtempSync(join(tmpdir(), "dg-launch-"));
// Inside the project: the bundle's packages resolve from its node_modules.
const cache = join(ROOT, "node_modules/.cache", `distill-guard-test-${process.pid}`);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

describe("bundleKey", () => {
  const root = mkdtempSync(join(dir, "src-"));
  mkdirSync(join(root, "src/sub"), { recursive: true });
  writeFileSync(join(root, "src/a.ts"), "export const a = 1;\n");
  writeFileSync(join(root, "src/sub/b.ts"), "export const b = 2;\n");

  it("is stable for the same tree and changes with any file, its name, a new file, the compiler options, or esbuild", () => {
    const k = bundleKey("0.27.3", root);
    expect(bundleKey("0.27.3", root)).toBe(k);
    expect(bundleKey("0.27.4", root)).not.toBe(k);
    writeFileSync(join(root, "src/sub/b.ts"), "export const b = 3;\n");
    const edited = bundleKey("0.27.3", root);
    expect(edited).not.toBe(k);
    writeFileSync(join(root, "src/sub/b.ts"), "export const b = 2;\n");
    expect(bundleKey("0.27.3", root)).toBe(k);
    rmSync(join(root, "src/sub/b.ts"));
    writeFileSync(join(root, "src/sub/c.ts"), "export const b = 2;\n");
    expect(bundleKey("0.27.3", root)).not.toBe(k);
    writeFileSync(join(root, "src/d.ts"), "");
    const added = bundleKey("0.27.3", root);
    expect(added).not.toBe(edited);
    writeFileSync(join(root, "tsconfig.json"), "{}\n");
    expect(bundleKey("0.27.3", root)).not.toBe(added);
  });
});

describe("pruneStale", () => {
  it("removes other bundles built over an hour ago, and nothing else", () => {
    const c = mkdtempSync(join(dir, "cache-"));
    for (const d of ["cli-old", "cli-recent", "cli-current", "other"]) mkdirSync(join(c, d));
    const now = Date.now();
    const hoursAgo = (h: number) => new Date(now - h * 3_600_000);
    utimesSync(join(c, "cli-old"), hoursAgo(2), hoursAgo(2));
    utimesSync(join(c, "cli-current"), hoursAgo(5), hoursAgo(5));
    utimesSync(join(c, "other"), hoursAgo(5), hoursAgo(5));
    utimesSync(join(c, "cli-recent"), hoursAgo(0.5), hoursAgo(0.5));
    pruneStale(c, join(c, "cli-current"), now);
    expect(readdirSync(c).sort()).toEqual(["cli-current", "cli-recent", "other"]);
  });
});

describe("launch.mjs replay", () => {
  const sim = createSimulation({ seed: 5, scale: 0.01, days: 1, start: DEFAULT_START }, []);
  writeFileSync(join(dir, "accounts.jsonl"), sim.accounts.map((a) => JSON.stringify(a)).join("\n") + "\n");
  writeFileSync(join(dir, "events.jsonl"), sim.events.filter((e) => e.type === "model-release").map((e) => JSON.stringify(e)).join("\n") + "\n");
  writeFileSync(join(dir, "traffic.jsonl"), [...sim.traffic].slice(0, 3000).map((l) => JSON.stringify(l)).join("\n") + "\n");
  const files = (out: string) => ["--accounts", join(dir, "accounts.jsonl"), "--traffic", join(dir, "traffic.jsonl"), "--events", join(dir, "events.jsonl"), "--out", out];
  const launch = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "src/cli/launch.mjs"), ...args], {
    cwd: ROOT, encoding: "utf8", env: { ...process.env, DISTILL_GUARD_CACHE_DIR: cache },
  });

  // What the replay run from source writes, that every launch is compared with.
  beforeAll(() => replayFiles({
    accounts: join(dir, "accounts.jsonl"), traffic: join(dir, "traffic.jsonl"), events: join(dir, "events.jsonl"),
    out: join(dir, "source.jsonl"), engine: "node", quiet: true, jobs: 1,
  }));

  it("writes the same decisions as the replay from source, and builds its bundle once", () => {
    const first = launch("replay", ...files(join(dir, "launched.jsonl")), "--jobs", "1");
    expect(first.stderr).toMatch(/3,000 requests in/);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^label\s+requests/m);
    expect(readFileSync(join(dir, "launched.jsonl"), "utf8")).toBe(readFileSync(join(dir, "source.jsonl"), "utf8"));
    const built = readdirSync(cache);
    expect(built).toHaveLength(1);
    expect(built[0]).toMatch(/^cli-[0-9a-f]{20}$/);

    const again = launch("replay", ...files(join(dir, "again.jsonl")), "--jobs", "0");
    expect(again.status).toBe(0);
    expect(readdirSync(cache)).toEqual(built);
    expect(readFileSync(join(dir, "again.jsonl"), "utf8")).toBe(readFileSync(join(dir, "source.jsonl"), "utf8"));
  });

  it("runs from source through tsx, with the same decisions, when the bundle cannot be cached", () => {
    const blocker = join(dir, "not-a-folder");
    writeFileSync(blocker, "");
    const r = spawnSync(process.execPath, [join(ROOT, "src/cli/launch.mjs"), "replay", ...files(join(dir, "fallback.jsonl")), "--jobs", "1"], {
      cwd: ROOT, encoding: "utf8", env: { ...process.env, DISTILL_GUARD_CACHE_DIR: join(blocker, "cache") },
    });
    expect(r.stderr).toMatch(/^launch: no bundle \(.+\); running src\/cli\/replay\.ts through tsx$/m);
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, "fallback.jsonl"), "utf8")).toBe(readFileSync(join(dir, "source.jsonl"), "utf8"));
  });

  it("reads input files a Windows tool wrote (a byte-order mark, CRLF line ends) as the same files", () => {
    const windows = (name: string) => {
      const to = join(dir, `win-${name}`);
      writeFileSync(to, "\ufeff" + readFileSync(join(dir, name), "utf8").replace(/\n/g, "\r\n"));
      return to;
    };
    const out = join(dir, "windows.jsonl");
    const r = launch("replay", "--accounts", windows("accounts.jsonl"), "--traffic", windows("traffic.jsonl"), "--events", windows("events.jsonl"), "--out", out, "--jobs", "0");
    expect(r.status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(readFileSync(join(dir, "source.jsonl"), "utf8"));
  });

  it("writes into a folder it makes, and names an output it cannot write, with no stack trace", () => {
    const nested = join(dir, "made", "for", "it", "decisions.jsonl");
    const made = launch("replay", ...files(nested), "--jobs", "0");
    expect(made.status).toBe(0);
    expect(readFileSync(nested, "utf8")).toBe(readFileSync(join(dir, "source.jsonl"), "utf8"));
    // Under a file, not a folder: a clear message and exit 1, nothing left behind.
    const blocked = launch("replay", ...files(join(dir, "accounts.jsonl", "decisions.jsonl")), "--jobs", "0");
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toMatch(/^replay: cannot write the decisions to .+accounts\.jsonl\/decisions\.jsonl: /m);
    expect(blocked.stderr).not.toMatch(/\n\s+at /);
  });

  it("reports malformed input with its line and exit 2, and refuses an unknown command", () => {
    writeFileSync(join(dir, "bad.jsonl"), readFileSync(join(dir, "traffic.jsonl"), "utf8").split("\n").slice(0, 40).join("\n") + "\n{oops\n");
    const out = join(dir, "bad-out.jsonl");
    const r = launch("replay", "--accounts", join(dir, "accounts.jsonl"), "--traffic", join(dir, "bad.jsonl"), "--out", out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.jsonl:41: not valid JSON/);
    expect(existsSync(out)).toBe(false);
    const u = launch("simulate");
    expect(u.status).toBe(2);
    expect(u.stderr).toMatch(/usage: node src\/cli\/launch\.mjs replay\|eval/);
  });
});
