/**
 * The demo origin's Conversations API (OpenAI): enough for the official SDK's
 * `conversations.create` and `conversations.items.create` to work against
 * the guard. Stateless: a conversation gets a fresh id and its items are
 * echoed with ids; nothing is kept (the demo's answers do not depend on what
 * came before).
 */
import * as z from "zod";
import { GuardError } from "../lib/guard-error.js";
import { slowJsonResponse } from "./http.js";

const CreateBody = z.looseObject({ items: z.array(z.looseObject({})).max(20).nullish(), metadata: z.record(z.string(), z.string()).nullish() });
const ItemsBody = z.looseObject({ items: z.array(z.looseObject({})).min(1).max(20) });

function newId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replaceAll("-", "")}`;
}

function stored(item: Record<string, unknown>): Record<string, unknown> {
  const message = item.type === undefined || item.type === "message";
  return { ...item, id: newId(message ? "msg" : "item"), ...(message ? { type: "message", status: "completed" } : {}) };
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new GuardError("invalid_request", `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
  }
  return r.data;
}

/**
 * `POST /v1/conversations` or `POST /v1/conversations/{id}/items`; null for another path. `delayMs`
 * (`x-demo-delay-ms`): the answer's body follows its headers that much later.
 */
export function conversations(path: string, body: unknown, nowMs: number, delayMs = 0): Response | null {
  if (path === "/v1/conversations") {
    const b = parse(CreateBody, body ?? {});
    return slowJsonResponse({ id: newId("conv"), object: "conversation", created_at: Math.floor(nowMs / 1000), metadata: b.metadata ?? {} }, delayMs);
  }
  const m = /^\/v1\/conversations\/([^/]+)\/items$/.exec(path);
  if (!m) return null;
  const data = parse(ItemsBody, body).items.map(stored);
  return slowJsonResponse({ object: "list", data, first_id: data[0]!.id, last_id: data[data.length - 1]!.id, has_more: false }, delayMs);
}
