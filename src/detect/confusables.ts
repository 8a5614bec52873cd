/**
 * Lookalike tables used by normalisation. Kept small on purpose: the Unicode
 * confusables list (UTS #39) has thousands of entries, but evasion in practice
 * uses the Cyrillic and Greek letters that render like Latin ones, plus a few
 * symbols; NFKC already folds fullwidth, mathematical and circled letters.
 */

/** Cyrillic and Greek letters (lower case; we fold after lower-casing) that look like Latin ones. */
export const HOMOGLYPHS: Readonly<Record<string, string>> = {
  // Cyrillic
  "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
  "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i",
  "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ɡ": "g", "һ": "h", "ӏ": "l", "ь": "b",
  // Greek
  "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
  "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ω": "w", "μ": "u", "ς": "s",
  // Latin lookalikes outside ASCII that NFKC keeps
  "ı": "i", "ȷ": "j", "ɑ": "a", "ʀ": "r", "ᴀ": "a", "ᴇ": "e", "ᴏ": "o", "ꞵ": "b",
};

/** Leetspeak digits and symbols, applied only inside tokens that also hold letters. */
export const LEET: Readonly<Record<string, string>> = {
  "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "l", "€": "e",
};

/** Zero-width, joiner, bidi-control and soft-hyphen characters: invisible, used to split words. */
export const INVISIBLE_RE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/g;
export const BIDI_RE = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
