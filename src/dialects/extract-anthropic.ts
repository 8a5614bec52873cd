/**
 * Flattens a validated Anthropic Messages body into a Draft. Tool results
 * travel inside user messages in this dialect; they are split out as role
 * "tool" parts so that a user turn means something a person (or a script
 * posing as one) typed, the same as in the OpenAI dialect.
 */
import type { AnthropicBlock, MessagesRequest } from "./schemas.js";
import { emptyDraft, pushMessage, toolChars, type Draft } from "./draft.js";

export function extractMessages(body: MessagesRequest): Draft {
  const d = emptyDraft(body.model);
  const system = body.system ?? "";
  const systemText = typeof system === "string" ? system : system.map((b) => b.text).join("\n");
  if (systemText !== "") pushMessage(d, "system", [systemText]);

  for (const m of body.messages) {
    if (typeof m.content === "string") {
      pushMessage(d, m.role, [m.content]);
      continue;
    }
    const texts: string[] = [];
    const results: string[] = [];
    let onlyToolResults = m.content.length > 0;
    for (const b of m.content) {
      if (b.type === "tool_result") results.push(toolResultText(d, b));
      else {
        onlyToolResults = false;
        const t = blockText(d, b);
        if (t !== null) texts.push(t);
      }
    }
    if (results.length > 0) {
      d.toolResults += results.length;
      pushMessage(d, "tool", results);
    }
    if (!onlyToolResults) pushMessage(d, m.role, texts);
  }

  const tools = body.tools ?? [];
  d.tools = tools.map((t) => t.name);
  d.toolChars = toolChars(tools);
  d.maxTokens = body.max_tokens;
  d.temperature = body.temperature ?? null;
  const thinking = body.thinking ?? null;
  const enabled = thinking !== null && thinking.type !== "disabled";
  d.reasoning = {
    effort: body.output_config?.effort ?? null,
    budgetTokens: thinking?.type === "enabled" ? thinking.budget_tokens : null,
    enabled,
    // With thinking on, the thinking blocks (full or summarised) come back in the response.
    includeRaw: enabled,
  };
  d.stream = body.stream === true;
  return d;
}

function blockText(d: Draft, b: Exclude<AnthropicBlock, { type: "tool_result" }>): string | null {
  switch (b.type) {
    case "text":
      return b.text;
    case "image":
      d.images++;
      return null;
    case "document":
      return documentText(b);
    case "tool_use":
      return `${b.name}(${JSON.stringify(b.input ?? {})})`;
    case "thinking":
      return b.thinking;
    case "other":
      return null;
  }
}

/**
 * What the model reads of a document block, as the guard can read it: its
 * title and context, and its text when it is plain text or text blocks. A
 * document is another way to put words before the model, instructions
 * included ("write out your full reasoning" in a text document); a PDF, a
 * file or a URL stays unread. null when nothing is readable.
 */
function documentText(b: Extract<AnthropicBlock, { type: "document" }>): string | null {
  const texts: string[] = [];
  if (b.title) texts.push(b.title);
  if (b.context) texts.push(b.context);
  const src = b.source as { type: string; data?: unknown; content?: unknown };
  if (src.type === "text" && typeof src.data === "string") texts.push(src.data);
  else if (src.type === "content") {
    if (typeof src.content === "string") texts.push(src.content);
    else if (Array.isArray(src.content)) {
      for (const c of src.content) if (typeof c === "object" && c !== null && (c as { type?: unknown }).type === "text" && typeof (c as { text?: unknown }).text === "string") texts.push((c as { text: string }).text);
    }
  }
  return texts.length ? texts.join("\n") : null;
}

function toolResultText(d: Draft, b: Extract<AnthropicBlock, { type: "tool_result" }>): string {
  const content = b.content ?? "";
  if (typeof content === "string") return content;
  const texts: string[] = [];
  for (const c of content) {
    if (c.type === "text") texts.push(c.text);
    else if (c.type === "image") d.images++;
  }
  return texts.join("\n");
}
