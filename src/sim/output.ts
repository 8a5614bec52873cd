/**
 * Serialises a simulation into its files through a sink (the CLI's sink
 * writes to disk, the tests' keeps strings), streaming the traffic in chunks
 * and counting it for the manifest on the way.
 */
import { RELEASED_MODELS } from "./actor.js";
import type { TrafficLine } from "./contract.js";
import type { EgressKind, LegitEgressKind } from "./network.js";
import type { CampaignAccounts, PublicHarness, ReleaseUsers, ServerState } from "./scenario.js";
import { PEER_BUNDLE_FILE, type Simulation } from "./simulate.js";
import { iso } from "./time.js";

export const FILES = {
  accounts: "accounts.jsonl",
  traffic: "traffic.jsonl",
  events: "events.jsonl",
  manifest: "manifest.json",
  peerBundle: PEER_BUNDLE_FILE,
} as const;

export interface Sink {
  /** Appends `text` to `file`. */
  write(file: string, text: string): void;
}

export interface ScenarioCount {
  label: string;
  description: string;
  accounts: number;
  /** Accounts with at least one request. */
  activeAccounts: number;
  requests: number;
}

export interface Manifest {
  generator: "distill-guard simulate";
  seed: number;
  scale: number;
  days: number;
  start: string;
  end: string;
  corpusRecords: number;
  /** Eval-only corpus records the run's text drew on: 0 but in a holdout run (measurement only). */
  holdoutRecords: number;
  /** How the campaigns' traffic left (simulate --egress). */
  egress: EgressKind;
  /** How the legitimate traffic left (simulate --legit-egress). */
  legitEgress: LegitEgressKind;
  /** Who tried the new model on release day (simulate --release-users). */
  releaseUsers: ReleaseUsers;
  /** How many accounts each single-account-style campaign spread over (simulate --campaign-accounts). */
  campaignAccounts: CampaignAccounts;
  /** Whether legitimate developers ran the massive-coding campaign's harness too (simulate --public-harness). */
  publicHarness: PublicHarness;
  /** Whether Responses users kept their conversations at the provider (simulate --server-state). */
  serverState: ServerState;
  events: { modelRelease: { at: string; models: string[] }; intelImport: { at: string; file: string } | null };
  totals: { accounts: number; requests: number; legitRequests: number; attackRequests: number };
  scenarios: ScenarioCount[];
  files: typeof FILES;
}

const CHUNK = 1 << 20;

export function emitSimulation(sim: Simulation, sink: Sink, progress?: (lines: number, ts: number) => void): Manifest {
  sink.write(FILES.accounts, sim.accounts.map((a) => JSON.stringify(a) + "\n").join(""));
  sink.write(FILES.events, sim.events.map((e) => JSON.stringify(e) + "\n").join(""));
  if (sim.peerBundle) sink.write(FILES.peerBundle, JSON.stringify(sim.peerBundle, null, 2) + "\n");

  const accountOfKey = new Map<string, string>();
  for (const a of sim.accounts) for (const k of a.apiKeys) accountOfKey.set(k, a.account);
  const requests = new Map<string, number>();
  const active = new Map<string, Set<string>>();
  let buf = "";
  let n = 0;
  for (const line of sim.traffic as Iterable<TrafficLine>) {
    buf += JSON.stringify(line) + "\n";
    const label = line.label ?? "unlabelled";
    requests.set(label, (requests.get(label) ?? 0) + 1);
    let set = active.get(label);
    if (!set) active.set(label, (set = new Set()));
    set.add(accountOfKey.get(line.apiKey) ?? line.apiKey);
    if (buf.length >= CHUNK) {
      sink.write(FILES.traffic, buf);
      buf = "";
    }
    if (++n % 25_000 === 0) progress?.(n, line.ts);
  }
  sink.write(FILES.traffic, buf);

  const scenarios = sim.scenarios.map((s) => ({
    label: s.label, description: s.description, accounts: s.accounts.length,
    activeAccounts: active.get(s.label)?.size ?? 0, requests: requests.get(s.label) ?? 0,
  }));
  const sum = (prefix: string) => scenarios.filter((s) => s.label.startsWith(prefix)).reduce((x, s) => x + s.requests, 0);
  const { options } = sim;
  const intel = sim.events.find((e) => e.type === "intel-import");
  const manifest: Manifest = {
    generator: "distill-guard simulate",
    seed: options.seed, scale: options.scale, days: options.days,
    start: iso(options.start), end: iso(options.start + options.days * 86_400_000),
    corpusRecords: sim.corpusRecords,
    holdoutRecords: sim.holdoutRecords,
    egress: sim.egress,
    legitEgress: sim.legitEgress,
    releaseUsers: sim.releaseUsers,
    campaignAccounts: sim.campaignAccounts,
    publicHarness: sim.publicHarness,
    serverState: sim.serverState,
    events: {
      modelRelease: { at: iso(sim.releaseAt), models: [...RELEASED_MODELS] },
      intelImport: intel && intel.type === "intel-import" ? { at: iso(intel.ts), file: intel.file } : null,
    },
    totals: { accounts: sim.accounts.length, requests: n, legitRequests: sum("legit:"), attackRequests: sum("attack:") },
    scenarios,
    files: FILES,
  };
  sink.write(FILES.manifest, JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}
