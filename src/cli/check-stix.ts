/**
 * Validates STIX 2.1 JSON against the official OASIS JSON schemas
 * (cti-stix2-json-schemas, draft 2020-12), with ajv:
 *
 *   tsx src/cli/check-stix.ts <file.json> [--schemas <dir>]   (default ../shared/stix2.1/schemas)
 *
 * The file may be a bundle (checked with bundle.json and every object with
 * its own type's schema), a TAXII envelope `{"objects": […]}` or one object.
 * Beyond the schemas it checks what they cannot: references resolve within
 * the file, and STIX patterns parse. Exit code 1 on any error.
 *
 * The schemas are not part of the repository (BSD-3 licensed, fetched by the
 * operator); `npm test` never needs them.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parsePattern } from "../intel/stix-pattern.js";

type Obj = Record<string, unknown> & { type?: string; id?: string };

function schemaFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? schemaFiles(p) : f.endsWith(".json") ? [p] : [];
  });
}

export function loadValidators(dir: string): { byType: Map<string, ValidateFunction>; bundle: ValidateFunction } {
  // The schemas' regexes use escapes (`\-`) that are invalid in unicode mode.
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  // ajv-formats has no idn-hostname (used by domain-name.value); accept any string rather than warn on every load.
  ajv.addFormat("idn-hostname", true);
  const titles = new Map<string, string>();
  for (const f of schemaFiles(dir)) {
    const s = JSON.parse(readFileSync(f, "utf8")) as { $id: string; title?: string };
    ajv.addSchema(s);
    if (s.title) titles.set(s.title, s.$id);
  }
  const get = (title: string) => {
    const id = titles.get(title);
    const v = id ? ajv.getSchema(id) : undefined;
    if (!v) throw new Error(`schema "${title}" not found under ${dir}`);
    return v;
  };
  const byType = new Map<string, ValidateFunction>();
  for (const [title] of titles) if (/^[a-z][a-z0-9-]+$/.test(title) && !["core", "properties", "identifier", "timestamp", "bundle"].includes(title)) byType.set(title, get(title));
  return { byType, bundle: get("bundle") };
}

function errorsOf(v: ValidateFunction): string[] {
  return (v.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || "/"} ${e.message ?? ""} (${e.schemaPath})`);
}

function refs(o: Obj): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (k.endsWith("_ref") && typeof v === "string") out.push(v);
    if (k.endsWith("_refs") && Array.isArray(v)) out.push(...v.filter((x): x is string => typeof x === "string"));
  }
  return out;
}

export function checkStix(doc: unknown, schemasDir: string): { errors: string[]; warnings: string[]; objects: number } {
  const { byType, bundle } = loadValidators(schemasDir);
  const errors: string[] = [];
  const warnings: string[] = [];
  const d = doc as Obj & { objects?: Obj[] };
  const objects: Obj[] = Array.isArray(d.objects) ? d.objects : [d];
  if (d.type === "bundle" && !bundle(d)) {
    // bundle.json tries every object schema in turn: report each failing object once, its own schema says why.
    const seen = new Set<string>();
    for (const e of bundle.errors ?? []) {
      const m = /^\/objects\/(\d+)/.exec(e.instancePath);
      const line = m ? `bundle: /objects/${m[1]} (${String(objects[Number(m[1])]?.id)}) is rejected by bundle.json` : `bundle: ${e.instancePath || "/"} ${e.message ?? ""}`;
      if (!seen.has(line)) errors.push(line);
      seen.add(line);
    }
  }
  const ids = new Set(objects.map((o) => o.id));
  for (const o of objects) {
    const v = byType.get(String(o.type));
    if (!v) warnings.push(`${o.id}: no official schema for type "${o.type}" (custom object)`);
    else if (!Boolean(v(o))) errors.push(...errorsOf(v).map((e) => `${o.id}: ${e}`));
    for (const r of refs(o)) {
      // TLP markings are predefined by the specification; a consumer knows them without the object.
      if (!ids.has(r) && !r.startsWith("marking-definition--")) warnings.push(`${o.id}: reference ${r} is not in this file`);
    }
    if (o.type === "indicator" && o.pattern_type === "stix") {
      const p = parsePattern(String(o.pattern));
      if (p.kind === "invalid") errors.push(`${o.id}: pattern does not parse: ${p.reason}`);
    }
  }
  return { errors, warnings, objects: objects.length };
}

function main(argv: string[]): number {
  const file = argv.find((a, i) => !a.startsWith("--") && argv[i - 1] !== "--schemas");
  const si = argv.indexOf("--schemas");
  const schemas = resolve(si >= 0 && argv[si + 1] ? argv[si + 1]! : "../shared/stix2.1/schemas");
  if (!file) {
    console.error("usage: tsx src/cli/check-stix.ts <file.json> [--schemas <dir>]");
    return 2;
  }
  const r = checkStix(JSON.parse(readFileSync(file, "utf8")), schemas);
  for (const w of r.warnings) console.log(`warning: ${w}`);
  for (const e of r.errors) console.log(`error: ${e}`);
  console.log(r.errors.length ? `INVALID: ${r.errors.length} error(s) in ${r.objects} object(s)` : `OK: ${r.objects} object(s) valid against ${schemas}`);
  return r.errors.length ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
