import { describe, expect, it } from "vitest";
import { extractMessages } from "../../../src/dialects/extract-anthropic.js";
import { extractChat, extractCompletions, extractResponses } from "../../../src/dialects/extract-openai.js";
import { isCommonMessages } from "../../../src/dialects/fast-anthropic.js";
import { isCommonChat, isCommonCompletions, isCommonResponses } from "../../../src/dialects/fast-openai.js";
import { parseRequest } from "../../../src/dialects/parse.js";
import { REQUEST_SCHEMAS } from "../../../src/dialects/schemas.js";
import { ENDPOINT_PATHS, type Endpoint } from "../../../src/dialects/types.js";
import { GuardError } from "../../../src/lib/guard-error.js";
import { simulate } from "../sim/fixture.js";

const FAST: Record<Endpoint, (b: unknown) => boolean> = {
  chat: isCommonChat,
  responses: isCommonResponses,
  completions: isCommonCompletions,
  messages: isCommonMessages,
};
// The extractors only ever see validated bodies; the casts stand for "zod's output or a body the fast test passed".
const EXTRACT: Record<Endpoint, (b: never) => unknown> = {
  chat: extractChat,
  responses: extractResponses,
  completions: extractCompletions,
  messages: extractMessages,
};

/**
 * The two properties parse.ts relies on: a body the fast test accepts is one
 * zod accepts, and the extractor reads the same from it as from zod's output.
 * Returns whether the fast test accepted.
 */
function agreesWithZod(endpoint: Endpoint, body: unknown): boolean {
  const zod = REQUEST_SCHEMAS[endpoint].safeParse(body);
  const fast = FAST[endpoint](body);
  if (fast) {
    expect(zod.success).toBe(true);
    expect(EXTRACT[endpoint](body as never)).toStrictEqual(EXTRACT[endpoint](zod.data as never));
  }
  return fast;
}

const sim = simulate({ seed: 5, scale: 0.02 });
const bodies = sim.traffic.flatMap((t) => {
  const endpoint = ENDPOINT_PATHS[t.path];
  return endpoint ? [{ endpoint, body: t.body }] : [];
});

describe("dialect fast path", () => {
  it("takes the fast path for every body the simulator writes, with zod's result", () => {
    expect(new Set(bodies.map((b) => b.endpoint)).size).toBe(4);
    for (const { endpoint, body } of bodies) expect(agreesWithZod(endpoint, body)).toBe(true);
  });

  const protoTool = JSON.parse('{"type":"function","function":{"name":"f"},"__proto__":{"x":1}}') as unknown;
  const protoFunction = JSON.parse('{"type":"function","function":{"name":"f","__proto__":{"x":1}}}') as unknown;
  const inherited = Object.assign(Object.create({ extra: "counted by zod's copy" }) as object, { name: "t" });
  const msg = (content: unknown) => ({ model: "m", messages: [{ role: "user", content }] });
  const anthropic = (content: unknown, extra: object = {}) => ({ ...msg(content), max_tokens: 10, ...extra });

  // [name, endpoint, body, whether the fast test takes it]
  it.each<[string, Endpoint, unknown, boolean]>([
    ["a chat part of a type the guard does not read", "chat", msg([{ type: "input_audio", input_audio: {} }]), false],
    ["a chat part with a numeric text", "chat", msg([{ type: "text", text: 5 }]), false],
    ["a null chat content", "chat", { model: "m", messages: [{ role: "assistant", content: null }] }, true],
    ["a tool with an own __proto__ key", "chat", { ...msg("hi"), tools: [protoTool] }, false],
    ["a tool function with an own __proto__ key", "chat", { ...msg("hi"), tools: [protoFunction] }, false],
    ["a tool with an inherited key", "chat", { ...msg("hi"), functions: [inherited] }, false],
    ["n of 0", "chat", { ...msg("hi"), n: 0 }, false],
    ["a fractional max_tokens", "chat", { ...msg("hi"), max_tokens: 1.5 }, false],
    ["an unsafe integer max_tokens", "chat", { ...msg("hi"), max_tokens: 2 ** 53 }, false],
    ["an infinite temperature", "chat", { ...msg("hi"), temperature: Infinity }, false],
    ["a null tool call function", "chat", { model: "m", messages: [{ role: "assistant", tool_calls: [{ function: null }] }] }, false],
    ["an unknown chat role", "chat", { model: "m", messages: [{ role: "bot", content: "x" }] }, false],
    ["a responses reasoning item", "responses", { model: "m", input: [{ type: "reasoning", summary: [] }] }, false],
    ["a responses message item with a tool role", "responses", { model: "m", input: [{ type: "message", role: "tool", content: "x" }] }, false],
    ["a responses function call output of parts", "responses", { model: "m", input: [{ type: "function_call_output", output: [{ type: "input_text", text: "t" }] }] }, true],
    ["a responses image with a null url", "responses", { model: "m", input: [{ role: "user", content: [{ type: "input_image", image_url: null }] }] }, true],
    ["a responses stored prompt with variables", "responses", { model: "m", prompt: { id: "pmpt_1", version: "2", variables: { topic: "x", doc: { type: "input_text", text: "y" } } } }, true],
    ["a responses stored prompt without an id", "responses", { model: "m", prompt: { version: "2" } }, false],
    ["a responses stored prompt with an empty id", "responses", { model: "m", prompt: { id: "" } }, false],
    ["a responses stored prompt with list variables", "responses", { model: "m", prompt: { id: "p", variables: ["x"] } }, false],
    ["a responses conversation id", "responses", { model: "m", conversation: "conv_1", input: "hi" }, true],
    ["a responses conversation object (zod reads it)", "responses", { model: "m", conversation: { id: "conv_1" }, input: "hi" }, false],
    ["a responses conversation of a number", "responses", { model: "m", conversation: 5, input: "hi" }, false],
    ["a completions prompt of token-id lists", "completions", { model: "m", prompt: [[1, 2], [3]] }, true],
    ["a completions prompt mixing texts and ids", "completions", { model: "m", prompt: ["a", 1] }, false],
    ["an empty completions prompt list", "completions", { model: "m", prompt: [] }, true],
    ["a tool_use block without input", "messages", anthropic([{ type: "tool_use", name: "f" }]), false],
    ["a tool_use block with a null input", "messages", anthropic([{ type: "tool_use", name: "f", input: null }]), true],
    ["a document block", "messages", anthropic([{ type: "document", source: {} }]), false],
    ["a tool result holding a document", "messages", anthropic([{ type: "tool_result", tool_use_id: "a", content: [{ type: "document" }] }]), false],
    ["an image block without a source type", "messages", anthropic([{ type: "image", source: {} }]), false],
    ["thinking enabled without a budget", "messages", anthropic("hi", { thinking: { type: "enabled" } }), false],
    ["adaptive thinking", "messages", anthropic("hi", { thinking: { type: "adaptive" } }), true],
    ["a missing max_tokens", "messages", msg("hi"), false],
    ["a system block that is not text", "messages", anthropic("hi", { system: [{ type: "image" }] }), false],
  ])("%s", (_name, endpoint, body, fast) => {
    expect(agreesWithZod(endpoint, body)).toBe(fast);
  });

  it("agrees with zod on mutated bodies, and zod still writes every error", () => {
    const hits = { fast: 0, zodOnly: 0, invalid: 0 };
    let seed = 1;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 3000; i++) {
      const { endpoint, body } = bodies[Math.floor(rnd() * bodies.length)]!;
      const mutated = mutate(structuredClone(body), rnd);
      const fast = agreesWithZod(endpoint, mutated);
      const zod = REQUEST_SCHEMAS[endpoint].safeParse(mutated);
      if (!zod.success) {
        hits.invalid++;
        expect(() => parseRequest(endpoint, mutated)).toThrow(GuardError);
      } else hits[fast ? "fast" : "zodOnly"]++;
    }
    // Every branch was exercised, or the test proves little.
    expect(hits.fast).toBeGreaterThan(300);
    expect(hits.zodOnly).toBeGreaterThan(10);
    expect(hits.invalid).toBeGreaterThan(300);
  });
});

const ODD_VALUES: unknown[] = [
  null, 0, -1, 1.5, 2 ** 53, "", "x", [], ["a"], [1], [[1]], {}, true,
  { type: "text", text: "t" }, { type: "text", text: 1 }, { type: "image_url", image_url: { url: "u" } },
  { type: "input_text", text: "t" }, { type: "input_image" }, { type: "function_call", name: "f", arguments: "{}" },
  { type: "tool_use", name: "f", input: {} }, { type: "tool_result", tool_use_id: "a" }, { type: "thinking", thinking: "t" },
  { type: "enabled", budget_tokens: 5 }, { type: "audio" }, { role: "user", content: "x" }, { name: "t" },
];
const TYPES = ["text", "image_url", "image", "input_text", "input_image", "message", "function_call", "function_call_output", "tool_use", "tool_result", "thinking", "enabled", "adaptive", "audio"];

/** One to three random edits anywhere in the body: a value replaced or removed, an element added, a type or role changed, a key added. */
function mutate(body: unknown, rnd: () => number): unknown {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const nodes: (Record<string, unknown> | unknown[])[] = [];
  const walk = (v: unknown) => {
    if (typeof v !== "object" || v === null) return;
    nodes.push(v as Record<string, unknown>);
    Object.values(v).forEach(walk);
  };
  walk(body);
  for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) {
    const n = pick(nodes);
    const value = structuredClone(pick(ODD_VALUES));
    if (Array.isArray(n)) {
      if (rnd() < 0.5) n.push(value);
      else if (n.length > 0) n[Math.floor(rnd() * n.length)] = value;
      continue;
    }
    const keys = Object.keys(n);
    const r = rnd();
    if (r < 0.2 && keys.length > 0) delete n[pick(keys)];
    else if (r < 0.55 && keys.length > 0) n[pick(keys)] = value;
    else if (r < 0.75 && "type" in n) n.type = pick(TYPES);
    else if (r < 0.85 && "role" in n) n.role = pick(["system", "user", "assistant", "tool", "bot"]);
    else n[pick(["extra", "content", "name", "input", "tools", "n", "stream", "thinking"])] = value;
  }
  return body;
}
