/**
 * Tokens as the rules and the model see them: words of the normalised text,
 * translated to English through the cue glossary, with a light plural fold.
 * CJK runs have no spaces, so they are cut by longest glossary match and
 * otherwise fall apart into single characters.
 */
import { CJK_GLOSSARY, CJK_MAX, CYRILLIC_GLOSSARY, LATIN_GLOSSARY } from "./glossary.js";

const WORD_RE = /[\p{L}\p{N}]+/gu;
const CJK_RE = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;

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

/** Tokenises already-normalised (lower-cased) text. `limit` bounds the work. */
export function tokenize(text: string, limit = 4000): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD_RE)) {
    const w = m[0];
    if (CJK_RE.test(w)) splitCjk(w, out);
    else out.push(canonical(w));
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
