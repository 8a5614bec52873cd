/**
 * Plain prompt texts (classify input, corpus records) as requests. The corpus
 * writes a system + user pair as `[SYSTEM]\n…\n\n[USER]\n…`; that convention
 * is accepted wherever a bare text is.
 */
import type { ParsedRequest } from "../dialects/types.js";

const TAGGED_RE = /^\s*\[SYSTEM\]\n([\s\S]*?)\n\n\[USER\]\n([\s\S]*)$/;

export function splitTaggedText(text: string, system?: string): { system: string; user: string } {
  const m = TAGGED_RE.exec(text);
  if (m) return { system: [system, m[1]].filter(Boolean).join("\n"), user: m[2] ?? "" };
  return { system: system ?? "", user: text };
}

export function requestFromText(text: string, system?: string): ParsedRequest {
  const parts = splitTaggedText(text, system);
  const messages: ParsedRequest["messages"] = [];
  if (parts.system) messages.push({ role: "system", text: parts.system });
  messages.push({ role: "user", text: parts.user });
  return {
    endpoint: "chat",
    dialect: "openai",
    model: "unknown",
    messages,
    system: parts.system,
    tools: [],
    toolResults: 0,
    images: 0,
    n: 1,
    logprobs: false,
    topLogprobs: 0,
    maxTokens: null,
    temperature: null,
    reasoning: { effort: null, budgetTokens: null, enabled: false, includeRaw: false },
    stream: false,
    userTurns: 1,
    assistantTurns: 0,
    estInputTokens: Math.ceil((parts.system.length + parts.user.length) / 4),
    storedPrompt: null,
    previousResponse: null,
    conversation: null,
  };
}
