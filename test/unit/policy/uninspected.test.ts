import { describe, expect, it } from "vitest";
import { mergePolicy } from "../../../src/policy/schema.js";
import { isUninspected, mayUseUninspected, UninspectedPolicy, uninspectedRefusal } from "../../../src/policy/uninspected.js";

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
});
