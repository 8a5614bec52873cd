/**
 * Keeps one account's traffic inside a rolling-window request and token
 * budget by delaying requests, as a well-behaved client with a rate limiter
 * would. Legitimate actors pace themselves below their contract limits (the
 * contract promises them they are never throttled for volume alone); some
 * campaigns pace just under their tier to stay unnoticed.
 */
import { contractLimits, type AccountLine } from "./contract.js";

/** A little over the contract's 60 s so boundary rounding can never count against a client. */
const WINDOW_MS = 61_000;

export class Pacer {
  private readonly ts: number[] = [];
  private readonly tokens: number[] = [];
  private head = 0;
  private sum = 0;

  /** `share` of the account's contract limits (tier or baseline) at each moment. */
  constructor(private readonly account: AccountLine, private readonly share: number) {}

  /**
   * Earliest time at or after `ts` (and after the previous request: a client
   * sends in order) when a request of `tokens` fits the budget; records it.
   */
  admit(ts: number, tokens: number): number {
    let t = Math.max(ts, this.ts[this.ts.length - 1] ?? ts);
    for (;;) {
      this.expire(t);
      const lim = contractLimits(this.account, t);
      const rpm = Math.max(1, Math.floor(lim.rpm * this.share));
      const tpm = lim.tpm * this.share;
      const count = this.ts.length - this.head;
      if (count === 0 || (count + 1 <= rpm && this.sum + tokens <= tpm)) break;
      t = Math.max(t, (this.ts[this.head] as number) + WINDOW_MS);
    }
    this.ts.push(t);
    this.tokens.push(tokens);
    this.sum += tokens;
    if (this.head > 4096) this.compact();
    return t;
  }

  private expire(t: number): void {
    while (this.head < this.ts.length && (this.ts[this.head] as number) <= t - WINDOW_MS) {
      this.sum -= this.tokens[this.head] as number;
      this.head++;
    }
  }

  private compact(): void {
    this.ts.splice(0, this.head);
    this.tokens.splice(0, this.head);
    this.head = 0;
  }
}
