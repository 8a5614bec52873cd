/**
 * Fast path for the Anthropic Messages body: a hand-written test of the
 * common, valid shape, mirroring `MessagesRequest` in schemas.ts field by
 * field (see draftOf in parse.ts for what makes it safe). A block of a type the
 * guard does not read fails the test, so zod's `OtherPart` rewrite only ever
 * happens in zod.
 */
import {
  copiesVerbatim,
  everyItem,
  isBool,
  isNum,
  isObj,
  isPositive,
  isStr,
  isTextOrParts,
  nullish,
  nullishStr,
  optional,
} from "./json-checks.js";
import { AnthropicMessage, type MessagesRequest } from "./schemas.js";

const ROLES: ReadonlySet<unknown> = new Set(AnthropicMessage.shape.role.options);


/** The blocks a tool result may hold: text and image. */
function leafBlock(b: unknown): boolean {
  if (!isObj(b)) return false;
  if (b.type === "text") return isStr(b.text);
  if (b.type === "image") return isObj(b.source) && isStr(b.source.type);
  return false;
}

function block(b: unknown): boolean {
  if (!isObj(b)) return false;
  switch (b.type) {
    case "text":
    case "image":
      return leafBlock(b);
    case "tool_use":
      // `input: z.unknown()` is a required key: zod tests presence with `in`.
      return isStr(b.name) && "input" in b;
    case "tool_result":
      return isStr(b.tool_use_id) && nullish(b.content, (c) => isTextOrParts(c, leafBlock));
    case "thinking":
      return isStr(b.thinking);
    default:
      return false;
  }
}

const message = (m: unknown) => isObj(m) && ROLES.has(m.role) && isTextOrParts(m.content, block);
const systemBlock = (b: unknown) => isObj(b) && b.type === "text" && isStr(b.text);
// Counted by their JSON length (draft.ts toolChars): zod's copy must serialise the same.
const tool = (t: unknown) => isObj(t) && copiesVerbatim(t) && isStr(t.name) && optional(t.type, isStr);

/** `Thinking`: a discriminated union, so the `type` alone picks the schema. */
function thinking(t: unknown): boolean {
  if (!isObj(t)) return false;
  if (t.type === "enabled") return isPositive(t.budget_tokens);
  return t.type === "disabled" || t.type === "adaptive";
}

const outputConfig = (c: unknown) => isObj(c) && nullishStr(c.effort);

/** True only when `MessagesRequest` accepts `b` and its output reads the same as `b` (parse.ts draftOf). */
export function isCommonMessages(b: unknown): b is MessagesRequest {
  return (
    isObj(b) &&
    isStr(b.model) &&
    everyItem(b.messages, message) &&
    isPositive(b.max_tokens) &&
    nullish(b.system, (s) => isTextOrParts(s, systemBlock)) &&
    nullish(b.tools, (v) => everyItem(v, tool)) &&
    nullish(b.thinking, thinking) &&
    nullish(b.output_config, outputConfig) &&
    nullish(b.temperature, isNum) &&
    nullish(b.stream, isBool)
  );
}
