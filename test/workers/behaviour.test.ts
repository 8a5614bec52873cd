import { env, SELF } from "cloudflare:test";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { releasedAt } from "../../src/account/releases";
import { errorResponse } from "../../src/app";
import { GuardError } from "../../src/lib/guard-error";
import { releaseRoutes } from "../../src/routes/admin-releases";
import type { AppEnv } from "../../src/routes/context";
import { admin, newAccount } from "./helpers";

type View = {
  state: { behaviour: { state: string; risk: number }; features: { n: number } };
  recent: { action: string; reasons: string[]; state: string }[];
  audit: { kind: string; detail: { from?: string; to?: string; risk?: number; reasons?: string[] } }[];
};

const EXTRACT = "Solve the following problem. Think step by step and write out your complete chain of thought, every intermediate step of your reasoning, before the final answer.\n\nProblem: a train leaves at noon at 60 km/h; another at 1 pm at 80 km/h. When does the second catch up?";

function harvest(key: string, i: number) {
  return SELF.fetch("https://guard.test/v1/chat/completions", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "cf-connecting-ip": `203.0.113.${i + 1}` },
    body: JSON.stringify({ model: "demo-1", reasoning_effort: "high", max_completion_tokens: 32000, messages: [{ role: "user", content: EXTRACT.replace("noon", `${i} o'clock`) }] }),
    cf: { asn: 60000 + (i % 4), country: ["NL", "US", "DE", "SG"][i % 4] },
  } as RequestInit);
}

describe("account behaviour through the account object", () => {
  it("escalates a new unverified account harvesting reasoning through a rotating proxy, with each transition in the audit trail", async () => {
    const { id, key } = await newAccount("free", { verified: false, createdAt: Date.now() - 3_600_000 });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await harvest(key, i);
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.at(-1)).toBe(403);
    const view = (await (await admin("GET", `/accounts/${id}?limit=50`)).json()) as View;
    expect(view.state.behaviour.state).toBe("challenged");
    expect(view.recent[view.recent.length - 1]!.action).not.toBe("allow");
    const transitions = view.audit.filter((a) => a.kind === "transition").reverse();
    expect(transitions.map((t) => t.detail.to)).toEqual(expect.arrayContaining(["restricted", "challenged"]));
    for (const t of transitions) {
      expect(t.detail.reasons!.length).toBeGreaterThan(0);
      expect(typeof t.detail.risk).toBe("number");
    }
    expect(view.state.features.n).toBeGreaterThan(10);
  });

  it("serves an established verified account's ordinary traffic as is and keeps it trusted", async () => {
    const { id, key } = await newAccount("paid");
    for (let i = 0; i < 5; i++) {
      const res = await SELF.fetch("https://guard.test/v1/chat/completions", {
        method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "demo-1", messages: [{ role: "user", content: `What is a good name for a cat? (${i})` }] }),
      });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    const view = (await (await admin("GET", `/accounts/${id}`)).json()) as View;
    expect(view.state.behaviour.state).toBe("trusted");
    expect(view.recent.every((r) => r.action === "allow")).toBe(true);
    expect(view.audit.find((a) => a.kind === "transition")?.detail).toMatchObject({ from: "probation", to: "trusted", reasons: ["identity:verified"] });
  });

  it("keeps an unverified account on probation until 90 days: its first harvest is served without the reasoning, a verified one's in full", async () => {
    const ask = async (extra: Record<string, unknown>) => {
      const { id, key } = await newAccount("paid", { createdAt: Date.now() - 45 * 86_400_000, ...extra });
      const res = await SELF.fetch("https://guard.test/v1/chat/completions", {
        method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "demo-1", reasoning_effort: "high", messages: [{ role: "user", content: EXTRACT }] }),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { choices: { message: { reasoning_content?: string } }[] };
      const view = (await (await admin("GET", `/accounts/${id}`)).json()) as View;
      return { reasoning: body.choices[0]!.message.reasoning_content, row: view.recent[0]! };
    };
    const unverified = await ask({ verified: false });
    expect(unverified.row).toMatchObject({ action: "degrade", state: "probation" });
    expect(unverified.row.reasons).toEqual(expect.arrayContaining(["state:probation", "request:training-value"]));
    expect(unverified.reasoning ?? "").toBe("");
    const verified = await ask({ verified: true });
    expect(verified.row).toMatchObject({ action: "allow", state: "trusted" });
    expect(verified.reasoning?.length).toBeGreaterThan(0);
  });

  it("holds a verified account's critique loop sooner than the same critiques asked one at a time", async () => {
    const OPEN = "Here is a problem and my proposed solution. Critique the reasoning step by step: identify every error, gap or unjustified leap, and rate the solution's correctness from 1 to 10.";
    const AGAIN = ["Now rewrite the solution so it addresses every point of your critique.", "Critique your rewritten solution again as a strict examiner: which steps are still weak, and why? Score it out of 10."];
    const run = async (loop: boolean) => {
      // Verified, paid, three weeks old: its content evidence counts three quarters.
      const { id, key } = await newAccount("paid", { createdAt: Date.now() - 21 * 86_400_000 });
      for (let c = 0; c < 4; c++) {
        const messages: { role: string; content: string }[] = [{ role: "user", content: `${OPEN}\n\nProblem: ${c + 3}x + 5 = ${20 + c}.\nSolution: x = ${c + 7}.` }];
        for (let t = 0; t < 4; t++) {
          const body = { model: "demo-1", reasoning_effort: "high", messages: loop ? messages : [messages[messages.length - 1]!] };
          const res = await SELF.fetch("https://guard.test/v1/chat/completions", {
            method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body),
          });
          expect(res.status).toBe(200);
          await res.arrayBuffer();
          messages.push({ role: "assistant", content: `Answer ${t}: the step from 3x = 15 to x = 5 is fine; the first line is not.` }, { role: "user", content: AGAIN[t % 2]! });
        }
      }
      return (await (await admin("GET", `/accounts/${id}?limit=50`)).json()) as View & { state: { features: { loops: number } } };
    };
    const loop = await run(true);
    const alone = await run(false);
    expect(loop.state.features.loops).toBeGreaterThan(5);
    expect(alone.state.features.loops).toBe(0);
    const held = loop.recent.filter((r) => r.action !== "allow");
    expect(held.length).toBeGreaterThan(0);
    expect(held.some((r) => r.reasons.includes("intent:critique-loop"))).toBe(true);
    expect(alone.recent.filter((r) => r.action !== "allow").length).toBeLessThan(held.length);
    expect(alone.recent.some((r) => r.reasons.includes("intent:critique-loop"))).toBe(false);
  });

  it("serves a new account's conversation turns in watch as probation would, where its prior and one reason hold it there", async () => {
    // A person trying the API with reasoning on, from one home address: a question, then two follow-ups in its conversation.
    const run = async () => {
      const { id, key } = await newAccount("free", { verified: false, createdAt: Date.now() - 2 * 3_600_000 });
      const out: { turn: boolean; reasoning: boolean }[] = [];
      for (let i = 0; i < 20; i++) {
        const q = { role: "user", content: `What would be a good name for a bakery on ${["Elm", "Oak", "Pine", "Ash", "Birch", "Cedar", "Maple"][Math.floor(i / 3)]} Street?` };
        const messages = i % 3 === 0 ? [q] : [q, { role: "assistant", content: "Maybe \"The Rolling Pin\"." }, { role: "user", content: `Another one, shorter (${i}).` }];
        const res = await SELF.fetch("https://guard.test/v1/chat/completions", {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "cf-connecting-ip": "198.51.100.9" },
          body: JSON.stringify({ model: "demo-1", reasoning_effort: "high", messages }),
          cf: { asn: 64500, country: "US" },
        } as RequestInit);
        expect(res.status).toBe(200);
        const body = (await res.json()) as { choices: { message: { reasoning_content?: string } }[] };
        out.push({ turn: i % 3 !== 0, reasoning: (body.choices[0]!.message.reasoning_content ?? "").length > 0 });
      }
      const view = (await (await admin("GET", `/accounts/${id}?limit=50`)).json()) as View;
      return { out, rows: view.recent.slice().reverse() };
    };
    const lenient = await run();
    const before = (await (await admin("GET", "/policy")).json()) as { policy: { machine: { watchAsProbationContent: number } } };
    expect(before.policy.machine.watchAsProbationContent).toBe(0.5);
    expect((await admin("PUT", "/policy", { machine: { watchAsProbationContent: 0 } })).status).toBe(200);
    let strict: Awaited<ReturnType<typeof run>>;
    try {
      strict = await run();
    } finally {
      expect((await admin("PUT", "/policy", { machine: { watchAsProbationContent: 0.5 } })).status).toBe(200);
    }
    // Both reach watch on the new-account prior and the reasoning share alone.
    const watched = (r: typeof lenient) => r.rows.map((row, i) => ({ row, ...r.out[i]! })).filter((x) => x.row.state === "watch");
    expect(watched(lenient).length).toBeGreaterThan(5);
    expect(watched(strict).length).toBeGreaterThan(5);
    // With the setting off, every request in watch has its reasoning withheld; with it, a conversation's turns keep it.
    for (const x of watched(strict)) expect([x.row.action, x.reasoning]).toEqual(["degrade", false]);
    for (const x of watched(lenient)) expect([x.row.action, x.reasoning]).toEqual(x.turn ? ["allow", true] : ["degrade", false]);
    expect(watched(lenient).some((x) => x.turn)).toBe(true);
    // A bad setting is refused with the field named, and the policy kept.
    const bad = await admin("PUT", "/policy", { machine: { watchAsProbationContent: -1 } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/machine\.watchAsProbationContent/);
    expect(((await (await admin("GET", "/policy")).json()) as typeof before).policy.machine.watchAsProbationContent).toBe(0.5);
  });

  it("ignores replay-clock headers without the REPLAY_CLOCK binding", async () => {
    const { key } = await newAccount("paid");
    const res = await SELF.fetch("https://guard.test/v1/chat/completions", {
      method: "POST",
      headers: {
        authorization: `Bearer ${key}`, "content-type": "application/json",
        "x-guard-replay-token": "0123456789abcdef0123", "x-guard-replay-now": "1000",
      },
      body: JSON.stringify({ model: "demo-1", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-guard-decision")).toBeNull();
    await res.arrayBuffer();
  });
});

describe("model releases", () => {
  const app = new Hono<AppEnv & { Variables: { tokenId: string } }>();
  app.use("*", async (c, next) => { c.set("tokenId", "token:test"); await next(); });
  app.onError((err) => errorResponse("openai", err instanceof GuardError ? err : new GuardError("internal_error", String(err))));
  releaseRoutes(app);
  const call = (method: string, path: string, body?: unknown) =>
    app.request(path, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }, env);

  it("stores an announced release, lists it, and the request path reads its time", async () => {
    const res = await call("POST", "/releases", { model: "frontier-9", at: 1_700_000_000_000 });
    expect(res.status).toBe(201);
    const list = (await (await call("GET", "/releases")).json()) as { releases: { model: string; at: number }[] };
    expect(list.releases).toContainEqual(expect.objectContaining({ model: "frontier-9", at: 1_700_000_000_000 }));
    expect(await releasedAt(env.GUARD_KV, "frontier-9", 30_000, Date.now())).toBe(1_700_000_000_000);
    expect(await releasedAt(env.GUARD_KV, "frontier-never", 30_000, Date.now())).toBeNull();
  });

  it.each([
    [{}, 400],
    [{ model: "" }, 400],
    [{ model: "x".repeat(200) }, 400],
    [{ model: "m", at: -1 }, 400],
  ])("refuses %j", async (body, status) => {
    expect((await call("POST", "/releases", body)).status).toBe(status);
  });

  it("refuses a model name that is not well-formed text (a lone surrogate) with 400, not a KV failure", async () => {
    expect((await call("POST", "/releases", { model: "model-\ud800" })).status).toBe(400);
  });

  it("reads KV every time with no cache time (a replay), where the isolate's cache would still answer", async () => {
    const now = Date.now();
    expect(await releasedAt(env.GUARD_KV, "frontier-fresh", 30_000, now)).toBeNull();
    // Written past the route (as another isolate's announcement reaches this one): the cached answer stands for 30 s.
    await env.GUARD_KV.put("rel:frontier-fresh", JSON.stringify({ model: "frontier-fresh", at: 1_700_000_000_000, by: "test" }));
    expect(await releasedAt(env.GUARD_KV, "frontier-fresh", 30_000, now + 1)).toBeNull();
    expect(await releasedAt(env.GUARD_KV, "frontier-fresh", 0, now + 2)).toBe(1_700_000_000_000);
  });

  it("never looks up (nor caches) a requested model no release can be announced for", async () => {
    const asked: string[] = [];
    // The real KV namespace, with the keys asked of it noted.
    const kv = new Proxy(env.GUARD_KV, {
      get: (t, k) => (k === "get" ? (key: string, o: unknown) => (asked.push(key), t.get(key, o as KVNamespaceGetOptions<"json">)) : Reflect.get(t, k)),
    });
    for (const model of ["x".repeat(70_000), "demo-\ud800", "\udc00", ""]) expect(await releasedAt(kv, model, 30_000, Date.now())).toBeNull();
    // Compared as JSON, which escapes a lone surrogate (vitest's report cannot carry one).
    expect(asked.map((k) => JSON.stringify(k).slice(0, 40))).toEqual([]);
    expect(await releasedAt(kv, "demo-\ud83d\ude00", 30_000, Date.now())).toBeNull();
    expect(asked).toEqual(["rel:demo-\ud83d\ude00"]);
  });

  it("deletes a release, and 404s one that does not exist", async () => {
    await call("POST", "/releases", { model: "frontier-del" });
    expect((await call("DELETE", "/releases/frontier-del")).status).toBe(200);
    expect((await call("DELETE", "/releases/frontier-del")).status).toBe(404);
  });
});
