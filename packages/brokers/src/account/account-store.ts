/**
 * What the account core needs from durable storage: an append-only journal per account (the source of truth),
 * the latest snapshot, and the history projected from the journal (orders and executions, queried by page) so
 * that memory holds only what can still change. Every promise settles once the database has answered; an
 * append resolves only when its records are committed.
 */
import type { Execution, Order } from '@trading-pro/contracts';
import type { BrokerEvent } from '../broker.ts';

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

/** An event to append; order events of a placement carry the request's idempotency facts. */
export type StoredEvent = BrokerEvent & {
  /** Canonical request body of the `clientOrderId` this order answers (first version only). */
  readonly requestKey?: string;
  /** Error code of a business rejection, so a retried request gets the same answer. */
  readonly rejectCode?: string;
};

export interface AccountSnapshot {
  /** The last journal seq the snapshot includes. */
  readonly seq: number;
  readonly time: number;
  readonly data: unknown;
  /** `data` already serialized (by `stringifyInSlices`, without one long pause): stored as it is when given. */
  readonly json?: string;
}

export interface OrderQuery {
  readonly status?: number;
  readonly symbol?: string;
  /** At most this many (newest first). */
  readonly limit: number;
  /** Cursor from a previous page: only orders older than it. */
  readonly before?: string;
}

export interface ExecutionQuery {
  readonly symbol: string;
  readonly limit: number;
  readonly before?: string;
}

export interface Page<T> {
  readonly items: T[];
  /** Cursor of the next (older) page; absent on the last one. */
  readonly next?: string;
}

/** What a `clientOrderId` was used for. */
export interface ClientOrderRecord {
  readonly orderId: string;
  readonly requestKey?: string;
  readonly status: number;
  readonly rejectCode?: string;
  readonly rejectReason?: string;
}

export interface AccountStore {
  /**
   * Appends atomically (all or nothing); resolves with the records once committed, rejects when the commit fails.
   * Appends settle in the order they were made. With `expectedLastSeq` (the last seq the events were decided on,
   * counting appends still on their way) the append is refused unless the journal ends there: an append decided on
   * top of one that failed never commits.
   */
  append(accountId: string, events: readonly StoredEvent[], time: number, expectedLastSeq?: number): Promise<JournalRecord[]>;
  /**
   * Committed records after `afterSeq` (exclusive), oldest first, optionally only some routes, at most `limit`.
   * Read by route (a client's replay), records carry their `data` only, not the broker's `state`.
   */
  read(accountId: string, afterSeq: number, options?: { readonly routes?: readonly JournalRoute[]; readonly limit?: number; readonly upToSeq?: number }): Promise<JournalRecord[]>;
  /** The seq of the last committed record of the account (0 when empty). */
  lastSeq(accountId: string): Promise<number>;
  saveSnapshot(accountId: string, snapshot: AccountSnapshot): Promise<void>;
  loadSnapshot(accountId: string): Promise<AccountSnapshot | undefined>;
  /** Orders, newest first, latest version of each. */
  orders(accountId: string, query: OrderQuery): Promise<Page<Order>>;
  order(accountId: string, orderId: string): Promise<Order | undefined>;
  clientOrder(accountId: string, clientOrderId: string): Promise<ClientOrderRecord | undefined>;
  /** Executions of one symbol, newest first. */
  executions(accountId: string, query: ExecutionQuery): Promise<Page<Execution>>;
  hasExecution(accountId: string, executionId: string): Promise<boolean>;
}
