/**
 * How the guard names a provider-side response (`resp_…`) it has to remember
 * or look up: a 64-bit hash, never the id. The request parser hashes a
 * `previous_response_id`, the serving path the id the origin answered with;
 * both must agree, so both call this.
 */
import { hex64 } from "./hash32.js";

export function responseHash(id: string): string {
  return hex64(id);
}

/**
 * How the guard names a provider-side conversation (`conv_…`, Conversations
 * API): a 64-bit hash of the id, never the id. The request parser hashes a
 * Responses request's `conversation`, the conversation routes the id in
 * their path or the one the origin answered a creation with.
 */
export function conversationHash(id: string): string {
  return hex64(`conversation:${id}`);
}
