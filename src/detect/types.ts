/**
 * Per-request signals (issue 3). Pure data computed from a ParsedRequest by
 * `computeSignals` (detect/index.ts); the account machine consumes them.
 */
export const EXTRACTION_KINDS = [
  "cot",            // chain-of-thought elicitation
  "critique",       // critique extraction
  "autograde",      // autograding / rubric extraction
  "datagen",        // templated data generation
  "probe",          // capability probing
  "distillSystem",  // distillation-pipeline system prompts (Orca-style)
] as const;
export type ExtractionKind = (typeof EXTRACTION_KINDS)[number];

export const DOMAINS = [
  "reasoning", "math", "coding", "agentic", "tool-use", "vision", "writing", "general",
] as const;
export type Domain = (typeof DOMAINS)[number];

export interface RequestShape {
  logprobs: boolean;
  topLogprobs: number;
  n: number;
  temperature: number | null;
  maxTokens: number | null;
  reasoningRequested: boolean;
  singleTurn: boolean;
  conversationDepth: number;
  tools: number;
  images: number;
  stream: boolean;
}

export interface Signals {
  /** Per-kind extraction-intent scores in [0, 1]. */
  kinds: Record<ExtractionKind, number>;
  /** Overall extraction-intent score in [0, 1]. */
  extraction: number;
  domain: Domain;
  /** ISO 639-1 code or "und". */
  language: string;
  /** Obfuscation found and undone during normalisation (e.g. "base64", "leet", "homoglyph"). */
  obfuscation: string[];
  /**
   * Locality-sensitive fingerprint of the instruction part of the prompt
   * (hex); null when the prompt has no template wording to fingerprint
   * (fewer than three words: a number puzzle, "hi"), which no template can
   * be told by.
   */
  templateFp: string | null;
  /** Same for the system prompt; null when there is none, or none to fingerprint. */
  systemFp: string | null;
  /**
   * 32-bit FNV-1a of the text templateFp is taken from (the last user turn,
   * bounded): the same for a prompt sent verbatim, different for a template
   * filled with another problem. A hash, never the text.
   */
  promptHash: number;
  shape: RequestShape;
}
