/**
 * The detectors' shared vocabulary: every word a rule, a glossary entry, a
 * domain cue or the fingerprint's sentence filter cares about gets a small
 * integer id when its module loads. The tokenizer (tokens.ts) then finds a
 * word's id straight from the FNV-1a hash it accumulates while scanning, in an
 * open-addressing table, without building the token string; the rules, the
 * domain and the fingerprint compare ids and flag bits instead of strings.
 * Interning happens only at module load, so the tables are fixed before the
 * first request is scanned.
 */
import { fnv1a } from "./features.js";
import { WordTable } from "./word-table.js";

/** Room for the vocabulary (a few thousand words). */
const MAX_WORDS = 4096;

/** Per-word flag bits, set by the modules that own the word lists. */
export const FLAG = {
  /** A number word ("two", "hundred"): the rules' `#` slot. */
  num: 1,
  /** Instruction vocabulary and sentence-initial imperatives (fingerprint.ts). */
  meta: 2,
  imperative: 4,
  /** Domain cue words (domain.ts), one bit per domain. */
  coding: 8,
  math: 16,
  reasoning: 32,
  writing: 64,
  agentic: 128,
} as const;

const words: string[] = [];
/** fnv1a(word) per id: the model's word feature. */
export const WORD_HASH = new Int32Array(MAX_WORDS);
export const WORD_FLAGS = new Uint16Array(MAX_WORDS);
/** For a glossary form (a raw token of another language): the id of its canonical English word; else -1. */
export const FORM_TARGET = new Int32Array(MAX_WORDS).fill(-1);
const byString = new Map<string, number>();
/**
 * Every word (canonical words and glossary forms alike) → id. The tokenizer
 * probes it with a word's hash (`mayHold` first, then `lookup`).
 */
export const LEXICON = new WordTable(MAX_WORDS);

/** The id of a word, adding it when new. Call at module load only. */
export function intern(word: string): number {
  const known = byString.get(word);
  if (known !== undefined) return known;
  const id = words.length;
  if (id >= MAX_WORDS) throw new Error(`lexicon: more than ${MAX_WORDS} words`);
  words.push(word);
  byString.set(word, id);
  WORD_HASH[id] = fnv1a(word) | 0;
  LEXICON.add(word, id);
  return id;
}

export function addFlag(id: number, flag: number): void {
  WORD_FLAGS[id] = (WORD_FLAGS[id] as number) | flag;
}

/** Interns each word and sets `flag` on it. */
export function flagWords(list: Iterable<string>, flag: number): void {
  for (const w of list) addFlag(intern(w), flag);
}

/**
 * Registers a glossary form (a whole raw token) that stands for the canonical
 * word `target`. A form is a word of its own too: when it only appears as the
 * canonical form of some other token (by the plural fold), it is just that word.
 */
export function addForm(form: string, target: string): void {
  FORM_TARGET[intern(form)] = intern(target);
}

/** Id of a word given as a string, or -1. */
export function wordId(word: string): number {
  return byString.get(word) ?? -1;
}

