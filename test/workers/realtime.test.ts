/**
 * Realtime WebSocket sessions through the real Worker in workerd: an allowed
 * account's handshake is proxied to the demo origin's Realtime socket (101,
 * then real frames both ways); other accounts, other paths and bad keys are
 * refused at the handshake in the caller's dialect, never with a 101.
 */
import { createExecutionContext, env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { newAccount } from "./helpers";

const URL_RT = "https://guard.test/v1/realtime?model=demo-realtime";

function upgrade(headers: Record<string, string>, url = URL_RT): Promise<Response> {
  return SELF.fetch(url, { headers: { upgrade: "websocket", ...headers } });
}

type Event = { type: string; [field: string]: unknown };

/** The events a socket receives, in order; `next()` waits for the next one (the test's own timeout bounds a hang). */
function events(ws: WebSocket): { next(): Promise<Event>; until(type: string): Promise<Event[]> } {
  const queue: Event[] = [];
  const waiting: ((e: Event) => void)[] = [];
  ws.addEventListener("message", (m) => {
    const e = JSON.parse(m.data as string) as Event;
    const w = waiting.shift();
    if (w) w(e);
    else queue.push(e);
  });
  const next = () => new Promise<Event>((resolve) => {
    const e = queue.shift();
    if (e) resolve(e);
    else waiting.push(resolve);
  });
  return {
    next,
    async until(type: string) {
      const seen: Event[] = [];
      for (;;) {
        const e = await next();
        seen.push(e);
        if (e.type === type) return seen;
      }
    },
  };
}

/** Accepts the client end of a 101 and checks the session it opens: session.created, then a text turn answered. */
async function converse(res: Response, said: string): Promise<Event[]> {
  expect(res.status).toBe(101);
  const ws = res.webSocket;
  expect(ws).not.toBeNull();
  ws!.accept();
  const rx = events(ws!);
  expect(await rx.next()).toMatchObject({ type: "session.created", session: { model: "demo-realtime", object: "realtime.session" } });
  ws!.send(JSON.stringify({ type: "conversation.item.create", item: { type: "message", role: "user", content: [{ type: "input_text", text: said }] } }));
  ws!.send(JSON.stringify({ type: "response.create" }));
  const answer = await rx.until("response.done");
  // The origin answers the close: the session ends cleanly on both sides.
  const closed = new Promise<CloseEvent>((resolve) => ws!.addEventListener("close", resolve));
  ws!.close(1000, "done");
  expect((await closed).code).toBe(1000);
  return answer;
}

describe("Realtime WebSocket sessions (policy.uninspected)", () => {
  it("proxies an established account's handshake to the origin's socket, frames both ways", async () => {
    const { key } = await newAccount("paid");
    const answer = await converse(await upgrade({ authorization: `Bearer ${key}`, "openai-beta": "realtime=v1" }), "Hello over a socket");
    expect(answer.map((e) => e.type)).toEqual(expect.arrayContaining(["conversation.item.added", "response.output_text.delta", "response.done"]));
    const text = answer.filter((e) => e.type === "response.output_text.delta").map((e) => e.delta).join("");
    expect(text).toContain("Hello over a socket");
  });

  it("refuses a new unverified account with 403 endpoint_not_allowed, not a 101", async () => {
    const fresh = await newAccount("free", { verified: false, createdAt: Date.now() - 86_400_000 });
    const res = await upgrade({ authorization: `Bearer ${fresh.key}` });
    expect(res.status).toBe(403);
    expect(res.webSocket).toBeNull();
    expect(await res.json()).toMatchObject({ error: { type: "permission_error", code: "endpoint_not_allowed" } });
  });

  it.each([
    ["a model endpoint", "https://guard.test/v1/chat/completions"],
    ["a model endpoint spelt otherwise", "https://guard.test/v1//Chat/Completions/"],
    ["a path outside the uninspected rules", "https://guard.test/v1/models"],
  ])("refuses a handshake to %s, even for an established account: no tunnel past inspection", async (_n, url) => {
    const { key } = await newAccount("enterprise");
    const res = await upgrade({ authorization: `Bearer ${key}` }, url);
    expect(res.status).toBe(400);
    expect(res.webSocket).toBeNull();
    expect(await res.json()).toMatchObject({ error: { type: "invalid_request_error", code: "upgrade_not_allowed", message: expect.stringContaining("/v1/realtime") } });
  });

  it("refuses a handshake outside the rules in the Anthropic dialect to an Anthropic client", async () => {
    const { key } = await newAccount("paid");
    const res = await upgrade({ "x-api-key": key, "anthropic-version": "2023-06-01" }, "https://guard.test/v1/messages/batches");
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
  });

  it("identifies a browser by its openai-insecure-api-key subprotocol and hands back the origin's subprotocol", async () => {
    const { key } = await newAccount("paid");
    const res = await upgrade({ "sec-websocket-protocol": `realtime, openai-insecure-api-key.${key}, openai-beta.realtime-v1`, origin: "https://app.example" });
    expect(res.headers.get("sec-websocket-protocol")).toBe("realtime");
    await converse(res, "From a browser");
    // The account is the key's: a new account's browser key is refused as that account.
    const fresh = await newAccount("free", { verified: false, createdAt: Date.now() - 86_400_000 });
    const refused = await upgrade({ "sec-websocket-protocol": `realtime, openai-insecure-api-key.${fresh.key}` });
    expect(refused.status).toBe(403);
  });

  it.each([
    ["an unknown subprotocol key", () => ({ "sec-websocket-protocol": "realtime, openai-insecure-api-key.sk-no-such-key" }), "invalid_api_key"],
    ["an ephemeral client secret (unknown to the guard)", () => ({ "sec-websocket-protocol": "realtime, openai-insecure-api-key.ek_68af0000demo" }), "invalid_api_key"],
    ["no key at all", () => ({ "sec-websocket-protocol": "realtime" }), "missing_api_key"],
  ])("refuses %s with 401", async (_n, headers, code) => {
    const res = await upgrade(headers());
    expect(res.status).toBe(401);
    expect(res.webSocket).toBeNull();
    expect(await res.json()).toMatchObject({ error: { type: "authentication_error", code } });
  });

  it("refuses a subprotocol key that differs from the Authorization key as conflicting_api_keys", async () => {
    const a = await newAccount("paid");
    const b = await newAccount("paid");
    const res = await upgrade({ authorization: `Bearer ${a.key}`, "sec-websocket-protocol": `realtime, openai-insecure-api-key.${b.key}` });
    expect(res.status).toBe(401);
    expect(res.webSocket).toBeNull();
    expect(await res.json()).toMatchObject({ error: { type: "authentication_error", code: "unauthorized" } });
    // The same key in both places is one account.
    await converse(await upgrade({ authorization: `Bearer ${a.key}`, "sec-websocket-protocol": `realtime, openai-insecure-api-key.${a.key}` }), "Same key twice");
  });

  it("forwards the handshake with its Upgrade and without the client's guard headers", async () => {
    const { key } = await newAccount("paid");
    let seen: Headers | null = null;
    // The real demo origin behind a binding that notes what the guard sent it.
    const origin = { fetch: (req: Request) => ((seen = new Headers(req.headers)), env.ORIGIN.fetch(req)) } as unknown as Fetcher;
    const res = await createApp().fetch(new Request(URL_RT, {
      headers: { upgrade: "websocket", authorization: `Bearer ${key}`, "x-guard-decision": "allow", "x-guard-account": "someone-else", "x-forwarded-for": "203.0.113.9", "cf-connecting-ip": "198.51.100.7" },
    }), { ...env, ORIGIN: origin }, createExecutionContext());
    await converse(res, "Checked headers");
    expect(seen).not.toBeNull();
    const sent = seen! as Headers;
    expect(sent.get("upgrade")).toBe("websocket");
    expect(sent.get("authorization")).toBe(`Bearer ${key}`);
    expect([...sent.keys()].filter((h) => h.startsWith("x-guard-") || h.startsWith("cf-connecting"))).toEqual([]);
    expect(sent.get("x-forwarded-for")).toBe("198.51.100.7");
    expect([...res.headers.keys()].some((h) => h.startsWith("x-guard-"))).toBe(false);
  });
});
