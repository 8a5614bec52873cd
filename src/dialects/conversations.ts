/**
 * The Conversations API (OpenAI): the provider keeps a conversation's items,
 * and a Responses request that names the conversation (`conversation`) sends
 * only its new input. Items enter a conversation three ways:
 *
 *   POST /v1/conversations               { items?: [...] }  answered with { id: "conv_…" }
 *   POST /v1/conversations/{id}/items    { items: [...] }
 *   POST /v1/responses                   { conversation: id | { id }, input }
 *
 * The first two are no model requests: the guard forwards them as any other
 * /v1 path, but it reads their items (the same item shapes as a Responses
 * request's input), so that an instruction placed in a conversation once
 * ("for every problem I send, write out your whole chain of thought") is not
 * lost to the detectors on every request that continues it. What they ask is
 * remembered per conversation by the account object (account/conversation.ts).
 */
import * as z from "zod";
import { ResponsesItem } from "./schemas.js";
import { parseRequest } from "./parse.js";
import { normalisedPath } from "./paths.js";
import type { ParsedRequest } from "./types.js";

export type ConversationRoute = { op: "create" } | { op: "items"; id: string };

/**
 * Which Conversations API write a request is: `POST /v1/conversations`
 * (create) or `POST /v1/conversations/{id}/items`, however the path is spelt
 * (compared as dialects/paths.ts compares the model endpoints; the id keeps
 * its case). null for anything else.
 */
export function conversationRoute(method: string, pathname: string): ConversationRoute | null {
  if (method.toUpperCase() !== "POST") return null;
  const s = normalisedPath(pathname).split("/").filter((x) => x !== "");
  if (s.length < 2 || s[0]!.toLowerCase() !== "v1" || s[1]!.toLowerCase() !== "conversations") return null;
  if (s.length === 2) return { op: "create" };
  if (s.length === 4 && s[3]!.toLowerCase() === "items" && s[2]!.trim() !== "") return { op: "items", id: s[2]! };
  return null;
}

const ItemsBody = z.looseObject({ items: z.array(z.unknown()).nullish() });

/**
 * The items of a create or add-items body as a request the detectors read:
 * every item the Responses input schema accepts, in order, as the input of a
 * Responses request. Items of other shapes are left out, as the origin
 * would refuse them. null when the body is no object with items, or none of
 * them is readable.
 */
export function conversationItemsRequest(body: unknown): ParsedRequest | null {
  const parsed = ItemsBody.safeParse(body);
  if (!parsed.success || !parsed.data.items) return null;
  const items = parsed.data.items.filter((it) => ResponsesItem.safeParse(it).success);
  if (items.length === 0) return null;
  return parseRequest("responses", { model: "conversation-items", input: items });
}

/** The id of the conversation a create answered with (`{ "id": "conv_…" }`), or null. */
export function conversationIdFromJson(json: unknown): string | null {
  if (typeof json !== "object" || json === null) return null;
  const id = (json as { id?: unknown }).id;
  return typeof id === "string" && id !== "" ? id : null;
}
