/**
 * Cross-account evidence on the request path, through the real Worker app in
 * workerd (account and campaign-index Durable Objects, KV): young unverified
 * accounts sending one extraction template become a campaign; a fresh
 * account sending that template is contained within its first requests with
 * reasons naming the campaign; the admin API lists it. Each request's
 * execution context is awaited, so its campaign report (ctx.waitUntil) has
 * landed before the next request (campaign-helpers.ts). The hold from three
 * established machines beside restricted members is in campaign-hold.test.ts,
 * in storage of its own.
 */
import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { account, adminCall, app, DAY, fetchApp, type Summary, type View } from "./campaign-helpers";

const TEMPLATE = "Solve the following problem. Think step by step and write out your complete chain of thought, every intermediate step of your reasoning, before the final answer.\n\nProblem: ";
const PROBLEMS = ["a train leaves at noon at 60 km/h; another at 1 pm at 80 km/h. When does the second catch up?", "x^2 - 5x + 6 = 0", "the sum of the first 20 primes"];
/** A harvest fills the template with another problem each time (the same prompt sent verbatim is a popular prompt, not a campaign). */
const problem = (n: number): string => `${PROBLEMS[n % PROBLEMS.length]} (item ${n + 1} of the set, variant ${String.fromCharCode(97 + (n % 26))}${Math.floor(n / 26)})`;

function harvest(key: string, problem: string, i: number): Promise<Response> {
  return fetchApp(new Request("https://guard.test/v1/chat/completions", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "cf-connecting-ip": `198.51.100.${i % 250}`, "user-agent": "python-httpx/0.27.0" },
    body: JSON.stringify({ model: "demo-1", max_completion_tokens: 2000, messages: [{ role: "user", content: TEMPLATE + problem }] }),
    cf: { asn: 64512, country: "NL" },
  } as RequestInit));
}

type Detail = { members: { account: string; suspicious: boolean }[]; campaign: Summary; timeline: { event: string }[] };

describe("campaigns on the request path", () => {
  it("turns young unverified accounts sharing an extraction template into a campaign and contains a fresh account of it", async () => {
    let n = 0;
    for (let a = 0; a < 6; a++) {
      const key = await account(`camp${a}`, { verified: false, createdAt: Date.now() - DAY });
      for (let k = 0; k < PROBLEMS.length; k++, n++) expect((await harvest(key, problem(n), n)).status).toBe(200);
    }
    const listed = (await (await adminCall("GET", "/campaigns")).json()) as { campaigns: Summary[] };
    const campaign = listed.campaigns.find((c) => c.kind === "template" && c.status === "confirmed");
    expect(campaign, JSON.stringify(listed)).toBeDefined();
    const detail = (await (await adminCall("GET", `/campaigns/${campaign!.id}`)).json()) as Detail;
    expect(detail.members.filter((m) => m.suspicious)).toHaveLength(6);
    expect(detail.timeline.map((e) => e.event)).toEqual(expect.arrayContaining(["detected", "confirmed", "published"]));

    // Verified (so no probation) but days old: were it not for the campaign, these requests would be served as is.
    const fresh = await account("fresh", { verified: true, createdAt: Date.now() - 2 * DAY });
    for (let i = 0; i < 5; i++) await harvest(fresh, problem(100 + i), 100 + i);
    const id = fresh.slice("sk-test-".length);
    const view = (await (await adminCall("GET", `/accounts/${id}?limit=10`)).json()) as View;
    const decisions = [...view.recent].reverse();
    expect(decisions).toHaveLength(5);
    const held = decisions.findIndex((d) => d.action !== "allow");
    expect(held).toBeGreaterThanOrEqual(0);
    expect(held).toBeLessThan(5);
    expect(decisions[held]!.reasons).toContain(`campaign:${campaign!.id}`);
    expect(view.state.campaigns.map((c) => c.campaignId)).toContain(campaign!.id);
  });

  it("leaves an established customer who uses the same template as it is", async () => {
    const key = await account("customer", { tier: "paid", verified: true, org: "acme", createdAt: Date.now() - 400 * DAY });
    for (let i = 0; i < 5; i++) await harvest(key, PROBLEMS[i % PROBLEMS.length]!, 200 + i);
    const view = (await (await adminCall("GET", `/accounts/${key.slice("sk-test-".length)}?limit=10`)).json()) as View;
    expect(view.recent.flatMap((d) => d.reasons).filter((r) => r.startsWith("campaign:"))).toEqual([]);
    expect(view.state.campaigns).toEqual([]);
  });

  it("takes an org's vouching away from its established account once two of its accounts are restricted for extraction", async () => {
    const org = `org-${crypto.randomUUID().slice(0, 8)}`;
    const mate = await account("orgmate", { tier: "enterprise", verified: true, org, createdAt: Date.now() - 400 * DAY });
    // The same customer in another org, sending the same requests at the same times: what the org-mate would be without its org's campaign.
    const control = await account("control", { tier: "enterprise", verified: true, org: `${org}-other`, createdAt: Date.now() - 400 * DAY });
    // The established org-mate's ordinary requests first: a member of the org, untouched.
    for (let i = 0; i < 2; i++) for (const key of [mate, control]) await harvest(key, PROBLEMS[i % PROBLEMS.length]!, 300 + i);
    const mateId = mate.slice("sk-test-".length);
    const before = (await (await adminCall("GET", `/accounts/${mateId}?limit=10`)).json()) as View;
    expect(before.state.campaigns).toEqual([]);
    // Two new accounts of the same org harvest until their own behaviour restricts them.
    for (let a = 0; a < 2; a++) {
      const key = await account(`orgbad${a}`, { verified: false, org, createdAt: Date.now() - DAY });
      for (let k = 0; k < 10; k++) await harvest(key, problem(400 + 10 * a + k), 400 + 10 * a + k);
    }
    const listed = (await (await adminCall("GET", "/campaigns")).json()) as { campaigns: Summary[] };
    const campaign = listed.campaigns.find((c) => c.kind === "org");
    expect(campaign, JSON.stringify(listed)).toBeDefined();
    expect(campaign!.id).toMatch(/^org-[0-9a-f]{16}$/);
    expect(JSON.stringify(listed)).not.toContain(org);
    const detail = (await (await adminCall("GET", `/campaigns/${campaign!.id}`)).json()) as Detail & { campaign: { published: unknown[] } };
    expect(detail.campaign.published).toEqual([]);
    // The org-mate's next requests: it is told of its org's campaign, and it counts.
    for (let i = 0; i < 2; i++) for (const key of [mate, control]) await harvest(key, PROBLEMS[i % PROBLEMS.length]!, 310 + i);
    const after = (await (await adminCall("GET", `/accounts/${mateId}?limit=10`)).json()) as View;
    const other = (await (await adminCall("GET", `/accounts/${control.slice("sk-test-".length)}?limit=10`)).json()) as View;
    expect(after.state.campaigns.map((c) => c.campaignId)).toEqual([campaign!.id]);
    expect(other.state.campaigns).toEqual([]);
    // Its org's campaign adds 1.5 × confidence / 100 log-odds at exposure 1 (an established enterprise account's is 0).
    expect(after.recent[0]!.risk).toBeGreaterThan(1.5 * other.recent[0]!.risk);
    expect(after.recent.every((d) => !["throttle", "challenge", "block"].includes(d.action))).toBe(true);

    // Both then run an agent that asks for the reasoning on every request, through a prompt of their own, from six
    // cloud addresses. Once the org-mate's own stream shows it (95% of its requests after shrinkage: 120 after its 4 without;
    // policy.campaign.account.harvestHoldOrg), its answers
    // come without the reasoning; the control's, the same requests in another org, with it.
    const agent = (key: string, i: number) => app.fetch(new Request("https://guard.test/v1/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "cf-connecting-ip": `192.0.2.${120 + (i % 6)}`, "user-agent": "OpenAI/Python 1.58.1" },
      body: JSON.stringify({
        model: "demo-1", max_completion_tokens: 16_000, reasoning_effort: "high",
        messages: [{ role: "system", content: `Our release tooling agent (${key === mate ? "a" : "b"}). Keep changes small.` }, { role: "user", content: `Bump the changelog for build ${i}.` }],
      }),
      cf: { asn: 16509, country: "US" },
    } as RequestInit), env, createExecutionContext());
    for (let i = 0; i < 120; i++) for (const key of [mate, control]) await (await agent(key, i)).arrayBuffer();
    const reasoning = async (key: string) => ((await (await agent(key, 99)).json()) as { choices: { message: { reasoning_content?: string } }[] }).choices[0]!.message.reasoning_content ?? "";
    expect(await reasoning(mate)).toBe("");
    expect(await reasoning(control)).toMatch(/\S/);
    const held = (await (await adminCall("GET", `/accounts/${mateId}?limit=1`)).json()) as View;
    expect(held.recent[0]).toMatchObject({ action: "degrade", reasons: ["request:campaign-harvest", `campaign:${campaign!.id}`] });
  });

  it("confirms a harness prompt with a large restricted minority though established accounts share it, and judges an established account that asks for the reasoning every time by it", async () => {
    // An agentic-coding harness's system prompt (the first test's template is a campaign already; system prompts have no extraction bar).
    const HARNESS = "You are an autonomous software engineering agent working in a sandboxed checkout of the repository. Inspect files, run the tests, then propose a minimal patch.";
    const TASK = "The invoice export fails for accounts with more than one currency; find the cause and fix it. Ticket ";
    const COT = "Think step by step and write out your complete chain of thought, every intermediate step, before the patch. Ticket ";
    const send = (key: string, system: string, text: string, ip: string, heavy = true) => fetchApp(new Request("https://guard.test/v1/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "cf-connecting-ip": ip, "user-agent": "OpenAI/Python 1.58.1" },
      body: JSON.stringify({ model: "demo-1", max_completion_tokens: 16_000, ...(heavy ? { reasoning_effort: "high" } : {}), messages: [{ role: "system", content: system }, { role: "user", content: text }] }),
      cf: { asn: 16509, country: "US" },
    } as RequestInit));
    const aged = { tier: "paid", verified: true, createdAt: Date.now() - 150 * DAY };
    // Eleven established accounts of eleven orgs use it for ordinary tasks, without asking for the reasoning (so they
    // vouch for it: policy.campaign.minority.harvestingMember): rule 3c would clear it on their word.
    let n = 0;
    for (let a = 0; a < 11; a++) {
      const key = await account(`aged${a}`, { ...aged, org: `org-${crypto.randomUUID().slice(0, 8)}` });
      for (let k = 0; k < 2; k++, n++) await send(key, HARNESS, `${TASK}${n}`, `192.0.2.${a}`, false);
    }
    // Six of the campaign's accounts that their own behaviour restricts (new, unverified, extraction, rotating exits).
    for (let a = 0; a < 6; a++) {
      const key = await account(`proxied${a}`, { verified: false, createdAt: Date.now() - DAY });
      for (let k = 0; k < 10; k++, n++) await send(key, HARNESS, `${COT}${n}`, `198.18.${a}.${k * 23}`);
    }
    const listed = (await (await adminCall("GET", "/campaigns")).json()) as { campaigns: (Summary & { reasons: string[] })[] };
    const fp = (await import("../../src/detect/fingerprint")).templateFingerprint(HARNESS);
    const harness = listed.campaigns.find((c) => c.id === `sys-${fp}`);
    expect(harness, JSON.stringify(listed)).toMatchObject({ status: "confirmed" });
    expect(harness!.reasons[0]).toMatch(/^restricted-accounts:6$/);
    // Two more aged accounts send the same ordinary tasks, with the reasoning asked for every time: one through the
    // harness (an established member that does not vouch for it, asking for the reasoning every time), one through a system prompt
    // of its own. The published harness counts for the first (risk.ts harvestAgreement).
    const onIt = await account("on-harness", { ...aged, org: "acme-dev" });
    const own = await account("own-prompt", { ...aged, org: "acme-ops" });
    const OWN = "You are the billing team's coding assistant. Follow the repository's style guide and keep patches small.";
    for (let i = 0; i < 90; i++) {
      await send(onIt, HARNESS, `${TASK}${1000 + i}`, "192.0.2.200");
      await send(own, OWN, `${TASK}${1000 + i}`, "192.0.2.201");
    }
    const view = async (key: string) => (await (await adminCall("GET", `/accounts/${key.slice("sk-test-".length)}?limit=5`)).json()) as View;
    const [a, b] = [await view(onIt), await view(own)];
    expect(a.recent[0]!.risk).toBeGreaterThan(b.recent[0]!.risk + 0.1);
    expect(a.recent.every((d) => !["throttle", "challenge", "block"].includes(d.action))).toBe(true);
    expect(b.recent.every((d) => d.action === "allow")).toBe(true);

    // An aged enterprise account whose contract's prior no campaign evidence outweighs: its state stays trusted, but
    // its requests asking for the reasoning through the published harness are degraded one by one, once its own stream
    // asks for it nearly every time (policy.campaign.account.harvestHold), from more addresses than one person's desk
    // (harvestHoldOperation; unit-tested with a person's pace): the reasoning trace is withheld from the answer. The one request without the reasoning asked is served as is, and so is a contracted account with a
    // prompt of its own.
    const contracted = { tier: "enterprise", verified: true, createdAt: Date.now() - 400 * DAY };
    const ent = await account("ent-harness", { ...contracted, org: "bigco-dev" });
    const entOwn = await account("ent-own", { ...contracted, org: "bigco-ops" });
    const body = async (res: Response) => (await res.json()) as { choices: { message: { reasoning_content?: string } }[] };
    const sendRead = (key: string, system: string, text: string, heavy = true) => app.fetch(new Request("https://guard.test/v1/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "cf-connecting-ip": "192.0.2.210", "user-agent": "OpenAI/Python 1.58.1" },
      body: JSON.stringify({ model: "demo-1", max_completion_tokens: 16_000, ...(heavy ? { reasoning_effort: "high" } : {}), messages: [{ role: "system", content: system }, { role: "user", content: text }] }),
      cf: { asn: 16509, country: "US" },
    } as RequestInit), env, createExecutionContext());
    for (let i = 0; i < 90; i++) {
      await send(ent, HARNESS, `${TASK}${2000 + i}`, `192.0.2.${210 + (i % 6)}`);
      if (i % 3 === 0) await send(entOwn, OWN, `${TASK}${2000 + i}`, "192.0.2.211");
    }
    const held = await body(await sendRead(ent, HARNESS, `${TASK}3000`));
    expect(held.choices[0]!.message.reasoning_content ?? "").toBe("");
    const plain = await sendRead(ent, HARNESS, `${TASK}3001`, false);
    expect(plain.status).toBe(200);
    const served = await body(await sendRead(entOwn, OWN, `${TASK}3000`));
    expect(served.choices[0]!.message.reasoning_content).toMatch(/\S/);
    const [e, o] = [await view(ent), await view(entOwn)];
    expect(e.recent[1]).toMatchObject({ action: "degrade", state: "trusted", reasons: ["request:campaign-harvest", `campaign:sys-${fp}`] });
    expect(e.recent[0]).toMatchObject({ action: "allow", state: "trusted" });
    expect(e.recent.every((d) => d.state === "trusted")).toBe(true);
    expect(o.recent.every((d) => d.action === "allow")).toBe(true);
  }, 180_000);

  it("finds a harness prompt whose established users all ask for the reasoning every time with three restricted accounts, and not when one uses it as a customer does", async () => {
    // Rule 3d with no established member vouching (policy.campaign.minority.unvouchedMin): eight aged accounts of eight
    // orgs send one harness system prompt, and three new proxied accounts are restricted on it. With every aged one asking
    // for the reasoning in full each time, three restricted are enough; with one of them not asking for it, the six hold.
    const run = async (tag: string, vouchers: number) => {
      const system = `You are a repository maintenance agent (${tag}). Explore the checkout, change as little as possible, run the tests, then report.`;
      const send = (key: string, text: string, ip: string, heavy: boolean) => fetchApp(new Request("https://guard.test/v1/chat/completions", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "cf-connecting-ip": ip, "user-agent": "OpenAI/Python 1.58.1" },
        body: JSON.stringify({ model: "demo-1", max_completion_tokens: 16_000, ...(heavy ? { reasoning_effort: "high" } : {}), messages: [{ role: "system", content: system }, { role: "user", content: text }] }),
        cf: { asn: 16509, country: "US" },
      } as RequestInit));
      let n = 0;
      const agedKeys: string[] = [];
      for (let a = 0; a < 8; a++) {
        const key = await account(`${tag}-aged${a}`, { tier: "paid", verified: true, createdAt: Date.now() - 150 * DAY, org: `org-${crypto.randomUUID().slice(0, 8)}` });
        agedKeys.push(key);
        for (let k = 0; k < 3; k++, n++) await send(key, `Fix the flaky date parsing test. Ticket ${tag}-${n}`, `192.0.2.${20 + a}`, a >= vouchers);
      }
      for (let a = 0; a < 3; a++) {
        const key = await account(`${tag}-proxied${a}`, { verified: false, createdAt: Date.now() - DAY });
        for (let k = 0; k < 10; k++, n++) {
          await send(key, `Think step by step and write out your complete chain of thought, every intermediate step, before the patch. Ticket ${tag}-${n}`, `198.18.${10 + a}.${k * 23}`, true);
        }
      }
      const listed = (await (await adminCall("GET", "/campaigns")).json()) as { campaigns: (Summary & { reasons: string[] })[] };
      const fp = (await import("../../src/detect/fingerprint")).templateFingerprint(system);
      return { campaign: listed.campaigns.find((c) => c.id === `sys-${fp}`), agedKeys, send, fp };
    };
    const unvouched = await run("unvouched", 0);
    expect(unvouched.campaign).toMatchObject({ kind: "system", status: "suspected", reasons: ["restricted-accounts:3", "accounts:11"] });
    expect((await run("vouched", 1)).campaign).toBeUndefined();

    // Suspected, so nothing is published; an aged member that keeps asking for the reasoning through it, from six
    // addresses, is told of it for the hold only (policy.campaign.account.harvestHoldSuspected): once its own stream
    // shows the reasoning asked for nearly every time, its requests through the prompt are answered without the
    // reasoning, its state and risk as the evidence makes them; its request without the reasoning is served as is.
    const key = unvouched.agedKeys[5]!;
    for (let i = 0; i < 24; i++) await unvouched.send(key, `Fix the flaky date parsing test. Ticket more-${i}`, `192.0.2.${60 + (i % 6)}`, true);
    const read = (heavy: boolean) => app.fetch(new Request("https://guard.test/v1/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "cf-connecting-ip": "192.0.2.61", "user-agent": "OpenAI/Python 1.58.1" },
      body: JSON.stringify({
        model: "demo-1", max_completion_tokens: 16_000, ...(heavy ? { reasoning_effort: "high" } : {}),
        messages: [{ role: "system", content: `You are a repository maintenance agent (unvouched). Explore the checkout, change as little as possible, run the tests, then report.` }, { role: "user", content: "Fix the flaky date parsing test. Ticket last" }],
      }),
      cf: { asn: 16509, country: "US" },
    } as RequestInit), env, createExecutionContext());
    const heldBody = (await (await read(true)).json()) as { choices: { message: { reasoning_content?: string } }[] };
    expect(heldBody.choices[0]!.message.reasoning_content ?? "").toBe("");
    // Still only suspected: nothing published.
    const after = (await (await adminCall("GET", "/campaigns")).json()) as { campaigns: (Summary & { published: unknown[] })[] };
    expect(after.campaigns.find((c) => c.id === `sys-${unvouched.fp}`)).toMatchObject({ status: "suspected", published: [] });
    expect((await read(false)).status).toBe(200);
    const v = (await (await adminCall("GET", `/accounts/${key.slice("sk-test-".length)}?limit=3`)).json()) as View;
    expect(v.recent[1]).toMatchObject({ action: "degrade", state: "trusted", reasons: ["request:campaign-harvest", `campaign:sys-${unvouched.fp}`] });
    expect(v.recent[0]).toMatchObject({ action: "allow", state: "trusted" });
    expect(v.state.campaigns).toEqual([expect.objectContaining({ campaignId: `sys-${unvouched.fp}`, hold: true })]);
  }, 120_000);

  it("answers without the reasoning a harness prompt whose established users, of several orgs, all run it from machines asking for the reasoning, with no campaign and no account restricted; not when one uses it at a desk", async () => {
    // policy.campaign.account.harvestHoldOperated: five aged accounts of two orgs send one agent's system prompt, each
    // request another task, every one asking for the reasoning in full, each from six cloud addresses (its stream
    // operates). No account is restricted and no campaign is found; each is told of the prompt for the hold only, and
    // once its own stream shows the reasoning asked for nearly every time, its answers through it come without the
    // reasoning. With a sixth aged account sending the same from one desk address, none is.
    const run = async (tag: string, desk: boolean) => {
      const system = `You are an autonomous software engineering agent (${tag}). Resolve the issue with a minimal patch and verify it with the tests.`;
      const request = (key: string, i: number, ip: string, heavy = true) => new Request("https://guard.test/v1/chat/completions", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "cf-connecting-ip": ip, "user-agent": "OpenAI/Python 1.58.1" },
        body: JSON.stringify({
          model: "demo-1", max_completion_tokens: 16_000, ...(heavy ? { reasoning_effort: "high" } : {}),
          messages: [{ role: "system", content: system }, { role: "user", content: `Issue ${tag}-${i}: the parser rejects input number ${i * 7 + 3}.` }],
        }),
        cf: { asn: 16509, country: "US" },
      } as RequestInit);
      const send = (key: string, i: number, ip: string, heavy = true) => fetchApp(request(key, i, ip, heavy));
      const orgs = [`org-${crypto.randomUUID().slice(0, 8)}`, `org-${crypto.randomUUID().slice(0, 8)}`];
      const keys: string[] = [];
      for (let a = 0; a < 5; a++) keys.push(await account(`${tag}-agent${a}`, { tier: "paid", verified: true, createdAt: Date.now() - 150 * DAY, org: orgs[a % 2] }));
      let n = 0;
      if (desk) {
        const dev = await account(`${tag}-dev`, { tier: "paid", verified: true, createdAt: Date.now() - 300 * DAY });
        for (let k = 0; k < 3; k++) await send(dev, n++, "203.0.113.77");
      }
      for (let round = 0; round < 24; round++) for (const [a, key] of keys.entries()) await send(key, n++, `192.0.2.${30 + 6 * a + (round % 6)}`);
      const last = (await (await app.fetch(request(keys[4]!, n++, "192.0.2.55"), env, createExecutionContext())).json()) as { choices: { message: { reasoning_content?: string } }[] };
      // What an operator sees, before the request without the reasoning (after it, that member no longer runs it so).
      const fpOf = (await import("../../src/detect/fingerprint")).templateFingerprint(system)!;
      const detail = await adminCall("GET", `/campaigns/sys-${fpOf}`);
      const plain = await send(keys[4]!, n++, "192.0.2.55", false);
      const view = (await (await adminCall("GET", `/accounts/${keys[4]!.slice("sk-test-".length)}?limit=2`)).json()) as Omit<View, "state"> & { state: { campaigns: { campaignId: string; hold: boolean }[] } };
      const listed = (await (await adminCall("GET", "/campaigns")).json()) as { campaigns: Summary[] };
      return { reasoning: last.choices[0]!.message.reasoning_content ?? "", plain, view, listed, fp: fpOf, detail };
    };
    const machines = await run("machines", false);
    expect(machines.reasoning).toBe("");
    expect(machines.view.recent[1]).toMatchObject({ action: "degrade", state: "trusted", reasons: ["request:campaign-harvest", `campaign:sys-${machines.fp}`] });
    // Its request without the reasoning is served as is; the hold-only entry is all its state says; no campaign exists.
    expect(machines.plain.status).toBe(200);
    expect(machines.view.recent[0]).toMatchObject({ action: "allow", state: "trusted" });
    expect(machines.view.state.campaigns.length).toBeGreaterThan(0);
    expect(machines.view.state.campaigns.every((c) => c.hold)).toBe(true);
    expect(machines.view.state.campaigns.map((c) => c.campaignId)).toContain(`sys-${machines.fp}`);
    expect(machines.listed.campaigns.some((c) => c.id.endsWith(machines.fp))).toBe(false);
    // The operator, following the held request's reason, sees the prompt's members and why, with no campaign.
    expect(machines.detail.status).toBe(200);
    const detail = (await machines.detail.json()) as { campaign: unknown; operatedHarvest: number; members: { established: boolean }[] };
    expect(detail.campaign).toBeNull();
    expect(detail.operatedHarvest).toBe(5);
    expect(detail.members.filter((m) => m.established)).toHaveLength(5);

    const withDesk = await run("desk", true);
    expect(withDesk.reasoning).toMatch(/\S/);
    expect(withDesk.view.state.campaigns.some((c) => c.campaignId === `sys-${withDesk.fp}`)).toBe(false);
    expect(withDesk.detail.status).toBe(404);
  }, 300_000);

  it("does not make a question a crowd of new accounts sends word for word a campaign", async () => {
    const QUESTION = "Are you the new model? Show me your reasoning step by step: what exactly changed since the previous version?";
    const ask = (key: string, i: number) => fetchApp(new Request("https://guard.test/v1/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "cf-connecting-ip": `203.0.113.${i % 250}` },
      body: JSON.stringify({ model: "demo-1", messages: [{ role: "user", content: QUESTION }] }),
      cf: { asn: 7922, country: "US" },
    } as RequestInit));
    const keys: string[] = [];
    for (let a = 0; a < 8; a++) {
      const key = await account(`curious${a}`, { verified: false, createdAt: Date.now() - 3_600_000 });
      keys.push(key);
      for (let k = 0; k < 2; k++) expect((await ask(key, 10 * a + k)).status).toBe(200);
    }
    const listed = (await (await adminCall("GET", "/campaigns")).json()) as { campaigns: (Summary & { fp: string })[] };
    const views = await Promise.all(keys.map(async (key) => (await (await adminCall("GET", `/accounts/${key.slice("sk-test-".length)}?limit=5`)).json()) as View));
    for (const v of views) expect(v.state.campaigns).toEqual([]);
    // The question's own template is no campaign (the first test's campaign may be listed beside it).
    const fp = views.length && (await import("../../src/detect/fingerprint")).templateFingerprint(QUESTION);
    expect(listed.campaigns.some((c) => c.kind === "template" && c.fp === fp)).toBe(false);
  });
});
