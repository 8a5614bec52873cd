/**
 * Decisions are data (STYLE.md): what the account object returns for each
 * request, and what it is given to decide on.
 */
import type { Endpoint } from "../dialects/types.js";
import type { Signals } from "../detect/types.js";
import type { LimitCheck } from "../limits/window.js";
import type { FingerprintHit } from "./campaign-intel.js";
import type { AccountInfo } from "./record.js";

export const ACTIONS = ["allow", "degrade", "throttle", "challenge", "block"] as const;
export type Action = (typeof ACTIONS)[number];

export const ACTION_STATUS: Record<Action, number> = {
  allow: 200, degrade: 200, throttle: 429, challenge: 403, block: 403,
};

/** Client network fingerprint taken from request.cf and headers. */
export interface ClientFingerprint {
  ip: string;
  asn: number | null;
  country: string | null;
  ja4: string | null;
  userAgent: string | null;
}

export interface RequestObservation {
  /** Request id (also the reservation id). */
  id: string;
  account: AccountInfo;
  endpoint: Endpoint | "other";
  model: string | null;
  /** Estimated input tokens. */
  inputTokens: number;
  /** Output tokens to reserve (min(max tokens, cap) or the default). */
  outputReserve: number;
  /** Per-request signals; null for non-model paths (GET /v1/models). */
  signals: Signals | null;
  client: ClientFingerprint;
  /**
   * When `model` was announced as released (admin `POST /_guard/releases`,
   * or a replay's `model-release` event); null or absent when it was not.
   */
  modelReleasedAt?: number | null;
  /**
   * Fingerprint blocklist entries (templateFp, systemFp, networkFp) this
   * request matched at the edge; absent or empty when none did.
   */
  fingerprintHits?: FingerprintHit[];
  /**
   * A campaign's published exit address this request came from, held at the
   * edge for the account object to judge (intel/match.ts entryEffect "hold":
   * an account at least campaign.youngDays old that is not established):
   * evidence if the account is trusted, else a block (machine.ts
   * judgeHeldExit). Absent otherwise, and in shadow mode.
   */
  heldExit?: FingerprintHit;
  /**
   * A replay only: the usage the record reports for this very request.
   * REPLAY.md counts a request's tokens by the origin's report, so a replay
   * admits it with those instead of its reservation (input and the capped
   * max output); live, the output is not known before it is produced, and
   * the reservation is reconciled with the report afterwards.
   */
  recordedUsage?: { input: number; output: number };
  /**
   * The hash (ParsedRequest.previousResponse) of the Responses
   * `previous_response_id` this request continues; absent when none. The
   * account object looks it up in its chain memory (chain.ts). The replay
   * never sets it: its records carry no response ids.
   */
  previousResponse?: string;
  /**
   * The hash (ParsedRequest.conversation) of the conversation this Responses
   * request names; absent when none. The account object merges in what that
   * conversation remembers (conversation.ts) and remembers this input in it.
   */
  conversation?: string;
  /**
   * Set (chain.ts withInherited) when the request continues what the account's object remembers: a response it
   * served (`previousResponse`) or a conversation it named (`conversation`). Its own input is one turn, so its shape
   * stays single-turn; only the critique-loop count (features.ts loops) reads it as a conversation's turn.
   */
  continues?: boolean;
}

export interface Decision {
  /** What the guard decided. In shadow mode this is recorded, not applied. */
  action: Action;
  /** HTTP status the client gets when `action` is applied. */
  status: number;
  /** Machine-readable reason codes; empty for a plain allow. */
  reasons: string[];
  /** Behavioural state after this request. */
  state: string;
  /** Account risk in [0, 1] after this request. */
  risk: number;
  /**
   * The risk without cross-account evidence (the campaign family): what the
   * account's own behaviour says. The campaign index is told this one, so
   * that its findings never feed back into its own evidence.
   */
  ownRisk?: number;
  /**
   * The account's own stream shows how it operates by its network or its hours: more than three addresses or two TLS
   * clients, or activity in every eight hours; not a machine's regular pace alone (account/behaviour.ts operatesByNetworkOrHours).
   * Told to the campaign index (CampaignReport.operates).
   */
  operates?: boolean;
  /** False in shadow mode: the caller serves the request as if allowed. */
  enforced: boolean;
  /** Reservation to settle later; null when nothing was admitted. */
  reservationId: string | null;
  limit: LimitCheck;
  /**
   * Set on the block of a held exit (RequestObservation.heldExit) the account
   * object did not trust: the edge's block, given by the object, which
   * decided nothing else and changed no state. The request is not reported
   * to the campaign index, as an edge block is not.
   */
  heldExit?: true;
}
