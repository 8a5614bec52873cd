/** Observations for the behaviour tests: a plain chat request unless told otherwise. */
import type { AccountInfo } from "../../../src/account/record";
import type { RequestObservation } from "../../../src/account/types";
import type { RequestShape, Signals } from "../../../src/detect/types";

export const T0 = 1_767_225_600_000;
export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function account(over: Partial<AccountInfo> = {}): AccountInfo {
  return { id: "a1", org: null, tier: "paid", verified: true, createdAt: T0 - 400 * DAY, baseline: null, mode: null, ...over };
}

export function shape(over: Partial<RequestShape> = {}): RequestShape {
  return {
    logprobs: false, topLogprobs: 0, n: 1, temperature: null, maxTokens: 1024, reasoningRequested: false,
    singleTurn: false, conversationDepth: 3, tools: 0, images: 0, stream: true, ...over,
  };
}

/** Each request another prompt text unless a test says otherwise (Signals.promptHash). */
let promptSeq = 0;

export function signals(over: Partial<Omit<Signals, "shape">> & { shape?: Partial<RequestShape> } = {}): Signals {
  const { shape: sh, ...rest } = over;
  return {
    kinds: { cot: 0, critique: 0, autograde: 0, datagen: 0, probe: 0, distillSystem: 0 },
    extraction: 0, domain: "general", language: "en", obfuscation: [], templateFp: "0123456789abcdef", systemFp: null,
    promptHash: promptSeq++ >>> 0,
    ...rest, shape: shape(sh),
  };
}

/** A chain-of-thought extraction request that asks for the whole trace. */
export function extraction(over: Partial<RequestShape> = {}): Signals {
  return signals({
    kinds: { cot: 0.95, critique: 0, autograde: 0, datagen: 0, probe: 0, distillSystem: 0 }, extraction: 0.95, domain: "math",
    templateFp: "fedcba9876543210",
    shape: { singleTurn: true, conversationDepth: 1, reasoningRequested: true, maxTokens: 32_000, stream: false, ...over },
  });
}

let seq = 0;
export function obs(over: Partial<RequestObservation> = {}): RequestObservation {
  seq++;
  return {
    id: `r${seq}`, account: account(), endpoint: "chat", model: "m", inputTokens: 100, outputReserve: 100,
    signals: signals(), client: { ip: "192.0.2.1", asn: 64500, country: "US", ja4: "t13d", userAgent: "ua" }, ...over,
  };
}

/** A client address from a rotating proxy pool: a new address, network and country each time. */
export function proxyClient(i: number): RequestObservation["client"] {
  return { ip: `203.0.${i % 250}.${(i * 7) % 250}`, asn: 60000 + (i % 5), country: ["NL", "US", "DE", "SG", "GB"][i % 5]!, ja4: "t13d", userAgent: "python" };
}
