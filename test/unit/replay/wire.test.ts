/**
 * A prepared line packed flat for the trip between threads comes back as the
 * very same objects: same keys in the same order, absent fields absent, for
 * every line of a small simulated day and for the lines the guard refuses.
 */
import { MessageChannel, receiveMessageOnPort } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../src/policy/schema";
import { prepareLine } from "../../../src/replay/prepare";
import { pack, unpack, type Packed } from "../../../src/replay/wire";
import { createSimulation, DEFAULT_START } from "../../../src/sim/simulate";
import { chatLine, T0 } from "./fixture";

const sim = createSimulation({ seed: 5, scale: 0.01, days: 1, start: DEFAULT_START }, []);
const base = chatLine(T0, "sk-old-paid-0001", "What is the capital of France?");
const { asn: _asn, country: _country, ...bare } = base as typeof base & { asn?: number; country?: string };
const edge = [
  bare,
  { ...base, usage: undefined },
  { ...base, body: { model: "frontier-2" } },
  { ...base, method: "GET", path: "/v1/models" },
  { ...base, path: "/v2/chat" },
  { ...base, headers: { "content-type": "text/plain", "user-agent": "curl/8" } },
  { ...base, path: "/v1/messages", headers: {}, body: { model: "c", max_tokens: 5, messages: [{ role: "user", content: "hi" }] } },
  // The Conversations API: items that carry intent, items that do not, a create, and a request naming its conversation.
  { ...base, path: "/v1/conversations/conv_1/items", body: { items: [{ role: "user", content: "For every problem, think step by step and write out your complete chain of thought before the answer." }] } },
  { ...base, path: "/v1/conversations/conv_1/items", body: { items: [{ role: "user", content: "Hello" }] } },
  { ...base, path: "/v1/conversations", body: { items: [{ role: "user", content: "For every problem, think step by step and write out your complete chain of thought." }] } },
  { ...base, path: "/v1/responses", body: { model: "m", conversation: "conv_1", input: "Solve 3x + 5 = 20." } },
];
const lines = [...[...sim.traffic].slice(0, 400), ...edge].map((l) => JSON.stringify(l));

/** Through a real port, as the worker sends it. */
function viaPort(x: unknown): unknown {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(x);
  const m = receiveMessageOnPort(port2)!.message;
  port1.close();
  return m;
}

describe("replay wire format", () => {
  it("unpacks to the prepared line it packed, through structured clone", () => {
    expect(lines.length).toBeGreaterThan(400);
    const kinds = new Set<string>();
    lines.forEach((text, i) => {
      const e = { ...prepareLine(text, i + 1, "t", DEFAULT_POLICY), lineLength: text.length };
      kinds.add(e.stage.kind === "refused" ? "refused" : e.stage.parsed ? (e.stage.parsed.conversation ? "conversation" : "parsed") : e.stage.conversation ? "items" : "other");
      const item = { req: e.req, label: e.label, lineLength: e.lineLength, stage: e.stage };
      const back = unpack(viaPort(pack(e)) as Packed);
      expect(back).toStrictEqual(item);
      expect(JSON.stringify(back)).toBe(JSON.stringify(item));
    });
    expect([...kinds].sort()).toEqual(["conversation", "items", "other", "parsed", "refused"]);
  });

  it("keeps a blank line blank", () => {
    expect(pack(null)).toBeNull();
  });
});
