/**
 * `npm run classify -- --in prompts.jsonl [--out scores.jsonl]`
 * Reads JSONL lines `{"text": …, "system"?: …}` (text may use the corpus
 * `[SYSTEM]\n…\n\n[USER]\n…` convention) and writes one JSON line per input with
 * the per-kind scores, the overall extraction score, domain, language and the
 * template fingerprint. Other fields of the input line (e.g. `id`) are echoed.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import * as z from "zod";
import { computeSignals, requestFromText } from "../detect/index.js";

const Line = z.looseObject({ text: z.string(), system: z.string().optional(), id: z.union([z.string(), z.number()]).optional() });

export class ClassifyInputError extends Error {}

/** Scores one JSONL line; throws ClassifyInputError naming the line when it is malformed. */
export function classifyLine(line: string, lineNo: number): string {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (e) {
    throw new ClassifyInputError(`line ${lineNo}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = Line.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ClassifyInputError(`line ${lineNo}: ${issue ? `${issue.path.join(".") || "line"}: ${issue.message}` : "invalid"} (expected {"text": string, "system"?: string})`);
  }
  const { text, system, id } = parsed.data;
  const s = computeSignals(requestFromText(text, system));
  return JSON.stringify({
    ...(id !== undefined ? { id } : {}),
    kinds: s.kinds,
    extraction: s.extraction,
    domain: s.domain,
    language: s.language,
    fingerprint: s.templateFp,
    systemFingerprint: s.systemFp,
    obfuscation: s.obfuscation,
  });
}

export function parseArgs(argv: readonly string[]): { in: string; out: string | null } {
  let input: string | null = null;
  let out: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--in") input = argv[++i] ?? null;
    else if (a === "--out") out = argv[++i] ?? null;
    else throw new ClassifyInputError(`unknown argument ${a}; usage: classify --in prompts.jsonl [--out scores.jsonl]`);
  }
  if (!input) throw new ClassifyInputError("missing --in prompts.jsonl; usage: classify --in prompts.jsonl [--out scores.jsonl]");
  return { in: input, out };
}

export async function classifyFile(inPath: string, write: (line: string) => void): Promise<number> {
  const rl = createInterface({ input: createReadStream(inPath, "utf8"), crlfDelay: Infinity });
  let lineNo = 0;
  let n = 0;
  for await (const line of rl) {
    lineNo++;
    if (line.trim() === "") continue;
    write(classifyLine(line, lineNo));
    n++;
  }
  return n;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sink = args.out ? createWriteStream(args.out) : null;
  const n = await classifyFile(args.in, (l) => (sink ? sink.write(`${l}\n`) : process.stdout.write(`${l}\n`)));
  if (sink) await new Promise<void>((res) => sink.end(res));
  if (args.out) console.error(`classified ${n} prompts → ${args.out}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((e: unknown) => {
    console.error(e instanceof ClassifyInputError ? `classify: ${e.message}` : e);
    process.exitCode = 1;
  });
}
