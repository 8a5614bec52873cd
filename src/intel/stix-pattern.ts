/**
 * STIX 2.1 patterning (spec part 9), the subset a blocklist can act on. The
 * lexer knows the whole token set, so a valid pattern that uses what the
 * guard cannot enforce (FOLLOWEDBY, qualifiers, NOT, LIKE, MATCHES…) is told
 * apart from a malformed one: the first is skipped with a note, the second
 * makes the bundle invalid.
 *
 * A supported pattern is turned into disjunctive normal form: a list of
 * alternatives, each a list of comparisons that must hold together
 * (`[a = 1 AND b = 2] OR [c = 3]` → [[a, b], [c]]).
 */

export interface Comparison {
  objectType: string;
  /** Property path with quoted steps unquoted: "value", "extensions.http-request-ext.request_header.User-Agent", "src_ref.belongs_to_refs[*].number". */
  path: string;
  op: "=" | "ISSUBSET";
  value: string | number;
}

export type PatternResult =
  | { kind: "ok"; alternatives: Comparison[][] }
  | { kind: "unsupported"; reason: string }
  | { kind: "invalid"; reason: string };

type Tok =
  | { t: "sym"; v: string }
  | { t: "kw"; v: string }
  | { t: "op"; v: string }
  | { t: "str"; v: string; prefix: string }
  | { t: "num"; v: number }
  | { t: "bool"; v: boolean }
  | { t: "path"; objectType: string; path: string };

const KEYWORDS = new Set([
  "AND", "OR", "NOT", "FOLLOWEDBY", "WITHIN", "SECONDS", "REPEATS", "TIMES", "START", "STOP",
  "LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET", "IN", "EXISTS",
]);
const MAX_ALTERNATIVES = 1000;

class PatternError extends Error {
  constructor(readonly kind: "unsupported" | "invalid", message: string) {
    super(message);
  }
}

function readQuoted(s: string, i: number): { v: string; end: number } {
  let out = "";
  let j = i + 1;
  while (j < s.length && s[j] !== "'") {
    if (s[j] === "\\") {
      const n = s[j + 1];
      if (n !== "\\" && n !== "'") throw new PatternError("invalid", `bad escape \\${n ?? ""} at ${j}`);
      out += n;
      j += 2;
    } else out += s[j++];
  }
  if (j >= s.length) throw new PatternError("invalid", `unterminated string at ${i}`);
  return { v: out, end: j + 1 };
}

function readPath(s: string, i: number, objectType: string): { tok: Tok; end: number } {
  const steps: string[] = [];
  let j = i;
  const step = (): void => {
    if (s[j] === "'") {
      const q = readQuoted(s, j);
      steps.push(q.v);
      j = q.end;
      return;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(s.slice(j));
    if (!m) throw new PatternError("invalid", `expected a property name at ${j}`);
    steps.push(m[0]);
    j += m[0].length;
  };
  step();
  for (;;) {
    if (s[j] === ".") {
      j++;
      step();
    } else if (s[j] === "[" && /^\[(\*|\d+)\]/.test(s.slice(j))) {
      const m = /^\[(\*|\d+)\]/.exec(s.slice(j))!;
      steps[steps.length - 1] += m[0];
      j += m[0].length;
    } else break;
  }
  return { tok: { t: "path", objectType, path: steps.join(".") }, end: j };
}

export function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if ("[](),".includes(c)) { out.push({ t: "sym", v: c }); i++; continue; }
    const op = /^(!=|<>|<=|>=|=|<|>)/.exec(s.slice(i));
    if (op) { out.push({ t: "op", v: op[0] }); i += op[0].length; continue; }
    const prefixed = /^([tbh])'/.exec(s.slice(i));
    if (c === "'" || prefixed) {
      const q = readQuoted(s, prefixed ? i + 1 : i);
      out.push({ t: "str", v: q.v, prefix: prefixed?.[1] ?? "" });
      i = q.end;
      continue;
    }
    const num = /^-?\d+(\.\d+)?(?![A-Za-z0-9_:-])/.exec(s.slice(i));
    if (num) { out.push({ t: "num", v: Number(num[0]) }); i += num[0].length; continue; }
    const obj = /^([a-z0-9][a-z0-9-]*[a-z0-9]):/.exec(s.slice(i));
    if (obj) {
      const p = readPath(s, i + obj[0].length, obj[1]!);
      out.push(p.tok);
      i = p.end;
      continue;
    }
    const word = /^[A-Za-z]+/.exec(s.slice(i));
    if (word && KEYWORDS.has(word[0])) { out.push({ t: "kw", v: word[0] }); i += word[0].length; continue; }
    if (word && (word[0] === "true" || word[0] === "false")) { out.push({ t: "bool", v: word[0] === "true" }); i += word[0].length; continue; }
    throw new PatternError("invalid", `unexpected "${s.slice(i, i + 12)}" at ${i}`);
  }
  return out;
}

/** Recursive descent over the token list; returns DNF. */
class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  parse(): Comparison[][] {
    if (this.toks.length === 0) throw new PatternError("invalid", "empty pattern");
    const r = this.observationOr();
    if (this.i < this.toks.length) this.fail();
    return r;
  }

  private peek(): Tok | undefined { return this.toks[this.i]; }
  private isSym(v: string): boolean { const t = this.peek(); return t?.t === "sym" && t.v === v; }
  private isKw(v: string): boolean { const t = this.peek(); return t?.t === "kw" && t.v === v; }
  private fail(): never {
    const t = this.peek();
    if (t?.t === "kw" && ["FOLLOWEDBY", "WITHIN", "REPEATS", "START", "STOP"].includes(t.v)) {
      throw new PatternError("unsupported", `${t.v} (time or sequence) cannot be enforced by a blocklist`);
    }
    throw new PatternError("invalid", t ? `unexpected ${"v" in t ? String(t.v) : t.t} at token ${this.i + 1}` : "unexpected end of pattern");
  }
  private expectSym(v: string): void {
    if (!this.isSym(v)) this.fail();
    this.i++;
  }

  private observationOr(): Comparison[][] {
    let alts = this.observationAnd();
    while (this.isKw("OR")) { this.i++; alts = [...alts, ...this.observationAnd()]; }
    return cap(alts);
  }
  private observationAnd(): Comparison[][] {
    let alts = this.observation();
    while (this.isKw("AND")) { this.i++; alts = product(alts, this.observation()); }
    return alts;
  }
  private observation(): Comparison[][] {
    let r: Comparison[][];
    if (this.isSym("[")) {
      this.i++;
      r = this.comparisonOr();
      this.expectSym("]");
    } else if (this.isSym("(")) {
      this.i++;
      r = this.observationOr();
      this.expectSym(")");
    } else this.fail();
    return r;
  }
  private comparisonOr(): Comparison[][] {
    let alts = this.comparisonAnd();
    while (this.isKw("OR")) { this.i++; alts = [...alts, ...this.comparisonAnd()]; }
    return cap(alts);
  }
  private comparisonAnd(): Comparison[][] {
    let alts = this.test();
    while (this.isKw("AND")) { this.i++; alts = product(alts, this.test()); }
    return alts;
  }
  private test(): Comparison[][] {
    if (this.isSym("(")) {
      this.i++;
      const r = this.comparisonOr();
      this.expectSym(")");
      return r;
    }
    if (this.isKw("EXISTS")) throw new PatternError("unsupported", "EXISTS cannot be enforced by a blocklist");
    const path = this.peek();
    if (path?.t !== "path") this.fail();
    this.i++;
    if (this.isKw("NOT")) throw new PatternError("unsupported", "negated comparisons cannot be enforced by a blocklist");
    const op = this.peek();
    this.i++;
    if (op?.t === "op" && op.v === "=") return [[{ objectType: path.objectType, path: path.path, op: "=", value: this.literal() }]];
    if (op?.t === "kw" && op.v === "ISSUBSET") return [[{ objectType: path.objectType, path: path.path, op: "ISSUBSET", value: this.literal() }]];
    if (op?.t === "kw" && op.v === "IN") return this.inList(path.objectType, path.path);
    if (op?.t === "op" || (op?.t === "kw" && ["LIKE", "MATCHES", "ISSUPERSET"].includes(op.v))) {
      this.literal();
      throw new PatternError("unsupported", `operator ${op.v} cannot be enforced by a blocklist (only =, IN and ISSUBSET)`);
    }
    this.i--;
    this.fail();
  }
  private inList(objectType: string, path: string): Comparison[][] {
    this.expectSym("(");
    const alts: Comparison[][] = [[{ objectType, path, op: "=", value: this.literal() }]];
    while (this.isSym(",")) { this.i++; alts.push([{ objectType, path, op: "=", value: this.literal() }]); }
    this.expectSym(")");
    return cap(alts);
  }
  private literal(): string | number {
    const t = this.peek();
    if (t?.t === "str" && t.prefix === "") { this.i++; return t.v; }
    if (t?.t === "num") { this.i++; return t.v; }
    if (t?.t === "str" || t?.t === "bool") { this.i++; throw new PatternError("unsupported", "only string and number values are supported"); }
    this.fail();
  }
}

function cap(alts: Comparison[][]): Comparison[][] {
  if (alts.length > MAX_ALTERNATIVES) throw new PatternError("unsupported", `more than ${MAX_ALTERNATIVES} alternatives`);
  return alts;
}

function product(a: Comparison[][], b: Comparison[][]): Comparison[][] {
  return cap(a.flatMap((x) => b.map((y) => [...x, ...y])));
}

export function parsePattern(pattern: string): PatternResult {
  try {
    return { kind: "ok", alternatives: new Parser(tokenize(pattern)).parse() };
  } catch (err) {
    if (err instanceof PatternError) return { kind: err.kind, reason: err.message };
    throw err;
  }
}

/** A STIX pattern string literal. */
export function quote(s: string): string {
  return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}
