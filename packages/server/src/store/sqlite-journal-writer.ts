/**
 * The write side of the SQLite account store: one transaction per batch of journal rows, with the accounts it
 * numbers, the order and execution history projected from earlier batches, and the snapshots of the same turn. It
 * runs on the event loop or on the store's writer thread; a batch commits whole or not at all.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { transaction } from './sqlite-schema.ts';

/** Flat rows, so a batch crosses to the writer thread as arrays of primitives. */
export interface WriteBatch {
  /** id (the journal's key), time, route, data, state, request_key, reject_code */
  readonly events: (string | number | null)[];
  /** account_id, number, projected_seq: an account numbered in this batch, or how far its history is projected */
  readonly accounts: (string | number)[];
  /** account_id, order_id, first_seq, seq, client_order_id, request_key, reject_code, status, symbol */
  readonly orders: (string | number | null)[];
  /** account_id, execution_id, seq, symbol */
  readonly executions: (string | number)[];
  /** account_id, seq, time, data */
  readonly snapshots: (string | number)[];
}

/**
 * An order's row takes the seq, status and symbol of its latest version; `first_seq` is kept from the first insert
 * (this branch does not touch it), and so are the idempotency facts.
 */
export const ORDER_CONFLICT = `ON CONFLICT (account_id, order_id) DO UPDATE SET
  seq = excluded.seq, status = excluded.status, symbol = excluded.symbol,
  client_order_id = COALESCE(account_orders.client_order_id, excluded.client_order_id),
  request_key = COALESCE(account_orders.request_key, excluded.request_key),
  reject_code = COALESCE(account_orders.reject_code, excluded.reject_code)`;

export const EVENT_COLUMNS = 7;
export const ACCOUNT_COLUMNS = 3;
export const ORDER_COLUMNS = 9;
export const EXECUTION_COLUMNS = 4;
export const SNAPSHOT_COLUMNS = 4;

/** Rows per insert statement; one prepared statement per row count up to this is kept. */
const MAX_ROWS_PER_STATEMENT = 64;

export interface WriterOptions {
  readonly sync?: 'normal' | 'full';
  /** WAL pages after which a commit checkpoints the log (0: never). */
  readonly checkpointPages: number;
}

/**
 * `synchronous=NORMAL` keeps every commit through a process crash (kill -9); `FULL` also through power loss, at
 * the cost of an fsync per commit. The log file is truncated back to 1 MiB when it starts afresh after a checkpoint.
 */
export function configureWriter(db: DatabaseSync, options: WriterOptions): void {
  db.exec(`
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = ${options.sync === 'full' ? 'FULL' : 'NORMAL'};
    PRAGMA busy_timeout = 50;
    PRAGMA journal_size_limit = 1048576;
    PRAGMA wal_autocheckpoint = ${Math.max(0, Math.floor(options.checkpointPages))};
  `);
}

export class SqliteJournalWriter {
  readonly #db: DatabaseSync;
  readonly #insertEvents: RowsStatement;
  readonly #saveAccounts: RowsStatement;
  readonly #upsertOrders: RowsStatement;
  readonly #insertExecutions: RowsStatement;
  readonly #saveSnapshots: RowsStatement;
  readonly #probe: StatementSync;
  #failedGeneration: number | undefined;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#insertEvents = new RowsStatement(db, EVENT_COLUMNS, (values) => `INSERT INTO journal (id, time, route, data, state, request_key, reject_code) VALUES ${values}`);
    this.#saveAccounts = new RowsStatement(
      db,
      ACCOUNT_COLUMNS,
      (values) => `
      INSERT INTO store_accounts (account_id, number, projected_seq) VALUES ${values}
      ON CONFLICT (account_id) DO UPDATE SET projected_seq = MAX(store_accounts.projected_seq, excluded.projected_seq)`,
    );
    // SQLite applies the rows one by one, so an order twice in one statement ends at its second version.
    this.#upsertOrders = new RowsStatement(
      db,
      ORDER_COLUMNS,
      (values) => `
      INSERT INTO account_orders (account_id, order_id, first_seq, seq, client_order_id, request_key, reject_code, status, symbol)
      VALUES ${values}
      ${ORDER_CONFLICT}`,
    );
    this.#insertExecutions = new RowsStatement(db, EXECUTION_COLUMNS, (values) => `INSERT OR IGNORE INTO account_executions (account_id, execution_id, seq, symbol) VALUES ${values}`);
    this.#saveSnapshots = new RowsStatement(db, SNAPSHOT_COLUMNS, (values) => `INSERT OR REPLACE INTO account_snapshots (account_id, seq, time, data) VALUES ${values}`);
    this.#probe = db.prepare("INSERT OR REPLACE INTO store_meta (key, value) VALUES ('probe', ?)");
  }

  /**
   * Commits the batch, or throws with nothing of it kept. Batches come numbered by generation: once one fails, the
   * rest of its generation (sent before the failure was known, so decided on top of it) are refused unwritten.
   */
  write(batch: WriteBatch, generation = 0): void {
    if (this.#failedGeneration === generation) throw new Error('refused: an earlier batch of this generation failed to commit');
    try {
      this.#commit(batch);
    } catch (error) {
      this.#failedGeneration = generation;
      throw error;
    }
  }

  #commit(batch: WriteBatch): void {
    transaction(this.#db, () => {
      this.#saveAccounts.run(batch.accounts);
      this.#insertEvents.run(batch.events);
      this.#upsertOrders.run(batch.orders);
      this.#insertExecutions.run(batch.executions);
      this.#saveSnapshots.run(batch.snapshots);
    });
  }

  /**
   * Copies the log into the database and syncs both, without waiting for writers: commits may go on meanwhile (the
   * store checkpoints once more while holding them back, so that the next commit starts the log afresh).
   */
  checkpoint(): void {
    this.#db.exec('PRAGMA wal_checkpoint(PASSIVE)');
  }

  /** A small write that tells whether writes work again. */
  probe(time: number): void {
    transaction(this.#db, () => this.#probe.run(String(time)));
  }
}

/** One insert for many rows: a prepared statement per row count (up to MAX_ROWS_PER_STATEMENT), each kept. */
class RowsStatement {
  readonly #db: DatabaseSync;
  readonly #columns: number;
  readonly #sql: (values: string) => string;
  readonly #byRows: (StatementSync | undefined)[] = [];

  constructor(db: DatabaseSync, columns: number, sql: (values: string) => string) {
    this.#db = db;
    this.#columns = columns;
    this.#sql = sql;
  }

  /** Inserts the flat `values` (`columns` per row). */
  run(values: readonly (string | number | null)[]): void {
    const rows = values.length / this.#columns;
    for (let first = 0; first < rows; first += MAX_ROWS_PER_STATEMENT) {
      const count = Math.min(MAX_ROWS_PER_STATEMENT, rows - first);
      const slice = count === rows ? values : values.slice(first * this.#columns, (first + count) * this.#columns);
      this.#statement(count).run(...slice);
    }
  }

  #statement(rows: number): StatementSync {
    let statement = this.#byRows[rows];
    if (statement === undefined) {
      const row = `(${Array.from({ length: this.#columns }, () => '?').join(', ')})`;
      statement = this.#db.prepare(this.#sql(Array.from({ length: rows }, () => row).join(', ')));
      this.#byRows[rows] = statement;
    }
    return statement;
  }
}
