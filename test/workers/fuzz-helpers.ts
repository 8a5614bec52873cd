/**
 * Mutating valid JSON requests for the fuzz tests (fuzz.test.ts, the request
 * path; admin-fuzz.test.ts, the admin API): a field removed, retyped,
 * wrapped or nested deep; an awkward value; the JSON text cut, given a BOM,
 * duplicate keys or a stray character. Seeded by the caller's generator.
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

export const AWKWARD: Json[] = [
  null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 2, 4294967297, "", " ", "0", "NaN", "Infinity", "true", "null",
  "\u0000", "\ud800", "\udfff\ud800", "\u202e\u202d", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "x".repeat(70_000), [], {}, [null], [[[[[[]]]]]], { "": "" },
  { __proto__: "x" } as unknown as Json, { constructor: { prototype: 1 } }, { type: "text" }, { role: "user" }, ["a", 1, null, {}],
];

/** Every path into a JSON value to a depth of 12 (past a nesting mutation's), the root excluded. */
function paths(v: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (at.length >= 12) return out;
  if (Array.isArray(v)) v.forEach((x, i) => { out.push([...at, i]); paths(x, [...at, i], out); });
  else if (v !== null && typeof v === "object") for (const k of Object.keys(v)) { out.push([...at, k]); paths(v[k]!, [...at, k], out); }
  return out;
}

function parentOf(root: Json, p: (string | number)[]): { parent: Json[] | { [k: string]: Json }; key: string | number } {
  let cur = root as Json[] | { [k: string]: Json };
  for (const k of p.slice(0, -1)) cur = (cur as Record<string | number, Json>)[k] as Json[] | { [k: string]: Json };
  return { parent: cur, key: p[p.length - 1]! };
}

function deepNest(depth: number): Json {
  let v: Json = "core";
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/**
 * One to three mutations of `base`: the JSON text to send and what was done.
 * One draw in ten goes to `other` when given (a header, say), else it sets
 * another awkward value.
 */
export function mutateJson(r: () => number, base: Json, other?: (what: string[]) => void): { text: string; what: string[] } {
  const body = structuredClone(base);
  const what: string[] = [];
  let text: string | null = null;
  const n = 1 + Math.floor(r() * 3);
  for (let m = 0; m < n; m++) {
    const ps = paths(body);
    let op = Math.floor(r() * 10);
    if (op === 9 && !other) op = 3;
    if (op <= 2 && ps.length) {
      const p = pick(r, ps);
      const { parent, key } = parentOf(body, p);
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      what.push(`delete ${p.join(".")}`);
    } else if (op <= 5 && ps.length) {
      const p = pick(r, ps);
      const v = pick(r, AWKWARD);
      const { parent, key } = parentOf(body, p);
      (parent as Record<string | number, Json>)[key] = structuredClone(v);
      what.push(`set ${p.join(".")} = ${JSON.stringify(v)?.slice(0, 40)}`);
    } else if (op === 6 && ps.length) {
      const p = pick(r, ps);
      const { parent, key } = parentOf(body, p);
      const old = (parent as Record<string | number, Json>)[key]!;
      (parent as Record<string | number, Json>)[key] = r() < 0.5 ? [old] : { value: old };
      what.push(`wrap ${p.join(".")}`);
    } else if (op === 7) {
      const p = ps.length ? pick(r, ps) : ["x"];
      const { parent, key } = parentOf(body, p);
      (parent as Record<string | number, Json>)[key] = deepNest(r() < 0.5 ? 64 : 3000);
      what.push(`nest ${p.join(".")}`);
    } else if (op === 8) {
      const s: string = text ?? JSON.stringify(body);
      const t = Math.floor(r() * 4);
      if (t === 0) { text = s.slice(0, Math.floor(r() * s.length)); what.push("truncate"); }
      else if (t === 1) { text = `\ufeff${s}`; what.push("bom"); }
      else if (t === 2) { text = `${s.slice(0, -1)},"model":"other-model","model":1}`; what.push("duplicate keys"); }
      else { const at = Math.floor(r() * s.length); text = s.slice(0, at) + pick(r, ["\u0000", "}", "\"", "\\", "\ud800", "🙂"]) + s.slice(at); what.push("insert char"); }
    } else if (other) {
      other(what);
    }
  }
  return { text: text ?? JSON.stringify(body), what };
}
