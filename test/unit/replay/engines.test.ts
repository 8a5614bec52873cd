/**
 * Both engines on the same input give the same decisions, byte for byte
 * (REPLAY.md). A small simulated day (a subset of its accounts, so the
 * workerd engine's HTTP round trips stay under a minute) plus the lines the
 * guard refuses before deciding; and a day with cross-account evidence: a
 * campaign forming in the index, a fresh account of it, and a peer's STIX
 * bundle imported mid-run.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { replayFiles } from "../../../src/cli/replay";
import { createSimulation, DEFAULT_START, PEER_BUNDLE_FILE } from "../../../src/sim/simulate";

const dir = mkdtempSync(join(tmpdir(), "dg-engines-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeInputs(): number {
  const sim = createSimulation({ seed: 11, scale: 0.01, days: 1, start: DEFAULT_START }, []);
  const keep = new Set(sim.accounts.filter((_, i) => i % 3 === 0).flatMap((a) => a.apiKeys));
  const traffic = [...sim.traffic].filter((l) => keep.has(l.apiKey));
  const last = traffic[traffic.length - 1]!;
  const key = last.apiKey;
  const edge = [
    { ...last, apiKey: "sk-no-such-account-key" },
    { ...last, body: { model: "frontier-2" } },
    { ...last, method: "GET" },
    { ...last, path: "/v2/chat" },
    { ...last, path: "/v1/messages", headers: { "anthropic-version": "" }, body: { model: "frontier-sonnet-2", max_tokens: 5, messages: [{ role: "user", content: "hi" }] } },
    { ...last, path: "/v1/models", method: "GET" },
    { ...last, headers: { "content-type": "text/plain" } },
    // As other producers write lines: no headers on Messages, nulls, a country in lower case, a fraction of a
    // millisecond, their own label, a short key.
    { ...last, path: "/v1/messages", headers: undefined, body: { model: "frontier-sonnet-2", max_tokens: 5, messages: [{ role: "user", content: "hi" }] } },
    { ...last, asn: null, ja4: null, headers: null, usage: null, country: "nl", label: "legit:other_producer" },
    { ...last, apiKey: "k1", ts: 0.5 },
    // Guarded endpoints however the path is spelt (dialects/paths.ts): inspected, not passed through as another path.
    { ...last, path: "/v1//Chat/Completions/", body: { model: "frontier-2" } },
    { ...last, path: "/v1/messages/", headers: undefined, body: { model: "frontier-sonnet-2", max_tokens: 5, messages: [{ role: "user", content: "hi" }] } },
    { ...last, path: "/v1/chat/%63ompletions;v=1", method: "GET" },
    // A batch (policy/uninspected.ts): refused to a new unverified account, passed through for an established one.
    { ...last, apiKey: "sk-batch-new-0001", path: "/v1/messages/batches", body: { requests: [] }, label: "edge:batch-new" },
    { ...last, apiKey: "k1", path: "/v1/messages/batches", body: { requests: [] }, label: "edge:batch-established" },
    // A second, different key in the record's headers is refused as the Worker refuses it; the same key is fine.
    { ...last, path: "/v1/messages", headers: { Authorization: "Bearer k1" }, body: { model: "frontier-sonnet-2", max_tokens: 5, messages: [{ role: "user", content: "hi" }] } },
    { ...last, apiKey: "k1", path: "/v1/messages", headers: { "X-Api-Key": "k1" }, body: { model: "frontier-sonnet-2", max_tokens: 5, messages: [{ role: "user", content: "hi" }] } },
    // A browser's CORS preflight: the origin's to answer, neither identified nor decided; an OPTIONS without one is no preflight.
    { ...last, apiKey: "sk-no-such-account-key", method: "OPTIONS", path: "/v1/messages", headers: { "Access-Control-Request-Method": "POST", Origin: "https://app.example" }, body: {}, label: "edge:preflight" },
    { ...last, method: "OPTIONS", path: "/v1/messages", headers: { "anthropic-version": "2023-06-01" }, body: {}, label: "edge:options" },
    // A log that kept the client's Content-Encoding: the record's body is already decoded.
    { ...last, headers: { "Content-Encoding": "gzip" }, label: "edge:encoded" },
    // A record of a WebSocket handshake (policy/uninspected.ts): the Realtime API for an established account only,
    // a tunnel refused anywhere else, and a browser's subprotocol key weighed against the record's own.
    { ...last, apiKey: "k1", method: "GET", path: "/v1/realtime", headers: { upgrade: "websocket" }, label: "edge:ws-established" },
    { ...last, apiKey: "sk-batch-new-0001", method: "GET", path: "/v1/realtime", headers: { upgrade: "websocket" }, label: "edge:ws-new" },
    { ...last, apiKey: "k1", method: "GET", path: "/v1/models", headers: { upgrade: "websocket" }, label: "edge:ws-elsewhere" },
    { ...last, method: "GET", headers: { upgrade: "websocket" }, label: "edge:ws-endpoint" },
    { ...last, apiKey: "k1", method: "GET", path: "/v1/realtime", headers: { upgrade: "websocket", "sec-websocket-protocol": "realtime, openai-insecure-api-key.sk-batch-new-0001" }, label: "edge:ws-conflict" },
  ].map((l, i) => ({ ...l, ts: last.ts + 1000 * (i + 1) + (l.ts % 1), apiKey: l.apiKey ?? key }));
  const foreign = { account: "other-producer", org: null, apiKeys: ["k1"], tier: "paid", verified: true, createdAt: last.ts - 86_400_000 * 30.5, baseline: null };
  // A free account at exactly its 40,000 tokens a minute by the records' usage, each request allowed 4,096 output
  // tokens: both engines admit all ten (REPLAY.md counts tokens by the origin's report), and refuse an eleventh.
  const batchAccount = { account: "batch-new", apiKeys: ["sk-batch-new-0001"], tier: "free", verified: false, createdAt: last.ts - 86_400_000 };
  const edgeAccount = { account: "tpm-edge", apiKeys: ["sk-tpm-edge-0001"], tier: "free", verified: true, createdAt: last.ts - 400 * 86_400_000 };
  const atTpm = Array.from({ length: 11 }, (_, k) => ({
    ts: last.ts + 60_000 + k * 4000, apiKey: "sk-tpm-edge-0001", ip: "198.51.100.77", path: "/v1/chat/completions",
    body: { model: "frontier-2", max_tokens: 4096, messages: [{ role: "user", content: `Tell me a long story about lighthouse ${k}.` }] },
    usage: { input_tokens: 1000, output_tokens: 3000 }, label: "legit:tpm-edge",
  }));
  writeFileSync(join(dir, "accounts.jsonl"), [...sim.accounts, foreign, edgeAccount, batchAccount].map((a) => JSON.stringify(a)).join("\n") + "\n");
  const events = [...sim.events.filter((e) => e.type === "model-release"), { ts: sim.events[0]!.ts, type: "maintenance-window" }];
  writeFileSync(join(dir, "events.jsonl"), events.map((e) => JSON.stringify(e)).join("\n") + "\n");
  writeFileSync(join(dir, "traffic.jsonl"), [...traffic, ...edge, ...atTpm].map((l) => JSON.stringify(l)).join("\n") + "\n");
  return traffic.length + edge.length + atTpm.length;
}

const CAMPAIGN_LABELS = new Set(["attack:low-and-slow", "attack:known-campaign", "legit:chat", "legit:student", "legit:release-day"]);

/** Young unverified accounts sending one extraction template from one client stack, then a fresh one. */
function campaignBurst(start: number) {
  const accounts = Array.from({ length: 7 }, (_, i) => ({
    account: `camp-${i}`, apiKeys: [`sk-camp-${i}-0000000000`], tier: "free", verified: false, createdAt: start - 86_400_000,
  }));
  const problems = ["a train leaves at 3pm at 80 km/h", "x^2 - 5x + 6 = 0", "the sum of the first 100 primes", "a 3x3 magic square", "the area of a circle of radius 7", "two dice summing to 8"];
  const line = (k: number, i: number, j: number) => ({
    ts: start + k * 60_000, apiKey: `sk-camp-${i}-0000000000`, ip: `198.51.100.${10 + k}`, asn: 64512, country: "NL",
    ja4: "t13d1516h2_8daaf6152771_02713d6af862", userAgent: "python-httpx/0.27.0", path: "/v1/chat/completions",
    body: {
      model: "frontier-2", reasoning_effort: "high", max_completion_tokens: 8000,
      messages: [{ role: "user", content: `Solve the following problem. Think step by step and write out your complete reasoning, every intermediate step, before the final answer. Problem: ${problems[j % problems.length]}` }],
    },
    usage: { input_tokens: 60, output_tokens: 900 }, label: "attack:test-campaign",
  });
  const traffic = [];
  let k = 0;
  // Three of them leave through one exit (a residential proxy's, HELD_EXIT), which the campaign publishes.
  for (let round = 0; round < 3; round++) for (let i = 0; i < 6; i++) traffic.push({ ...line(k++, i, i + round), ...(i < 3 ? { ip: HELD_EXIT } : {}) });
  for (let j = 0; j < 5; j++) traffic.push(line(k++, 6, j));
  return { accounts, traffic };
}

const HELD_EXIT = "198.51.100.200";

/**
 * A campaign's published exit address (HELD_EXIT) that is also a person's
 * home line: an unverified account 400 days old, seen before from elsewhere,
 * sends ordinary requests from it from `start` (after the campaign published
 * it, while it is still published); another
 * as old, never seen, sends one; a 30-day-old unverified one (in probation)
 * sends one after an ordinary request from elsewhere.
 */
function heldExitUsers(start: number) {
  const acct = (account: string, days: number) => ({ account, apiKeys: [`sk-${account}-0000000000`], tier: "free", verified: false, createdAt: start - days * 86_400_000 });
  const accounts = [acct("home-person", 400), acct("home-dormant", 400), acct("home-newer", 30), acct("home-later", 400)];
  const line = (ts: number, account: string, ip: string, k: number) => ({
    ts, apiKey: `sk-${account}-0000000000`, ip, asn: 64700, country: "NL", path: "/v1/chat/completions",
    body: { model: "frontier-2", messages: [{ role: "user", content: `What should I cook tonight with leeks and rice? (${k})` }] },
    usage: { input_tokens: 30, output_tokens: 200 }, label: `legit:${account}`,
  });
  const traffic = [
    line(start - 3_600_000, "home-person", "192.0.2.50", 0), line(start - 3_500_000, "home-newer", "192.0.2.51", 0),
    line(start, "home-person", HELD_EXIT, 1), line(start + 20_000, "home-person", HELD_EXIT, 2),
    line(start + 40_000, "home-dormant", HELD_EXIT, 3), line(start + 50_000, "home-newer", HELD_EXIT, 4),
    // After the template's campaign withdrew the exit: whether it is still listed depends on which of the two campaigns
    // that published it wrote it (the first writer's entry stays, and only it withdraws it), so on the order in which
    // the Worker applies a report's publications (campaign/client.ts).
    line(start + 30 * 60_000, "home-later", HELD_EXIT, 5),
  ];
  return { accounts, traffic };
}

/**
 * Org evidence: two new accounts of one org ("lab-x") harvest reasoning until
 * their own behaviour restricts them, while an established enterprise
 * account of the same org, and one of another org as its control, send the
 * same ordinary requests before and after.
 */
function orgBurst(start: number) {
  const ent = (account: string, org: string) => ({ account, org, apiKeys: [`sk-${account}-0000000000`], tier: "enterprise", verified: true, createdAt: start - 400 * 86_400_000 });
  const bad = (i: number) => ({ account: `lab-bad-${i}`, org: "lab-x", apiKeys: [`sk-lab-bad-${i}-0000000000`], tier: "free", verified: false, createdAt: start - 86_400_000 });
  const accounts = [ent("lab-mate", "lab-x"), ent("lab-control", "lab-y"), bad(0), bad(1)];
  const ordinary = (ts: number, account: string, k: number) => ({
    ts, apiKey: `sk-${account}-0000000000`, ip: account === "lab-mate" ? "192.0.2.40" : "192.0.2.41", asn: 64600, country: "DE",
    path: "/v1/chat/completions", body: { model: "frontier-2", messages: [{ role: "user", content: `Refactor this function to use early returns (${k}).` }] },
    usage: { input_tokens: 80, output_tokens: 200 }, label: "legit:org-mate",
  });
  const harvest = (ts: number, i: number, k: number) => ({
    ts, apiKey: `sk-lab-bad-${i}-0000000000`, ip: `198.51.100.${60 + k}`, asn: 64512, country: "NL", path: "/v1/chat/completions",
    body: {
      model: "frontier-2", reasoning_effort: "high", max_completion_tokens: 8000,
      messages: [{ role: "user", content: `Think step by step and write out your complete chain of thought before the answer. Task ${k}: prove that ${k} + ${k} is even.` }],
    },
    usage: { input_tokens: 60, output_tokens: 900 }, label: "attack:test-org",
  });
  const traffic = [];
  let t = start;
  for (let k = 0; k < 2; k++) for (const a of ["lab-mate", "lab-control"]) traffic.push(ordinary((t += 30_000), a, k));
  for (let k = 0; k < 10; k++) for (let i = 0; i < 2; i++) traffic.push(harvest((t += 30_000), i, 10 * i + k));
  for (let k = 2; k < 6; k++) for (const a of ["lab-mate", "lab-control"]) traffic.push(ordinary((t += 30_000), a, k));
  return { accounts, traffic };
}

/**
 * Two fresh unverified accounts sending the same ordinary requests after the
 * import, one from an ASN the peer's bundle names (a consumer VPN on a proxy
 * provider's network), one from elsewhere: the peer's ASN is evidence, not a
 * block.
 */
function vpnPair(asn: number, at: number) {
  const accounts = ["vpn-peer", "vpn-other"].map((account) => ({ account, apiKeys: [`sk-${account}-0000000000`], tier: "free", verified: false, createdAt: at - 3_600_000 }));
  const traffic = [0, 1, 2].flatMap((k) => accounts.map((a, i) => ({
    ts: at + k * 120_000 + i, apiKey: a.apiKeys[0]!, ip: `203.0.113.${20 + i}`, asn: i === 0 ? asn : 64999, country: "NL",
    ja4: "t13d1516h2_8daaf6152771_02713d6af862", userAgent: "Mozilla/5.0", path: "/v1/chat/completions",
    body: { model: "frontier-2", messages: [{ role: "user", content: `What is a good name for a cat? (${k})` }] },
    usage: { input_tokens: 12, output_tokens: 40 }, label: "legit:vpn",
  })));
  return { accounts, traffic };
}

function writeCampaignInputs(sub: string): number {
  const d = join(dir, sub);
  mkdirSync(d, { recursive: true });
  const sim = createSimulation({ seed: 11, scale: 0.01, days: 1, start: DEFAULT_START }, []);
  const keep = new Set(sim.scenarios.filter((s) => CAMPAIGN_LABELS.has(s.label)).flatMap((s) => s.accounts));
  const accounts = sim.accounts.filter((a) => keep.has(a.account));
  const keys = new Set(accounts.flatMap((a) => a.apiKeys));
  const burst = campaignBurst(DEFAULT_START + 2 * 3_600_000);
  const peerAsn = Number(/autonomous-system:number = (\d+)/.exec(JSON.stringify(sim.peerBundle))![1]);
  const vpn = vpnPair(peerAsn, sim.importAt + 10 * 60_000);
  const org = orgBurst(DEFAULT_START + 4 * 3_600_000);
  // The burst's campaigns publish the exit its fourth minute (k = 4), and withdraw it later (their refresh).
  const home = heldExitUsers(DEFAULT_START + 2 * 3_600_000 + 270_000);
  const traffic = [...[...sim.traffic].filter((l) => keys.has(l.apiKey)), ...burst.traffic, ...vpn.traffic, ...org.traffic, ...home.traffic].sort((a, b) => a.ts - b.ts);
  writeFileSync(join(d, "accounts.jsonl"), [...accounts, ...burst.accounts, ...vpn.accounts, ...org.accounts, ...home.accounts].map((a) => JSON.stringify(a)).join("\n") + "\n");
  writeFileSync(join(d, "events.jsonl"), sim.events.map((e) => JSON.stringify(e)).join("\n") + "\n");
  writeFileSync(join(d, PEER_BUNDLE_FILE), JSON.stringify(sim.peerBundle));
  writeFileSync(join(d, "traffic.jsonl"), traffic.map((l) => JSON.stringify(l)).join("\n") + "\n");
  return traffic.length;
}

/**
 * 417 lines of an independent producer's traffic: tools/foreign-sim (written
 * from REPLAY.md and DESIGN.md alone), seed 7, generated without the corpus
 * (its own text only), 30 lines of each label; its four dialects with the
 * fields real clients send (developer messages, cached system blocks, images,
 * encrypted reasoning includes, legacy completions with a suffix, IPv6).
 */
function writeForeignInputs(sub: string): { n: number; labels: string[] } {
  const d = join(dir, sub);
  mkdirSync(d, { recursive: true });
  const file = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "foreign-sim.json.gz");
  const set = JSON.parse(gunzipSync(readFileSync(file)).toString("utf8")) as { accounts: unknown[]; events: unknown[]; traffic: { label: string }[] };
  for (const [name, rows] of [["accounts", set.accounts], ["events", set.events], ["traffic", set.traffic]] as const) {
    writeFileSync(join(d, `${name}.jsonl`), rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  }
  return { n: set.traffic.length, labels: set.traffic.map((l) => l.label) };
}

/**
 * The Conversations API (dialects/conversations.ts): an account places its
 * instruction in a conversation once, through the items route, then sends
 * bare problems naming the conversation (by id and by `{ id }`); another
 * opens one with a create (whose id a replay never learns) and names an id
 * the guard never saw; a third sends the instruction as a Responses request
 * in its conversation, then the problems. Bodies the guard cannot read are
 * passed on. A control account sends the same problems without a conversation.
 */
function writeConversationInputs(sub: string): { n: number; labels: string[] } {
  const d = join(dir, sub);
  mkdirSync(d, { recursive: true });
  const start = DEFAULT_START;
  const names = ["conv-items", "conv-create", "conv-inline", "conv-control"];
  const accounts = names.map((account) => ({ account, apiKeys: [`sk-${account}-000000000`], tier: "free", verified: false, createdAt: start - 86_400_000 }));
  // A verified, long-standing paid account whose requests inherit the instruction too and are served as is.
  accounts.push({ account: "conv-paid", apiKeys: ["sk-conv-paid-000000000"], tier: "paid", verified: true, createdAt: start - 400 * 86_400_000 });
  const instruction = "For every problem I send you from now on, think step by step and write out your complete chain of thought, every intermediate step of your reasoning, before the final answer.";
  const problems = ["Solve 3x + 5 = 20.", "What is 17 * 23?", "Find the derivative of x^3 - 4x.", "Factor x^2 - 5x + 6."];
  let t = start;
  const line = (account: string, path: string, body: unknown, label: string) => ({
    ts: (t += 45_000), apiKey: `sk-${account}-000000000`, ip: "198.51.100.23", asn: 64512, country: "NL", path, body,
    usage: path === "/v1/responses" ? { input_tokens: 40, output_tokens: 300 } : undefined, label,
  });
  const traffic = [
    line("conv-items", "/v1/conversations/conv_Items1/items", { items: [{ role: "user", content: instruction }] }, "edge:items"),
    line("conv-items", "/v1/conversations/conv_Items1/items", { items: "not a list" }, "edge:items-unreadable"),
    line("conv-create", "/v1/conversations", { items: [{ role: "user", content: instruction }] }, "edge:create"),
    line("conv-inline", "/v1/responses", { model: "frontier-2", conversation: "conv_Inline1", input: instruction }, "edge:inline"),
    line("conv-paid", "/v1/conversations/conv_Paid1/items", { items: [{ role: "user", content: instruction }] }, "edge:paid"),
  ];
  problems.forEach((p, k) => {
    traffic.push(line("conv-items", "/v1/responses", { model: "frontier-2", conversation: k % 2 ? { id: "conv_Items1" } : "conv_Items1", input: p }, "edge:items-follow"));
    traffic.push(line("conv-create", "/v1/responses", { model: "frontier-2", conversation: "conv_never_seen", input: p }, "edge:create-follow"));
    traffic.push(line("conv-inline", "/v1/responses", { model: "frontier-2", conversation: "conv_Inline1", input: p }, "edge:inline-follow"));
    traffic.push(line("conv-control", "/v1/responses", { model: "frontier-2", input: p }, "edge:control"));
    if (k < 2) traffic.push(line("conv-paid", "/v1/responses", { model: "frontier-2", conversation: "conv_Paid1", input: p }, "edge:paid-follow"));
  });
  writeFileSync(join(d, "accounts.jsonl"), accounts.map((a) => JSON.stringify(a)).join("\n") + "\n");
  writeFileSync(join(d, "events.jsonl"), "");
  writeFileSync(join(d, "traffic.jsonl"), traffic.map((l) => JSON.stringify(l)).join("\n") + "\n");
  return { n: traffic.length, labels: traffic.map((l) => l.label) };
}

/**
 * Replays the inputs written to `d` with the node engine (one thread) and the workerd engine, expects `n`
 * decisions from each and byte-identical files, and returns the node engine's result and its decision lines.
 */
async function replayBoth(d: string, n: number) {
  const files = { accounts: join(d, "accounts.jsonl"), traffic: join(d, "traffic.jsonl"), events: join(d, "events.jsonl"), quiet: true };
  const node = await replayFiles({ ...files, engine: "node", jobs: 0, out: join(d, "node.jsonl") });
  const workerd = await replayFiles({ ...files, engine: "workerd", out: join(d, "workerd.jsonl") });
  expect(node.lines).toBe(n);
  expect(workerd.lines).toBe(n);
  const a = readFileSync(join(d, "node.jsonl"), "utf8");
  const b = readFileSync(join(d, "workerd.jsonl"), "utf8");
  const aLines = a.split("\n");
  const bLines = b.split("\n");
  const diff = aLines.findIndex((line, i) => line !== bLines[i]);
  expect(diff, `first differing line: ${diff}\nnode:    ${aLines[diff]}\nworkerd: ${bLines[diff]}`).toBe(-1);
  const lines = a.trim().split("\n");
  // REPLAY.md: reasons are given for any action other than allow.
  for (const l of lines) {
    const x = JSON.parse(l) as { action: string; reasons: string[] };
    if (x.action === "allow") expect(x.reasons, l).toEqual([]);
  }
  return { node, lines };
}

describe("replay engines", () => {
  it("node (in one thread and with worker threads) and workerd write byte-identical decisions", async () => {
    const n = writeInputs();
    const files = { accounts: join(dir, "accounts.jsonl"), traffic: join(dir, "traffic.jsonl"), events: join(dir, "events.jsonl"), quiet: true };
    const node = await replayFiles({ ...files, engine: "node", jobs: 0, out: join(dir, "node.jsonl") });
    const pooled = await replayFiles({ ...files, engine: "node", jobs: 2, out: join(dir, "pooled.jsonl") });
    const workerd = await replayFiles({ ...files, engine: "workerd", out: join(dir, "workerd.jsonl") });
    expect(node.lines).toBe(n);
    expect(pooled.lines).toBe(n);
    expect(workerd.lines).toBe(n);
    const a = readFileSync(join(dir, "node.jsonl"), "utf8");
    const b = readFileSync(join(dir, "workerd.jsonl"), "utf8");
    // The node engine's first stage on worker threads changes nothing either.
    expect(readFileSync(join(dir, "pooled.jsonl"), "utf8")).toBe(a);
    const diff = a.split("\n").findIndex((line, i) => line !== b.split("\n")[i]);
    expect(diff, `first differing line: ${diff}\nnode:    ${a.split("\n")[diff]}\nworkerd: ${b.split("\n")[diff]}`).toBe(-1);
    // The set exercises more than "allow": behavioural and refused lines alike.
    const actions = new Set(a.trim().split("\n").map((l) => (JSON.parse(l) as { action: string }).action));
    expect([...actions]).toEqual(expect.arrayContaining(["allow", "degrade", "block"]));
    // The tpm edge: ten admitted, the eleventh throttled, in both engines (byte-identical above).
    const tpm = a.trim().split("\n").slice(-11).map((l) => JSON.parse(l) as { action: string; reasons: string[] });
    expect(tpm.slice(0, 10).map((d) => d.action)).not.toContain("throttle");
    expect(tpm[10]).toMatchObject({ action: "throttle", reasons: ["tpm_exceeded"] });
    // Other producers' lines are served: neither refused for a header they did not record nor unknown for a short key.
    const foreign = a.trim().split("\n").slice(-29, -26).map((l) => JSON.parse(l) as { status: number; reasons: string[] });
    for (const d of foreign) expect(d.reasons).not.toEqual(expect.arrayContaining(["missing_header", "invalid_api_key"]));
    expect(foreign[2]).toMatchObject({ status: 200 });
    // A guarded endpoint spelt otherwise is that endpoint (another /v1 path would pass through, 200): its body
    // checked, the SDK's anthropic-version supplied, POST only.
    const spelt = a.trim().split("\n").slice(-26, -23).map((l) => JSON.parse(l) as { action: string; status: number; reasons: string[] });
    expect(spelt[0]).toMatchObject({ action: "block", status: 400 });
    expect(spelt[1]).toMatchObject({ status: 200 });
    expect(spelt[2]).toMatchObject({ action: "block", status: 405, reasons: ["method_not_allowed"] });
    const batch = a.trim().split("\n").slice(-23, -21).map((l) => JSON.parse(l) as { action: string; status: number; reasons: string[] });
    expect(batch[0]).toMatchObject({ action: "block", status: 403, reasons: ["endpoint_not_allowed"] });
    expect(batch[1]).toMatchObject({ action: "allow", status: 200 });
    // By label from here on: the lines' places in the file.
    const labels = readFileSync(join(dir, "traffic.jsonl"), "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { label: string }).label);
    const at = (label: string) => JSON.parse(a.split("\n")[labels.indexOf(label)]!) as { action: string; status: number; reasons: string[] };
    expect(at("edge:preflight")).toMatchObject({ action: "allow", status: 200, reasons: [] });
    expect(at("edge:options")).toMatchObject({ action: "block", status: 405 });
    expect(at("edge:encoded").reasons).not.toContain("invalid_request");
    expect(at("edge:encoded").status).not.toBe(400);
    const keys = a.trim().split("\n").slice(-21, -19).map((l) => JSON.parse(l) as { action: string; status: number; reasons: string[] });
    expect(keys[0]).toMatchObject({ action: "block", status: 401, reasons: ["conflicting_api_keys"] });
    expect(keys[1]).toMatchObject({ status: 200 });
    expect(at("edge:ws-established")).toMatchObject({ action: "allow", status: 200 });
    expect(at("edge:ws-new")).toMatchObject({ action: "block", status: 403, reasons: ["endpoint_not_allowed"] });
    expect(at("edge:ws-elsewhere")).toMatchObject({ action: "block", status: 400, reasons: ["upgrade_not_allowed"] });
    expect(at("edge:ws-endpoint")).toMatchObject({ action: "block", status: 400, reasons: ["upgrade_not_allowed"] });
    expect(at("edge:ws-conflict")).toMatchObject({ action: "block", status: 401, reasons: ["conflicting_api_keys"] });
  }, 180_000);

  it("agree with a campaign forming in the index and a peer's bundle imported mid-run", async () => {
    const n = writeCampaignInputs("campaign");
    const d = join(dir, "campaign");
    const { node, lines: a } = await replayBoth(d, n);
    // The case exercises what it is about: campaign reasons, and the imported entries.
    const reasons = a.flatMap((l) => (JSON.parse(l) as { reasons: string[] }).reasons);
    expect(reasons.some((r) => r.startsWith("campaign:tpl-"))).toBe(true);
    expect(reasons.some((r) => r.startsWith("blocklist:") || r.startsWith("intel:"))).toBe(true);
    expect(node.campaigns!.flagged).toContain("camp-6");
    // A peer's ASN raises the risk of the account on it, and blocks nothing.
    const t = readFileSync(join(d, "traffic.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { apiKey: string });
    const decided = a.map((l) => JSON.parse(l) as { action: string; status: number; reasons: string[]; risk?: number });
    const of = (key: string) => decided.filter((_, i) => t[i]!.apiKey === key);
    const peer = of("sk-vpn-peer-0000000000"), other = of("sk-vpn-other-0000000000");
    expect(peer).toHaveLength(3);
    for (const x of peer) expect(x.action).not.toBe("block");
    for (let i = 0; i < 3; i++) expect(peer[i]!.risk!).toBeGreaterThan(other[i]!.risk!);
    // An org campaign forms in both engines (byte-identical above): the established org-mate is given its finding,
    // and its risk rises over its control's, which sends the same requests from another org.
    expect(node.campaigns!.campaigns.map((c) => c.id)).toEqual(expect.arrayContaining([expect.stringMatching(/^org-[0-9a-f]{16}$/)]));
    expect(node.campaigns!.flagged).toContain("lab-mate");
    expect(node.campaigns!.flagged).not.toContain("lab-control");
    const mate = of("sk-lab-mate-0000000000"), control = of("sk-lab-control-0000000000");
    expect(mate).toHaveLength(6);
    expect(mate[1]!.risk).toBe(control[1]!.risk);
    expect(mate[5]!.risk!).toBeGreaterThan(1.5 * control[5]!.risk!);
    // The campaign published its shared exit; on it, the person the account object trusts is served, the
    // account never seen and the one in probation get the edge's block (the same bytes in both engines).
    expect(node.campaigns!.campaigns.length).toBeGreaterThan(0);
    const onExit = decided.filter((_, i) => (t[i] as { ip?: string }).ip === HELD_EXIT);
    expect(onExit.filter((x) => x.action === "block").length).toBeGreaterThan(0);
    expect(of("sk-home-person-0000000000").map((x) => x.action)).toEqual(["allow", "allow", "allow"]);
    expect(of("sk-home-dormant-0000000000")).toMatchObject([{ action: "block", status: 403, reasons: ["blocklist:ip"] }]);
    expect(of("sk-home-newer-0000000000")).toMatchObject([{ action: "allow" }, { action: "block", status: 403, reasons: ["blocklist:ip"] }]);
  }, 240_000);
  it("agree on Conversations API traffic: items placed in a conversation reach the requests that name it", async () => {
    const { n, labels } = writeConversationInputs("conversations");
    const { lines: a } = await replayBoth(join(dir, "conversations"), n);
    const decided = a.map((l) => JSON.parse(l) as { action: string; status: number; reasons: string[]; risk: number });
    const of = (label: string) => decided.filter((_, i) => labels[i] === label);
    // The writes are passed on, readable or not.
    for (const l of ["edge:items", "edge:items-unreadable", "edge:create"]) expect(of(l)[0]).toMatchObject({ action: "allow", status: 200 });
    for (const x of [...of("edge:items-follow"), ...of("edge:inline-follow")]) {
      expect(x.action).not.toBe("allow");
      expect(x.reasons).toContain("conversation:inherited");
    }
    // Served as is, the paid account's requests have no reasons on their lines (the audit trail names the inheritance).
    expect(of("edge:paid-follow")).toHaveLength(2);
    for (const x of of("edge:paid-follow")) expect(x).toMatchObject({ action: "allow", reasons: [] });
    // A create's id is the origin's answer, which a replay has not; a control names no conversation.
    for (const x of [...of("edge:create-follow"), ...of("edge:control")]) expect(x.reasons).not.toContain("conversation:inherited");
    expect(of("edge:items-follow").at(-1)!.risk).toBeGreaterThan(of("edge:control").at(-1)!.risk);
  }, 180_000);

  it("agree on an independent producer's traffic, and refuse none of it as invalid", async () => {
    const { n, labels } = writeForeignInputs("foreign");
    const { lines: a } = await replayBoth(join(dir, "foreign"), n);
    const decided = a.map((l) => JSON.parse(l) as { action: string; status: number; reasons: string[] });
    // Every body is valid for its dialect: no line refused before a decision (400, 404, 405, 413, 415, 401).
    const refused = decided.flatMap((x, i) => ([400, 401, 404, 405, 413, 415].includes(x.status) ? [`${i} ${labels[i]} ${x.status} ${x.reasons.join(",")}`] : []));
    expect(refused).toEqual([]);
    // No legitimate line is hit hard; the harvest on cheap accounts is held.
    const hard = decided.filter((x, i) => labels[i]!.startsWith("legit:") && ["throttle", "challenge", "block"].includes(x.action));
    expect(hard).toEqual([]);
    expect(decided.some((x, i) => labels[i] === "attack:cot-harvest" && x.action !== "allow")).toBe(true);
  }, 180_000);
});
