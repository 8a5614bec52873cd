/**
 * TAXII 2.1 server core (pure): the discovery, API root and collection
 * resources, content negotiation, and the objects endpoint's filtering and
 * paging (OASIS TAXII 2.1, sections 4 and 5).
 *
 * One API root (`api/`) with one read-only collection: the guard's own
 * export (stix.ts) plus its extension definition. An object's `date_added`
 * is its `modified` time, so a peer polling with `added_after` sees new and
 * changed indicators once. Paging is by `(date_added, id)`: `next` is an
 * opaque token naming the last object returned, stable while the collection
 * grows at its end.
 */
import { GuardError } from "../lib/guard-error.js";
import { ID_NAMESPACE, STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE, type StixObject } from "./stix-types.js";
import { uuidV5 } from "./uuid-v5.js";

export const API_ROOT = "api";
export const COLLECTION_ID = uuidV5(ID_NAMESPACE, "taxii collection: distill-guard intelligence");
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export function discovery(baseUrl: string, title: string) {
  return {
    title: `${title} TAXII 2.1`,
    description: "Indicators and campaigns of model-extraction (distillation) activity seen by this guard.",
    default: `${baseUrl}/${API_ROOT}/`,
    api_roots: [`${baseUrl}/${API_ROOT}/`],
  };
}

export function apiRootResource(title: string) {
  return {
    title: `${title} intelligence`,
    description: "STIX 2.1 campaigns and indicators (IP, CIDR, ASN, JA4, network and prompt-template fingerprints).",
    versions: [TAXII_MEDIA_TYPE],
    max_content_length: 4_000_000,
  };
}

export function collectionResource() {
  return {
    id: COLLECTION_ID,
    title: "distill-guard indicators",
    description: "The guard's own blocklist entries and confirmed campaigns; never keys, accounts or prompts.",
    can_read: true,
    can_write: false,
    media_types: [STIX_MEDIA_TYPE],
  };
}

/**
 * Whether an Accept header admits the TAXII (or STIX) media type. No header
 * means anything (RFC 9110 §12.5.1); a version other than 2.1 does not match.
 */
export function acceptable(accept: string | null | undefined, want: "taxii" | "stix"): boolean {
  if (!accept || accept.trim() === "") return true;
  for (const part of accept.split(",")) {
    const [type = "", ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    const param = (k: string) => params.find((x) => x.startsWith(`${k}=`))?.slice(k.length + 1).replace(/"/g, "");
    if (param("q") !== undefined && Number(param("q")) === 0) continue;
    const version = param("version");
    if (type === "*/*" || type === "application/*") return true;
    if (type === `application/${want}+json` && (version === undefined || version === "2.1")) return true;
    if (want === "stix" && type === "application/json") return true;
  }
  return false;
}

export interface ObjectsQuery {
  addedAfter: number | null;
  limit: number;
  /** Position after which the page starts (decoded `next`). */
  after: { at: number; id: string } | null;
  types: string[] | null;
  ids: string[] | null;
}

function bad(msg: string): GuardError {
  return new GuardError("invalid_request", msg);
}

export function encodeNext(at: number, id: string): string {
  return btoa(`${at}|${id}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeNext(token: string): { at: number; id: string } | null {
  try {
    const [at, id] = atob(token.replace(/-/g, "+").replace(/_/g, "/")).split("|");
    return at && id && /^\d+$/.test(at) ? { at: Number(at), id } : null;
  } catch {
    return null;
  }
}

/** The objects endpoint's query string; throws a 400 GuardError on a bad value. */
export function parseObjectsQuery(q: (k: string) => string | undefined): ObjectsQuery {
  const added = q("added_after");
  const addedAfter = added === undefined ? null : Date.parse(added);
  if (addedAfter !== null && (!/^\d{4}-\d\d-\d\dT/.test(added ?? "") || Number.isNaN(addedAfter))) throw bad(`added_after "${added}" is not a timestamp`);
  const rawLimit = q("limit");
  const limit = rawLimit === undefined ? DEFAULT_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1) throw bad(`limit "${rawLimit}" is not a positive integer`);
  const next = q("next");
  const after = next === undefined ? null : decodeNext(next);
  if (next !== undefined && !after) throw bad(`next "${next}" is not a token this server issued`);
  const list = (k: string) => (q(k) ? q(k)!.split(",").map((s) => s.trim()).filter(Boolean) : null);
  return { addedAfter, limit: Math.min(limit, MAX_LIMIT), after, types: list("match[type]"), ids: list("match[id]") };
}

export interface CollectionItem {
  object: StixObject;
  addedAt: number;
}

/** The collection in date_added order; date_added is the object's modified (or created) time. */
export function collectionItems(objects: readonly StixObject[]): CollectionItem[] {
  return objects
    .map((object) => ({ object, addedAt: Date.parse(String(object.modified ?? object.created ?? "1970-01-01T00:00:00Z")) }))
    .sort((a, b) => a.addedAt - b.addedAt || (a.object.id < b.object.id ? -1 : a.object.id > b.object.id ? 1 : 0));
}

export interface ObjectsPage {
  envelope: { more: boolean; next?: string; objects?: StixObject[] };
  /** For the X-TAXII-Date-Added-First / -Last headers; null when the page is empty. */
  first: number | null;
  last: number | null;
}

export function pageObjects(items: readonly CollectionItem[], q: ObjectsQuery): ObjectsPage {
  const after = (x: CollectionItem) => !q.after || x.addedAt > q.after.at || (x.addedAt === q.after.at && x.object.id > q.after.id);
  const matching = items.filter((x) =>
    (q.addedAfter === null || x.addedAt > q.addedAfter) &&
    (!q.types || q.types.includes(x.object.type)) &&
    (!q.ids || q.ids.includes(x.object.id)) &&
    after(x));
  const page = matching.slice(0, q.limit);
  const more = matching.length > page.length;
  const lastItem = page[page.length - 1];
  return {
    envelope: {
      more,
      ...(more && lastItem ? { next: encodeNext(lastItem.addedAt, lastItem.object.id) } : {}),
      ...(page.length ? { objects: page.map((x) => x.object) } : {}),
    },
    first: page[0]?.addedAt ?? null,
    last: lastItem?.addedAt ?? null,
  };
}

/** A TAXII error message resource (section 3.6.1) for a GuardError. */
export function taxiiError(g: GuardError): { status: number; body: { title: string; description: string; http_status: string } } {
  const title = { 400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 406: "Not acceptable", 415: "Unsupported media type" }[g.status] ?? "Error";
  return { status: g.status, body: { title, description: g.message, http_status: String(g.status) } };
}
