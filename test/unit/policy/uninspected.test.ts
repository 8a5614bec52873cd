import { describe, expect, it } from "vitest";
import { mergePolicy } from "../../../src/policy/schema.js";
import { isUninspected, mayUseUninspected, UninspectedPolicy, uninspectedRefusal, upgradeRefusal } from "../../../src/policy/uninspected.js";

const P = UninspectedPolicy.parse({});
const NOW = Date.UTC(2026, 0, 10);
const DAY = 86_400_000;
const fresh = { tier: "free", verified: false, createdAt: NOW - DAY };
const seasoned = { tier: "paid", verified: true, createdAt: NOW - 30 * DAY };
const contract = { tier: "enterprise", verified: true, createdAt: NOW - DAY };

describe("generation the guard cannot inspect (policy.uninspected)", () => {
  it.each([
    ["POST", "/v1/batches"],
    ["POST", "/v1/messages/batches"],
    ["post", "/v1/Messages/Batches/"],
    ["POST", "/v1/threads/runs"],
    ["POST", "/v1/threads//runs"],
    ["POST", "/v1/threads/thread_abc/runs"],
    ["POST", "/v1/threads/thread_abc/runs/run_1/submit_tool_outputs"],
    ["GET", "/v1/realtime"],
    ["POST", "/v1/realtime/sessions"],
    ["POST", "/v1/complete"],
  ])("%s %s is one", (method, path) => expect(isUninspected(method, path, P)).toBe(true));

  it.each([
    ["GET", "/v1/batches"],
    ["GET", "/v1/messages/batches/msgbatch_1/results"],
    ["POST", "/v1/messages/count_tokens"],
    ["POST", "/v1/threads"],
    ["GET", "/v1/models"],
    ["POST", "/v1/completions"],
  ])("%s %s is not", (method, path) => expect(isUninspected(method, path, P)).toBe(false));

  it("opens them to the accounts the policy names", () => {
    expect([fresh, seasoned, contract].map((a) => mayUseUninspected(a, P, 14, NOW))).toEqual([false, true, true]);
    const only = (allow: string) => UninspectedPolicy.parse({ allow });
    expect([fresh, seasoned, contract].map((a) => mayUseUninspected(a, only("contracted"), 14, NOW))).toEqual([false, false, true]);
    expect([fresh, seasoned, contract].map((a) => mayUseUninspected(a, only("none"), 14, NOW))).toEqual([false, false, false]);
    expect([fresh, seasoned, contract].map((a) => mayUseUninspected(a, only("all"), 14, NOW))).toEqual([true, true, true]);
  });

  it("refuses with a 403 that says where to send the requests, and refuses an unidentified caller", () => {
    const r = uninspectedRefusal("POST", "/v1/messages/batches", fresh, P, 14, NOW)!;
    expect(r).toMatchObject({ code: "endpoint_not_allowed", status: 403 });
    expect(r.message).toMatch(/\/v1\/messages/);
    expect(uninspectedRefusal("POST", "/v1/messages/batches", null, P, 14, NOW)).not.toBeNull();
    expect(uninspectedRefusal("POST", "/v1/messages/batches", seasoned, P, 14, NOW)).toBeNull();
    expect(uninspectedRefusal("GET", "/v1/models", fresh, P, 14, NOW)).toBeNull();
  });

  it("takes operators' rules and refuses malformed ones", () => {
    const custom = mergePolicy({ uninspected: { paths: ["POST /v1/embeddings", "* /v1/files/*"] } });
    expect(custom.success).toBe(true);
    expect(isUninspected("POST", "/v1/embeddings", custom.data!.uninspected)).toBe(true);
    expect(isUninspected("DELETE", "/v1/files/file-1", custom.data!.uninspected)).toBe(true);
    expect(isUninspected("POST", "/v1/batches", custom.data!.uninspected)).toBe(false);
    for (const bad of ["/v1/batches", "POST v1/batches", "post /v1/batches", "POST /v1/a b"]) {
      expect(mergePolicy({ uninspected: { paths: [bad] } }).success, bad).toBe(false);
    }
  });

  describe("WebSocket handshakes (a tunnel once open)", () => {
    const upgrade = new Headers({ upgrade: "websocket" });

    it.each([
      ["/v1/realtime"],
      ["/v1/Realtime/"],
      ["/v1/realtime/calls"],
    ])("may open on %s, an uninspected path", (path) => expect(upgradeRefusal("GET", path, upgrade, P)).toBeNull());

    it.each([
      ["/v1/models"],
      ["/v1/batches"],
      ["/v1/threads"],
      ["/v1/realtimex"],
    ])("is refused on %s with a 400 upgrade_not_allowed", (path) => {
      expect(upgradeRefusal("GET", path, upgrade, P)).toMatchObject({ code: "upgrade_not_allowed", status: 400 });
    });

    it("is refused on a guarded endpoint (no rules given), whatever the operator's rules", () => {
      expect(upgradeRefusal("GET", "/v1/chat/completions", upgrade)).toMatchObject({ code: "upgrade_not_allowed" });
    });

    it("follows an operator's rules, by method", () => {
      const custom = UninspectedPolicy.parse({ paths: ["GET /v1/socket", "POST /v1/realtime"] });
      expect(upgradeRefusal("GET", "/v1/socket", upgrade, custom)).toBeNull();
      expect(upgradeRefusal("GET", "/v1/realtime", upgrade, custom)).not.toBeNull();
    });

    it("leaves alone what is no handshake (another method, no Upgrade: websocket)", () => {
      expect(upgradeRefusal("GET", "/v1/models", new Headers(), P)).toBeNull();
      expect(upgradeRefusal("POST", "/v1/models", upgrade, P)).toBeNull();
      expect(upgradeRefusal("GET", "/v1/models", new Headers({ upgrade: "h2c" }), P)).toBeNull();
    });
  });
});
