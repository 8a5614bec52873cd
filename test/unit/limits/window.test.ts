import { describe, expect, it } from "vitest";
import { checkAdmission, liveEntries, WINDOW_MS, type WindowEntry } from "../../../src/limits/window";
import { duration, rateLimitHeaders } from "../../../src/limits/headers";

const e = (ts: number, tokens = 10): WindowEntry => ({ id: `e${ts}`, ts, tokens, settled: true });
const T0 = 1_767_225_600_000;

describe("rolling window", () => {
  it("drops entries that are 60 s old or more", () => {
    const w = [e(T0), e(T0 + 1000), e(T0 + 30_000)];
    expect(liveEntries(w, T0 + WINDOW_MS).map((x) => x.ts)).toEqual([T0 + 1000, T0 + 30_000]);
    expect(liveEntries(w, T0 + WINDOW_MS + 30_000)).toEqual([]);
  });

  it.each([
    ["under both limits", 3, 10, 100, true, null],
    ["at the request limit", 5, 10, 100, false, "rpm_exceeded"],
    ["over the token limit", 3, 80, 100, false, "tpm_exceeded"],
    ["a single request above the token limit", 0, 150, 100, false, "request_exceeds_tpm"],
  ])("%s", (_n, count, est, tpm, ok, reason) => {
    const w = Array.from({ length: count }, (_, i) => e(T0 + i * 1000));
    const c = checkAdmission(w, { rpm: 5, tpm }, est, T0 + 10_000);
    expect(c.ok).toBe(ok);
    expect(c.reason).toBe(reason);
    if (!ok) expect(c.retryAfterMs).toBeGreaterThan(0);
  });

  it("tells a throttled client exactly when the oldest request leaves the window", () => {
    const w = [e(T0), e(T0 + 5000)];
    const c = checkAdmission(w, { rpm: 2, tpm: 1000 }, 1, T0 + 20_000);
    expect(c.retryAfterMs).toBe(40_000);
  });

  it("tells a token-throttled client when enough tokens will have expired", () => {
    const w = [e(T0, 50), e(T0 + 10_000, 40)];
    const c = checkAdmission(w, { rpm: 10, tpm: 100 }, 30, T0 + 20_000);
    // 90 used + 30 needed = 120 > 100: the first entry (50) must expire at T0+60s.
    expect(c.retryAfterMs).toBe(40_000);
  });

  it("never admits more than the limit over any rolling minute", () => {
    let w: WindowEntry[] = [];
    let admitted = 0;
    const admittedAt: number[] = [];
    for (let t = 0; t < 180_000; t += 250) {
      const now = T0 + t;
      w = liveEntries(w, now);
      const c = checkAdmission(w, { rpm: 30, tpm: 1e9 }, 1, now);
      if (c.ok) {
        w.push({ id: String(t), ts: now, tokens: 1, settled: false });
        admitted++;
        admittedAt.push(now);
      }
    }
    for (const start of admittedAt) {
      expect(admittedAt.filter((x) => x >= start && x < start + WINDOW_MS).length).toBeLessThanOrEqual(30);
    }
    expect(admitted).toBe(90);
  });
});

describe("rate-limit headers", () => {
  const check = checkAdmission([e(T0)], { rpm: 20, tpm: 40_000 }, 100, T0 + 1000);
  it("writes OpenAI's x-ratelimit-* headers with durations", () => {
    const h = rateLimitHeaders("openai", check, T0 + 1000);
    expect(h).toMatchObject({ "x-ratelimit-limit-requests": "20", "x-ratelimit-remaining-requests": "18", "x-ratelimit-reset-requests": "59s" });
    expect(h["retry-after"]).toBeUndefined();
  });
  it("writes Anthropic's anthropic-ratelimit-* headers with RFC 3339 resets", () => {
    const h = rateLimitHeaders("anthropic", check, T0 + 1000);
    expect(h["anthropic-ratelimit-tokens-limit"]).toBe("40000");
    expect(h["anthropic-ratelimit-requests-reset"]).toBe(new Date(T0 + 60_000).toISOString());
  });
  it.each([[0, "0s"], [500, "500ms"], [1500, "2s"], [90_000, "1m30s"]])("formats %d ms as %s", (ms, s) => {
    expect(duration(ms)).toBe(s);
  });
});
