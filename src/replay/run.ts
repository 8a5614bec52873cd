/**
 * The replay loop (REPLAY.md), shared by both engines: traffic in file
 * order, operator events applied before the first request at or after their
 * time, one decision line per traffic line. The engine sees the request
 * without its label; the tally (the summary's input) gets the label.
 *
 * A request refused before its account object decided (invalid body:
 * 400/413/415; unknown key: 401; method: 405; path outside /v1/: 404;
 * blocklist hit: 403) is written as action `block` with the real status and
 * the error code as its reason (a refusal is not served, so it counts as a
 * hard action in scoring), with the account's last known state and risk —
 * or, before its first decision, the state its identity starts in —
 * and `"unknown"` / 0 for a key no account has.
 */
import type { EventLine } from "../sim/contract.js";
import type { ReplayAccount } from "./inputs.js";
import { parseTraffic } from "./inputs.js";
import { Tally } from "./score.js";
import { InputError, type DecisionLine, type Engine, type Outcome, type ReplayItem } from "./types.js";

export interface RunOptions {
  engine: Engine;
  byKey: ReadonlyMap<string, ReplayAccount>;
  events: readonly EventLine[];
  /**
   * The traffic, in file order (trafficItems, or the node engine's first
   * stage run elsewhere), one item or a batch of them at a time: a batch is
   * gone through without an await per item.
   */
  items: AsyncIterable<ReplayItem | readonly ReplayItem[]> | Iterable<ReplayItem | readonly ReplayItem[]>;
  /** Receives the decision lines, newline-terminated, in batches. */
  write(chunk: string): void | Promise<void>;
  progress?(lines: number, ts: number): void;
  warn?(message: string): void;
  /** How long an unverified account stays on probation (policy.machine.probationMs). */
  probationMs: number;
}

const BATCH = 512;

interface Pending {
  i: number;
  ts: number;
  label: string | null;
  account: ReplayAccount | null;
  outcome: Promise<Outcome>;
}

/**
 * Requests may be in flight together (engine.concurrency, the workerd
 * engine), but never two of one account, and never across an operator
 * event; lines are written, and refusals filled in, strictly in order. So
 * the decisions are the same whatever the concurrency.
 */
export async function runReplay(o: RunOptions): Promise<{ tally: Tally; lines: number }> {
  const tally = new Tally();
  const last = new Map<string, { state: string; risk: number }>();
  const tail = new Map<string, Promise<unknown>>();
  const queue: Pending[] = [];
  const concurrency = Math.max(1, o.engine.concurrency ?? 1);
  let nextEvent = 0;
  let i = 0;
  let out: string[] = [];

  /** Write one decided request's line (strictly in order). */
  const emit = (p: Omit<Pending, "outcome">, outcome: Outcome): Promise<void> | void => {
    let state: string;
    let risk: number;
    if (outcome.state !== undefined && outcome.risk !== undefined) {
      state = outcome.state;
      risk = outcome.risk;
      if (p.account) last.set(p.account.id, { state, risk });
    } else if (p.account) {
      const known = last.get(p.account.id);
      const a = p.account.info;
      state = known?.state ?? (!a.verified && p.ts - a.createdAt < o.probationMs ? "probation" : "trusted");
      risk = known?.risk ?? 0;
    } else {
      state = "unknown";
      risk = 0;
    }
    // REPLAY.md gives reasons "for any action other than allow": an allowed request's line has none, though the engine
    // may have noted some (a conversation's or a response chain's inherited scores; the audit trail keeps them).
    const reasons = outcome.action !== "allow" || outcome.reasons.length === 0 ? outcome.reasons : [];
    const line: DecisionLine = { i: p.i, ts: p.ts, action: outcome.action, status: outcome.status, state, risk, reasons };
    out.push(JSON.stringify(line));
    tally.add(p.label, p.account?.id ?? null, outcome.action);
    if (o.progress && (p.i + 1) % 5000 === 0) o.progress(p.i + 1, p.ts);
    if (out.length >= BATCH) {
      const chunk = out.join("\n") + "\n";
      out = [];
      return o.write(chunk);
    }
  };
  const flushOne = async (): Promise<void> => {
    const p = queue.shift()!;
    await emit(p, await p.outcome);
  };

  for await (const got of o.items) {
    const batch: readonly ReplayItem[] = Array.isArray(got) ? got : [got as ReplayItem];
    for (let b = 0; b < batch.length; b++) {
      const item = batch[b]!;
      const { req, label } = item;
      while (nextEvent < o.events.length && o.events[nextEvent]!.ts <= req.ts) {
        while (queue.length > 0) await flushOne();
        await o.engine.event(o.events[nextEvent++]!);
      }
      const account = o.byKey.get(req.apiKey) ?? null;
      const n = i++;
      if (concurrency === 1) {
        // One request at a time (the node engine): nothing to order, so no queue, and an await only for what is pending.
        const decided = o.engine.decide(item, n);
        const w = emit({ i: n, ts: req.ts, label, account }, decided instanceof Promise ? await decided : decided);
        if (w) await w;
        continue;
      }
      const key = account ? `a:${account.id}` : `k:${req.apiKey}`;
      const outcome = (tail.get(key) ?? Promise.resolve()).then(() => o.engine.decide(item, n));
      outcome.catch(() => undefined); // awaited in order by flushOne; this only keeps an aborted run quiet
      tail.set(key, outcome.catch(() => undefined));
      queue.push({ i: n, ts: req.ts, label, account, outcome });
      while (queue.length >= concurrency) await flushOne();
    }
  }
  while (queue.length > 0) await flushOne();
  if (out.length > 0) await o.write(out.join("\n") + "\n");
  return { tally, lines: i };
}

/**
 * Traffic lines (with their 1-based numbers) to replay items. `i` is a
 * line's index in the file, so an empty line between requests is an input
 * error; trailing empty lines are ignored.
 */
export async function* trafficItems(lines: AsyncIterable<[string, number]> | Iterable<[string, number]>, file: string): AsyncGenerator<ReplayItem> {
  for await (const [text, lineNo] of nonEmpty(lines, file)) {
    const { req, label } = parseTraffic(text, file, lineNo);
    yield { req, label, lineLength: text.length };
  }
}

export async function* nonEmpty(lines: AsyncIterable<[string, number]> | Iterable<[string, number]>, file: string): AsyncGenerator<[string, number]> {
  let blank = 0;
  for await (const [text, lineNo] of lines) {
    if (text.trim() === "") {
      blank ||= lineNo;
      continue;
    }
    if (blank) throw new InputError(file, blank, "empty line (every line must be one request)");
    yield [text, lineNo];
  }
}
