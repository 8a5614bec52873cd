/**
 * Tokens as the rules and the model see them: words of the normalised text,
 * translated to English through the cue glossary, with a light plural fold.
 * CJK runs have no spaces, so they are cut by longest glossary match and
 * otherwise fall apart into single characters.
 */
import { CJK_GLOSSARY, CJK_MAX, CYRILLIC_GLOSSARY, LATIN_GLOSSARY } from "./glossary.js";


/** Plural fold shared by rule compilation and tokenisation so both sides agree. */
export function fold(t: string): string {
  const n = t.length;
  if (n > 3 && t.charCodeAt(n - 1) === 115 /* s */) {
    const p = t.charCodeAt(n - 2);
    if (p !== 115 && p !== 117 /* u */ && p !== 105 /* i */) return t.slice(0, -1);
  }
  return t;
}

export function canonical(t: string): string {
  const g = LATIN_GLOSSARY.get(t);
  if (g !== undefined) return fold(g);
  const c = t.charCodeAt(0);
  if (c >= 0x0400 && c <= 0x04ff) {
    for (let len = Math.min(t.length, 10); len >= 3; len--) {
      const s = CYRILLIC_GLOSSARY.get(t.slice(0, len));
      if (s !== undefined) return fold(s);
    }
    return t;
  }
  return fold(t);
}

const OTHER_WORD_RE = /[\p{L}\p{N}\p{M}]/u;

/** Word character test with fast paths for the common scripts; the regex only sees the rest. */
function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
  if (c >= 0xc0 && c <= 0x52f) return c !== 0xd7 && c !== 0xf7;
  if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af)) return true;
  if ((c >= 0x2000 && c <= 0x206f) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xd800 && c <= 0xdfff)) return false;
  return OTHER_WORD_RE.test(String.fromCharCode(c));
}

/** Tokenises already-normalised (lower-cased) text. `limit` bounds the work. */
export function tokenize(text: string, limit = 4000): string[] {
  const out: string[] = [];
  let start = -1;
  let cjk = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if (isWordChar(c)) {
      if (start < 0) start = i;
      if (c >= 0x3040 && c <= 0x9fff) cjk = true;
      continue;
    }
    if (start < 0) continue;
    const w = text.slice(start, i);
    if (cjk) splitCjk(w, out);
    else out.push(canonical(w));
    start = -1;
    cjk = false;
    if (out.length >= limit) break;
  }
  return out;
}

function splitCjk(run: string, out: string[]): void {
  let i = 0;
  while (i < run.length) {
    const c = run.charCodeAt(i);
    if (c < 0x3040) {
      // Latin letters glued to CJK in the same \p{L} run.
      let j = i;
      while (j < run.length && run.charCodeAt(j) < 0x3040) j++;
      out.push(canonical(run.slice(i, j)));
      i = j;
      continue;
    }
    let matched = false;
    for (let len = Math.min(CJK_MAX, run.length - i); len >= 1; len--) {
      const g = CJK_GLOSSARY.get(run.slice(i, i + len));
      if (g !== undefined) {
        for (const w of g.split(" ")) out.push(fold(w));
        i += len;
        matched = true;
        break;
      }
    }
    if (!matched) {
      out.push(run[i] ?? "");
      i++;
    }
  }
}
