/**
 * TAXII 2.1 client core (pure): peer configuration, the objects request for
 * one page, and parsing of the answer. The fetch loop lives in peers.ts.
 *
 * Peers come from the policy (`intel.peers`, no secrets there: the policy is
 * readable by every admin) and from KV `intel:peers`; a peer's bearer token
 * is either in KV (`token`) or named by `tokenSecret`, a Worker secret.
 */
import * as z from "zod";
import { isWellFormedText } from "../lib/well-formed.js";
import { TAXII_MEDIA_TYPE, type StixObject } from "./stix-types.js";

export const PeerConfig = z.object({
  /** Recorded as the source of imported entries: `peer:<name>`. */
  name: z.string().min(1).max(100).regex(/^[^\n\r]+$/).refine(isWellFormedText, "must be well-formed text (it names the peer's KV state)"),
  /** The peer's API root, e.g. https://intel.example/taxii2/api/ */
  apiRoot: z.url().refine((u) => u.startsWith("https://") || u.startsWith("http://localhost") || u.startsWith("http://127.0.0.1"), "must be https"),
  collectionId: z.string().min(1).max(200).regex(/^[A-Za-z0-9._~-]+$/, "must be a collection id"),
  token: z.string().min(1).max(2000).optional(),
  /** Name of the Worker secret holding the bearer token. */
  tokenSecret: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/).optional(),
  /** Trust in the peer (0-100): its confidences are scaled by it. */
  trust: z.number().int().min(0).max(100).default(80),
  minConfidence: z.number().int().min(0).max(100).default(50),
  /** Lifetime of an indicator the peer gives no valid_until. */
  ttlDays: z.number().positive().max(365).default(30),
  pageLimit: z.number().int().min(1).max(1000).default(200),
  /** Pages per pull; the rest comes at the next Cron Trigger. */
  maxPages: z.number().int().min(1).max(50).default(5),
  enabled: z.boolean().default(true),
});
export type PeerConfig = z.infer<typeof PeerConfig>;
export const PeerList = z.array(PeerConfig).max(50);

/**
 * The `intel` section a policy document may carry: peers without their
 * tokens (the policy is shown to every admin), which come from `tokenSecret`.
 */
export const IntelPolicy = z.object({
  peers: z.array(PeerConfig.omit({ token: true })).max(50).default([]),
});

/** What is remembered per peer between pulls (KV `intel:peer-state:<name>`). */
export const PeerState = z.object({
  /** The peer's X-TAXII-Date-Added-Last of the last page imported; the next pull asks for what came after. */
  addedAfter: z.string().nullable().default(null),
  /** The last pull reached the end of the collection (so the next one starts a little before, see peers.ts). */
  caughtUp: z.boolean().default(true),
  lastPullAt: z.number().nullable().default(null),
  lastError: z.string().nullable().default(null),
  imported: z.number().int().default(0),
});
export type PeerState = z.infer<typeof PeerState>;

export interface PageRequest {
  url: string;
  headers: Record<string, string>;
}

export function objectsRequest(peer: PeerConfig, cursor: { addedAfter: string | null; next: string | null }, token: string | null): PageRequest {
  const root = peer.apiRoot.endsWith("/") ? peer.apiRoot : `${peer.apiRoot}/`;
  const u = new URL(`collections/${encodeURIComponent(peer.collectionId)}/objects/`, root);
  u.searchParams.set("limit", String(peer.pageLimit));
  if (cursor.addedAfter) u.searchParams.set("added_after", cursor.addedAfter);
  if (cursor.next) u.searchParams.set("next", cursor.next);
  return {
    url: u.toString(),
    headers: { accept: TAXII_MEDIA_TYPE, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  };
}

const Envelope = z.object({
  more: z.boolean().default(false),
  next: z.string().optional(),
  objects: z.array(z.looseObject({ type: z.string(), id: z.string() })).default([]),
});

export type PageResult =
  | { kind: "ok"; objects: StixObject[]; more: boolean; next: string | null; addedLast: string | null }
  | { kind: "error"; message: string };

/** Parse one objects response; the status, Content-Type and body all have to be TAXII 2.1. */
export function parseObjectsResponse(status: number, headers: { get(name: string): string | null }, body: string): PageResult {
  if (status !== 200) return { kind: "error", message: `peer answered HTTP ${status}: ${body.slice(0, 200)}` };
  const ct = (headers.get("content-type") ?? "").toLowerCase().replace(/\s/g, "");
  if (!ct.startsWith("application/taxii+json")) return { kind: "error", message: `peer answered ${ct || "no content type"}, not ${TAXII_MEDIA_TYPE}` };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: "error", message: "peer answered invalid JSON" };
  }
  const env = Envelope.safeParse(json);
  if (!env.success) return { kind: "error", message: `peer answered something that is not a TAXII envelope: ${env.error.issues[0]?.message ?? ""}` };
  const last = headers.get("x-taxii-date-added-last");
  return {
    kind: "ok", objects: env.data.objects as StixObject[], more: env.data.more && !!env.data.next,
    next: env.data.next ?? null, addedLast: last && !Number.isNaN(Date.parse(last)) ? last : null,
  };
}

/**
 * A pull that reached the end starts the next one OVERLAP_MS earlier:
 * servers whose date_added is an object's own timestamp (this guard's is)
 * can list an object a little after that timestamp (KV is eventually
 * consistent), and re-importing an unchanged entry writes nothing. A pull
 * stopped mid-way resumes 1 ms before its last page's end, so objects that
 * share that millisecond are not lost at the page boundary.
 */
export const OVERLAP_MS = 10 * 60_000;

/** The added_after to ask for, from what the last pull stored. */
export function startFrom(state: PeerState): string | null {
  if (!state.addedAfter) return null;
  const t = Date.parse(state.addedAfter);
  return new Date(state.caughtUp ? t - OVERLAP_MS : t).toISOString();
}

/** Where to resume after a pull that stopped with more to come, making progress even when a page is one millisecond. */
export function resumeAt(prev: string | null, addedLast: string): string {
  const back = new Date(Date.parse(addedLast) - 1).toISOString();
  return prev !== null && Date.parse(back) <= Date.parse(prev) ? addedLast : back;
}

