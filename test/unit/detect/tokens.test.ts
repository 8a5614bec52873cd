import { describe, expect, it } from "vitest";
import { fnv1a } from "../../../src/detect/features.js";
import { sentenceRanges } from "../../../src/detect/instruction-part.js";
import { wordId } from "../../../src/detect/lexicon.js";
import { CJK_GLOSSARY, CJK_MAX } from "../../../src/detect/glossary.js";
import { canonical, fold, scan } from "../../../src/detect/tokens.js";
import { WordTable } from "../../../src/detect/word-table.js";

/** What the hashed scan must agree with: the canonical token strings, hashed afterwards. */
function byStrings(words: string[]): { hashes: number[]; ids: number[] } {
  return { hashes: words.map((w) => fnv1a(w) | 0), ids: words.map((w) => wordId(w)) };
}

describe("scan", () => {
  it.each<[string, string, string[]]>([
    ["plain words", "show your reasoning", ["show", "your", "reasoning"]],
    ["the plural fold", "steps thoughts mistakes", ["step", "thought", "mistake"]],
    ["no fold after s, u or i, or in short words", "class focus analysis bus", ["class", "focus", "analysis", "bus"]],
    ["glossary forms", "pasos razonamiento schritte", ["step", "reasoning", "step"]],
    ["a glossary form that is also a plural", "erreurs", ["mistake"]],
    ["Russian stems", "рассуждения шаг", ["reasoning", "step"]],
    ["CJK glossary phrases and single characters", "逐步思考猫", ["step", "by", "step", "thinking", "猫"]],
    ["Latin glued to CJK", "gpt推理", ["gpt", "reasoning"]],
    ["digits and separators", "top-10 items, v2.", ["top", "10", "item", "v2"]],
  ])("gives the canonical tokens of %s without building strings", (_name, text, words) => {
    const s = scan(text);
    const want = byStrings(words);
    expect(Array.from(s.hashes)).toEqual(want.hashes);
    expect(Array.from(s.ids)).toEqual(want.ids);
    expect(words.map(canonical)).toEqual(words);
  });

  it("cuts CJK runs by longest glossary match, as probing every length does", () => {
    // The reference: every length from CJK_MAX down at every character (what the scanner did before it
    // learnt which characters start a phrase at all).
    const reference = (run: string): string[] => {
      const out: string[] = [];
      for (let i = 0; i < run.length; ) {
        let len = Math.min(CJK_MAX, run.length - i);
        while (len >= 1 && !CJK_GLOSSARY.has(run.slice(i, i + len))) len--;
        if (len === 0) out.push(run[i] as string);
        else for (const w of (CJK_GLOSSARY.get(run.slice(i, i + len)) as string).split(" ")) out.push(fold(w));
        i += Math.max(len, 1);
      }
      return out;
    };
    const phrases = [...CJK_GLOSSARY.keys()];
    const chars = [...new Set(phrases.join(""))].concat(["猫", "的", "の", "ア", "\u9fff", "\u3040"]);
    let x = 9;
    const next = (m: number): number => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) % m;
    for (let t = 0; t < 400; t++) {
      let run = "";
      for (let k = 1 + next(12); k > 0; k--) run += next(3) === 0 ? (phrases[next(phrases.length)] as string) : (chars[next(chars.length)] as string);
      const s = scan(run);
      const want = byStrings(reference(run));
      expect(Array.from(s.hashes), run).toEqual(want.hashes);
      expect(Array.from(s.ids), run).toEqual(want.ids);
    }
  });

  it.each([
    ["a digit", "5 steps", [1, 0]],
    ["a number word", "twenty tasks", [1, 0]],
    ["a glossary number", "zwei aufgaben", [1, 0]],
    ["plain words", "some tasks", [0, 0]],
  ])("flags %s as a number", (_name, text, num) => {
    expect(Array.from(scan(text as string).num)).toEqual(num);
  });

  it("returns streams that later scans do not overwrite (they share slabs)", () => {
    const texts = Array.from({ length: 300 }, (_, i) => `step ${i} `.repeat(1 + (i % 7) * 40));
    const kept = texts.map((t) => scan(t));
    texts.forEach((t, i) => {
      const again = scan(t);
      const k = kept[i];
      expect(k && [k.n, Array.from(k.ids), Array.from(k.hashes), Array.from(k.num)]).toEqual([again.n, Array.from(again.ids), Array.from(again.hashes), Array.from(again.num)]);
    });
  });

  it("stops after the word that reaches the limit", () => {
    expect(scan("a b c d e f", 3).n).toBe(3);
  });
});

describe("WordTable", () => {
  it("finds a word inside a text from its hash, and nothing else", () => {
    const t = new WordTable(4);
    t.add("step", 7);
    t.add("steps", 8);
    const text = "one step, two steps, stepping";
    const at = (w: string, from: number): number => {
      const i = text.indexOf(w, from);
      return t.lookup(text, i, i + w.length, fnv1a(w) | 0);
    };
    expect(at("step", 0)).toBe(7);
    expect(at("steps", 0)).toBe(8);
    expect(at("stepping", 0)).toBe(-1);
  });
});

describe("sentenceRanges", () => {
  const SPLIT = /(?<=[.!?。！？])\s+|(?<=[。！？])/;
  it.each([
    ["Solve this. Then explain it!  Done?"],
    ["No punctuation at all"],
    ["Ends with a stop. "],
    ["先思考。然后回答！最后总结？"],
    ["Mixed。 Spaces after a CJK stop.\u00a0And a no-break space."],
    ["3.14 is not a sentence end, but this is. Ok"],
    ["..."],
  ])("cuts %j where String.prototype.split does", (line) => {
    const r = sentenceRanges(line);
    const got: string[] = [];
    for (let i = 0; i < r.length; i += 2) got.push(line.slice(r[i], r[i + 1]));
    expect(got).toEqual(line.split(SPLIT));
  });
});
