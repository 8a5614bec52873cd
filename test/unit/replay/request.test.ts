/**
 * The replay's shortcuts around URL and Headers answer exactly what the real
 * ones answer (and throw where they throw), on fixed edge cases and on
 * random paths and header records built to hit every branch.
 */
import { describe, expect, it } from "vitest";
import { rng } from "../seeded";
import { requestHeaderView, requestHeaders, requestPathname, requestUrl } from "../../../src/replay/request";
import type { ReplayRequest } from "../../../src/replay/types";

const pick = <T>(next: () => number, xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
const word = (next: () => number, alphabet: readonly string[], max: number) =>
  Array.from({ length: Math.floor(next() * (max + 1)) }, () => pick(next, alphabet)).join("");

const base: ReplayRequest = { ts: 1, apiKey: "sk-test-0001", ip: "10.0.0.1", path: "/v1/chat/completions", body: {} };

/** The outcome of `f` as data: its value, or the error it threw. */
function outcome<T>(f: () => T): { ok: T } | { threw: string } {
  try {
    return { ok: f() };
  } catch (e) {
    return { threw: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

describe("requestPathname", () => {
  it.each(["/v1/chat/completions", "/", "//v1/x", "/v1/../v2", "/v1/./a", "/a%2e/b", "/a b", "/ä", "/a?b#c", "/a\\b", "/a/.", "/A_b-9/"])(
    "is the URL's pathname for %j",
    (path) => {
      expect(requestPathname({ path })).toBe(requestUrl({ ...base, path }).pathname);
    },
  );

  it("is the URL's pathname for random paths", () => {
    const next = rng(11);
    const alphabet = ["/", "/", "v1", "a", "Z", "_", "-", ".", "..", "%2e", "%", "?", "#", "\\", " ", "\t", "é", "日", "@", ":", "[", "0"];
    for (let n = 0; n < 3000; n++) {
      const path = "/" + word(next, alphabet, 8);
      expect(outcome(() => requestPathname({ path })), path).toStrictEqual(outcome(() => requestUrl({ ...base, path }).pathname));
    }
  });
});

describe("headers a line does not record", () => {
  const messages = { ...base, path: "/v1/messages" };
  it.each([
    ["no headers", messages, "2023-06-01"],
    ["other headers only", { ...messages, headers: { "x-other": "1" } }, "2023-06-01"],
    ["its own version", { ...messages, headers: { "anthropic-version": "2024-01-01" } }, "2024-01-01"],
    ["an empty version (refused, as live)", { ...messages, headers: { "anthropic-version": "" } }, ""],
  ])("Messages with %s sends anthropic-version as the SDKs do", (_n, req, want) => {
    expect(requestHeaderView(req, "/v1/messages").get("anthropic-version")).toBe(want);
    expect(requestHeaders(req, requestUrl(req)).get("anthropic-version")).toBe(want);
  });

  it("adds no anthropic-version to the OpenAI dialect", () => {
    expect(requestHeaderView(base, base.path).get("anthropic-version")).toBeNull();
    expect(requestHeaders(base, requestUrl(base)).get("anthropic-version")).toBeNull();
  });
});

describe("requestHeaderView", () => {
  const NAMES = ["content-type", "anthropic-version", "x-api-key", "authorization", "user-agent", "x-other", "Content-Type"];
  const paths = ["/v1/chat/completions", "/v1/messages"];

  const took = { shortcut: 0, headers: 0 };

  function same(req: ReplayRequest, label: string): void {
    for (const pathname of paths) {
      const view = outcome(() => requestHeaderView(req, pathname));
      if ("ok" in view) took[view.ok instanceof Headers ? "headers" : "shortcut"]++;
      const real = outcome(() => requestHeaders(req, new URL("https://replay.invalid" + pathname)));
      if ("threw" in real || "threw" in view) {
        expect(view, label).toStrictEqual(real);
        continue;
      }
      for (const name of NAMES) expect(view.ok.get(name), `${label} ${pathname} ${name}`).toBe(real.ok.get(name));
    }
  }

  it.each<[string, Partial<ReplayRequest>]>([
    ["no headers", {}],
    ["empty headers", { headers: {} }],
    ["a content type", { headers: { "content-type": "text/plain" } }],
    ["an empty content type", { headers: { "content-type": "" } }],
    ["a GET without content type", { method: "get" }],
    ["a HEAD with one", { method: "HEAD", headers: { "content-type": "application/json" } }],
    ["upper-case names folding together", { headers: { "Content-Type": "text/plain", "content-type": "application/json" } }],
    ["padded values", { headers: { "anthropic-version": "  ", "content-type": " json\t" } }],
    ["a credential in the headers", { headers: { authorization: "Bearer other", "x-api-key": "other" } }],
    ["a user agent both ways", { userAgent: "ua/1", headers: { "user-agent": "other/2" } }],
    ["an empty user agent", { userAgent: "" }],
    ["a padded user agent", { userAgent: " ua " }],
    ["a non-Latin-1 user agent", { userAgent: "ua/日本" }],
    ["a Latin-1 value", { headers: { "x-other": "café" } }],
    ["a control character in a value", { headers: { "x-other": "a\u0000b" } }],
    ["a newline in the key", { apiKey: "sk-\nkey" }],
    ["an invalid name", { headers: { "bad name": "x" } }],
    ["a prototype name", { headers: JSON.parse('{"__proto__":"x","constructor":"y"}') as Record<string, string> }],
  ])("answers as Headers does: %s", (label, patch) => {
    same({ ...base, ...patch }, label);
  });

  it("answers as Headers does on random records", () => {
    const next = rng(23);
    const names = ["content-type", "Content-Type", "CONTENT-TYPE", "anthropic-version", "Anthropic-Version", "x-api-key", "authorization", "user-agent", "x-a", "bad name", "é", ""];
    const chars = ["a", "1", " ", "\t", "\n", "\u0000", "é", "日", "json", "/", ";", "\u007f"];
    for (let n = 0; n < 3000; n++) {
      const headers: Record<string, string> = {};
      for (let k = Math.floor(next() * 4); k > 0; k--) headers[pick(next, names)] = word(next, chars, 4);
      const req: ReplayRequest = { ...base, apiKey: "sk-" + word(next, chars, 2) };
      if (next() < 0.8) req.headers = headers;
      if (next() < 0.3) req.userAgent = word(next, chars, 3);
      if (next() < 0.3) req.method = pick(next, ["GET", "post", "head", "PUT"]);
      same(req, JSON.stringify(req));
    }
    // Both ways are taken often.
    expect(took.shortcut).toBeGreaterThan(500);
    expect(took.headers).toBeGreaterThan(500);
  });
});
