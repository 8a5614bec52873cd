import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { keepStageScript } from "../../../src/cli/replay-pool";

const dir = mkdtempSync(join(tmpdir(), "dg-stage-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the first stage's script for worker threads", () => {
  it("is one file per build, shared by every run, and older builds' files go after an hour", () => {
    const now = Date.now();
    const a = keepStageScript(dir, "export const a = 1;\n", now);
    expect(keepStageScript(dir, "export const a = 1;\n", now)).toBe(a);
    expect(readFileSync(a, "utf8")).toBe("export const a = 1;\n");
    // Another build's file, two hours old, and a third written a minute ago (another source tree's run may use it).
    const old = join(dir, "prepare-stage-0000000000000000.mjs");
    const recent = join(dir, "prepare-stage-1111111111111111.mjs");
    writeFileSync(old, "old");
    writeFileSync(recent, "recent");
    utimesSync(old, new Date(now - 2 * 3_600_000), new Date(now - 2 * 3_600_000));
    utimesSync(recent, new Date(now - 60_000), new Date(now - 60_000));
    const b = keepStageScript(dir, "export const b = 2;\n", now);
    expect(b).not.toBe(a);
    expect(readdirSync(dir).sort()).toEqual([a, b, recent].map((p) => p.slice(dir.length + 1)).sort());
    expect(readdirSync(dir).some((f) => f.endsWith(".partial"))).toBe(false);
  });
});
