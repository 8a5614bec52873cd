/**
 * The Conversations API through the real Worker, account objects and demo
 * origin: items placed in a conversation (at its creation or added later) and
 * a Responses request's own input are remembered by the account object per
 * conversation, as a hash, and requests that name the conversation inherit
 * what they ask (account/conversation.ts, routes/conversations.ts).
 */
import { env, runInDurableObject, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { admin, newAccount } from "./helpers";

type Row = { id: string; reasons: string[]; risk: number; endpoint: string; detail: { signals?: { kinds: Record<string, number> }; conversation?: { inherited: boolean; raised?: string[] } } };
type View = { recent: Row[] };

const INSTRUCTION = "For every problem I send you from now on, think step by step and write out your complete chain of thought, every intermediate step of your reasoning, before the final answer.";
const PROBLEMS = ["Solve 3x + 5 = 20.", "What is 17 * 23?", "Find the derivative of x^3 - 4x.", "Factor x^2 - 5x + 6."];
const BASE = "https://guard.test";

function post(key: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  return SELF.fetch(`${BASE}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function create(key: string, items?: unknown[]): Promise<string> {
  const res = await post(key, "/v1/conversations", items ? { items } : {});
  expect(res.status).toBe(200);
  const json = (await res.json()) as { id: string; object: string };
  expect(json).toMatchObject({ object: "conversation" });
  expect(json.id).toMatch(/^conv_/);
  return json.id;
}

async function ask(key: string, conversation: unknown, input: string): Promise<void> {
  const res = await post(key, "/v1/responses", { model: "demo-1", input, ...(conversation === undefined ? {} : { conversation }) });
  expect(res.status).toBe(200);
  await res.text();
}

async function rows(id: string): Promise<Row[]> {
  return ((await (await admin("GET", `/accounts/${id}?limit=50`)).json()) as View).recent.slice().reverse().filter((r) => r.endpoint === "responses");
}

async function storage(id: string): Promise<{ text: string; conv: { h: string; scores: string }[] }> {
  return runInDurableObject(env.ACCOUNT.getByName(id), (_obj, state) => {
    const tables = state.storage.sql.exec<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`).toArray().map((t) => t.name);
    const text = tables.map((t) => JSON.stringify(state.storage.sql.exec(`SELECT * FROM "${t}"`).toArray())).join("\n");
    return { text, conv: state.storage.sql.exec<{ h: string; scores: string }>(`SELECT h, scores FROM conv`).toArray() };
  });
}

function expectInherited(r: Row): void {
  expect(r.detail.signals!.kinds.cot).toBeLessThan(0.5);
  expect(r.detail.conversation).toMatchObject({ inherited: true, raised: ["cot"] });
  expect(r.reasons).toContain("conversation:inherited");
}

describe("Conversations API (conversation)", () => {
  it("carries an instruction placed in a conversation at its creation to the bare problems that name it, without storing its id", async () => {
    const { id, key } = await newAccount("paid");
    const conv = await create(key, [{ type: "message", role: "user", content: INSTRUCTION }]);
    for (const [k, p] of PROBLEMS.entries()) await ask(key, k % 2 ? { id: conv } : conv, p);
    const r = await rows(id);
    expect(r).toHaveLength(PROBLEMS.length);
    for (const x of r) expectInherited(x);
    const s = await storage(id);
    expect(s.conv).toHaveLength(1);
    expect(s.conv[0]!.h).toMatch(/^[0-9a-f]{16}$/);
    expect(s.text).not.toContain(conv);
    expect(s.text).not.toContain(conv.slice(5));
    expect(s.text).not.toContain("chain of thought");
  });

  it("does the same for items added later, and for a Responses request's own input in the conversation", async () => {
    const added = await newAccount("paid");
    const conv = await create(added.key);
    const res = await post(added.key, `/v1/conversations/${conv}/items`, { items: [{ role: "user", content: [{ type: "input_text", text: INSTRUCTION }] }] });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { object: string; data: unknown[] })).toMatchObject({ object: "list", data: [expect.objectContaining({ type: "message" })] });
    for (const p of PROBLEMS) await ask(added.key, conv, p);
    for (const x of await rows(added.id)) expectInherited(x);

    const inline = await newAccount("paid");
    const conv2 = await create(inline.key);
    await ask(inline.key, conv2, INSTRUCTION);
    for (const p of PROBLEMS) await ask(inline.key, conv2, p);
    const r = await rows(inline.id);
    expect(r[0]!.detail.conversation).toEqual({ inherited: false });
    for (const x of r.slice(1)) expectInherited(x);
  });

  it("inherits nothing from a conversation it never saw, from another account's, or from plain items", async () => {
    const owner = await newAccount("paid");
    const other = await newAccount("paid");
    const conv = await create(owner.key, [{ role: "user", content: INSTRUCTION }]);
    await ask(other.key, conv, PROBLEMS[0]!);
    await ask(other.key, "conv_from_another_gateway", PROBLEMS[1]!);
    const plain = await create(other.key, [{ role: "user", content: "Hello! I am studying for an algebra exam." }]);
    await ask(other.key, plain, PROBLEMS[2]!);
    const r = await rows(other.id);
    expect(r.map((x) => x.detail.conversation!.inherited)).toEqual([false, false, true]);
    for (const x of r) {
      expect(x.detail.conversation).not.toHaveProperty("raised", ["cot"]);
      expect(x.reasons).not.toContain("conversation:inherited");
    }
  });

  it("raises the account's risk above a control's sending the same problems without the conversation", async () => {
    const a = await newAccount("free", { verified: false, createdAt: Date.now() - 3_600_000 });
    const b = await newAccount("free", { verified: false, createdAt: Date.now() - 3_600_000 });
    const conv = await create(a.key, [{ role: "user", content: INSTRUCTION }]);
    for (const p of PROBLEMS) {
      await ask(a.key, conv, p);
      await ask(b.key, undefined, p);
    }
    const [x, y] = [await rows(a.id), await rows(b.id)];
    expect(x.at(-1)!.risk).toBeGreaterThan(y.at(-1)!.risk);
  });

  it("loses no items written concurrently to one conversation", async () => {
    const { id, key } = await newAccount("paid");
    const conv = await create(key);
    const kinds = [
      "For every problem, think step by step and write out your complete chain of thought before the final answer.",
      "Generate 20 diverse question and answer pairs about organic chemistry for a training dataset.",
      "Hello there, how are you today?",
    ];
    const writes = Array.from({ length: 12 }, (_, i) => post(key, `/v1/conversations/${conv}/items`, { items: [{ role: "user", content: kinds[i % kinds.length] }] }));
    for (const res of await Promise.all(writes)) {
      expect(res.status).toBe(200);
      await res.text();
    }
    const s = await storage(id);
    expect(s.conv).toHaveLength(1);
    const scores = JSON.parse(s.conv[0]!.scores) as { kinds: Record<string, number> };
    // Both intents are kept, whichever write landed last.
    expect(scores.kinds.cot).toBeGreaterThanOrEqual(0.5);
    expect(scores.kinds.datagen).toBeGreaterThanOrEqual(0.5);
  });

  it("answers bad conversation writes in the OpenAI dialect, never with a 500, and notes nothing", async () => {
    const { id, key } = await newAccount("paid");
    const conv = await create(key);
    // Not JSON, and items the API does not accept: passed on, and the origin refuses them in its dialect.
    for (const body of ["{not json", JSON.stringify({ items: "x" }), JSON.stringify({ items: [] })]) {
      const res = await post(key, `/v1/conversations/${conv}/items`, body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");
    }
    // Larger than the body limit: refused before the origin, as a model request is.
    const big = await post(key, `/v1/conversations/${conv}/items`, { items: [{ role: "user", content: "x".repeat(4_100_000) }] });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe("request_too_large");
    const bad = await post(key, "/v1/conversations/x/items", "{}", { "content-encoding": "br" });
    expect(bad.status).toBe(415);
    await bad.text();
    expect((await storage(id)).conv).toHaveLength(0);
  });

  it("ignores a malformed note (a hash that is not one, scores out of range, no time) and keeps what it had", async () => {
    const { id, key } = await newAccount("paid");
    const conv = await create(key, [{ role: "user", content: INSTRUCTION }]);
    const before = (await storage(id)).conv;
    expect(before).toHaveLength(1);
    const zero = { cot: 0, critique: 0, autograde: 0, datagen: 0, probe: 0, distillSystem: 0 };
    await runInDurableObject(env.ACCOUNT.getByName(id), (obj) => {
      const o = obj as unknown as { noteConversation(h: string, s: unknown, at: number): void };
      o.noteConversation("conv_raw_id", { kinds: { ...zero, cot: 1 }, extraction: 1 }, Date.now());
      o.noteConversation(before[0]!.h, { kinds: { ...zero, cot: 7 }, extraction: 1 }, Date.now());
      o.noteConversation(before[0]!.h, { kinds: { cot: 1 }, extraction: 1 }, Date.now());
      o.noteConversation(before[0]!.h, { kinds: { ...zero, datagen: 1 }, extraction: 1 }, Number.NaN);
    });
    expect((await storage(id)).conv).toEqual(before);
    await ask(key, conv, PROBLEMS[0]!);
    expectInherited((await rows(id))[0]!);
  });

  it("notes a create before the client has the answer, and gives up on an origin that is slow to finish it", async () => {
    // The row is there as soon as the answer is: a request naming the conversation can never come first.
    const quick = await newAccount("paid");
    await create(quick.key, [{ role: "user", content: INSTRUCTION }]);
    expect((await storage(quick.id)).conv).toHaveLength(1);
    // An origin that sends its headers and then holds the body (x-demo-delay-ms, 1 s) past the note's bound
    // (timeouts.accountMs, 500 ms here): the answer is still served in full, and nothing is noted.
    const before = (await (await admin("GET", "/policy")).json()) as { policy: { timeouts: { accountMs: number } } };
    expect((await admin("PUT", "/policy", { timeouts: { accountMs: 500 } })).status).toBe(200);
    try {
      const slow = await newAccount("paid");
      const res = await post(slow.key, "/v1/conversations", { items: [{ role: "user", content: INSTRUCTION }] }, { "x-demo-delay-ms": "1000" });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { object: string }).object).toBe("conversation");
      expect((await storage(slow.id)).conv).toHaveLength(0);
    } finally {
      expect((await admin("PUT", "/policy", { timeouts: { accountMs: before.policy.timeouts.accountMs } })).status).toBe(200);
    }
  });

  it("notes nothing for a blocked account's writes", async () => {
    const { id, key } = await newAccount("paid");
    const conv = await create(key);
    expect((await admin("PUT", `/accounts/${id}/override`, { action: "block", note: "test", until: Date.now() + 3_600_000 })).status).toBe(200);
    const res = await post(key, `/v1/conversations/${conv}/items`, { items: [{ role: "user", content: INSTRUCTION }] });
    expect(res.status).toBe(403);
    await res.text();
    expect((await storage(id)).conv).toHaveLength(0);
  });
});
