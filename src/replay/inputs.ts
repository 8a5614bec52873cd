/**
 * Reading the replay's inputs line by line with the contract's own schemas
 * (src/sim/contract.ts), and turning account lines into what the guard
 * stores. An account line the guard's admin API would refuse (a key longer
 * than 512 characters, an id with spaces) is an input error here too, so both
 * engines load exactly the same accounts.
 */
import { AccountId, AccountUpsert, Baseline, type AccountInfo } from "../account/record.js";
import { isObj } from "../dialects/json-checks.js";
import { AccountLine, contractValue, EventLine, TrafficLine, isCommonTrafficLine, parseContractLine, parseJsonLine, trafficHead, trafficLineFast } from "../sim/contract.js";
import { InputError, type ReplayRequest, type RequestHead } from "./types.js";

export interface ReplayAccount {
  id: string;
  /** What the workerd engine sends to `PUT /_guard/accounts/:id`. */
  upsert: AccountUpsert;
  /** What the node engine hands the decision core. */
  info: AccountInfo;
}

function wrap<T>(file: string, line: number, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof InputError) throw err;
    const msg = (err as Error).message;
    const prefix = `${file}:${line}: `;
    throw new InputError(file, line, msg.startsWith(prefix) ? msg.slice(prefix.length) : msg);
  }
}

export function parseAccount(text: string, file: string, line: number): ReplayAccount {
  return wrap(file, line, () => {
    const a = parseContractLine(AccountLine, text, file, line);
    const id = AccountId.safeParse(a.account);
    if (!id.success) throw new InputError(file, line, `account: ${id.error.issues[0]?.message ?? "invalid id"}`);
    const parsed = AccountUpsert.safeParse({
      ...(a.org !== undefined ? { org: a.org } : {}),
      tier: a.tier, verified: a.verified, createdAt: a.createdAt,
      baseline: a.baseline ? Baseline.parse({ ...a.baseline, until: a.baseline.until ?? null }) : null,
      apiKeys: a.apiKeys,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(file, line, `${issue?.path.join(".") || "account"}: ${issue?.message ?? "invalid"} (the guard would refuse this account)`);
    }
    const u = parsed.data;
    return {
      id: id.data,
      upsert: u,
      info: {
        id: id.data, org: u.org ?? null, tier: a.tier, verified: a.verified, createdAt: a.createdAt,
        baseline: u.baseline ?? null, mode: null,
      },
    };
  });
}

/** All accounts, and the key → account index (a key listed twice is an error: the live system could not tell them apart). */
export function indexAccounts(lines: Iterable<[string, number]>, file: string): { accounts: ReplayAccount[]; byKey: Map<string, ReplayAccount> } {
  const accounts: ReplayAccount[] = [];
  const byKey = new Map<string, ReplayAccount>();
  const ids = new Set<string>();
  for (const [text, line] of lines) {
    if (text.trim() === "") continue;
    const a = parseAccount(text, file, line);
    if (ids.has(a.id)) throw new InputError(file, line, `account "${a.id}" appears twice`);
    ids.add(a.id);
    for (const k of a.upsert.apiKeys ?? []) {
      if (byKey.has(k)) throw new InputError(file, line, `an API key of "${a.id}" already belongs to "${byKey.get(k)!.id}"`);
      byKey.set(k, a);
    }
    accounts.push(a);
  }
  return { accounts, byKey };
}

/**
 * The events, sorted by time. An event of a type this project does not know
 * (REPLAY.md names the model release as an example, so other producers may
 * write others) is skipped and reported by line through `warn`, rather than
 * guessed at or made to stop the replay; a known type with a malformed field
 * is an input error. A model release that names its models in a list
 * (`"models": [..]`) instead of one event per name is read as those events.
 */
export function parseEvents(lines: Iterable<[string, number]>, file: string, warn: (message: string) => void = () => {}): EventLine[] {
  const out: { e: EventLine; line: number }[] = [];
  for (const [text, line] of lines) {
    if (text.trim() === "") continue;
    const raw = wrap(file, line, () => parseJsonLine(text, file, line));
    const type = isObj(raw) && typeof raw.type === "string" ? raw.type : null;
    if (type !== null && !EVENT_TYPES.has(type)) {
      warn(`${file}:${line}: event type ${JSON.stringify(type.slice(0, 64))} is not one the guard knows (${[...EVENT_TYPES].join(", ")}); skipped`);
      continue;
    }
    // One event per listed model (the schema strips `models`), else the line itself.
    const each = isObj(raw) && type === "model-release" && !("model" in raw) && Array.isArray(raw.models)
      ? raw.models.map((model: unknown) => ({ ...raw, model }))
      : [raw];
    for (const e of each) out.push({ e: wrap(file, line, () => contractValue(EventLine, e, file, line)), line });
  }
  // Stable: events at the same instant keep their file order.
  return out.sort((a, b) => a.e.ts - b.e.ts || a.line - b.line).map((x) => x.e);
}

const EVENT_TYPES: ReadonlySet<string> = new Set(EventLine.options.map((o) => o.shape.type.value));

/** One traffic line: the request the engines see, and the label only the summary reads. */
export function parseTraffic(text: string, file: string, line: number): { req: ReplayRequest; label: string | null } {
  return wrap(file, line, () => {
    // The fast path gives zod's very output for the common valid line, and zod handles the rest.
    const { label, ...req } = parseContractLine(TrafficLine, text, file, line, trafficLineFast);
    return { req, label: label ?? null };
  });
}

/** A common line stands in for zod's output as it is: trafficHead, body and label read the same from both. */
const commonAsIs = (raw: unknown) => (isCommonTrafficLine(raw) ? (raw as TrafficLine) : undefined);

/**
 * One traffic line in the parts the node engine's first stage takes: the
 * request without its body (all the second stage reads), the body, and the
 * label. The values of parseTraffic, built once instead of copied three
 * times (zod's output, then without the label, then without the body).
 */
export function parseTrafficParts(text: string, file: string, line: number): { head: RequestHead; body: ReplayRequest["body"]; label: string | null } {
  return wrap(file, line, () => {
    const t = parseContractLine(TrafficLine, text, file, line, commonAsIs);
    return { head: trafficHead(t), body: t.body, label: t.label ?? null };
  });
}
