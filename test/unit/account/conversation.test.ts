import { describe, expect, it } from "vitest";
import { mergeScores, withInherited, type ChainScores } from "../../../src/account/chain";
import { CONVERSATION_KEEP, CONVERSATION_MAX_AGE_MS, ConversationMemory, afterEntry } from "../../../src/account/conversation";
import type { RequestObservation } from "../../../src/account/types";
import { signals } from "./helpers";

const zero = { cot: 0, critique: 0, autograde: 0, datagen: 0, probe: 0, distillSystem: 0 };
const cot: ChainScores = { kinds: { ...zero, cot: 0.95 }, extraction: 0.95 };
const none: ChainScores = { kinds: { ...zero }, extraction: 0 };

function obs(s: ReturnType<typeof signals> | null): RequestObservation {
  return { signals: s } as unknown as RequestObservation;
}

describe("mergeScores and afterEntry", () => {
  it("takes the larger score per kind and overall, into a new object", () => {
    const a: ChainScores = { kinds: { ...zero, cot: 0.4, probe: 0.2 }, extraction: 0.4 };
    const b: ChainScores = { kinds: { ...zero, cot: 0.1, datagen: 0.8 }, extraction: 0.8 };
    const m = mergeScores(a, b);
    expect(m).toEqual({ kinds: { ...zero, cot: 0.4, probe: 0.2, datagen: 0.8 }, extraction: 0.8 });
    expect(m.kinds).not.toBe(a.kinds);
    expect(mergeScores(null, b)).toEqual(b);
    expect(mergeScores(null, b).kinds).not.toBe(b.kinds);
  });

  it("writes nothing for a conversation that carries no intent", () => {
    expect(afterEntry(null, none)).toBeNull();
    expect(afterEntry(cot, none)).toEqual(cot);
  });
});

describe("withInherited (a named conversation)", () => {
  it("lifts a bare request to the conversation's scores and says when that reached the threshold", () => {
    const own = signals({ kinds: { ...zero, cot: 0.1 }, extraction: 0.1 });
    const r = withInherited(obs(own), cot, 0.5);
    expect(r.obs.signals!.kinds.cot).toBe(0.95);
    expect(r.reason).toBe(true);
    expect(r.detail).toEqual({ inherited: true, raised: ["cot"], extraction: 0.95 });
    // The observation given is unchanged.
    expect(own.kinds.cot).toBe(0.1);
  });

  it("inherits nothing from a conversation it does not remember, and gives no reason when nothing was raised", () => {
    const own = signals({ kinds: { ...zero, cot: 0.9 }, extraction: 0.9 });
    expect(withInherited(obs(own), null, 0.5)).toMatchObject({ reason: false, detail: { inherited: false } });
    expect(withInherited(obs(own), cot, 0.5)).toMatchObject({ reason: false, detail: { inherited: true, raised: [] } });
    expect(withInherited(obs(null), cot, 0.5)).toMatchObject({ reason: false, detail: null });
  });
});

describe("ConversationMemory (the account object's conversation table)", () => {
  it("merges what enters a conversation and forgets it after the age", () => {
    const m = new ConversationMemory();
    m.note("a", { kinds: { ...zero, datagen: 0.7 }, extraction: 0.7 }, 1000);
    m.note("a", cot, 2000);
    expect(m.get("a", 2000)).toEqual({ kinds: { ...zero, cot: 0.95, datagen: 0.7 }, extraction: 0.95 });
    expect(m.get("a", 2000 + CONVERSATION_MAX_AGE_MS - 1)).not.toBeNull();
    expect(m.get("a", 2000 + CONVERSATION_MAX_AGE_MS)).toBeNull();
    // Written again after the age: what it had is gone.
    m.note("a", { kinds: { ...zero, probe: 0.6 }, extraction: 0.6 }, 2000 + CONVERSATION_MAX_AGE_MS);
    expect(m.get("a", 2000 + CONVERSATION_MAX_AGE_MS)).toEqual({ kinds: { ...zero, probe: 0.6 }, extraction: 0.6 });
    m.note("b", none, 5000);
    expect(m.get("b", 5000)).toBeNull();
  });

  it("keeps the newest CONVERSATION_KEEP by time then write order, and drops aged rows when it writes", () => {
    const m = new ConversationMemory();
    for (let i = 0; i < CONVERSATION_KEEP; i++) m.note(`c${i}`, cot, 10_000);
    // c0 is rewritten last at the same time: the oldest write is now c1.
    m.note("c0", cot, 10_000);
    m.note("new", cot, 10_000);
    expect(m.size).toBe(CONVERSATION_KEEP);
    expect(m.get("c1", 10_000)).toBeNull();
    expect(m.get("c0", 10_000)).not.toBeNull();
    expect(m.get("new", 10_000)).not.toBeNull();
    // An earlier time goes first whatever the write order.
    const t = new ConversationMemory();
    t.note("late", cot, 20_000);
    for (let i = 0; i < CONVERSATION_KEEP; i++) t.note(`e${i}`, cot, 10_000 + i);
    expect(t.get("late", 20_000)).not.toBeNull();
    expect(t.get("e0", 20_000)).toBeNull();
    // A write drops every row aged out at its time (e1 and e2, written at 10,001 and 10,002), not only the oldest.
    const at = 10_002 + CONVERSATION_MAX_AGE_MS;
    t.note("after", cot, at);
    expect(t.size).toBe(CONVERSATION_KEEP - 1);
    expect(t.get("e3", at)).not.toBeNull();
    expect(t.get("after", at)).not.toBeNull();
  });
});
