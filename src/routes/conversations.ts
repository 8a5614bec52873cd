/**
 * The Conversations API's writes on the request path (dialects/conversations.ts):
 * `POST /v1/conversations` and `POST /v1/conversations/{id}/items` are
 * forwarded as any other /v1 path (identity, blocklists, request limits),
 * but their body is read first, within the body limit. Once the origin has
 * taken a served write, its items are scored and noted with the account
 * object for the conversation (off the request path, live): for added items the
 * conversation is the path's, for a new one the id the origin answered with.
 * A body that is no JSON, or whose items the guard cannot read, is forwarded
 * as it is, and nothing is noted (the origin refuses what it cannot read).
 */
import type { Context } from "hono";
import { chainScores, carriesIntent, type ChainScores } from "../account/chain.js";
import { computeSignals } from "../detect/index.js";
import { conversationIdFromJson, conversationItemsRequest, type ConversationRoute } from "../dialects/conversations.js";
import { readBodyLimited } from "../lib/body.js";
import { conversationHash } from "../lib/response-hash.js";
import { withTimeout } from "../lib/timeout.js";
import type { Policy } from "../policy/schema.js";
import type { AppEnv } from "./context.js";

export interface ConversationWrite {
  route: ConversationRoute;
  /** The body as read (decoded), forwarded as it is. */
  read: Uint8Array;
  /** The body parsed as JSON; null when it is not JSON. */
  json: unknown;
}

/** The extraction scores of a conversation write's JSON body, when its items carry any intent. */
export function itemsScores(json: unknown): ChainScores | null {
  const p = conversationItemsRequest(json);
  if (!p) return null;
  const s = chainScores(computeSignals(p));
  return carriesIntent(s) ? s : null;
}

/** Read a conversation write's body (GuardError body_too_large or unsupported_media_type as for a model request). */
export async function readConversationWrite(req: Request, route: ConversationRoute, policy: Policy): Promise<ConversationWrite> {
  const read = await readBodyLimited(req, policy.maxBodyBytes);
  let json: unknown = null;
  try {
    json = JSON.parse(new TextDecoder().decode(read));
  } catch {
    // Not JSON: the origin answers it.
  }
  return { route, read, json };
}

/**
 * After the origin answered a served conversation write: note what its items
 * ask with the account object, under the conversation's hash, when they
 * carry any intent. Errors are logged, never the client's.
 */
export async function noteConversationWrite(
  c: Context<AppEnv>, account: string, w: ConversationWrite, res: Response, at: number, timeoutMs: number,
): Promise<void> {
  if (!res.ok) return;
  const scores = itemsScores(w.json);
  if (!scores) return;
  try {
    // Bounded as a whole: a create's answer is read (a copy of it) before the account object is told.
    await withTimeout("conversation note", timeoutMs, (async () => {
      let id: string | null = w.route.op === "items" ? w.route.id : null;
      if (w.route.op === "create") id = conversationIdFromJson(await res.clone().json().catch(() => null));
      if (id !== null) await c.env.ACCOUNT.getByName(account).noteConversation(conversationHash(id), scores, at);
    })());
  } catch (err) {
    console.error(JSON.stringify({ event: "conversation_note_error", account, error: String(err) }));
  }
}
