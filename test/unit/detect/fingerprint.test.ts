import { describe, expect, it } from "vitest";
import { fmix, fnv1a } from "../../../src/detect/features.js";
import { fingerprintDistance, sameTemplate, templateFingerprint } from "../../../src/detect/fingerprint.js";
import { instructionPart, MAX_CHARS, maskNames } from "../../../src/detect/instruction-part.js";
import { COT_TEMPLATE, INLINE_TEMPLATE, PROBLEMS, TEMPLATES } from "./fixtures/templates.js";

describe("template fingerprint", () => {
  it.each([
    ["labelled problem", COT_TEMPLATE],
    ["inline problem", INLINE_TEMPLATE],
  ])("gives one template filled with 50 different problems the same fingerprint (%s)", (_name, tpl) => {
    const fps = PROBLEMS.map((p) => templateFingerprint(tpl(p))!);
    const first = fps[0] ?? "";
    for (const fp of fps) expect(fingerprintDistance(first, fp)).toBeLessThanOrEqual(3);
    expect(fps.every((fp) => sameTemplate(first, fp))).toBe(true);
  });

  it("keeps 50 different templates filled with the same problem apart", () => {
    const problem = PROBLEMS[7] ?? "";
    const fps = TEMPLATES.map((t) => templateFingerprint(t(problem)));
    let collisions = 0;
    for (let i = 0; i < fps.length; i++) for (let j = i + 1; j < fps.length; j++) if (sameTemplate(fps[i] ?? "", fps[j] ?? "")) collisions++;
    expect(collisions).toBe(0);
  });

  it("keeps 50 different templates apart when each is filled with a different problem", () => {
    const fps = TEMPLATES.map((t, i) => templateFingerprint(t(PROBLEMS[i] ?? "")));
    let collisions = 0;
    for (let i = 0; i < fps.length; i++) for (let j = i + 1; j < fps.length; j++) if (sameTemplate(fps[i] ?? "", fps[j] ?? "")) collisions++;
    expect(collisions).toBe(0);
  });

  it("gives a text with fewer than three words no fingerprint: it has no wording to tell a template by", () => {
    for (const t of ["2=14\n3=39\n4=84\n5=155\n6=258\n9=?", "1, 2, 3, 5, 8, ?", "hi", "x = 3", "", "🙂🙂", "Thanks, Alice!"]) expect(templateFingerprint(t), t).toBeNull();
    // Three words are enough, numbers masked or not.
    expect(templateFingerprint("what is 2+2 and 3+3?")).toMatch(/^[0-9a-f]{16}$/);
    expect(templateFingerprint("Solve for x: 2x + 3 = 7")).toMatch(/^[0-9a-f]{16}$/);
  });

  it("keeps number-heavy prompts with different wording apart: runs of masked numbers are no template", () => {
    const a = templateFingerprint("Find the next term of this sequence: 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096")!;
    const b = templateFingerprint("Add up these invoice totals please: 3, 9, 27, 81, 243, 729, 2187, 6561, 19683, 59049")!;
    const c = templateFingerprint("Which of these is prime? 21, 33, 47, 51, 57, 63, 77, 87, 91, 93, 99, 111")!;
    expect(fingerprintDistance(a, b)).toBeGreaterThan(3);
    expect(fingerprintDistance(a, c)).toBeGreaterThan(3);
    expect(fingerprintDistance(b, c)).toBeGreaterThan(3);
  });

  it("keeps plain questions without a template apart", () => {
    const fps = PROBLEMS.slice(0, 20).map((p) => templateFingerprint(p));
    expect(new Set(fps).size).toBe(20);
  });

  it.each([
    ["0000000000000000", "0000000000000000", 0],
    ["ffffffffffffffff", "0000000000000000", 64],
    ["0000000100000001", "0000000000000000", 2],
  ])("measures Hamming distance %s vs %s = %i", (a, b, d) => {
    expect(fingerprintDistance(a, b)).toBe(d);
  });

  it("is 16 hex characters", () => {
    expect(templateFingerprint(COT_TEMPLATE(PROBLEMS[0] ?? ""))).toMatch(/^[0-9a-f]{16}$/);
  });
});

/** The fingerprint as first written, with strings and a regex: the span-based one must equal it bit for bit. */
function referenceFingerprint(raw: string): string | null {
  const shingles = (t: string): string[] => t.toLowerCase().match(/[\p{L}\p{N}#]+/gu) ?? [];
  let toks = shingles(instructionPart(raw)).filter((t, i, a) => t !== "slot" || a[i - 1] !== "slot");
  if (toks.filter((t) => t !== "slot").length < 3) {
    toks = shingles(maskNames(raw.slice(0, MAX_CHARS)));
    if (toks.filter((t) => !/^#+$/.test(t)).length < 3) return null;
  }
  const counts = new Int32Array(64);
  let total = 0;
  const add = (h: number): void => {
    const lo = fmix(h), hi = fmix(h ^ 0x5bd1e995);
    for (let b = 0; b < 32; b++) {
      counts[b] = (counts[b] as number) + ((lo >>> b) & 1);
      counts[32 + b] = (counts[32 + b] as number) + ((hi >>> b) & 1);
    }
    total++;
  };
  if (toks.length < 3) add(fnv1a(toks.join(" ")));
  const mask = (t: string) => /^#+$/.test(t);
  const windows: string[][] = [];
  for (let i = 0; i + 3 <= toks.length; i++) windows.push(toks.slice(i, i + 3));
  // Shingles of three masked numbers are left out, unless there is no other.
  const kept = windows.filter((w) => !w.every(mask));
  for (const w of kept.length > 0 ? kept : windows) add(fnv1a(w.join(" ")));
  const word = (base: number): string => {
    let x = 0;
    for (let b = 0; b < 32; b++) if (2 * (counts[base + b] as number) > total) x |= 1 << b;
    return (x >>> 0).toString(16).padStart(8, "0");
  };
  return word(32) + word(0);
}

describe("templateFingerprint matches its string-based definition", () => {
  it.each([
    "",
    "one",
    "two words",
    "three short words",
    "2=14\n3=39\n4=84\n5=155\n6=258\n9=?",
    "## #1 #a 22 b c",
    "Explain step by step. Question: what is 2+2?\n\nAnswer: SLOT slot",
    "Résumé of İstanbul, Ǆemal and ΣΑΣ: write the summary. 😀 emoji and 𝐀𝐁𝐂 bold, 𐐀𐐨 Deseret",
    "lone \ud800 surrogates \udc00 and ١٢٣ digits, Ⅻ numerals, ² superscripts #tag ## x",
    "<q>hidden</q> `code` ```block``` \"a quoted text\" «guillemets» 「かぎ」 日本語の文章です。説明してください！",
    "Please think carefully and show your reasoning.\nProblem:\nJohn has 3 apples.\n\nGive the final answer.",
  ])("%j", (text) => {
    expect(templateFingerprint(text)).toBe(referenceFingerprint(text));
  });
});
