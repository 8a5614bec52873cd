/**
 * The replay's own types (../shared/contract/REPLAY.md). The engines see a
 * `ReplayRequest`: a traffic line without its `label`, which is the answer
 * key and must never reach the guard.
 */
import type { Action } from "../account/types.js";
import type { EventLine, TrafficLine } from "../sim/contract.js";
import type { Stage } from "./prepare.js";

export type ReplayRequest = Omit<TrafficLine, "label">;

/** A request without its body: what crosses from the first stage to the second. */
export type RequestHead = Omit<ReplayRequest, "body">;

/** What an engine decided for one request. */
export interface Outcome {
  action: Action;
  status: number;
  reasons: string[];
  /**
   * The account's behavioural state and risk after the request, when the
   * account object decided; absent when the request was refused before it
   * (invalid body, unknown key, blocklist), and the runner fills them in.
   */
  state?: string;
  risk?: number;
}

/** One line of decisions.jsonl, in the contract's field order. */
export interface DecisionLine {
  i: number;
  ts: number;
  action: Action;
  status: number;
  state: string;
  risk: number;
  reasons: string[];
}

/**
 * One traffic line on its way through a replay: the request (its body may
 * already be dropped when the node engine's first stage ran elsewhere, see
 * prepare.ts), the label (for the tally only; engines never read it), and
 * the line's length as a cheap upper bound of its body's size.
 */
export interface ReplayItem {
  req: RequestHead & { body?: ReplayRequest["body"] };
  label: string | null;
  lineLength: number;
  /** The node engine's first stage, when it already ran (src/cli/replay-pool.ts: on a worker thread or ahead on the main thread). */
  stage?: Stage;
}

export interface Engine {
  readonly name: "node" | "workerd";
  /** Requests it may have in flight at once (never two of one account); 1 when absent. */
  readonly concurrency?: number;
  /** An operator event, applied before the first request at or after its `ts`. */
  event(e: EventLine): Promise<void>;
  /**
   * The node engine answers at once, without a promise, once it has what it
   * needs (the replay awaits only what is pending: an await per request is a
   * good share of the main thread's time at tens of thousands a second).
   */
  decide(item: ReplayItem, i: number): Outcome | Promise<Outcome>;
  close(): Promise<void>;
}

/** An error in the input, naming the file and the 1-based line. */
export class InputError extends Error {
  constructor(readonly file: string, readonly line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = "InputError";
  }
}
