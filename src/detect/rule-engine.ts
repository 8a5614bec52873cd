/**
 * A tiny phrase matcher over canonical tokens: one pass over the tokens, one
 * Map lookup per token, so its cost grows with the prompt and not with the
 * number of rules (a regex per cue would rescan the text once per cue).
 *
 * Pattern syntax, one slot per space-separated item:
 *   `a|b|c`  one of these words (canonicalised like the text)
 *   `?`      exactly one word      `*`  up to three words      `#`  a number
 *   `A &N B` A and B within N words of each other, in either order
 *            (word order differs between languages; translations need this)
 */
import { canonical } from "./tokens.js";
import type { ExtractionKind } from "./types.js";

export interface Rule {
  id: string;
  kind: ExtractionKind;
  /** Logit contribution when the cue is present (once per prompt part). */
  w: number;
  p: string | string[];
}

type Slot = { t: "set"; s: ReadonlySet<string> } | { t: "any" } | { t: "gap" } | { t: "num" };
interface Compiled {
  rule: number;
  slots: Slot[];
  /** For `A &N B`: the other slot and the window. */
  near?: { other: ReadonlySet<string>; n: number };
}

export interface Matcher {
  rules: readonly Rule[];
  index: Map<string, Compiled[]>;
}

/** Index key for patterns that start with a number slot. */
const NUM_KEY = new Set(["#"]);
const NUMBER_WORDS = new Set("two three four five six seven eight nine ten twelve fifteen twenty thirty forty fifty hundred".split(" "));

function set(spec: string): Set<string> {
  return new Set(spec.split("|").map((w) => canonical(w)));
}

function slot(spec: string): Slot {
  if (spec === "?") return { t: "any" };
  if (spec === "*") return { t: "gap" };
  if (spec === "#") return { t: "num" };
  return { t: "set", s: set(spec) };
}

function add(index: Map<string, Compiled[]>, words: ReadonlySet<string>, c: Compiled): void {
  for (const w of words) {
    const list = index.get(w);
    if (list) list.push(c);
    else index.set(w, [c]);
  }
}

export function compileRules(rules: readonly Rule[]): Matcher {
  const index = new Map<string, Compiled[]>();
  rules.forEach((r, ri) => {
    for (const p of Array.isArray(r.p) ? r.p : [r.p]) {
      const near = /^(\S+) &(\d+) (\S+)$/.exec(p);
      if (near) {
        const a = set(near[1] ?? ""), b = set(near[3] ?? ""), n = Number(near[2]);
        add(index, a, { rule: ri, slots: [], near: { other: b, n } });
        add(index, b, { rule: ri, slots: [], near: { other: a, n } });
        continue;
      }
      if (p.includes("&")) throw new Error(`rule ${r.id}: a near pattern is "A &N B" with one slot each side`);
      const slots = p.split(" ").map(slot);
      const first = slots[0];
      if (first?.t === "num") add(index, NUM_KEY, { rule: ri, slots: slots.slice(1) });
      else if (first?.t === "set") add(index, first.s, { rule: ri, slots: slots.slice(1) });
      else throw new Error(`rule ${r.id}: a pattern must start with words or a number`);
    }
  });
  return { rules, index };
}

function isNum(t: string): boolean {
  const c = t.charCodeAt(0);
  return (c >= 48 && c <= 57) || NUMBER_WORDS.has(t);
}

function seq(tokens: readonly string[], i: number, slots: Slot[], si: number): boolean {
  if (si === slots.length) return true;
  const s = slots[si];
  if (!s) return true;
  if (s.t === "gap") {
    for (let k = 0; k <= 3; k++) if (seq(tokens, i + k, slots, si + 1)) return true;
    return false;
  }
  const t = tokens[i];
  if (t === undefined) return false;
  if (s.t === "any" || (s.t === "num" && isNum(t)) || (s.t === "set" && s.s.has(t))) return seq(tokens, i + 1, slots, si + 1);
  return false;
}

function nearHit(tokens: readonly string[], i: number, other: ReadonlySet<string>, n: number): boolean {
  const lo = Math.max(0, i - n), hi = Math.min(tokens.length - 1, i + n);
  for (let j = lo; j <= hi; j++) if (j !== i && other.has(tokens[j] ?? "")) return true;
  return false;
}

/** Indexes (into `m.rules`) of the rules that matched somewhere in `tokens`. */
export function matchRules(m: Matcher, tokens: readonly string[]): Set<number> {
  const hit = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? "";
    const cands = m.index.get(t);
    if (cands) tryAll(cands, tokens, i, hit);
    if (isNum(t)) {
      const numCands = m.index.get("#");
      if (numCands) tryAll(numCands, tokens, i, hit);
    }
  }
  return hit;
}

function tryAll(cands: readonly Compiled[], tokens: readonly string[], i: number, hit: Set<number>): void {
  for (const c of cands) {
    if (hit.has(c.rule)) continue;
    const ok = c.near ? nearHit(tokens, i, c.near.other, c.near.n) : seq(tokens, i + 1, c.slots, 0);
    if (ok) hit.add(c.rule);
  }
}
