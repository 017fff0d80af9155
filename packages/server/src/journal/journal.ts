/** The durable, append-only log of account events; the source of truth for state and WebSocket resume. */
import type { BrokerEvent } from '@trading-pro/brokers';

export type JournalRoute = BrokerEvent['route'];

/** One appended event: its position (`seq`, per account, strictly increasing) and when it was written. */
export interface JournalRecord {
  readonly accountId: string;
  readonly seq: number;
  readonly time: number;
  readonly route: JournalRoute;
  readonly data: unknown;
  readonly state?: unknown;
}

export interface Journal {
  /**
   * Appends atomically (all or nothing) and returns the records with their seq. The records are durable once
   * `durable()` resolves: appends made in the same turn of the event loop share one commit (group commit).
   */
  append(accountId: string, events: readonly BrokerEvent[], time: number): JournalRecord[];
  /** Resolves when everything appended so far is committed; rejects if that commit failed. */
  durable(): Promise<void>;
  /** Records after `afterSeq` (exclusive), oldest first, optionally only some routes, at most `limit`. */
  read(accountId: string, afterSeq: number, options?: { routes?: readonly JournalRoute[]; limit?: number }): JournalRecord[];
  /** The seq of the last record of the account (0 when empty). */
  lastSeq(accountId: string): number;
  close(): void;
}
