/**
 * jsonLength is JSON.stringify's length on anything JSON.parse can give
 * (escapes, surrogates, numbers in every notation, nesting, odd keys), and
 * toolChars still is on what it does not handle itself.
 */
import { describe, expect, it } from "vitest";
import { rng } from "../seeded.js";
import { toolChars } from "../../../src/dialects/draft.js";
import { jsonLength } from "../../../src/dialects/json-length.js";

const PIECES = ["a", "Z", " ", '"', "\\", "/", "\n", "\t", "\u0000", "\u001f", "\u007f", "é", "日", "😀", "\ud800", "\udfff", "\u2028", "<", "x".repeat(40)];
const NUMBERS = [0, -0, 1, -1, 42, 1.5, -0.25, 1e21, 1e-7, 123456789012345680000, 5e-324, Number.MAX_VALUE, 2 ** 53, 0.1 + 0.2];

function randomString(next: () => number): string {
  return Array.from({ length: Math.floor(next() * 6) }, () => PIECES[Math.floor(next() * PIECES.length)]!).join("");
}

function randomJson(next: () => number, depth: number): unknown {
  const r = next();
  if (depth <= 0 || r < 0.35) {
    const k = Math.floor(next() * 5);
    if (k === 0) return randomString(next);
    if (k === 1) return NUMBERS[Math.floor(next() * NUMBERS.length)]! * (next() < 0.5 ? 1 : 1e3);
    if (k === 2) return next() < 0.5;
    if (k === 3) return null;
    return Math.floor(next() * 1e6) / 100;
  }
  if (r < 0.65) return Array.from({ length: Math.floor(next() * 4) }, () => randomJson(next, depth - 1));
  const o: Record<string, unknown> = {};
  for (let k = Math.floor(next() * 4); k > 0; k--) o[next() < 0.2 ? String(Math.floor(next() * 20)) : randomString(next)] = randomJson(next, depth - 1);
  return o;
}

describe("jsonLength", () => {
  it.each([
    ["empties", "[[],{},\"\",[{}]]"],
    ["escapes", '["\\"\\\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f"]'],
    ["surrogates, paired and lone", '["\\ud83d\\ude00","\\ud800","\\udfffx","x\\ud800\\ud800"]'],
    ["long strings", JSON.stringify(["a".repeat(100), "a".repeat(100) + "\n", "é".repeat(50), "\ud800" + "b".repeat(40)])],
    ["numbers", "[0,-0,1e21,1E-7,1.50,100e-2,-0.0,123456789012345678901234567890,5e-324,1.7976931348623157e308]"],
    ["odd keys", '{"__proto__":{"a":1},"2":"b","1":"a","":0,"\\n":null,"constructor":true}'],
    ["a tool definition", JSON.stringify([{ type: "function", function: { name: "get_weather", description: "Weather \"now\".", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } }])],
  ])("is JSON.stringify's length: %s", (_, text) => {
    const v: unknown = JSON.parse(text);
    expect(jsonLength(v)).toBe(JSON.stringify(v).length);
  });

  it("is JSON.stringify's length on random JSON", () => {
    const next = rng(3);
    for (let n = 0; n < 5000; n++) {
      // Through JSON.parse, as a body arrives.
      const v: unknown = JSON.parse(JSON.stringify(randomJson(next, 4)));
      expect(jsonLength(v), JSON.stringify(v)).toBe(JSON.stringify(v).length);
    }
  });

  it.each<[string, unknown]>([
    ["undefined in an object", [{ a: undefined, b: 1 }]],
    ["undefined in an array", [undefined, 1]],
    ["NaN", [NaN]],
    ["a date", [new Date(0)]],
    ["a class instance", [new (class { x = 1; })()]],
    ["an inherited key", [Object.assign(Object.create({ inherited: 1 }) as object, { own: 2 })]],
    ["an object with a toJSON", [{ toJSON: () => "short" }]],
  ])("gives up on what is not JSON data, and toolChars serialises it: %s", (_, v) => {
    expect(jsonLength(v)).toBe(-1);
    expect(toolChars(v as unknown[])).toBe(JSON.stringify(v).length);
  });

  it("makes toolChars JSON.stringify's length", () => {
    expect(toolChars([])).toBe(0);
    const tools = JSON.parse('[{"name":"a","input_schema":{"type":"object"}},{"type":"custom","name":"b\\u00e9"}]') as unknown[];
    expect(toolChars(tools)).toBe(JSON.stringify(tools).length);
  });
});
