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
