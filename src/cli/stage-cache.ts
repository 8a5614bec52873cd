/**
 * The node engine's first-stage cache (`npm run replay -- --stage-cache`,
 * and `npm run eval -- --reuse`): tuning a policy means replaying the same
 * traffic again and again, and the first stage (parse, checks,
 * computeSignals: src/replay/prepare.ts), about 85% of a replay's CPU, is a
 * function of the traffic line, the first stage's code and the few policy
 * values it reads (StagePolicy) alone. So a complete run writes what it
 * prepared, in the packed form the worker threads send (src/replay/wire.ts),
 * and a later run with the same three reads it back instead of preparing
 * anything: only the second stage runs.
 *
 * The key: the traffic file's identity (real path, device, inode, size and
 * modification time to the nanosecond, and a SHA-256 of its first and last
 * MiB), a SHA-256 of the first stage's bundled code (its module and the
 * chunks it imports, with their paths), and
 * stagePolicy(policy). A cache is written under a temporary name and
 * renamed when the whole traffic file was prepared without an input error,
 * so a run that stops early leaves nothing that would be read. Opt-in: a
 * cache takes about 350 bytes a traffic line (80 MB for a 230,000-line
 * day); the newest MAX_KEPT are kept, older ones removed.
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, realpathSync, renameSync, rmSync, statSync, utimesSync, writeSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import { stagePolicy, type StagePolicy } from "../replay/prepare.js";
import type { ReplayItem } from "../replay/types.js";
import { unpack, type Packed } from "../replay/wire.js";

/** Bumped whenever the file layout or the packed form changes. */
const FORMAT = 1;
const PREFIX = "stage-";
const DATA = "stage.bin";
/** Caches kept: the newest ones, by the time they were last read or written. */
export const MAX_KEPT = 3;
const SAMPLE = 1 << 20;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Where caches live: the launcher's cache folder (src/cli/launch.mjs), DISTILL_GUARD_CACHE_DIR when set. */
export function cacheRoot(): string {
  return process.env.DISTILL_GUARD_CACHE_DIR ?? join(ROOT, "node_modules/.cache/distill-guard");
}

function sha256(...parts: (string | Uint8Array)[]): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest("hex");
}

/** The first and last MiB of a file (all of it when shorter than two). */
function sample(path: string, size: number): Uint8Array {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(Math.min(size, SAMPLE));
    readSync(fd, head, 0, head.length, 0);
    if (size <= 2 * SAMPLE) {
      const rest = Buffer.alloc(size - head.length);
      readSync(fd, rest, 0, rest.length, head.length);
      return Buffer.concat([head, rest]);
    }
    const tail = Buffer.alloc(SAMPLE);
    readSync(fd, tail, 0, SAMPLE, size - SAMPLE);
    return Buffer.concat([head, tail]);
  } finally {
    closeSync(fd);
  }
}

/** Local imports of a bundled module ("./chunk-X.js"): the launcher's bundle splits shared code into chunks. */
const LOCAL_IMPORT = /(?:from|import)\s*"(\.\/[^"]+\.js)"/g;

/** SHA-256 of a bundled module and of every local module it imports, transitively (each once). */
export function codeHash(script: string): string {
  const h = createHash("sha256");
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    h.update(`${file.length}:${file}\n${text.length}:`).update(text);
    for (const m of text.matchAll(LOCAL_IMPORT)) visit(join(dirname(file), m[1]!));
  };
  visit(resolve(script));
  return h.digest("hex");
}

/** The cache key of a traffic file prepared by the first-stage code in `stageScript` under `policy`. */
export function stageCacheKey(traffic: string, stageScript: string, policy: StagePolicy): string {
  const path = realpathSync(traffic);
  const st = statSync(path, { bigint: true });
  const identity = { format: FORMAT, path, dev: String(st.dev), ino: String(st.ino), size: String(st.size), mtimeNs: String(st.mtimeNs) };
  return sha256(
    JSON.stringify(identity), "\n", sha256(sample(path, Number(st.size))), "\n",
    codeHash(stageScript), "\n", JSON.stringify(stagePolicy(policy)),
  ).slice(0, 32);
}

export function cacheDir(key: string, root = cacheRoot()): string {
  return join(root, `${PREFIX}${key}`);
}

/**
 * A complete cache for `key`, or null. Its framing is walked first (a few
 * bytes a batch): a file damaged since it was written is removed and
 * reported as none, so the run prepares its lines instead of failing halfway.
 */
export function findCache(key: string, root = cacheRoot()): string | null {
  const file = join(cacheDir(key, root), DATA);
  if (!existsSync(file)) return null;
  if (framed(file)) return file;
  rmSync(cacheDir(key, root), { recursive: true, force: true });
  return null;
}

/** Whether the file is a whole number of length-prefixed records. */
function framed(file: string): boolean {
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(4);
    let at = 0;
    while (at < size) {
      if (readSync(fd, head, 0, 4, at) !== 4) return false;
      at += 4 + head.readUInt32LE(0);
    }
    return at === size;
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the prepared lines of one run, batch by batch in file order, as
 * length-prefixed V8 serialisations of their packed entries. The cache is
 * an aid: when it cannot be written (a read-only install, a full disk) the
 * writer says why through `warn`, gives up, and the run goes on without it.
 */
export class StageCacheWriter {
  private readonly dir: string;
  private readonly partial: string;
  private fd: number | null = null;
  private done = false;

  constructor(key: string, private readonly warn: (message: string) => void, private readonly root = cacheRoot()) {
    this.dir = cacheDir(key, root);
    this.partial = join(root, `${PREFIX}${key}.partial-${process.pid}`);
    try {
      mkdirSync(root, { recursive: true });
      this.fd = openSync(this.partial, "w");
    } catch (err) {
      this.giveUp(err);
    }
  }

  /** Whether the cache was committed. */
  get kept(): boolean {
    return this.done;
  }

  /** One batch's lines, packed (blank lines are not written: in a complete run they can only be trailing). */
  batch(entries: readonly Packed[]): void {
    if (this.fd === null || entries.length === 0) return;
    try {
      const body = serialize(entries);
      const head = Buffer.alloc(4);
      head.writeUInt32LE(body.length, 0);
      writeSync(this.fd, head);
      writeSync(this.fd, body);
    } catch (err) {
      this.giveUp(err);
    }
  }

  /** The whole traffic file was prepared: the cache becomes readable, and older caches beyond MAX_KEPT go. */
  commit(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
      this.fd = null;
      rmSync(this.dir, { recursive: true, force: true });
      mkdirSync(this.dir, { recursive: true });
      renameSync(this.partial, join(this.dir, DATA));
      this.done = true;
      pruneCaches(this.root, MAX_KEPT);
    } catch (err) {
      if (!this.done) this.giveUp(err);
    }
  }

  /** The run stopped before that: nothing is kept. */
  abort(): void {
    if (!this.done) this.discard();
  }

  private giveUp(err: unknown): void {
    this.warn(`first-stage cache not written (${(err as Error).message}); the replay goes on without it`);
    this.discard();
  }

  private discard(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // Unusable already: the partial file goes all the same.
      }
    }
    this.fd = null;
    try {
      rmSync(this.partial, { force: true });
    } catch {
      // Its folder could not be made, so there is no partial file.
    }
  }
}

/** The batches of a complete cache, unpacked, in file order. */
export function* cachedBatches(file: string): Generator<ReplayItem[]> {
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    let at = 0;
    const head = Buffer.alloc(4);
    let buf = Buffer.alloc(1 << 20);
    while (at < size) {
      if (readSync(fd, head, 0, 4, at) !== 4) throw new Error(`stage cache ${file}: truncated at byte ${at}`);
      const n = head.readUInt32LE(0);
      if (at + 4 + n > size) throw new Error(`stage cache ${file}: truncated at byte ${at}`);
      if (buf.length < n) buf = Buffer.alloc(2 * n);
      readSync(fd, buf, 0, n, at + 4);
      const entries = deserialize(buf.subarray(0, n)) as Packed[];
      at += 4 + n;
      yield entries.map((e) => unpack(e) as ReplayItem);
    }
  } finally {
    closeSync(fd);
  }
}

/** Marks a cache as just used, so pruning keeps it. */
export function touchCache(file: string): void {
  const now = new Date();
  try {
    utimesSync(dirname(file), now, now);
  } catch {
    // Removed meanwhile by another run's pruning: this run has it open already.
  }
}

/** Removes all but the `keep` newest caches (by their folder's modification time), and partial files of runs long gone. */
export function pruneCaches(root: string, keep: number): void {
  if (!existsSync(root)) return;
  const caches: { path: string; mtime: number }[] = [];
  for (const name of readdirSync(root)) {
    if (!name.startsWith(PREFIX)) continue;
    const path = join(root, name);
    const mtime = statSync(path).mtimeMs;
    if (name.includes(".partial-")) {
      if (Date.now() - mtime > 24 * 3_600_000) rmSync(path, { force: true });
      continue;
    }
    caches.push({ path, mtime });
  }
  caches.sort((a, b) => b.mtime - a.mtime);
  for (const c of caches.slice(keep)) rmSync(c.path, { recursive: true, force: true });
}
