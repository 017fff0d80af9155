/**
 * Journal on SQLite (`node:sqlite`) in WAL mode. `synchronous=NORMAL` (default) makes every committed
 * append survive a process crash (kill -9); `full` also survives power loss at the cost of an fsync per commit.
 * Appends join an open transaction that commits on the next turn of the event loop (group commit), so many
 * concurrent requests cost one commit; callers answer only after `durable()`.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { BrokerEvent } from '@trading-pro/brokers';
import type { Journal, JournalRecord, JournalRoute } from './journal.ts';

const COLUMNS = 6;
/** Well under SQLite's limit of 32,766 bound parameters per statement. */
const MAX_ROWS_PER_STATEMENT = 500;

interface Row {
  account_id: string;
  seq: number;
  time: number;
  route: string;
  data: string;
  state: string | null;
}

export class SqliteJournal implements Journal {
  readonly #db: DatabaseSync;
  /** Multi-row INSERT statements by row count (one native call per append). */
  readonly #inserts = new Map<number, StatementSync>();
  readonly #readAll: StatementSync;
  readonly #last: StatementSync;
  readonly #lastSeq = new Map<string, number>();
  #open = false;
  #waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];

  constructor(path: string, options: { sync?: 'normal' | 'full' } = {}) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#db = new DatabaseSync(path);
    this.#db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = ${options.sync === 'full' ? 'FULL' : 'NORMAL'};
      PRAGMA busy_timeout = 5000;
      CREATE TABLE IF NOT EXISTS account_events (
        account_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        time INTEGER NOT NULL,
        route TEXT NOT NULL,
        data TEXT NOT NULL,
        state TEXT,
        PRIMARY KEY (account_id, seq)
      ) WITHOUT ROWID;
    `);
    this.#readAll = this.#db.prepare('SELECT * FROM account_events WHERE account_id = ? AND seq > ? ORDER BY seq LIMIT ?');
    this.#last = this.#db.prepare('SELECT MAX(seq) AS seq FROM account_events WHERE account_id = ?');
  }

  append(accountId: string, events: readonly BrokerEvent[], time: number): JournalRecord[] {
    if (events.length === 0) return [];
    const first = this.lastSeq(accountId);
    let seq = first;
    const records: JournalRecord[] = [];
    const values: (string | number | null)[] = [];
    for (const event of events) {
      seq += 1;
      const state = event.state === undefined ? null : JSON.stringify(event.state);
      values.push(accountId, seq, time, event.route, JSON.stringify(event.data), state);
      records.push(
        event.state === undefined
          ? { accountId, seq, time, route: event.route, data: event.data }
          : { accountId, seq, time, route: event.route, data: event.data, state: event.state },
      );
    }
    this.#begin();
    this.#insertRows(values, events.length);
    this.#lastSeq.set(accountId, seq);
    return records;
  }

  /**
   * Inserts the rows in as few statements as the parameter limit allows; the batch goes in whole or not at all,
   * and earlier appends of the open transaction stay either way.
   */
  #insertRows(values: readonly (string | number | null)[], rows: number): void {
    if (rows <= MAX_ROWS_PER_STATEMENT) {
      this.#insertStatement(rows).run(...values);
      return;
    }
    this.#db.exec('SAVEPOINT append');
    try {
      for (let first = 0; first < rows; first += MAX_ROWS_PER_STATEMENT) {
        const count = Math.min(MAX_ROWS_PER_STATEMENT, rows - first);
        this.#insertStatement(count).run(...values.slice(first * COLUMNS, (first + count) * COLUMNS));
      }
      this.#db.exec('RELEASE append');
    } catch (error) {
      this.#db.exec('ROLLBACK TO append');
      this.#db.exec('RELEASE append');
      throw error;
    }
  }

  #insertStatement(rows: number): StatementSync {
    let statement = this.#inserts.get(rows);
    if (statement === undefined) {
      const placeholders = Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?)').join(', ');
      statement = this.#db.prepare(`INSERT INTO account_events (account_id, seq, time, route, data, state) VALUES ${placeholders}`);
      if (rows <= 64) this.#inserts.set(rows, statement);
    }
    return statement;
  }

  durable(): Promise<void> {
    if (!this.#open) return Promise.resolve();
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  #begin(): void {
    if (this.#open) return;
    this.#db.exec('BEGIN IMMEDIATE');
    this.#open = true;
    setImmediate(this.#commit);
  }

  readonly #commit = (): void => {
    if (!this.#open) return;
    const waiting = this.#waiting;
    this.#waiting = [];
    this.#open = false;
    try {
      this.#db.exec('COMMIT');
    } catch (error) {
      try {
        this.#db.exec('ROLLBACK');
      } catch {
        // the transaction is already gone
      }
      this.#lastSeq.clear();
      for (const w of waiting) w.reject(error);
      return;
    }
    for (const w of waiting) w.resolve();
  };

  read(accountId: string, afterSeq: number, options: { routes?: readonly JournalRoute[]; limit?: number } = {}): JournalRecord[] {
    // Readers see only committed records: nothing is replayed that a crash could still take back.
    this.#commit();
    const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
    const routes = options.routes ? new Set<string>(options.routes) : undefined;
    const out: JournalRecord[] = [];
    let cursor = afterSeq;
    // Page through so a long history never materializes at once when a small limit is asked.
    while (out.length < limit) {
      const rows = this.#readAll.all(accountId, cursor, 5000) as unknown as Row[];
      if (rows.length === 0) break;
      for (const row of rows) {
        cursor = row.seq;
        if (routes && !routes.has(row.route)) continue;
        out.push(toRecord(row));
        if (out.length >= limit) break;
      }
      if (rows.length < 5000) break;
    }
    return out;
  }

  lastSeq(accountId: string): number {
    let seq = this.#lastSeq.get(accountId);
    if (seq === undefined) {
      const row = this.#last.get(accountId) as { seq: number | null } | undefined;
      seq = row?.seq ?? 0;
      this.#lastSeq.set(accountId, seq);
    }
    return seq;
  }

  close(): void {
    this.#commit();
    if (this.#db.isOpen) this.#db.close();
  }
}

function toRecord(row: Row): JournalRecord {
  const base = { accountId: row.account_id, seq: row.seq, time: row.time, route: row.route as JournalRoute, data: JSON.parse(row.data) as unknown };
  return row.state === null ? base : { ...base, state: JSON.parse(row.state) as unknown };
}
