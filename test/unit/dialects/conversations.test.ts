import { describe, expect, it } from "vitest";
import { conversationIdFromJson, conversationItemsRequest, conversationRoute } from "../../../src/dialects/conversations";
import { parseRequest } from "../../../src/dialects/parse";
import { GuardError } from "../../../src/lib/guard-error";
import { conversationHash, responseHash } from "../../../src/lib/response-hash";

describe("conversationRoute", () => {
  it("names a create and an items write, however the path is spelt, keeping the id's case", () => {
    expect(conversationRoute("POST", "/v1/conversations")).toEqual({ op: "create" });
    expect(conversationRoute("post", "/V1/Conversations/")).toEqual({ op: "create" });
    expect(conversationRoute("POST", "/v1//conversations;x=1")).toEqual({ op: "create" });
    expect(conversationRoute("POST", "/v1/conversations/conv_AbC/items")).toEqual({ op: "items", id: "conv_AbC" });
    expect(conversationRoute("POST", "/v1/%63onversations/conv_AbC/Items/")).toEqual({ op: "items", id: "conv_AbC" });
    expect(conversationRoute("POST", "/v1/conversations//conv_1//items")).toEqual({ op: "items", id: "conv_1" });
    // Trailing white space, dots and control characters, as lenient origins drop them (dialects/paths.ts).
    expect(conversationRoute("POST", "/v1/conversations/conv_1/items%20")).toEqual({ op: "items", id: "conv_1" });
    expect(conversationRoute("POST", "/v1/conversations/conv_1/items.%00/")).toEqual({ op: "items", id: "conv_1" });
    expect(conversationRoute("POST", "/v1/conversations.")).toEqual({ op: "create" });
  });

  it("is null for reads, deletes, updates and other paths", () => {
    expect(conversationRoute("GET", "/v1/conversations/conv_1/items")).toBeNull();
    expect(conversationRoute("DELETE", "/v1/conversations/conv_1")).toBeNull();
    // An update (metadata only) adds no items.
    expect(conversationRoute("POST", "/v1/conversations/conv_1")).toBeNull();
    expect(conversationRoute("POST", "/v1/conversations/conv_1/items/msg_1")).toBeNull();
    expect(conversationRoute("POST", "/v1/conversations/%20/items")).toBeNull();
    expect(conversationRoute("POST", "/v2/conversations")).toBeNull();
    expect(conversationRoute("POST", "/v1/responses")).toBeNull();
  });
});

describe("conversationItemsRequest", () => {
  it("reads the items as a Responses request's input, in order", () => {
    const p = conversationItemsRequest({
      items: [
        { type: "message", role: "system", content: "You are a tutor." },
        { role: "user", content: [{ type: "input_text", text: "Explain every step." }] },
        { type: "function_call_output", call_id: "c1", output: "42" },
      ],
    })!;
    expect(p.endpoint).toBe("responses");
    expect(p.system).toBe("You are a tutor.");
    expect(p.messages.map((m) => m.text)).toEqual(["You are a tutor.", "Explain every step.", "42"]);
    expect(p.toolResults).toBe(1);
  });

  it("leaves out items the Responses input does not accept, and is null when none is left or there are no items", () => {
    const p = conversationItemsRequest({ items: [{ role: "user", content: 7 }, "text", null, { role: "user", content: "kept" }] })!;
    expect(p.messages.map((m) => m.text)).toEqual(["kept"]);
    expect(conversationItemsRequest({ items: [{ role: "user", content: 7 }] })).toBeNull();
    expect(conversationItemsRequest({ items: [] })).toBeNull();
    expect(conversationItemsRequest({ metadata: { a: "b" } })).toBeNull();
    expect(conversationItemsRequest({ items: "not a list" })).toBeNull();
    expect(conversationItemsRequest(null)).toBeNull();
    expect(conversationItemsRequest([{ role: "user", content: "x" }])).toBeNull();
  });

  it("reads a create's answer for its id", () => {
    expect(conversationIdFromJson({ id: "conv_9", object: "conversation" })).toBe("conv_9");
    expect(conversationIdFromJson({ id: "" })).toBeNull();
    expect(conversationIdFromJson({ id: 5 })).toBeNull();
    expect(conversationIdFromJson(null)).toBeNull();
  });
});

describe("a Responses request's conversation", () => {
  it("is its id's hash, from the id or from { id }, never the id; null when absent", () => {
    const h = conversationHash("conv_123");
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(h).not.toBe(responseHash("conv_123"));
    expect(parseRequest("responses", { model: "m", input: "hi", conversation: "conv_123" }).conversation).toBe(h);
    expect(parseRequest("responses", { model: "m", input: "hi", conversation: { id: "conv_123" } }).conversation).toBe(h);
    expect(parseRequest("responses", { model: "m", input: "hi" }).conversation).toBeNull();
    expect(parseRequest("responses", { model: "m", input: "hi", conversation: null }).conversation).toBeNull();
    // Chat has no conversations: the field is another unknown key there.
    expect(parseRequest("chat", { model: "m", messages: [{ role: "user", content: "hi" }], conversation: "conv_1" }).conversation).toBeNull();
  });

  it("refuses a conversation of another type with a message naming the field", () => {
    expect(() => parseRequest("responses", { model: "m", input: "hi", conversation: 5 })).toThrow(GuardError);
    expect(() => parseRequest("responses", { model: "m", input: "hi", conversation: { name: "x" } })).toThrow(/conversation/);
  });
});
