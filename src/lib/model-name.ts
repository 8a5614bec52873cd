/**
 * Which model names a release can be announced for (account/releases.ts):
 * well-formed text of 1 to 128 characters. A request's model is the
 * caller's text; a name outside these is never looked up, in the Worker
 * (KV refuses keys past 512 bytes or not well-formed) or in the replay's
 * node engine, so both read it as never released.
 */
import { isWellFormedText } from "./well-formed.js";

export const MAX_MODEL_NAME = 128;

export function isModelName(model: string): boolean {
  return model.length >= 1 && model.length <= MAX_MODEL_NAME && isWellFormedText(model);
}
