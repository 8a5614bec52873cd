/**
 * Turns a zod error on a request body into one sentence that names the field,
 * e.g. `messages[1].content[0].text: expected string, received number`.
 *
 * zod reports a failed union as the issues of every branch. For a field that is
 * "a string or an array of parts" the useful branch is the one that got
 * furthest into the value, so the formatter follows the deepest branch and,
 * when every branch failed on the value's own type, merges them into
 * "expected string or array".
 */
import type { z } from "zod";
import { KNOWN_TYPE_MARK } from "./schemas.js";

type Issue = z.core.$ZodIssue;
type Path = PropertyKey[];

interface Resolved {
  path: Path;
  message: string;
  /** How far into the value the branch got; higher is more specific. */
  depth: number;
}

export function formatZodError(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return "Invalid request body.";
  const r = resolve(first, []);
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem(s))` : "";
  return `Invalid request body: ${renderPath(r.path)}: ${r.message}${more}.`;
}

function resolve(issue: Issue, base: Path): Resolved {
  const path = [...base, ...issue.path];
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    return resolveUnion(issue.errors, path);
  }
  // A wrong `type` tag says "this branch was not meant", less than any other
  // failure at the same depth (e.g. a function_call_output tried as a message).
  const onTag = path[path.length - 1] === "type";
  return { path, message: leafMessage(issue), depth: path.length - (onTag ? 0.5 : 0) };
}

function resolveUnion(branches: Issue[][], path: Path): Resolved {
  const candidates: Resolved[] = [];
  const typeMismatch: string[] = [];
  let received = "";
  for (const branch of branches) {
    const head = branch[0];
    if (!head || branch.some((i) => i.message === KNOWN_TYPE_MARK)) continue;
    if (head.code === "invalid_type" && head.path.length === 0) {
      typeMismatch.push(head.expected);
      received = describe(head.input);
      continue;
    }
    candidates.push(resolve(head, path));
  }
  if (candidates.length > 0) {
    return candidates.reduce((best, c) => (c.depth > best.depth ? c : best));
  }
  const expected = [...new Set(typeMismatch)].join(" or ") || "a valid value";
  const message =
    received === "nothing"
      ? `required field is missing (expected ${expected})`
      : `expected ${expected}, received ${received || "an invalid value"}`;
  return { path, message, depth: path.length };
}

function leafMessage(issue: Issue): string {
  switch (issue.code) {
    case "invalid_type": {
      const expected = issue.expected === "int" ? "an integer" : issue.expected;
      if (issue.input === undefined) return `required field is missing (expected ${expected})`;
      return `expected ${expected}, received ${describe(issue.input)}`;
    }
    case "too_small":
      return `must be ${issue.inclusive ? "at least" : "greater than"} ${String(issue.minimum)}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, received ${JSON.stringify(issue.input)}`;
    case "invalid_union":
      // No branch matched the discriminator (e.g. an unknown `thinking.type`).
      if ("options" in issue && issue.options && issue.discriminator) {
        const tag = isRecord(issue.input) ? issue.input[issue.discriminator] : undefined;
        const options = issue.options.map((v) => JSON.stringify(v)).join(", ");
        if (tag === undefined) return `required field is missing (expected one of ${options})`;
        return `expected one of ${options}, received ${JSON.stringify(tag)}`;
      }
      return issue.message;
    default:
      // zod prefixes most messages with "Invalid input: "; the path says that already.
      return issue.message.replace(/^Invalid input:\s*/, "");
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

function describe(input: unknown): string {
  if (input === undefined) return "nothing";
  if (typeof input === "number" && !Number.isInteger(input)) return String(input);
  if (input === null) return "null";
  if (Array.isArray(input)) return "array";
  return typeof input;
}

export function renderPath(path: Path): string {
  if (path.length === 0) return "body";
  let s = "";
  for (const key of path) {
    if (typeof key === "number") s += `[${key}]`;
    else s += s === "" ? String(key) : `.${String(key)}`;
  }
  return s;
}
