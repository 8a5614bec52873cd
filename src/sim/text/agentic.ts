/**
 * Agent traffic: tool definitions, coding-agent system prompts, tasks and
 * synthetic tool results. Two fictional IDE agent products ship one default
 * system prompt each to all their users; the attack harness has its own.
 */
import type { Rng } from "../rng.js";
import { FRAMEWORKS, TECH } from "./words.js";
import { codeSnippet } from "./problems.js";

export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

const obj = (props: Record<string, string>, required: string[]): Record<string, unknown> => ({
  type: "object",
  properties: Object.fromEntries(Object.entries(props).map(([k, d]) => [k, { type: "string", description: d }])),
  required,
});

export const IDE_TOOLS: readonly ToolSpec[] = [
  { name: "read_file", description: "Read a file from the workspace.", parameters: obj({ path: "Workspace-relative path" }, ["path"]) },
  { name: "write_file", description: "Create or overwrite a file.", parameters: obj({ path: "Workspace-relative path", content: "Full file content" }, ["path", "content"]) },
  { name: "apply_patch", description: "Apply a unified diff to the workspace.", parameters: obj({ patch: "Unified diff" }, ["patch"]) },
  { name: "search_code", description: "Search the workspace with a regular expression.", parameters: obj({ query: "Regex", glob: "Optional file glob" }, ["query"]) },
  { name: "list_dir", description: "List a directory.", parameters: obj({ path: "Directory" }, ["path"]) },
  { name: "run_terminal", description: "Run a shell command in the workspace and return its output.", parameters: obj({ command: "Shell command" }, ["command"]) },
];

export const AGENT_TOOLS: readonly ToolSpec[] = [
  { name: "bash", description: "Execute a bash command in the sandbox.", parameters: obj({ cmd: "Command" }, ["cmd"]) },
  { name: "str_replace_editor", description: "View, create and edit files.", parameters: obj({ command: "view|create|str_replace", path: "Absolute path", old_str: "Text to replace", new_str: "Replacement" }, ["command", "path"]) },
  { name: "python", description: "Run Python code and return stdout.", parameters: obj({ code: "Python source" }, ["code"]) },
  { name: "web_search", description: "Search the web.", parameters: obj({ query: "Query" }, ["query"]) },
  { name: "submit", description: "Submit the final answer.", parameters: obj({ answer: "Final answer" }, ["answer"]) },
];

export const BUSINESS_TOOLS: readonly ToolSpec[] = [
  { name: "get_weather", description: "Current weather for a city.", parameters: obj({ city: "City name" }, ["city"]) },
  { name: "search_flights", description: "Search flights between two airports on a date.", parameters: obj({ from: "IATA code", to: "IATA code", date: "YYYY-MM-DD" }, ["from", "to", "date"]) },
  { name: "create_calendar_event", description: "Create a calendar event.", parameters: obj({ title: "Title", start: "ISO time", end: "ISO time" }, ["title", "start"]) },
  { name: "query_database", description: "Run a read-only SQL query.", parameters: obj({ sql: "SQL" }, ["sql"]) },
  { name: "send_email", description: "Send an email.", parameters: obj({ to: "Address", subject: "Subject", body: "Body" }, ["to", "subject", "body"]) },
  { name: "convert_currency", description: "Convert an amount between currencies.", parameters: obj({ amount: "Amount", from: "ISO code", to: "ISO code" }, ["amount", "from", "to"]) },
];

/** Default system prompts of the two fictional IDE agents (shared by all their users). */
export const IDE_PRODUCTS = [
  {
    name: "CodeWeaver",
    ua: (r: Rng) => `CodeWeaver/1.${r.int(10, 14)}.${r.int(0, 9)} (VS Code 1.9${r.int(5, 7)}.${r.int(0, 3)}; ${r.pick(["darwin arm64", "win32 x64", "linux x64"])})`,
    system: [
      "You are CodeWeaver, an AI pair programmer running inside the user's editor.",
      "You can read and modify files in the open workspace using the provided tools. Always read a file before editing it.",
      "Prefer small, reviewable changes. Match the existing code style. Never invent APIs; search the codebase first.",
      "When you run commands, explain briefly why. Do not run destructive commands (rm -rf, git push --force) without asking.",
      "When the task is done, summarise the change in two or three sentences and list the files you touched.",
      "The user's OS, shell and open files are given in <environment>. Respect .gitignore. Keep secrets out of the output.",
    ].join("\n"),
  },
  {
    name: "TermPilot",
    ua: (r: Rng) => `TermPilot/0.${r.int(20, 29)}.${r.int(0, 9)} (node v20.${r.int(10, 18)}.0; ${r.pick(["darwin", "linux"])})`,
    system: [
      "You are TermPilot, a coding agent that works in the user's terminal.",
      "Use tools to inspect the repository, run tests and edit files. Think about the smallest change that fixes the problem.",
      "Run the project's tests after each change. If a test fails, read the failure before changing more code.",
      "Ask before installing dependencies or touching files outside the repository.",
      "Answer concisely. Use Markdown code blocks for code. Report what you changed and how you verified it.",
    ].join("\n"),
  },
] as const;

const DIRS = ["src/api", "src/services", "src/components", "lib", "app/models", "internal/handlers", "pkg/store", "src/utils"];
const FILES = ["users", "orders", "auth", "billing", "search", "cache", "config", "payments", "session", "reports"];

export function filePath(r: Rng): string {
  return `${r.pick(DIRS)}/${r.pick(FILES)}.${r.pick(["ts", "py", "go", "tsx", "rs", "java"])}`;
}

export function ideTask(r: Rng): string {
  const f = filePath(r);
  return r.pick([
    `The test in ${f.replace(/\.\w+$/, ".test.ts")} started failing after my last commit. Can you find out why and fix it?`,
    `Add pagination to the list endpoint in ${f}. Use cursor-based pagination like the rest of the API.`,
    `Refactor ${f} to use async/await instead of callbacks, without changing behaviour.`,
    `Add input validation to ${f} and return 400 with a helpful message on bad input.`,
    `We're migrating from ${r.pick(TECH)} to ${r.pick(TECH)}. Update ${f} and its tests.`,
    `Write unit tests for the functions in ${f}; aim for the edge cases.`,
    `Why is ${f} so slow on large inputs? Profile it and propose a fix.`,
    `Rename the \`${r.pick(FILES)}Id\` field to \`${r.pick(FILES)}Key\` across the codebase.`,
    `Set up ${r.pick(FRAMEWORKS)} error handling middleware and use it in ${f}.`,
    `fix lint errors in ${f}`,
  ]);
}

/** A synthetic tool result for a call of `tool`. */
export function toolResult(r: Rng, tool: string): string {
  switch (tool) {
    case "read_file":
    case "str_replace_editor":
      return `${codeSnippet(r)}\n\n${codeSnippet(r)}`;
    case "run_terminal":
    case "bash":
      return r.pick([
        `FAIL ${filePath(r)}\n  ● ${r.pick(FILES)} › handles empty input\n    Expected: []\n    Received: undefined\n\nTests: 1 failed, ${r.int(5, 80)} passed`,
        `PASS  all ${r.int(10, 200)} tests (${r.int(1, 30)}.${r.int(0, 9)}s)`,
        `error[E0382]: borrow of moved value: \`${r.pick(FILES)}\`\n  --> ${filePath(r)}:${r.int(10, 300)}:${r.int(1, 40)}`,
        `Traceback (most recent call last):\n  File "${filePath(r)}", line ${r.int(10, 400)}, in handler\nKeyError: '${r.pick(FILES)}_id'`,
        `${r.int(1, 40)} files changed, ${r.int(1, 400)} insertions(+), ${r.int(0, 200)} deletions(-)`,
      ]);
    case "search_code":
      return Array.from({ length: r.int(2, 6) }, () => `${filePath(r)}:${r.int(1, 400)}:  const ${r.pick(FILES)} = await get${r.pick(["User", "Order", "Session"])}(id);`).join("\n");
    case "list_dir":
      return Array.from({ length: r.int(3, 9) }, () => `${r.pick(FILES)}.${r.pick(["ts", "py", "go"])}`).join("\n");
    case "python":
      return `${r.int(0, 99999)}\n`;
    case "web_search":
      return `1. ${r.pick(TECH)} documentation — ${r.pick(["Configuration", "Getting started", "API reference"])}\n2. Stack Overflow — ${r.pick(["How to", "Why does", "Best way to"])} ${r.pick(TECH)}`;
    default:
      return JSON.stringify({ ok: true, result: r.int(1, 1000) });
  }
}

/** Arguments for a call of `tool` (JSON text, as in OpenAI tool calls). */
export function toolArgs(r: Rng, tool: string): Record<string, string> {
  switch (tool) {
    case "read_file": case "list_dir": return { path: tool === "list_dir" ? r.pick(DIRS) : filePath(r) };
    case "write_file": return { path: filePath(r), content: codeSnippet(r) };
    case "apply_patch": return { patch: `--- a/${filePath(r)}\n+++ b/${filePath(r)}\n@@ -1,3 +1,4 @@\n+// fixed` };
    case "search_code": return { query: r.pick(FILES) + "Id" };
    case "run_terminal": return { command: r.pick(["npm test", "pytest -q", "go test ./...", "cargo test", "git diff --stat", "npm run lint"]) };
    case "bash": return { cmd: r.pick(["ls -la", "pytest -x -q", "cat setup.py", "grep -rn TODO src", "python -m pip list"]) };
    case "python": return { code: `print(sum(range(${r.int(10, 10000)})))` };
    case "str_replace_editor": return { command: "view", path: `/repo/${filePath(r)}` };
    default: return { query: r.pick(TECH) };
  }
}
