import { describe, expect, it } from "vitest";
import { FILES } from "../../../src/sim/output.js";
import { simulate, TRAIN_MARK } from "./fixture.js";

describe("simulator determinism", () => {
  const a = simulate({ seed: 11, scale: 0.03 });
  const b = simulate({ seed: 11, scale: 0.03 });

  it.each(Object.values(FILES))("writes %s byte for byte the same for the same seed", (file) => {
    expect(a.files[file]).toBeDefined();
    expect(b.files[file]).toBe(a.files[file]);
  });

  it("writes different traffic and accounts for another seed", () => {
    const c = simulate({ seed: 12, scale: 0.03 });
    expect(c.files[FILES.traffic]).not.toBe(a.files[FILES.traffic]);
    expect(c.accounts[0]?.account).not.toBe(a.accounts[0]?.account);
  });

  it("records the seed, scale and per-scenario counts in the manifest", () => {
    expect(a.manifest).toMatchObject({ seed: 11, scale: 0.03, days: 3, start: "2026-01-05T00:00:00.000Z" });
    expect(a.manifest.scenarios.reduce((n, s) => n + s.requests, 0)).toBe(a.traffic.length);
  });

  it("falls back to generated text alone when there is no corpus", () => {
    const d = simulate({ seed: 11, scale: 0.03 }, []);
    expect(d.traffic.length).toBeGreaterThan(1000);
    expect(d.files[FILES.traffic]).not.toContain(TRAIN_MARK);
    expect(d.manifest.corpusRecords).toBe(0);
  });

  it("shifts the whole timeline with the start date", () => {
    const start = Date.UTC(2025, 5, 2);
    const e = simulate({ seed: 11, scale: 0.03, start, days: 1 });
    expect(e.traffic[0]?.ts).toBeGreaterThanOrEqual(start);
    expect(e.traffic[e.traffic.length - 1]?.ts).toBeLessThan(start + 86_400_000);
    expect(e.releaseAt).toBeGreaterThan(start);
    expect(e.importAt).toBeGreaterThan(e.releaseAt);
  });
});
