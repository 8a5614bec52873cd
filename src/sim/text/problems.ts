/**
 * Generated problems: math word problems, reasoning puzzles and coding tasks,
 * each a template with slots filled from the seeded stream. Many distinct
 * problems come out of a few dozen templates, as in real homework, benchmark
 * and extraction traffic alike.
 */
import type { Rng } from "../rng.js";
import { CITIES, ITEMS, LANGS, NAMES } from "./words.js";

type Gen = (r: Rng) => string;

const money = (r: Rng, lo: number, hi: number) => (r.int(lo * 4, hi * 4) / 4).toFixed(2);

const MATH: Gen[] = [
  (r) => {
    const [a, b] = r.sample(ITEMS, 2) as [readonly [string, string], readonly [string, string]];
    return `${r.pick(NAMES)} buys ${r.int(2, 9)} ${a[1]} at $${money(r, 1, 12)} each and ${r.int(2, 6)} ${b[1]} at $${money(r, 2, 20)} each. If they pay with a $${r.pick([50, 100])} bill, how much change do they get?`;
  },
  (r) => {
    const [c1, c2] = r.sample(CITIES, 2);
    const v1 = r.int(6, 12) * 10;
    return `A train leaves ${c1} at ${r.int(6, 11)}:00 travelling at ${v1} km/h towards ${c2}, ${r.int(3, 9) * 50} km away. A second train leaves ${c2} one hour later at ${v1 + r.int(-2, 3) * 10} km/h towards ${c1}. At what time do they meet?`;
  },
  (r) => `A jacket costs $${r.int(40, 240)}. It is discounted by ${r.int(1, 8) * 5}% and then a sales tax of ${r.int(5, 21)}% is added. What is the final price, and what single percentage change is it equivalent to?`,
  (r) => `${r.int(3, 9)} workers can paint a fence in ${r.int(4, 14)} hours. Working at the same rate, how long would ${r.int(2, 12)} workers take, and how many workers are needed to finish in ${r.int(1, 3)} hours?`,
  (r) => {
    const a = r.int(1, 6), b = r.int(-20, 20), c = r.int(-30, 30);
    return `Find all real x such that ${a}x^2 ${b < 0 ? "-" : "+"} ${Math.abs(b)}x ${c < 0 ? "-" : "+"} ${Math.abs(c)} = 0. Give exact values.`;
  },
  (r) => {
    const a = r.int(-10, 30), d = r.int(2, 15), n = r.int(12, 80);
    return `What is the sum of the first ${n} terms of the arithmetic sequence ${a}, ${a + d}, ${a + 2 * d}, ...? Then find the smallest n for which the sum exceeds ${r.int(5, 50) * 1000}.`;
  },
  (r) => {
    const red = r.int(2, 9), blue = r.int(2, 9), green = r.int(1, 7);
    return `A bag contains ${red} red, ${blue} blue and ${green} green marbles. ${r.pick(["Two", "Three"])} marbles are drawn without replacement. What is the probability that all of them are ${r.pick(["red", "blue", "the same colour"])}?`;
  },
  (r) => `What is the remainder when ${r.int(2, 19)}^${r.int(50, 2026)} is divided by ${r.pick([7, 9, 11, 13, 17, 100, 1000])}?`,
  (r) => `A rectangle has a perimeter of ${r.int(10, 60) * 2} cm and its length is ${r.int(2, 5)} times its width. What is its area? What is the area of the largest rectangle with the same perimeter?`,
  (r) => `Evaluate the definite integral of x^${r.int(1, 4)} · e^(${r.pick(["", "-"])}${r.int(1, 3)}x) from x = 0 to x = ${r.int(1, 4)}.`,
  (r) => `In how many ways can ${r.int(6, 11)} people be seated around a round table if ${r.pick(NAMES)} and ${r.pick(NAMES)} refuse to sit next to each other?`,
  (r) => {
    const [p, q] = r.sample(NAMES, 2);
    return `${p} is ${r.int(2, 5)} times as old as ${q}. In ${r.int(3, 15)} years, ${p} will be ${r.pick(["twice", "three times"])} as old as ${q}. How old are they now?`;
  },
  (r) => `How much of a ${r.int(10, 40)}% salt solution must be mixed with ${r.int(2, 20)} litres of a ${r.int(50, 80)}% salt solution to get a ${r.int(41, 49)}% solution?`,
  (r) => `If $${r.int(5, 200) * 100} is invested at ${r.int(2, 9)}.${r.int(0, 9)}% interest compounded ${r.pick(["monthly", "quarterly", "annually"])}, how many years until it doubles? Compare with the rule of 72.`,
  (r) => `Let f(x) = ${r.int(2, 9)}x^3 - ${r.int(2, 30)}x^2 + ${r.int(1, 40)}x - ${r.int(1, 20)}. Find the local maxima and minima of f on [${r.int(-5, 0)}, ${r.int(1, 6)}].`,
  (r) => `Prove that for every positive integer n, ${r.pick(["n^3 - n is divisible by 6", "the sum 1 + 3 + ... + (2n-1) equals n^2", "7^n - 1 is divisible by 6", "n^5 - n is divisible by 30"])}.`,
  (r) => `A ${r.pick(["fair die", "biased coin with P(heads) = 0." + r.int(3, 8)])} is ${r.pick(["rolled", "tossed"])} ${r.int(5, 20)} times. What is the expected number of ${r.pick(["runs", "streaks of length at least 2", "changes of outcome"])}?`,
];

const REASONING: Gen[] = [
  (r) => {
    const [a, b, c] = r.sample(NAMES, 3);
    return `On an island, knights always tell the truth and knaves always lie. ${a} says: "${b} is a knave." ${b} says: "${a} and ${c} are the same kind." ${c} says: "${r.pick(["I am a knight", "Exactly one of us is a knight", "At least two of us are knaves"])}." Who is what?`;
  },
  (r) => {
    const n = r.int(4, 6);
    const ms = "ABCDEF".slice(0, n).split("");
    return `Meetings ${ms.join(", ")} must be scheduled in ${n} consecutive slots. ${ms[0]} must come before ${ms[2]}; ${ms[1]} cannot be first or last; ${ms[3]} must be immediately after ${ms[0]}${n > 4 ? `; ${ms[4]} is not adjacent to ${ms[1]}` : ""}. List every valid order.`;
  },
  (r) => {
    const [x, y, z] = r.sample(["poets", "engineers", "runners", "chess players", "vegetarians", "musicians", "teachers", "gardeners"], 3);
    return `All ${x} are ${y}. Some ${y} are ${z}. ${r.pick(["No", "Some"])} ${z} are ${x}. Which of the following must be true: (a) some ${x} are ${z}; (b) some ${y} are not ${x}; (c) no ${x} are ${z}? Explain.`;
  },
  (r) => {
    const ps = r.sample(NAMES, 5);
    return `${ps.join(", ")} sit in a row. ${ps[0]} is left of ${ps[2]} but not at an end. ${ps[1]} sits next to ${ps[4]}. ${ps[3]} is at the right end. ${ps[2]} is not next to ${ps[4]}. Who sits in the middle?`;
  },
  (r) => `You have ${r.pick([9, 12, 27, 39])} coins; one is counterfeit and ${r.pick(["heavier", "lighter", "either heavier or lighter"])}. With a balance scale, what is the minimum number of weighings that guarantees finding it? Describe the strategy.`,
  (r) => {
    const k = r.int(2, 4), a = r.int(1, 5);
    const seq = Array.from({ length: 6 }, (_, i) => a * (i + 1) * (i + k));
    return `What comes next in the sequence ${seq.join(", ")}, ...? Justify the rule.`;
  },
  (r) => `A farmer must cross a river with a ${r.pick(["wolf", "fox", "dog"])}, a ${r.pick(["goat", "chicken", "sheep"])} and a ${r.pick(["cabbage", "sack of grain"])}. The boat holds the farmer and one item. What is the shortest safe sequence of crossings, and why is it minimal?`,
  (r) => `${r.int(3, 8)} ${r.pick(["machines make", "printers print", "bakers bake"])} ${r.int(3, 8)} items in ${r.int(3, 8)} minutes. How long would ${r.int(50, 200)} of them take to make ${r.int(50, 200)} items? Explain the common intuitive mistake.`,
  (r) => `If it rains, the match is cancelled. If the match is cancelled, ${r.pick(NAMES)} goes to the cinema. ${r.pick(NAMES)} did not go to the cinema. What can we conclude, and which inference rules justify it?`,
];

const BEHAVIOURS: readonly (readonly [string, string])[] = [
  ["merge_intervals", "merges overlapping intervals in a list of [start, end] pairs"],
  ["top_k_frequent", "returns the k most frequent words in a text, ties broken alphabetically"],
  ["is_valid_sudoku", "checks whether a partially filled 9x9 Sudoku board is valid"],
  ["lru_cache", "implements an LRU cache with O(1) get and put"],
  ["parse_duration", "parses strings like \"1h30m15s\" into a number of seconds"],
  ["rate_limiter", "implements a sliding-window rate limiter allowing N calls per minute per key"],
  ["topological_sort", "returns a topological order of a dependency graph or reports a cycle"],
  ["longest_palindrome", "finds the longest palindromic substring of a string"],
  ["debounce", "debounces a function so it runs only after calls stop for a given delay"],
  ["flatten_json", "flattens a nested JSON object into dotted keys"],
  ["dijkstra", "computes shortest paths from a source in a weighted graph"],
  ["roman_to_int", "converts Roman numerals to integers and validates them"],
  ["chunk_text", "splits text into chunks of at most N tokens without breaking sentences"],
  ["retry_with_backoff", "retries an async operation with exponential backoff and jitter"],
  ["csv_to_markdown", "converts a CSV string into a Markdown table"],
  ["median_stream", "maintains the running median of a stream of numbers"],
  ["validate_email", "validates an email address without using a giant regex"],
  ["diff_lines", "computes a line-based diff of two texts"],
  ["trie_autocomplete", "builds a trie and returns autocomplete suggestions for a prefix"],
  ["bank_account", "models a bank account with deposits, withdrawals and an overdraft limit"],
  ["matrix_spiral", "returns the elements of a matrix in spiral order"],
  ["group_anagrams", "groups a list of words into anagram sets"],
  ["semver_compare", "compares two semantic version strings including pre-release tags"],
  ["word_wrap", "wraps text to a given width, justifying each line"],
];

export function codingTask(r: Rng): string {
  const lang = r.pick(LANGS.filter((l) => l !== "SQL"));
  const [fn, what] = r.pick(BEHAVIOURS);
  const extra = r.pick([
    "Include unit tests.", "Explain the time complexity.", "Handle invalid input gracefully.",
    "Avoid external libraries.", "Add type annotations and docstrings.", "Make it thread-safe.", "",
  ]);
  return r.pick([
    `Write a ${lang} function \`${fn}\` that ${what}. ${extra}`,
    `Implement \`${fn}\` in ${lang}: it ${what}. ${extra}`,
    `How would you write code in ${lang} that ${what}? ${extra}`,
    `Can you give me a ${lang} implementation of something that ${what}? ${extra}`,
  ]).trim();
}

/** A short buggy or unclear snippet, as pasted into chats and critique prompts. */
export function codeSnippet(r: Rng): string {
  const n = r.pick(["items", "values", "rows", "scores"]);
  return r.pick([
    `def average(${n}):\n    total = 0\n    for i in range(1, len(${n})):\n        total += ${n}[i]\n    return total / len(${n})`,
    `function findUser(users, id) {\n  for (let i = 0; i <= users.length; i++) {\n    if (users[i].id == id) return users[i];\n  }\n}`,
    `func sum(${n} []int) int {\n\tvar s int\n\tfor i := range ${n} {\n\t\ts += i\n\t}\n\treturn s\n}`,
    `SELECT customer_id, COUNT(*)\nFROM orders\nWHERE status = 'shipped'\nGROUP BY customer_id\nHAVING COUNT(*) > ${r.int(2, 9)}\nORDER BY 2 DESC;`,
    `def dedupe(${n}):\n    seen = []\n    out = []\n    for x in ${n}:\n        if x not in seen:\n            out.append(x)\n    return out`,
    `async function load(urls) {\n  const out = [];\n  urls.forEach(async (u) => {\n    const r = await fetch(u);\n    out.push(await r.json());\n  });\n  return out;\n}`,
  ]);
}

export function mathProblem(r: Rng): string {
  return r.pick(MATH)(r);
}

export function reasoningPuzzle(r: Rng): string {
  return r.pick(REASONING)(r);
}

/** A problem of the given domain; `general` mixes all three. */
export function problem(r: Rng, domain: "math" | "reasoning" | "coding" | "general"): string {
  switch (domain) {
    case "math": return mathProblem(r);
    case "reasoning": return reasoningPuzzle(r);
    case "coding": return codingTask(r);
    default: return r.pick([mathProblem, reasoningPuzzle, codingTask])(r);
  }
}
