/**
 * Whether text is well-formed (no lone surrogate). JSON may carry a lone
 * surrogate (`"\ud800"`), but KV refuses such keys and UTF-8 cannot encode
 * it: a name that ends up in a key is checked with this first.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isWellFormedText(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

/** The refusal zod schemas give for text that is not well-formed. */
export const NOT_WELL_FORMED = "must be well-formed text (no lone surrogates)";
