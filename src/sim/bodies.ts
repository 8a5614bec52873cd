/**
 * Writes a `Call` as the JSON body of its endpoint, following the OpenAI
 * (Chat Completions, Responses, legacy Completions) and Anthropic Messages
 * request formats: each dialect's own parameter names, content parts, tool
 * definitions, tool calls and tool results.
 */
import type { Call, ImageRef, Turn } from "./call.js";

type Json = Record<string, unknown>;

export function buildBody(c: Call): Json {
  switch (c.endpoint) {
    case "chat": return chatBody(c);
    case "responses": return responsesBody(c);
    case "completions": return completionsBody(c);
    case "messages": return messagesBody(c);
  }
}

function dataUrl(img: ImageRef): string {
  return img.kind === "data" ? `data:${img.mime};base64,${img.b64}` : img.url;
}

function chatBody(c: Call): Json {
  const messages: Json[] = [];
  if (c.system !== undefined) messages.push({ role: c.developerRole ? "developer" : "system", content: c.system });
  for (const t of c.turns) {
    if (t.role === "user") {
      messages.push({
        role: "user",
        content: t.images?.length
          ? [{ type: "text", text: t.text }, ...t.images.map((i) => ({ type: "image_url", image_url: { url: dataUrl(i) } }))]
          : t.text,
      });
    } else if (t.role === "assistant") {
      const m: Json = { role: "assistant", content: t.text ?? null };
      if (t.toolCalls?.length) {
        m.tool_calls = t.toolCalls.map((tc) => ({ id: tc.id, type: "function", function: { name: tc.name, arguments: JSON.stringify(tc.args) } }));
      }
      messages.push(m);
    } else {
      messages.push({ role: "tool", tool_call_id: t.callId, content: t.text });
    }
  }
  const b: Json = { model: c.model, messages };
  if (c.tools?.length) b.tools = c.tools.map((t) => ({ type: "function", function: { name: t.name, description: t.description, parameters: t.parameters } }));
  if (c.n && c.n > 1) b.n = c.n;
  if (c.logprobs) {
    b.logprobs = true;
    if (c.topLogprobs) b.top_logprobs = c.topLogprobs;
  }
  if (c.maxTokens !== undefined) b[c.reasoning ? "max_completion_tokens" : "max_tokens"] = c.maxTokens;
  if (c.reasoning) b.reasoning_effort = c.reasoning;
  if (c.temperature !== undefined) b.temperature = c.temperature;
  if (c.jsonMode) b.response_format = { type: "json_object" };
  if (c.stream) {
    b.stream = true;
    b.stream_options = { include_usage: true };
  }
  return b;
}

function responsesBody(c: Call): Json {
  const only = c.turns[0];
  const simple = c.turns.length === 1 && only?.role === "user" && !only.images?.length;
  const input: unknown = simple && only?.role === "user" ? only.text : c.turns.flatMap(responsesItems);
  const b: Json = { model: c.model, input };
  if (c.conversation !== undefined) b.conversation = c.conversation;
  if (c.system !== undefined) b.instructions = c.system;
  if (c.tools?.length) b.tools = c.tools.map((t) => ({ type: "function", name: t.name, description: t.description, parameters: t.parameters }));
  if (c.maxTokens !== undefined) b.max_output_tokens = c.maxTokens;
  if (c.reasoning) b.reasoning = c.includeReasoning ? { effort: c.reasoning, summary: "detailed" } : { effort: c.reasoning };
  const include: string[] = [];
  if (c.includeReasoning) include.push("reasoning.encrypted_content");
  if (c.logprobs) {
    include.push("message.output_text.logprobs");
    b.top_logprobs = c.topLogprobs ?? 0;
  }
  if (include.length) b.include = include;
  if (c.temperature !== undefined) b.temperature = c.temperature;
  if (c.jsonMode) b.text = { format: { type: "json_object" } };
  if (c.stream) b.stream = true;
  return b;
}

/** Turns as Responses input items (what a Conversations API write carries too). */
export function responsesInput(turns: readonly Turn[]): Json[] {
  return turns.flatMap(responsesItems);
}

function responsesItems(t: Turn): Json[] {
  if (t.role === "user") {
    if (!t.images?.length) return [{ role: "user", content: t.text }];
    return [{ role: "user", content: [{ type: "input_text", text: t.text }, ...t.images.map((i) => ({ type: "input_image", image_url: dataUrl(i) }))] }];
  }
  if (t.role === "assistant") {
    const items: Json[] = [];
    if (t.text) items.push({ role: "assistant", content: t.text });
    for (const tc of t.toolCalls ?? []) items.push({ type: "function_call", call_id: tc.id, name: tc.name, arguments: JSON.stringify(tc.args) });
    return items;
  }
  return [{ type: "function_call_output", call_id: t.callId, output: t.text }];
}

/** The legacy endpoint takes one prompt string; earlier turns are written as a transcript. */
function completionsBody(c: Call): Json {
  const parts: string[] = [];
  if (c.system !== undefined) parts.push(c.system, "");
  const transcript = c.turns.length > 1;
  for (const t of c.turns) {
    if (t.role === "user") parts.push(transcript ? `User: ${t.text}` : t.text);
    else if (t.role === "assistant" && t.text) parts.push(`Assistant: ${t.text}`);
  }
  if (transcript) parts.push("Assistant:");
  const b: Json = { model: c.model, prompt: parts.join("\n") };
  if (c.maxTokens !== undefined) b.max_tokens = c.maxTokens;
  if (c.n && c.n > 1) b.n = c.n;
  if (c.logprobs) b.logprobs = Math.min(5, c.topLogprobs ?? 1);
  if (c.temperature !== undefined) b.temperature = c.temperature;
  if (c.stream) b.stream = true;
  return b;
}

function messagesBody(c: Call): Json {
  const messages: { role: "user" | "assistant"; content: unknown }[] = [];
  for (const t of c.turns) {
    if (t.role === "user") {
      messages.push({
        role: "user",
        content: t.images?.length
          ? [...t.images.map(anthropicImage), { type: "text", text: t.text }]
          : t.text,
      });
    } else if (t.role === "assistant") {
      const content: Json[] = [];
      if (t.text) content.push({ type: "text", text: t.text });
      for (const tc of t.toolCalls ?? []) content.push({ type: "tool_use", id: tc.id, name: tc.name, input: tc.args });
      messages.push({ role: "assistant", content });
    } else {
      // Consecutive tool results travel together in one user message.
      const block = { type: "tool_result", tool_use_id: t.callId, content: t.text };
      const prev = messages[messages.length - 1];
      if (prev?.role === "user" && Array.isArray(prev.content) && (prev.content as Json[])[0]?.type === "tool_result") {
        (prev.content as Json[]).push(block);
      } else {
        messages.push({ role: "user", content: [block] });
      }
    }
  }
  const budget = c.thinkingBudget;
  const maxTokens = Math.max(c.maxTokens ?? 4096, budget ? budget + 1024 : 0);
  const b: Json = { model: c.model, max_tokens: maxTokens };
  if (c.system !== undefined) b.system = c.system;
  b.messages = messages;
  if (c.tools?.length) b.tools = c.tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.parameters }));
  if (budget) b.thinking = { type: "enabled", budget_tokens: budget };
  // Extended thinking requires the default temperature.
  else if (c.temperature !== undefined) b.temperature = c.temperature;
  if (c.stream) b.stream = true;
  return b;
}

function anthropicImage(img: ImageRef): Json {
  return img.kind === "data"
    ? { type: "image", source: { type: "base64", media_type: img.mime, data: img.b64 } }
    : { type: "image", source: { type: "url", url: img.url } };
}
