// @ts-check
/**
 * node src/cli/launch.mjs <replay|eval> [args…]: what `npm run replay` and
 * `npm run eval` run. It starts the CLI from an esbuild bundle of src/
 * instead of through tsx's loader, whose start and hooked module loading
 * cost about 0.35 s more before the first line of a replay (a 10-line
 * replay: 0.52–0.63 s against 0.89–0.99 s). The same bundle holds the node
 * engine's first stage for its worker threads (replay-pool.ts), which a run
 * otherwise builds on its own start.
 *
 * The bundle is built once per source tree and kept in
 * node_modules/.cache/distill-guard (DISTILL_GUARD_CACHE_DIR overrides it;
 * packages resolve from there, so it must be inside the project), named by
 * a hash of every file under src/, package.json, tsconfig.json and
 * esbuild's version: any edit makes a new one, and bundles of earlier trees
 * go an hour after they were built.
 * Each module's `import.meta.url` is its source file's, so paths resolve as
 * they do from the source, and process.argv[1] is the entry's source file,
 * as if tsx had run it. Packages stay outside the bundle and load from
 * node_modules. Nothing of this changes what the CLI does: `npx tsx
 * src/cli/replay.ts …` gives the same bytes (test/unit/replay/launch.test.ts).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** The CLIs that start through here, and the first stage the replay's worker threads run. */
export const ENTRIES = { replay: "src/cli/replay.ts", eval: "src/cli/eval.ts", stage: "src/cli/replay-prepare-worker.ts" };

/**
 * Every file under `dir`, as paths relative to `root`, sorted.
 * @param {string} root
 * @param {string} dir
 * @returns {string[]}
 */
function filesUnder(root, dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(root, p));
    else if (e.isFile()) out.push(relative(root, p));
  }
  return out.sort();
}

/** Files beside src/ that esbuild reads for the bundle (compiler options, the package's module type). */
const CONFIG_FILES = ["package.json", "tsconfig.json"];

/**
 * The bundle's name: a hash of what it is built from (each source file's
 * path and bytes, this launcher among them, the configuration esbuild reads,
 * the esbuild that builds it, and the folder it is built for, since the
 * bundle names its source files).
 * @param {string} esbuildVersion
 * @param {string} [root]
 */
export function bundleKey(esbuildVersion, root = ROOT) {
  const h = createHash("sha256");
  h.update(`${esbuildVersion}\0${root}\0`);
  for (const f of [...CONFIG_FILES.filter((c) => existsSync(join(root, c))), ...filesUnder(root, join(root, "src"))]) {
    h.update(`\0${f}\0`);
    h.update(readFileSync(join(root, f)));
  }
  return h.digest("hex").slice(0, 20);
}

/** esbuild plugin: each TypeScript module's `import.meta.url` becomes its source file's URL. */
const sourceUrls = {
  name: "source-urls",
  /** @param {import("esbuild").PluginBuild} b */
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, "utf8").replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)),
      loader: "ts",
    }));
  },
};

/**
 * The bundle's folder, built first if it is not there yet. Concurrent
 * launches each build into a folder of their own and rename it into place:
 * the first rename wins and the others use it.
 * @param {string} cacheDir
 */
export async function ensureBundle(cacheDir) {
  const esbuild = await import("esbuild");
  const dir = join(cacheDir, `cli-${bundleKey(esbuild.version)}`);
  if (existsSync(join(dir, "stage.js"))) return dir;
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${dir}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([k, v]) => [k, join(ROOT, v)])),
    outdir: tmp, bundle: true, splitting: true, format: "esm", platform: "node", target: "node20",
    packages: "external", plugins: [sourceUrls], logLevel: "warning",
  });
  writeFileSync(join(tmp, "package.json"), '{ "type": "module" }\n');
  try {
    renameSync(tmp, dir);
  } catch (err) {
    // Another launch put the same bundle in place first.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(join(dir, "stage.js"))) throw err;
  }
  pruneStale(cacheDir, dir, Date.now());
  return dir;
}

/** Bundles of earlier source trees are removed an hour after they were built (a run started from one has long loaded it). */
const STALE_MS = 3_600_000;

/**
 * @param {string} cacheDir
 * @param {string} keep
 * @param {number} now
 */
export function pruneStale(cacheDir, keep, now) {
  for (const e of readdirSync(cacheDir, { withFileTypes: true })) {
    const p = join(cacheDir, e.name);
    if (!e.isDirectory() || p === keep || !e.name.startsWith("cli-")) continue;
    if (now - statSync(p).mtimeMs > STALE_MS) rmSync(p, { recursive: true, force: true });
  }
}

async function main() {
  const name = process.argv[2];
  if (name !== "replay" && name !== "eval") {
    process.stderr.write("usage: node src/cli/launch.mjs replay|eval [args…]\n");
    process.exit(2);
  }
  const source = join(ROOT, ENTRIES[name]);
  /** @type {string | null} */
  let dir = null;
  try {
    dir = await ensureBundle(process.env.DISTILL_GUARD_CACHE_DIR ?? join(ROOT, "node_modules/.cache/distill-guard"));
  } catch (err) {
    // A read-only install, say: the same CLI from source through tsx, only slower to start.
    process.stderr.write(`launch: no bundle (${/** @type {Error} */ (err).message.split("\n")[0]}); running ${ENTRIES[name]} through tsx\n`);
  }
  // The CLI sees the arguments as if it had been started itself.
  process.argv.splice(1, 2, source);
  if (dir !== null) {
    process.env.DISTILL_GUARD_STAGE_SCRIPT = join(dir, "stage.js");
    await import(pathToFileURL(join(dir, `${name}.js`)).href);
  } else {
    (await import("tsx/esm/api")).register();
    await import(pathToFileURL(source).href);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
