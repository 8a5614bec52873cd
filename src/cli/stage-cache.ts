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
 * chunks it imports), of the lockfile (the packages it imports, zod) and of
 * the runtime's versions (Node, V8, ICU and Unicode: the detectors'
 * normalisation and letter classes), and stagePolicy(policy). A cache is
 * written in a temporary folder, synced, and renamed when the whole traffic
 * file was prepared without an input error, so a run that stops early
 * leaves nothing that would be read; its meta.json holds the SHA-256, size
 * and line count of its data, checked before a run uses it (about
 * 50 ms for a full day), so a file damaged since is never read. Opt-in: a
 * cache takes about 400 bytes a traffic line (90 MB for a 230,000-line
 * day); the newest MAX_KEPT are kept, older ones removed.
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, realpathSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import { stagePolicy, type StagePolicy } from "../replay/prepare.js";
import type { ReplayItem } from "../replay/types.js";
import { unpack, type Packed } from "../replay/wire.js";

/** Bumped whenever the file layout or the packed form changes. */
const FORMAT = 2;
const PREFIX = "stage-";
const DATA = "stage.bin";
const META = "meta.json";
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

/**
 * SHA-256 of a bundled module and of every local module it imports,
 * transitively (each once), named as they are imported: the same code in
 * another folder (tsx builds the first stage into a fresh temporary one on
 * every run) hashes the same.
 */
export function codeHash(script: string): string {
  const h = createHash("sha256");
  const seen = new Set<string>();
  const visit = (file: string, name: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    h.update(`${name.length}:${name}\n${text.length}:`).update(text);
    for (const m of text.matchAll(LOCAL_IMPORT)) visit(join(dirname(file), m[1]!), m[1]!);
  };
  const entry = resolve(script);
  visit(entry, basename(entry));
  return h.digest("hex");
}

/** The lockfile's SHA-256 (the packages the first stage imports from node_modules), or "" without one. */
function lockHash(): string {
  const lock = join(ROOT, "package-lock.json");
  return existsSync(lock) ? sha256(readFileSync(lock)) : "";
}

/** The cache key of a traffic file prepared by the first-stage code in `stageScript` under `policy`. */
export function stageCacheKey(traffic: string, stageScript: string, policy: StagePolicy): string {
  const path = realpathSync(traffic);
  const st = statSync(path, { bigint: true });
  const identity = { format: FORMAT, path, dev: String(st.dev), ino: String(st.ino), size: String(st.size), mtimeNs: String(st.mtimeNs) };
  return sha256(
    JSON.stringify(identity), "\n", sha256(sample(path, Number(st.size))), "\n",
    codeHash(stageScript), "\n", lockHash(), "\n",
    JSON.stringify({ node: process.versions.node, v8: process.versions.v8, icu: process.versions.icu, unicode: process.versions.unicode }), "\n",
    JSON.stringify(stagePolicy(policy)),
  ).slice(0, 32);
}

export function cacheDir(key: string, root = cacheRoot()): string {
  return join(root, `${PREFIX}${key}`);
}

/** What a cache's meta.json says of its data. */
interface Meta {
  bytes: number;
  sha256: string;
  lines: number;
}

/** A cache checked and opened for reading (cachedBatches closes it). */
export interface OpenCache {
  dir: string;
  fd: number;
  lines: number;
}

/**
 * The complete cache for `key`, opened, or null. Its data is checked against
 * its meta.json first (size and SHA-256, about 50 ms for a full day): one
 * damaged since it was written is removed and reported as none, so the run
 * prepares its lines instead. Any error reading it is "none" too.
 */
export function findCache(key: string, root = cacheRoot()): OpenCache | null {
  const dir = cacheDir(key, root);
  let fd: number | null = null;
  try {
    if (!existsSync(join(dir, META))) return null;
    const meta = JSON.parse(readFileSync(join(dir, META), "utf8")) as Meta;
    fd = openSync(join(dir, DATA), "r");
    const ok = fstatSync(fd).size === meta.bytes && hashFd(fd, meta.bytes) === meta.sha256 && Number.isInteger(meta.lines);
    if (ok) {
      const open = { dir, fd, lines: meta.lines };
      fd = null;
      return open;
    }
    rmSync(dir, { recursive: true, force: true });
    return null;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

function hashFd(fd: number, bytes: number): string {
  const h = createHash("sha256");
  const buf = Buffer.alloc(1 << 20);
  let at = 0;
  while (at < bytes) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, bytes - at), at);
    if (n <= 0) break;
    h.update(buf.subarray(0, n));
    at += n;
  }
  return h.digest("hex");
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
  private readonly hash = createHash("sha256");
  private bytes = 0;
  private lines = 0;

  constructor(key: string, private readonly warn: (message: string) => void, private readonly root = cacheRoot()) {
    this.dir = cacheDir(key, root);
    this.partial = `${this.dir}.partial-${process.pid}`;
    try {
      mkdirSync(this.partial, { recursive: true });
      this.fd = openSync(join(this.partial, DATA), "w");
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
      if (body.length > 0xffffffff) throw new Error(`a batch of ${body.length} bytes`);
      const head = Buffer.alloc(4);
      head.writeUInt32LE(body.length, 0);
      for (const part of [head, body]) {
        let at = 0;
        while (at < part.length) at += writeSync(this.fd, part, at, part.length - at);
        this.hash.update(part);
      }
      this.bytes += 4 + body.length;
      this.lines += entries.length;
    } catch (err) {
      this.giveUp(err);
    }
  }

  /**
   * The whole traffic file was prepared: the data and its meta.json are
   * synced, the folder renamed into place (replacing one another run of the
   * same key made meanwhile: the same content), older caches beyond MAX_KEPT go.
   */
  commit(): void {
    if (this.fd === null) return;
    try {
      fsyncSync(this.fd);
      closeSync(this.fd);
      this.fd = null;
      const meta: Meta = { bytes: this.bytes, sha256: this.hash.digest("hex"), lines: this.lines };
      const metaPath = join(this.partial, META);
      writeFileSync(metaPath, JSON.stringify(meta) + "\n");
      const mfd = openSync(metaPath, "r");
      fsyncSync(mfd);
      closeSync(mfd);
      rmSync(this.dir, { recursive: true, force: true });
      renameSync(this.partial, this.dir);
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
        // Unusable already: the partial folder goes all the same.
      }
    }
    this.fd = null;
    try {
      rmSync(this.partial, { recursive: true, force: true });
    } catch {
      // It could not be made, so there is nothing to remove.
    }
  }
}

/**
 * The batches of a checked cache (findCache), unpacked, in file order; the
 * file is closed at the end. Its line count is checked again at the end, so
 * a cache can never answer fewer lines than it was made from.
 */
export function* cachedBatches(cache: OpenCache): Generator<ReplayItem[]> {
  const { fd } = cache;
  try {
    const size = fstatSync(fd).size;
    let at = 0;
    let lines = 0;
    const head = Buffer.alloc(4);
    let buf = Buffer.alloc(1 << 20);
    const fail = () => new Error(`stage cache ${cache.dir}: damaged at byte ${at} (remove the folder, or run without --stage-cache)`);
    while (at < size) {
      if (readSync(fd, head, 0, 4, at) !== 4) throw fail();
      const n = head.readUInt32LE(0);
      if (at + 4 + n > size) throw fail();
      if (buf.length < n) buf = Buffer.alloc(2 * n);
      if (readSync(fd, buf, 0, n, at + 4) !== n) throw fail();
      const entries = deserialize(buf.subarray(0, n)) as Packed[];
      at += 4 + n;
      lines += entries.length;
      yield entries.map((e) => unpack(e) as ReplayItem);
    }
    if (lines !== cache.lines) throw fail();
  } finally {
    closeSync(fd);
  }
}

/** Marks a cache as just used, so pruning keeps it. */
export function touchCache(cache: OpenCache): void {
  const now = new Date();
  try {
    utimesSync(cache.dir, now, now);
  } catch {
    // Removed meanwhile by another run's pruning: this run has it open already.
  }
}

/** Removes all but the `keep` newest caches (by their folder's modification time), and partial folders of runs long gone. */
export function pruneCaches(root: string, keep: number): void {
  if (!existsSync(root)) return;
  const caches: { path: string; mtime: number }[] = [];
  for (const name of readdirSync(root)) {
    if (!name.startsWith(PREFIX)) continue;
    const path = join(root, name);
    const mtime = statSync(path).mtimeMs;
    if (name.includes(".partial-")) {
      if (Date.now() - mtime > 24 * 3_600_000) rmSync(path, { recursive: true, force: true });
      continue;
    }
    caches.push({ path, mtime });
  }
  caches.sort((a, b) => b.mtime - a.mtime);
  for (const c of caches.slice(keep)) rmSync(c.path, { recursive: true, force: true });
}
