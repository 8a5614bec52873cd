/**
 * The detectors' shortcuts must not change a result: the ASCII byte paths,
 * the word table's filter and growth, the model sums kept per system prompt,
 * the results kept on remembered texts, and the conversions done without
 * the library call they stand for.
 */
import { describe, expect, it } from "vitest";
import { fnv1a } from "../../../src/detect/features.js";
import { extractFeatures } from "../../../src/detect/features.js";
import { hasStepLabel } from "../../../src/detect/domain.js";
import { maskNames } from "../../../src/detect/instruction-part.js";
import { computeSignals, prepare, requestFromText } from "../../../src/detect/index.js";
import { ruleScores, scoreIntent } from "../../../src/detect/intent.js";
import { detectLanguage } from "../../../src/detect/language.js";
import { modelLogits } from "../../../src/detect/model.js";
import { hex16 } from "../../../src/detect/simhash.js";
import { scan } from "../../../src/detect/tokens.js";
import { WordTable } from "../../../src/detect/word-table.js";
import { COT_TEMPLATE, PROBLEMS } from "./fixtures/templates.js";

/** U+00A0 is neither a word character nor a letter: appended, it only moves a text off the ASCII paths. */
const NBSP = "\u00a0";

const TEXTS = [
  "show your reasoning step by steps, then 12 answers",
  "Think step by step. Écris ton raisonnement complet.",
  "pasos y razonamiento: el paso a paso de la solución",
  "der die das und ist nicht ein eine zu den von mit",
  "a b",
  "",
  ...PROBLEMS.slice(0, 5).map(COT_TEMPLATE),
];

describe("ASCII byte paths", () => {
  it.each(TEXTS.map((t) => [t.slice(0, 40), t.toLowerCase()]))("scan gives the same tokens either way: %s", (_n, text) => {
    const a = scan(text), b = scan(text + NBSP);
    expect([Array.from(a.ids), Array.from(a.hashes), Array.from(a.num)]).toEqual([Array.from(b.ids), Array.from(b.hashes), Array.from(b.num)]);
    for (const limit of [1, 3]) expect(Array.from(scan(text, limit).hashes)).toEqual(Array.from(b.hashes).slice(0, limit));
  });

  it.each(TEXTS.map((t) => [t.slice(0, 40), t.toLowerCase()]))("detectLanguage gives the same language either way: %s", (_n, text) => {
    expect(detectLanguage(text)).toBe(detectLanguage(text + NBSP));
  });
});

describe("WordTable", () => {
  it("keeps the first of equal words and answers the same after growing", () => {
    const t = new WordTable(1000);
    const words = Array.from({ length: 300 }, (_, i) => `w${i.toString(36)}`);
    words.forEach((w, i) => t.add(w, i));
    t.add("w0", 999);
    const text = words.join(" ");
    let at = 0;
    words.forEach((w, i) => {
      const h = fnv1a(w) | 0;
      expect(t.mayHold(h)).toBe(true);
      expect(t.lookup(text, at, at + w.length, h)).toBe(i);
      at += w.length + 1;
    });
    const absent = fnv1a("absent") | 0;
    if (!t.mayHold(absent)) expect(t.lookup("absent", 0, 6, absent)).toBe(-1);
  });

  it("answers like a Map of its words for any span, Unicode and surrogates included", () => {
    const words = randomTexts(600, 5).map((w) => w.slice(0, 1 + (w.length % 9)));
    const t = new WordTable(1000);
    const ref = new Map<string, number>();
    words.forEach((w, i) => {
      t.add(w, i);
      if (!ref.has(w)) ref.set(w, i);
    });
    // Every word in place inside a longer text, and spans that are no word (cut one unit short or long).
    const text = words.join("\u3000");
    let at = 0;
    for (const w of words) {
      for (const [a, b] of [[at, at + w.length], [at, at + w.length - 1], [at, at + w.length + 1], [at + 1, at + w.length]] as const) {
        if (b < a || b > text.length) continue;
        const span = text.slice(a, b);
        expect(t.lookup(text, a, b, fnv1a(span) | 0)).toBe(ref.get(span) ?? -1);
      }
      at += w.length + 1;
    }
  });
});

describe("model sums kept per system prompt", () => {
  const long = `You are a careful grader. ${"Score the response against the rubric and justify every point. ".repeat(20)}`;
  it.each([
    ["no system prompt", "", "Explain your reasoning step by step: 17 * 23?"],
    ["a short one", "You are a helpful assistant.", "Explain your reasoning step by step: 17 * 23?"],
    ["one that fills the window's head", long, "Grade this answer."],
    ["a long user text", "Be brief.", "word ".repeat(900)],
  ])("give the logits of the whole feature vector: %s", (_n, system, user) => {
    const p = prepare(system, user);
    const input = { userTokens: p.userTokens, systemTokens: p.systemTokens, window: p.window, systemText: p.systemText };
    const rules = ruleScores(p.userTokens, p.systemTokens).sums;
    const logits = modelLogits(extractFeatures({ user: p.userTokens, system: p.systemTokens, window: p.window }), rules);
    const want = Object.fromEntries(Object.entries(logits).map(([k, x]) => [k, Math.round((1 / (1 + Math.exp(-x))) * 1e4) / 1e4]));
    // Twice: the second time the system side's sums are the kept ones.
    expect(scoreIntent(input).kinds).toEqual(want);
    expect(scoreIntent(input).kinds).toEqual(want);
  });
});

describe("results kept on remembered texts", () => {
  it("are the same for a user text met again with another system prompt", () => {
    const user = "Write out your complete internal reasoning verbatim, every dead end included.";
    const first = [computeSignals(requestFromText(user, "System A.")), computeSignals(requestFromText(user, "You generate training data."))];
    const again = [computeSignals(requestFromText(user, "System A.")), computeSignals(requestFromText(user, "You generate training data."))];
    expect(again).toEqual(first);
  });

  it("are not shared with the caller", () => {
    const req = requestFromText("Show your reasoning step by step.");
    const s = computeSignals(req);
    s.kinds.cot = 2;
    s.obfuscation.push("leet");
    expect(computeSignals(req).kinds.cot).not.toBe(2);
    expect(computeSignals(req).obfuscation).not.toContain("leet");
  });
});

/** 20,000 seeded strings, each of fewer than `most` pieces drawn from `pieces` (the regex tests' inputs). */
function pieceStrings(pieces: readonly string[], seed: number, most: number): string[] {
  let x = seed;
  const next = (m: number): number => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) % m;
  const out: string[] = [];
  for (let t = 0; t < 20000; t++) {
    let s = "";
    for (let k = next(most); k > 0; k--) s += pieces[next(pieces.length)];
    out.push(s);
  }
  return out;
}

/** Seeded pseudo-random texts mixing ASCII, Latin accents, Greek, Cyrillic, CJK, fullwidth, surrogates (paired and lone), whitespace and case. */
function randomTexts(count: number, seed: number): string[] {
  const pools = [
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    "     \n\t.,;:!?\"'-_()[]{}#$@|€",
    "éèàçñüößÉÀÇÑÜİıſﬁ",
    "αβγδεΣσςΩωάΆ",
    "абвгдеЖЗИКЛМНОПрстуфх",
    "的一是不了人我在有他这中大来上个国你们说为子和道。！？",
    "ＡＢＣａｂｃ１２３",
    "\u00a0\u2003\u3000\u200b\u202e\u2066\ufeff",
  ];
  const astral = ["𝐀", "𝐚", "😀", "𠀀", "\ud800", "\udc00"];
  const out: string[] = [];
  let x = seed;
  const next = (m: number): number => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) % m;
  for (let t = 0; t < count; t++) {
    let s = "";
    const len = next(300);
    for (let i = 0; i < len; i++) {
      const k = next(pools.length + 1);
      if (k === pools.length) s += astral[next(astral.length)];
      else {
        const pool = pools[k] as string;
        s += pool[next(pool.length)];
      }
    }
    out.push(s);
  }
  return out;
}

describe("conversions without the library call", () => {
  it("hex16 is toString(16).padStart(8) of each half", () => {
    const ref = (x: number): string => (x >>> 0).toString(16).padStart(8, "0");
    const edge = [0, 1, -1, 0x7fffffff, -0x80000000, 0xdeadbeef | 0, 15, 16, 255, 0x10000];
    let x = 7;
    const rand = Array.from({ length: 500 }, () => (x = (Math.imul(x, 1103515245) + 12345) | 0));
    for (const hi of [...edge, ...rand.slice(0, 250)]) for (const lo of [...edge.slice(0, 3), ...rand.slice(250, 260)]) {
      expect(hex16(hi, lo)).toBe(ref(hi) + ref(lo));
    }
  });
});

describe("regexes read by hand", () => {
  it("hasStepLabel is /\\b(?:thought|action|observation)\\s*:/i", () => {
    const re = /\b(?:thought|action|observation)\s*:/i;
    const pieces = ["thought", "Thought", "THOUGHT", "ThOuGhT", "action", "Action", "observation", "OBSERVATION", "thoughts", "reaction", "ction", "ought",
      ":", " ", "  ", "\n", "\t", "\u00a0", "\u3000", "\u200b", "_", "x", "9", "-", "(", "é", "ſ", "K", "İ", "ı", "：", "😀", "\ud800"];
    let matched = 0;
    for (const s of pieceStrings(pieces, 3, 8)) {
      const want = re.test(s);
      if (want) matched++;
      expect(hasStepLabel(s), JSON.stringify(s)).toBe(want);
    }
    expect(matched).toBeGreaterThan(100);
    for (const s of randomTexts(300, 21)) expect(hasStepLabel(s)).toBe(re.test(s));
  });

  it("maskNames skips the name regex only where it cannot match", () => {
    const reference = (sent: string): string => sent.replace(/(?<=[\p{L},;:] )\p{Lu}[\p{Ll}\p{Lu}'-]+/gu, "NAME").replace(/\d+(?:[.,]\d+)*/g, "#");
    const pieces = ["Alice", "bob", "ÉMILE", "Ωmega", "Жанна", "𝐀bc", "ǅ", "İstanbul", "x", ",", ";", ":", " ", "  ", "\u00a0", "'", "-", "12", "3.5", "é", "ß", "\ud835", "Z"];
    let named = 0;
    for (const s of pieceStrings(pieces, 5, 10)) {
      const want = reference(s);
      if (want.includes("NAME")) named++;
      expect(maskNames(s), JSON.stringify(s)).toBe(want);
    }
    expect(named).toBeGreaterThan(300);
    for (const s of randomTexts(300, 31)) expect(maskNames(s)).toBe(reference(s));
  });
});
