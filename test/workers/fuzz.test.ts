/**
 * Seeded fuzzing of the request path through the real Worker (workerd, the
 * account objects, KV, the embedded demo origin): valid requests of every
 * guarded endpoint, each mutated one to three ways (a field removed, retyped
 * or replaced by an awkward value; the JSON text cut, padded or given
 * duplicate keys; a header dropped or changed). Whatever arrives, the caller
 * gets an answer below 500 and read to its end, every refusal in the
 * endpoint's own error shape, and the account's state is still there.
 *
 * The seeds are fixed, so a failure names its case and repeats.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { rng } from "../unit/seeded";
import { mutateJson, pick, type Json } from "./fuzz-helpers";
import { admin, newAccount } from "./helpers";

type Dialect = "openai" | "anthropic";

const IMAGE = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

const BASES: Record<string, { dialect: Dialect; bodies: Json[] }> = {
  "/v1/chat/completions": {
    dialect: "openai",
    bodies: [
      {
        model: "demo-1", max_completion_tokens: 200, temperature: 0.7, n: 1, logprobs: true, top_logprobs: 2, stream: false,
        messages: [
          { role: "system", content: "You are a careful assistant." },
          { role: "user", content: [{ type: "text", text: "Describe this picture and explain your reasoning." }, { type: "image_url", image_url: { url: IMAGE } }] },
          { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup", arguments: "{\"q\":\"x\"}" } }] },
          { role: "tool", tool_call_id: "call_1", content: "result" },
          { role: "user", content: "Now think step by step and show all of your reasoning." },
        ],
        tools: [{ type: "function", function: { name: "lookup", description: "Look up", parameters: { type: "object", properties: { q: { type: "string" } } } } }],
        tool_choice: "auto", reasoning_effort: "high", response_format: { type: "text" }, stop: ["\n\n"], metadata: { run: "fuzz" },
      },
      { model: "demo-1", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "Write a haiku about rain." }] },
    ],
  },
  "/v1/completions": {
    dialect: "openai",
    bodies: [
      { model: "demo-1", prompt: "Once upon a time", max_tokens: 64, logprobs: 3, n: 2, echo: false, stream: false },
      { model: "demo-1", prompt: ["First prompt", "Second prompt"], max_tokens: 16, stream: true },
    ],
  },
  "/v1/responses": {
    dialect: "openai",
    bodies: [
      {
        model: "demo-1", instructions: "Be brief.", max_output_tokens: 300, reasoning: { effort: "high", summary: "detailed" },
        include: ["reasoning.encrypted_content"], store: false,
        input: [
          { role: "user", content: [{ type: "input_text", text: "Solve 17 * 23 and show your work." }, { type: "input_image", image_url: IMAGE }] },
          { type: "function_call", call_id: "c1", name: "calc", arguments: "{\"e\":\"17*23\"}" },
          { type: "function_call_output", call_id: "c1", output: "391" },
        ],
        tools: [{ type: "function", name: "calc", parameters: { type: "object", properties: { e: { type: "string" } } } }],
      },
      { model: "demo-1", input: "Tell me a short story.", stream: true },
    ],
  },
  "/v1/conversations": {
    dialect: "openai",
    bodies: [
      { metadata: { topic: "fuzz" }, items: [{ type: "message", role: "user", content: [{ type: "input_text", text: "Explain your reasoning step by step." }] }] },
    ],
  },
  "/v1/conversations/conv_fuzz/items": {
    dialect: "openai",
    bodies: [
      { items: [{ type: "message", role: "user", content: "Show me all of your chain of thought." }, { type: "message", role: "assistant", content: [{ type: "output_text", text: "Sure." }] }] },
    ],
  },
  "/v1/messages": {
    dialect: "anthropic",
    bodies: [
      {
        model: "claude-demo", max_tokens: 2048, system: [{ type: "text", text: "You are helpful." }],
        thinking: { type: "enabled", budget_tokens: 1024 }, metadata: { user_id: "u-1" },
        messages: [
          { role: "user", content: [{ type: "text", text: "What is in this image? Reason it through." }, { type: "image", source: { type: "base64", media_type: "image/png", data: IMAGE.slice(22) } }] },
          { role: "assistant", content: [{ type: "tool_use", id: "tu_1", name: "lookup", input: { q: "x" } }] },
          { role: "user", content: [{ type: "tool_result", tool_use_id: "tu_1", content: "found" }, { type: "text", text: "Go on." }] },
        ],
        tools: [{ name: "lookup", description: "Look up", input_schema: { type: "object", properties: { q: { type: "string" } } } }],
      },
      { model: "claude-demo", max_tokens: 128, stream: true, system: "Be terse.", messages: [{ role: "user", content: "Hello!" }] },
    ],
  },
};

interface Case {
  body: string;
  headers: Record<string, string>;
  what: string[];
  /** How the credential is sent: as the dialect's SDK sends it, or one of the awkward ways. */
  auth: "sdk" | "empty" | "lowercase" | "long" | "both" | "basic" | "spaces";
}

const AUTHS: readonly Case["auth"][] = ["empty", "lowercase", "long", "both", "basic", "spaces"];

function authHeaders(c: Case, dialect: Dialect, key: string): Record<string, string> {
  const sdk: Record<string, string> = dialect === "anthropic" ? { "x-api-key": key } : { authorization: `Bearer ${key}` };
  switch (c.auth) {
    case "sdk": return sdk;
    case "empty": return dialect === "anthropic" ? { "x-api-key": "" } : { authorization: "Bearer " };
    case "lowercase": return { authorization: `bearer ${key}` };
    case "long": return dialect === "anthropic" ? { "x-api-key": `${key}${"k".repeat(8_000)}` } : { authorization: `Bearer ${key}${"k".repeat(8_000)}` };
    case "both": return { authorization: `Bearer ${key}`, "x-api-key": `${key}-other` };
    case "basic": return { authorization: `Basic ${btoa(`user:${key}`)}` };
    case "spaces": return dialect === "anthropic" ? { "x-api-key": `  ${key}  ` } : { authorization: `Bearer    ${key}` };
  }
}

/** One mutated request of `base`: its body mutated (fuzz-helpers.ts), and now and then a header or the credential. */
function mutate(r: () => number, base: Json, dialect: Dialect): Case {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (dialect === "anthropic") headers["anthropic-version"] = "2023-06-01";
  let auth: Case["auth"] = "sdk";
  const { text, what } = mutateJson(r, base, (what) => {
    const t = Math.floor(r() * 6);
    if (t === 0) { delete headers["content-type"]; what.push("no content-type"); }
    else if (t === 1) { headers["content-type"] = "text/plain"; what.push("text/plain"); }
    else if (t === 2) { headers["content-type"] = "application/json; charset=latin1"; what.push("charset latin1"); }
    else if (t === 3 && dialect === "anthropic") { delete headers["anthropic-version"]; what.push("no anthropic-version"); }
    else if (t === 4) { headers["content-encoding"] = "gzip"; what.push("claims gzip"); }
    else { auth = pick(r, AUTHS); what.push(`auth ${auth}`); }
  });
  return { body: text, headers, what, auth };
}

function expectErrorShape(dialect: Dialect, body: unknown, label: string): void {
  if (dialect === "anthropic") {
    const b = body as { type?: unknown; error?: { type?: unknown; message?: unknown } };
    expect(b.type, label).toBe("error");
    expect(typeof b.error?.type, label).toBe("string");
    expect(typeof b.error?.message, label).toBe("string");
  } else {
    const b = body as { error?: { type?: unknown; message?: unknown } };
    expect(typeof b.error?.type, label).toBe("string");
    expect(typeof b.error?.message, label).toBe("string");
  }
}

const CASES_PER_ENDPOINT = 120;
// A hang guard, not a speed check: 120 requests through the object and the origin take 2-25 s here, more on a loaded machine.

describe("fuzzed requests through the real Worker", () => {
  for (const [path, { dialect, bodies }] of Object.entries(BASES)) {
    it(`${path}: never a 5xx, every refusal in the ${dialect} error shape, the account's state kept`, { timeout: 180_000 }, async () => {
      const r = rng([...path].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7));
      // Old, verified, paid accounts, a fresh one every 20 cases, so that the account's own state rarely refuses first.
      let acct = await newAccount("paid");
      const statuses = new Map<number, number>();
      for (let i = 0; i < CASES_PER_ENDPOINT; i++) {
        if (i > 0 && i % 20 === 0) acct = await newAccount("paid");
        const c = mutate(r, pick(r, bodies), dialect);
        const label = `${path} case ${i}: ${c.what.join("; ")}`;
        const res = await SELF.fetch(`https://guard.test${path}`, { method: "POST", headers: { ...c.headers, ...authHeaders(c, dialect, acct.key) }, body: c.body });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, `${label}\n${text.slice(0, 300)}`).toBeLessThan(500);
        if (res.status >= 400) {
          let parsed: unknown;
          expect(() => { parsed = JSON.parse(text); }, `${label}: not JSON: ${text.slice(0, 200)}`).not.toThrow();
          expectErrorShape(dialect, parsed, `${label}: ${text.slice(0, 200)}`);
        } else if ((res.headers.get("content-type") ?? "").includes("text/event-stream")) {
          expect(text.length, label).toBeGreaterThan(0);
        } else {
          expect(() => JSON.parse(text), `${label}: a 2xx that is not JSON: ${text.slice(0, 200)}`).not.toThrow();
        }
      }
      // Both served and refused requests were exercised (a fuzzer refused at the door every time tests little).
      const ok = [...statuses].filter(([s]) => s < 300).reduce((a, [, n]) => a + n, 0);
      expect(ok, JSON.stringify([...statuses])).toBeGreaterThan(CASES_PER_ENDPOINT / 10);
      expect(CASES_PER_ENDPOINT - ok, JSON.stringify([...statuses])).toBeGreaterThan(CASES_PER_ENDPOINT / 10);
      // The last account's state is still there and readable.
      const view = await admin("GET", `/accounts/${acct.id}`);
      expect(view.status).toBe(200);
      expect(((await view.json()) as { recent?: unknown[] }).recent?.length ?? 0).toBeGreaterThan(0);
    });
  }
});
