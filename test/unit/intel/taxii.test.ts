import { describe, expect, it } from "vitest";
import { GuardError } from "../../../src/lib/guard-error";
import {
  acceptable, collectionItems, decodeNext, encodeNext, pageObjects, parseObjectsQuery, taxiiError, type ObjectsQuery,
} from "../../../src/intel/taxii";
import { objectsRequest, parseObjectsResponse, PeerConfig, PeerState, resumeAt, startFrom, OVERLAP_MS } from "../../../src/intel/taxii-client";
import type { StixObject } from "../../../src/intel/stix-types";

const at = (s: number) => new Date(Date.parse("2026-03-01T00:00:00.000Z") + s * 1000).toISOString();
const obj = (n: number, t: number, type = "indicator"): StixObject => ({
  type, id: `${type}--00000000-0000-4000-8000-${String(n).padStart(12, "0")}`, created: at(0), modified: at(t),
});
// Ten objects; three share one second so that paging has to break a tie.
const items = collectionItems([obj(1, 1), obj(2, 2), obj(3, 3), obj(4, 3), obj(5, 3), obj(6, 4), obj(7, 5, "campaign"), obj(8, 6), obj(9, 7), obj(10, 8)].reverse());
const query = (over: Partial<ObjectsQuery> = {}): ObjectsQuery => ({ addedAfter: null, limit: 100, after: null, types: null, ids: null, ...over });
const ids = (p: ReturnType<typeof pageObjects>) => (p.envelope.objects ?? []).map((o) => Number(o.id.slice(-12)));

describe("TAXII objects paging", () => {
  it("sorts the collection by date added, then id", () => {
    expect(items.map((x) => Number(x.object.id.slice(-12)))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("walks the whole collection in pages with next, once each, across ties", () => {
    const seen: number[] = [];
    let after: ObjectsQuery["after"] = null;
    for (let i = 0; i < 10; i++) {
      const p = pageObjects(items, query({ limit: 2, after }));
      seen.push(...ids(p));
      if (!p.envelope.more) break;
      after = decodeNext(p.envelope.next!);
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("returns what was added after a time, exclusively, with the first and last dates added", () => {
    const p = pageObjects(items, query({ addedAfter: Date.parse(at(3)), limit: 3 }));
    expect(ids(p)).toEqual([6, 7, 8]);
    expect(p.envelope.more).toBe(true);
    expect([p.first, p.last]).toEqual([Date.parse(at(4)), Date.parse(at(6))]);
  });

  it("says there is no more on the last page and omits next", () => {
    const p = pageObjects(items, query({ addedAfter: Date.parse(at(6)) }));
    expect(p.envelope).toEqual({ more: false, objects: [items[8]!.object, items[9]!.object] });
  });

  it("answers an empty page without objects or dates", () => {
    expect(pageObjects(items, query({ addedAfter: Date.parse(at(99)) }))).toEqual({ envelope: { more: false }, first: null, last: null });
  });

  it("filters by type and id", () => {
    expect(ids(pageObjects(items, query({ types: ["campaign"] })))).toEqual([7]);
    expect(ids(pageObjects(items, query({ ids: [items[1]!.object.id] })))).toEqual([2]);
  });

  it.each([
    [{ added_after: "yesterday" }, /added_after/],
    [{ limit: "0" }, /limit/],
    [{ limit: "ten" }, /limit/],
    [{ next: "!!!" }, /next/],
  ])("refuses the query %j", (q, msg) => {
    expect(() => parseObjectsQuery((k) => (q as Record<string, string>)[k])).toThrow(msg);
  });

  it("caps the page size and reads the filters", () => {
    const q = parseObjectsQuery((k) => ({ limit: "5000", added_after: at(1), "match[type]": "indicator,campaign", next: encodeNext(5, "x--1") } as Record<string, string>)[k]);
    expect(q).toEqual({ addedAfter: Date.parse(at(1)), limit: 1000, after: { at: 5, id: "x--1" }, types: ["indicator", "campaign"], ids: null });
  });
});

describe("TAXII content negotiation", () => {
  it.each([
    [undefined, "taxii", true],
    ["application/taxii+json;version=2.1", "taxii", true],
    ["application/taxii+json", "taxii", true],
    ["application/taxii+json; version=2.0", "taxii", false],
    ["application/json", "taxii", false],
    ["text/html, */*;q=0.1", "taxii", true],
    ["text/html", "taxii", false],
    ["application/taxii+json;version=2.1;q=0", "taxii", false],
    ["application/stix+json;version=2.1", "stix", true],
    ["application/json", "stix", true],
    ["text/csv", "stix", false],
  ] as const)("Accept %s for %s: %s", (accept, want, ok) => {
    expect(acceptable(accept, want)).toBe(ok);
  });

  it("writes errors as TAXII error resources", () => {
    expect(taxiiError(new GuardError("invalid_request", "nope", { status: 406 }))).toEqual({
      status: 406, body: { title: "Not acceptable", description: "nope", http_status: "406" },
    });
  });
});

describe("TAXII client", () => {
  const peer = PeerConfig.parse({ name: "peer-a", apiRoot: "https://intel.example/taxii2/api", collectionId: "abc-123", pageLimit: 50 });

  it("asks for one page of a collection's objects with the TAXII media type and the token", () => {
    const r = objectsRequest(peer, { addedAfter: at(1), next: "tok" }, "s3cret");
    expect(r.url).toBe(`https://intel.example/taxii2/api/collections/abc-123/objects/?limit=50&added_after=${encodeURIComponent(at(1))}&next=tok`);
    expect(r.headers).toEqual({ accept: "application/taxii+json;version=2.1", authorization: "Bearer s3cret" });
  });

  it("refuses a peer over plain http", () => {
    expect(PeerConfig.safeParse({ name: "p", apiRoot: "http://intel.example/api/", collectionId: "c" }).success).toBe(false);
  });

  const h = (o: Record<string, string>) => new Headers(o);
  it.each([
    [500, h({ "content-type": "application/taxii+json;version=2.1" }), "{}", /HTTP 500/],
    [200, h({ "content-type": "text/html" }), "<html>", /not application\/taxii\+json/],
    [200, h({ "content-type": "application/taxii+json;version=2.1" }), "{", /invalid JSON/],
    [200, h({ "content-type": "application/taxii+json;version=2.1" }), '{"objects": 3}', /not a TAXII envelope/],
  ])("reports a bad answer (%i)", (status, headers, body, msg) => {
    const r = parseObjectsResponse(status, headers, body);
    expect(r.kind).toBe("error");
    if (r.kind === "error") expect(r.message).toMatch(msg);
  });

  it("reads a page: objects, more, next and the last date added", () => {
    const r = parseObjectsResponse(200, h({ "content-type": "application/taxii+json; version=2.1", "x-taxii-date-added-last": at(8) }), JSON.stringify({ more: true, next: "n1", objects: [obj(1, 1)] }));
    expect(r).toEqual({ kind: "ok", objects: [obj(1, 1)], more: true, next: "n1", addedLast: at(8) });
  });

  it.each([
    [{}, null],
    [{ addedAfter: at(100), caughtUp: true }, new Date(Date.parse(at(100)) - OVERLAP_MS).toISOString()],
    [{ addedAfter: at(100), caughtUp: false }, at(100)],
  ])("starts a pull from %j at %s", (state, want) => {
    expect(startFrom(PeerState.parse(state))).toBe(want);
  });

  it("resumes an unfinished pull just before its last page's end, but always moves forward", () => {
    expect(resumeAt(at(1), at(10))).toBe(new Date(Date.parse(at(10)) - 1).toISOString());
    const t = at(10);
    expect(resumeAt(new Date(Date.parse(t) - 1).toISOString(), t)).toBe(t);
  });
});
