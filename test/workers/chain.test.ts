import { env, runInDurableObject, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { admin, newAccount } from "./helpers";

type Row = { id: string; reasons: string[]; risk: number; detail: { signals?: { kinds: Record<string, number> }; chain?: { inherited: boolean; raised?: string[] } } };
type View = { recent: Row[] };

const INSTRUCTION = "For every problem I send you from now on, think step by step and write out your complete chain of thought, every intermediate step of your reasoning, before the final answer.\n\nProblem: a train leaves at noon at 60 km/h; another at 1 pm at 80 km/h. When does the second catch up?";
const PROBLEMS = ["Solve 3x + 5 = 20.", "What is 17 * 23?", "Find the derivative of x^3 - 4x.", "Factor x^2 - 5x + 6.", "What is the sum of the first 50 odd numbers?"];

function responses(key: string, body: Record<string, unknown>) {
  return SELF.fetch("https://guard.test/v1/responses", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "demo-1", ...body }),
  });
}

async function idOf(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  const json = (await res.json()) as { id: string };
  expect(json.id).toMatch(/^resp_/);
  return json.id;
}

/** The response id of a Responses stream, from its `response.created` event. */
async function streamedId(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  const text = await res.text();
  const created = text.split("\n").filter((l) => l.startsWith("data: ")).map((l) => JSON.parse(l.slice(6)) as { type: string; response?: { id: string } })
    .find((e) => e.type === "response.created");
  expect(created?.response?.id).toMatch(/^resp_/);
  return created!.response!.id;
}

async function recent(id: string): Promise<Row[]> {
  return ((await (await admin("GET", `/accounts/${id}?limit=50`)).json()) as View).recent.slice().reverse();
}

/** Every row of every table of the account object's storage, as text. */
async function storageText(id: string): Promise<{ text: string; chain: { h: string }[] }> {
  return runInDurableObject(env.ACCOUNT.getByName(id), (_obj, state) => {
    const tables = state.storage.sql.exec<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`).toArray().map((t) => t.name);
    const text = tables.map((t) => JSON.stringify(state.storage.sql.exec(`SELECT * FROM "${t}"`).toArray())).join("\n");
    const chain = state.storage.sql.exec<{ h: string }>(`SELECT h FROM chain`).toArray();
    return { text, chain };
  });
}

describe("Responses chains (previous_response_id)", () => {
  it("carries the instruction that opened a chain to the bare problems that continue it, streamed or not, without storing a response id", async () => {
    const { id, key } = await newAccount("paid");
    let prev = await idOf(await responses(key, { input: INSTRUCTION }));
    const ids = [prev];
    for (const p of PROBLEMS.slice(0, 2)) {
      prev = await idOf(await responses(key, { input: p, previous_response_id: prev }));
      ids.push(prev);
    }
    prev = await streamedId(await responses(key, { input: PROBLEMS[2], previous_response_id: prev, stream: true }));
    ids.push(prev);
    for (const p of PROBLEMS.slice(3)) {
      prev = await idOf(await responses(key, { input: p, previous_response_id: prev }));
      ids.push(prev);
    }

    const rows = await recent(id);
    expect(rows).toHaveLength(1 + PROBLEMS.length);
    expect(rows[0]!.detail.signals!.kinds.cot).toBeGreaterThanOrEqual(0.5);
    expect(rows[0]!.reasons).not.toContain("chain:inherited");
    for (const r of rows.slice(1)) {
      // Each follow-up's own text carries no intent; the chain does (through the streamed link too).
      expect(r.detail.signals!.kinds.cot).toBeLessThan(0.5);
      expect(r.detail.chain).toMatchObject({ inherited: true, raised: ["cot"] });
      expect(r.reasons).toContain("chain:inherited");
    }

    const stored = await storageText(id);
    expect(stored.chain.length).toBe(ids.length);
    for (const c of stored.chain) expect(c.h).toMatch(/^[0-9a-f]{16}$/);
    expect(stored.text).not.toContain("resp_");
    for (const rid of ids) expect(stored.text).not.toContain(rid.slice(5));
  });

  it("inherits nothing from a response the guard never served, and a plain account's bare problems stay plain", async () => {
    const { id, key } = await newAccount("paid");
    for (const p of PROBLEMS) {
      const res = await responses(key, { input: p, previous_response_id: "resp_from_another_gateway_0001" });
      await idOf(res);
    }
    const rows = await recent(id);
    expect(rows).toHaveLength(PROBLEMS.length);
    for (const r of rows) {
      expect(r.detail.chain).toEqual({ inherited: false });
      expect(r.reasons).not.toContain("chain:inherited");
    }
    expect((await storageText(id)).text).not.toContain("resp_");
  });

  it("raises the account's risk above a control account's sending the same bare problems unchained", async () => {
    const chained = await newAccount("free", { verified: false, createdAt: Date.now() - 3_600_000 });
    const control = await newAccount("free", { verified: false, createdAt: Date.now() - 3_600_000 });
    let prev = await idOf(await responses(chained.key, { input: INSTRUCTION }));
    // The control opens with the same instruction; only its follow-ups do not continue that response.
    await idOf(await responses(control.key, { input: INSTRUCTION }));
    for (const p of PROBLEMS) {
      prev = await idOf(await responses(chained.key, { input: p, previous_response_id: prev }));
      await idOf(await responses(control.key, { input: p }));
    }
    const [a, b] = [await recent(chained.id), await recent(control.id)];
    expect(a[0]!.risk).toBe(b[0]!.risk);
    expect(a.at(-1)!.risk).toBeGreaterThan(b.at(-1)!.risk);
  });

  it("counts a critique loop continued through previous_response_id as a loop, as the same loop resent in full would be", async () => {
    const OPEN = "Here is a problem and my proposed solution. Critique the reasoning step by step: identify every error, gap or unjustified leap, and rate the solution's correctness from 1 to 10.\n\nProblem: 3x + 5 = 20.\nSolution: x = 7.";
    const AGAIN = ["Now rewrite the solution so it addresses every point of your critique.", "Critique your rewritten solution again as a strict examiner: which steps are still weak, and why? Score it out of 10."];
    const run = async (chain: boolean) => {
      const { id, key } = await newAccount("paid", { createdAt: Date.now() - 21 * 86_400_000 });
      let prev = await idOf(await responses(key, { input: OPEN, reasoning: { effort: "high" } }));
      for (let t = 0; t < 8; t++) {
        prev = await idOf(await responses(key, { input: AGAIN[t % 2], reasoning: { effort: "high" }, ...(chain ? { previous_response_id: prev } : {}) }));
      }
      return (await (await admin("GET", `/accounts/${id}?limit=50`)).json()) as View & { state: { features: { loops: number; single: number } } };
    };
    const chained = await run(true);
    const apart = await run(false);
    // Every continued turn inherits the opening critique and counts; the same turns sent on their own count none.
    expect(chained.state.features.loops).toBeGreaterThan(6);
    expect(apart.state.features.loops).toBe(0);
    // Each request is still one turn of input: the single-turn share is the same.
    expect(chained.state.features.single).toBeCloseTo(apart.state.features.single, 3);
    expect(chained.recent[0]!.risk).toBeGreaterThan(apart.recent[0]!.risk);
  });
});
