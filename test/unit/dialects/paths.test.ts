import { describe, expect, it } from "vitest";
import { canonicalPath, guardedPath } from "../../../src/dialects/paths.js";

describe("guarded endpoints however the path is spelt", () => {
  it.each([
    ["/v1/chat/completions", "chat"],
    ["/v1/chat/completions/", "chat"],
    ["/v1//chat//completions", "chat"],
    ["/V1/Chat/Completions", "chat"],
    ["/v1/chat/%63ompletions", "chat"],
    ["/v1/chat%2Fcompletions", "chat"],
    ["/v1/chat/completions;jsessionid=1", "chat"],
    ["/v1/chat/completions.", "chat"],
    ["/v1/chat/completions%20", "chat"],
    ["/v1/chat/completions%00", "chat"],
    ["/v1/responses//", "responses"],
    ["/v1/Completions", "completions"],
    ["/v1/messages/", "messages"],
    ["//v1/messages", "messages"],
  ])("%s is %s, forwarded under its own path", (pathname, endpoint) => {
    const g = guardedPath(pathname);
    expect(g?.endpoint).toBe(endpoint);
    expect(g?.path).toBe({ chat: "/v1/chat/completions", responses: "/v1/responses", completions: "/v1/completions", messages: "/v1/messages" }[endpoint]);
  });

  it.each(["/v1/models", "/v1/messages/count_tokens", "/v1/messages/batches", "/v1/chat/completions/chatcmpl-123", "/v1/embeddings", "/v1", "/", "/v1/chat/completion", "/v1/chat/%E0%A4%A"])(
    "%s is no guarded endpoint",
    (pathname) => expect(guardedPath(pathname)).toBeNull(),
  );

  it("leaves canonical paths as they are and never throws on a malformed escape", () => {
    expect(canonicalPath("/v1/chat/completions")).toBe("/v1/chat/completions");
    expect(canonicalPath("/v1/x%ZZ/")).toBe("/v1/x%zz");
    expect(canonicalPath("///")).toBe("/");
  });

  it("agrees with the URL parser's resolution of dot segments", () => {
    for (const raw of ["/v1/x/../chat/completions", "/v1/x/%2e%2e/chat/completions", "/v1/./messages"]) {
      expect(guardedPath(new URL(`https://guard.test${raw}`).pathname)).not.toBeNull();
    }
  });
});
