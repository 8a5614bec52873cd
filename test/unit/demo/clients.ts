/** SDK clients wired to the demo origin through their `fetch` option: no network, no server. */
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { demoFetch } from "../../../src/demo/handler.js";

export function viaDemo(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  return demoFetch(new Request(input, init));
}

export function openaiClient(): OpenAI {
  return new OpenAI({ apiKey: "sk-demo", baseURL: "http://demo.test/v1", maxRetries: 0, fetch: viaDemo });
}

export function anthropicClient(): Anthropic {
  return new Anthropic({ apiKey: "sk-ant-demo", baseURL: "http://demo.test", maxRetries: 0, fetch: viaDemo });
}

/** POST a raw body to the demo, bypassing the SDKs (for malformed input). */
export function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return demoFetch(new Request(`http://demo.test${path}`, { method: "POST", body, headers }));
}
