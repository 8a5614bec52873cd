/**
 * A tiny phrase matcher over canonical tokens: one pass over the tokens, one
 * array lookup per token id, so its cost grows with the prompt and not with
 * the number of rules (a regex per cue would rescan the text once per cue).
 * Word sets are bitsets over lexicon ids, so a slot test is one shift.
 *
 * Pattern syntax, one slot per space-separated item:
 *   `a|b|c`  one of these words (canonicalised like the text)
 *   `?`      exactly one word      `*`  up to three words      `#`  a number
 *   `A &N B` A and B within N words of each other, in either order
 *            (word order differs between languages; translations need this)
 */
import { intern } from "./lexicon.js";
import { canonical, type TokenStream } from "./tokens.js";
import type { ExtractionKind } from "./types.js";

export interface Rule {
  id: string;
  kind: ExtractionKind;
  /** Logit contribution when the cue is present (once per prompt part). */
  w: number;
  p: string | string[];
}

const SET = 0, ANY = 1, GAP = 2, NUM = 3;
interface Slot {
  t: number;
  /** Members of a SET slot as a bitset over lexicon ids. */
  bits: Uint32Array;
}
interface Compiled {
  rule: number;
  slots: Slot[];
  /** For `A &N B`: the other word set and the window; n = 0 for a sequence. */
  other: Uint32Array;
  n: number;
}

export interface Matcher {
  rules: readonly Rule[];
  /** Lexicon id → patterns whose first slot (or either side of a near pattern) holds that word. */
  index: Array<Compiled[] | undefined>;
  /** Patterns that start with a number slot. */
  numIndex: Compiled[];
}

const NO_BITS = new Uint32Array(0);

/** Word sets are shared between patterns (REVEAL, THOUGHT, ... recur), so each spec is compiled once. */
const setCache = new Map<string, { ids: number[]; bits: Uint32Array }>();

function wordSet(spec: string): { ids: number[]; bits: Uint32Array } {
  const cached = setCache.get(spec);
  if (cached) return cached;
  const ids = spec.split("|").map((w) => intern(canonical(w)));
  const bits = new Uint32Array((Math.max(...ids) >>> 5) + 1);
  for (const id of ids) bits[id >>> 5] = (bits[id >>> 5] as number) | (1 << (id & 31));
  const out = { ids, bits };
  setCache.set(spec, out);
  return out;
}

function has(bits: Uint32Array, id: number): boolean {
  return id >= 0 && id >>> 5 < bits.length && (((bits[id >>> 5] as number) >>> (id & 31)) & 1) === 1;
}

function slot(spec: string): Slot {
  if (spec === "?") return { t: ANY, bits: NO_BITS };
  if (spec === "*") return { t: GAP, bits: NO_BITS };
  if (spec === "#") return { t: NUM, bits: NO_BITS };
  return { t: SET, bits: wordSet(spec).bits };
}

function add(index: Array<Compiled[] | undefined>, ids: readonly number[], c: Compiled): void {
  for (const id of ids) {
    const list = index[id];
    if (list) list.push(c);
    else index[id] = [c];
  }
}

export function compileRules(rules: readonly Rule[]): Matcher {
  const index: Array<Compiled[] | undefined> = [];
  const numIndex: Compiled[] = [];
  rules.forEach((r, ri) => {
    for (const p of Array.isArray(r.p) ? r.p : [r.p]) {
      const near = /^(\S+) &(\d+) (\S+)$/.exec(p);
      if (near) {
        const a = wordSet(near[1] ?? ""), b = wordSet(near[3] ?? ""), n = Number(near[2]);
        if (n < 1) throw new Error(`rule ${r.id}: a near window is at least 1`);
        add(index, a.ids, { rule: ri, slots: [], other: b.bits, n });
        add(index, b.ids, { rule: ri, slots: [], other: a.bits, n });
        continue;
      }
      if (p.includes("&")) throw new Error(`rule ${r.id}: a near pattern is "A &N B" with one slot each side`);
      const parts = p.split(" ");
      const head = parts[0] ?? "";
      const c: Compiled = { rule: ri, slots: parts.slice(1).map(slot), other: NO_BITS, n: 0 };
      if (head === "#") numIndex.push(c);
      else if (head !== "?" && head !== "*") add(index, wordSet(head).ids, c);
      else throw new Error(`rule ${r.id}: a pattern must start with words or a number`);
    }
  });
  // Filled in id order above, so possibly sparse: copy into a dense (packed) array for fast indexing.
  return { rules, index: Array.from({ length: index.length }, (_, i) => index[i]), numIndex };
}

/** Whether `slots` match from token i on; walks single-word slots in a loop and branches only at gaps. */
function seq(s: TokenStream, i: number, slots: readonly Slot[], si: number): boolean {
  for (; si < slots.length; si++, i++) {
    const sl = slots[si] as Slot;
    if (sl.t === GAP) {
      const next = slots[si + 1];
      if (si + 2 === slots.length && next !== undefined && next.t === SET) {
        // "… * words" at the end of a pattern (e.g. `# * task`): a plain look-ahead, no recursion.
        for (let k = i; k <= i + 3 && k < s.n; k++) if (has(next.bits, s.ids[k] as number)) return true;
        return false;
      }
      for (let k = 0; k <= 3; k++) if (seq(s, i + k, slots, si + 1)) return true;
      return false;
    }
    if (i >= s.n) return false;
    const ok = sl.t === ANY || (sl.t === NUM ? s.num[i] === 1 : has(sl.bits, s.ids[i] as number));
    if (!ok) return false;
  }
  return true;
}

function nearHit(s: TokenStream, i: number, other: Uint32Array, n: number): boolean {
  const lo = Math.max(0, i - n), hi = Math.min(s.n - 1, i + n);
  for (let j = lo; j <= hi; j++) if (j !== i && has(other, s.ids[j] as number)) return true;
  return false;
}

/**
 * The hit arrays are views carved out of shared zeroed slabs, like the token
 * streams (tokens.ts): a typed array over 64 bytes of its own is a buffer off
 * the heap, slower to allocate and free than the matching itself on a short
 * prompt. A slab is freed once no hit array carved from it is kept.
 */
const HIT_SLAB_BYTES = 4096;
let hitSlab = new ArrayBuffer(HIT_SLAB_BYTES);
let hitSlabUsed = 0;

function hitArray(length: number): Uint8Array {
  if (length > HIT_SLAB_BYTES / 4) return new Uint8Array(length);
  if (hitSlabUsed + length > HIT_SLAB_BYTES) {
    hitSlab = new ArrayBuffer(HIT_SLAB_BYTES);
    hitSlabUsed = 0;
  }
  const hit = new Uint8Array(hitSlab, hitSlabUsed, length);
  hitSlabUsed += length;
  return hit;
}

/** Which rules (by index into `m.rules`) matched somewhere in the tokens: 1 = matched. */
export function matchRules(m: Matcher, s: TokenStream): Uint8Array {
  const hit = hitArray(m.rules.length);
  const { index, numIndex } = m;
  // Locals: the calls in the loop could, as far as the compiler knows, change the stream's fields.
  const ids = s.ids, num = s.num, n = s.n, known = index.length;
  for (let i = 0; i < n; i++) {
    const id = ids[i] as number;
    if (id >= 0 && id < known) {
      const cands = index[id];
      if (cands !== undefined) tryAll(cands, s, i, hit);
    }
    if (num[i] === 1) tryAll(numIndex, s, i, hit);
  }
  return hit;
}

function tryAll(cands: readonly Compiled[], s: TokenStream, i: number, hit: Uint8Array): void {
  for (let k = 0; k < cands.length; k++) {
    const c = cands[k] as Compiled;
    if (hit[c.rule] === 1) continue;
    const ok = c.n > 0 ? nearHit(s, i, c.other, c.n) : seq(s, i + 1, c.slots, 0);
    if (ok) hit[c.rule] = 1;
  }
}
