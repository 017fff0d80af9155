/** What both SQL stores share: journal rows as records, storage health, and the cursor paging of the history lists. */
import type { JournalRecord, JournalRoute, Page } from '@trading-pro/brokers';

export interface StorageHealth {
  readonly status: 'ok' | 'failing';
  readonly message?: string;
}

/** A row of `account_events` (PostgreSQL returns its bigints as strings). */
export interface EventRow {
  account_id: string;
  seq: number | string;
  time: number | string;
  route: string;
  data: string;
  state: string | null;
}

export function toRecord(row: EventRow): JournalRecord {
  const base = { accountId: row.account_id, seq: Number(row.seq), time: Number(row.time), route: row.route as JournalRoute, data: JSON.parse(row.data) as unknown };
  return row.state === null ? base : { ...base, state: JSON.parse(row.state) as unknown };
}

/** A `before` cursor (a seq); anything else starts from the newest. */
export function cursorOf(before: string): number {
  const value = Number(before);
  return Number.isSafeInteger(value) && value > 0 ? value : 0;
}

/** One page of `limit` items from `limit + 1` rows, with the next cursor when there is more. */
export function pageOf<R, T>(rows: readonly R[], limit: number, item: (row: R) => T, cursor: (row: R) => number): Page<T> {
  const items = rows.slice(0, limit).map(item);
  const last = rows[limit - 1];
  return rows.length > limit && last !== undefined ? { items, next: String(cursor(last)) } : { items };
}
