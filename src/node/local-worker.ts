/**
 * The guard in local workerd through Miniflare's own API (not `wrangler dev`,
 * whose proxy costs several times the throughput): bundle src/index.ts with
 * esbuild and run it with local KV, SQLite-backed Durable Objects and the
 * embedded demo origin on a service binding. Used by `npm start`, the e2e
 * tests, the bench and the replay's workerd engine.
 */
import { build } from "esbuild";
import { Miniflare, type MiniflareOptions, type WorkerOptions } from "miniflare";
import { mkdtempSync, rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const COMPATIBILITY_DATE = "2026-04-01";
export const DEV_ADMIN_TOKEN = "dg-dev-admin";

let bundleCache: Promise<string> | null = null;

/** Bundle an entry point to one ES module (cloudflare:* left to workerd). */
export async function bundle(entry = "src/index.ts"): Promise<string> {
  const r = await build({
    entryPoints: [path.join(ROOT, entry)],
    bundle: true, format: "esm", platform: "browser", target: "es2022", write: false,
    conditions: ["workerd", "worker", "browser"], external: ["cloudflare:*", "node:*"],
    minify: false, sourcemap: false, logLevel: "silent",
  });
  return r.outputFiles[0]!.text;
}

export function guardBundle(): Promise<string> {
  bundleCache ??= bundle();
  return bundleCache;
}

export interface LocalOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Folder for KV and Durable Object state; undefined keeps it in memory. */
  persistDir?: string;
  adminToken?: string;
  keyHashSecret?: string;
  originUrl?: string;
  /** Request metadata used for HTTP requests (Miniflare's stand-in for request.cf). */
  cf?: Record<string, unknown>;
  /** Extra workers to run beside the guard (e.g. a bare passthrough for the bench). */
  extraWorkers?: WorkerOptions[];
}

export function guardWorker(code: string, o: LocalOptions): WorkerOptions {
  return {
    name: "distill-guard",
    modules: [{ type: "ESModule", path: "index.js", contents: code }],
    compatibilityDate: COMPATIBILITY_DATE,
    compatibilityFlags: ["nodejs_compat", "enable_request_signal"],
    bindings: {
      ORIGIN_URL: o.originUrl ?? "",
      GUARD_NAME: "distill-guard (local)",
      ADMIN_TOKEN: o.adminToken ?? DEV_ADMIN_TOKEN,
      KEY_HASH_SECRET: o.keyHashSecret ?? "dg-local-key-hash-secret",
    },
    kvNamespaces: ["GUARD_KV"],
    durableObjects: {
      ACCOUNT: { className: "AccountObject", useSQLite: true },
      CAMPAIGN: { className: "CampaignIndex", useSQLite: true },
      BLOCKLIST: { className: "BlocklistKeeper", useSQLite: true },
    },
    serviceBindings: { ORIGIN: { name: "distill-guard", entrypoint: "DemoOrigin" } },
  };
}

/**
 * Storage for a Miniflare that keeps none, in a folder of ours (Miniflare's `defaultPersistRoot`) that `remove`
 * deletes, awaited, after the Miniflare is disposed, and the process's exit deletes if nothing did. Left to itself,
 * Miniflare keeps such state in a temporary folder it removes on dispose without waiting, so a process that ends
 * right after leaves it behind: 99 of them, 1.8 GB of replayed accounts' objects, had piled up in one machine's /tmp.
 */
function scratchStorage(): { root: string; remove: () => Promise<void> } {
  const root = mkdtempSync(path.join(tmpdir(), "distill-guard-mf-"));
  const atExit = () => rmSync(root, { recursive: true, force: true });
  process.once("exit", atExit);
  return {
    root,
    remove: async () => {
      process.removeListener("exit", atExit);
      await rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}

export interface Launched {
  mf: Miniflare;
  url: URL;
  /** The scratch folder holding its KV and objects (removed by `stop`), or null when `opts` say where they persist. */
  storage: string | null;
  /** Disposes of it, then removes its scratch storage (also when disposing fails). */
  stop: () => Promise<void>;
}

/**
 * A Miniflare started and ready (startLocal, the replay's workerd engine). With `scratch`, its state goes to
 * scratchStorage; one that fails to start is stopped before the error is thrown.
 */
export async function launch(opts: MiniflareOptions, scratch: boolean): Promise<Launched> {
  const store = scratch ? scratchStorage() : null;
  const mf = new Miniflare(store ? { ...opts, defaultPersistRoot: store.root } : opts);
  const stop = async () => {
    try {
      await mf.dispose();
    } finally {
      await store?.remove();
    }
  };
  try {
    return { mf, url: await mf.ready, storage: store?.root ?? null, stop };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}

export async function startLocal(o: LocalOptions = {}): Promise<Launched> {
  const code = await guardBundle();
  const persist = o.persistDir ? { kvPersist: path.join(o.persistDir, "kv"), durableObjectsPersist: path.join(o.persistDir, "do") } : {};
  return launch({
    host: o.host ?? "127.0.0.1",
    port: o.port ?? 0,
    cf: o.cf ?? { asn: 64496, country: "ZZ", colo: "LCL", botManagement: { ja4: "t13d1516h2_8daaf6152771_local" } },
    ...persist,
    workers: [guardWorker(code, o), ...(o.extraWorkers ?? [])],
  }, !o.persistDir);
}
