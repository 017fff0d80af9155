/**
 * The account store on SQLite (`node:sqlite`) in WAL mode: the journal, snapshots, and the order and execution
 * history projected from the journal in the same transaction. Appends of one event-loop turn share one
 * transaction that commits on the next turn (group commit); each append's promise settles with that commit, and
 * a failure anywhere in the transaction fails every append in it (nothing of them is kept). Reads use a second
 * connection, so they see only committed data and never wait for a writer.
 *
 * `synchronous=NORMAL` (default) keeps every commit through a process crash (kill -9); `full` also through power
 * loss, at the cost of an fsync per commit. The write-ahead log is checkpointed and truncated at 1 MiB so the
 * store works on a small disk.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Execution, Order } from '@trading-pro/contracts';
import type {
  AccountSnapshot,
  AccountStore,
  ClientOrderRecord,
  ExecutionQuery,
  JournalRecord,
  JournalRoute,
  OrderQuery,
  Page,
  StoredEvent,
} from '@trading-pro/brokers';
import { migrate } from './sqlite-schema.ts';

const EVENT_COLUMNS = 6;
/** Well under SQLite's limit of 32,766 bound parameters per statement. */
const MAX_ROWS_PER_STATEMENT = 500;
const READ_PAGE = 5_000;

export interface StorageHealth {
  readonly status: 'ok' | 'failing';
  readonly message?: string;
}

interface EventRow {
  account_id: string;
  seq: number;
  time: number;
  route: string;
  data: string;
  state: string | null;
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface OrderProjection {
  readonly order: Order;
  /** Seq of the order's first event in this append (kept only when the order is new to the store). */
  readonly firstSeq: number;
  readonly seq: number;
  readonly requestKey: string | null;
  readonly rejectCode: string | null;
}

export class SqliteAccountStore implements AccountStore {
  readonly #db: DatabaseSync;
  readonly #reader: DatabaseSync;
  readonly #inserts = new Map<number, StatementSync>();
  readonly #statements: Record<
    'last' | 'readRange' | 'upsertOrder' | 'insertExecution' | 'saveSnapshot' | 'loadSnapshot' | 'order' | 'clientOrder' | 'hasExecution' | 'executions' | 'probe',
    StatementSync
  >;
  /** Last seq per account, as committed or appended in the open transaction. */
  readonly #lastSeq = new Map<string, number>();
  #open = false;
  #waiting: Waiter[] = [];
  #health: StorageHealth = { status: 'ok' };
  #probe: ReturnType<typeof setInterval> | undefined;

  constructor(path: string, options: { sync?: 'normal' | 'full' } = {}) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#db = new DatabaseSync(path);
    this.#db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = ${options.sync === 'full' ? 'FULL' : 'NORMAL'};
      PRAGMA busy_timeout = 50;
      PRAGMA wal_autocheckpoint = 256;
      PRAGMA journal_size_limit = 1048576;
    `);
    migrate(this.#db);
    this.#reader = path === ':memory:' ? this.#db : new DatabaseSync(path, { readOnly: true });
    if (this.#reader !== this.#db) this.#reader.exec('PRAGMA busy_timeout = 1000;');
    const db = this.#db;
    const reader = this.#reader;
    this.#statements = {
      last: reader.prepare('SELECT MAX(seq) AS seq FROM account_events WHERE account_id = ?'),
      readRange: reader.prepare('SELECT * FROM account_events WHERE account_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?'),
      upsertOrder: db.prepare(`
        INSERT INTO account_orders (account_id, order_id, first_seq, seq, client_order_id, request_key, reject_code, status, symbol)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (account_id, order_id) DO UPDATE SET
          seq = excluded.seq, status = excluded.status, symbol = excluded.symbol,
          client_order_id = COALESCE(account_orders.client_order_id, excluded.client_order_id),
          request_key = COALESCE(account_orders.request_key, excluded.request_key),
          reject_code = COALESCE(account_orders.reject_code, excluded.reject_code)`),
      insertExecution: db.prepare('INSERT OR IGNORE INTO account_executions (account_id, execution_id, seq, symbol) VALUES (?, ?, ?, ?)'),
      saveSnapshot: db.prepare('INSERT OR REPLACE INTO account_snapshots (account_id, seq, time, data) VALUES (?, ?, ?, ?)'),
      loadSnapshot: reader.prepare('SELECT seq, time, data FROM account_snapshots WHERE account_id = ?'),
      order: reader.prepare(`SELECT e.data FROM account_orders o JOIN account_events e ON e.account_id = o.account_id AND e.seq = o.seq WHERE o.account_id = ? AND o.order_id = ?`),
      clientOrder: reader.prepare(`
        SELECT o.order_id, o.request_key, o.reject_code, o.status, e.data FROM account_orders o
        JOIN account_events e ON e.account_id = o.account_id AND e.seq = o.seq
        WHERE o.account_id = ? AND o.client_order_id = ? ORDER BY o.first_seq LIMIT 1`),
      hasExecution: reader.prepare('SELECT 1 AS found FROM account_executions WHERE account_id = ? AND execution_id = ?'),
      executions: reader.prepare(`
        SELECT x.seq, e.data FROM account_executions x JOIN account_events e ON e.account_id = x.account_id AND e.seq = x.seq
        WHERE x.account_id = ? AND x.symbol = ? AND x.seq < ? ORDER BY x.seq DESC LIMIT ?`),
      probe: db.prepare("INSERT OR REPLACE INTO store_meta (key, value) VALUES ('probe', ?)"),
    };
  }

  /** Whether the last commit succeeded; while failing, a probe write every second finds out when it works again. */
  health(): StorageHealth {
    return this.#health;
  }

  append(accountId: string, events: readonly StoredEvent[], time: number): Promise<JournalRecord[]> {
    if (events.length === 0) return Promise.resolve([]);
    // Everything that can fail without touching the database happens first: a bad event fails only its own append.
    let seq = this.#last(accountId);
    const values: (string | number | null)[] = [];
    const records: JournalRecord[] = [];
    const orders = new Map<string, OrderProjection>();
    const executions: { seq: number; execution: Execution }[] = [];
    try {
      for (const event of events) {
        seq += 1;
        const data = JSON.stringify(event.data);
        const state = event.state === undefined ? null : JSON.stringify(event.state);
        values.push(accountId, seq, time, event.route, data, state);
        records.push(
          event.state === undefined
            ? { accountId, seq, time, route: event.route, data: event.data }
            : { accountId, seq, time, route: event.route, data: event.data, state: event.state },
        );
        if (event.route === 'orders') {
          const earlier = orders.get(event.data.id);
          orders.set(event.data.id, {
            order: event.data,
            firstSeq: earlier?.firstSeq ?? seq,
            seq,
            requestKey: earlier?.requestKey ?? event.requestKey ?? null,
            rejectCode: earlier?.rejectCode ?? event.rejectCode ?? null,
          });
        } else if (event.route === 'executions') {
          executions.push({ seq, execution: event.data });
        }
      }
    } catch (error) {
      return Promise.reject(error);
    }
    try {
      this.#begin();
      this.#insertEvents(values, events.length);
      for (const projection of orders.values()) this.#upsertOrder(accountId, projection);
      for (const { seq: at, execution } of executions) this.#statements.insertExecution.run(accountId, execution.id, at, execution.symbol);
    } catch (error) {
      // SQLite may already have rolled the whole transaction back (a full disk does): fail everything in it.
      this.#fail(error);
      return Promise.reject(error);
    }
    this.#lastSeq.set(accountId, seq);
    return new Promise<void>((resolve, reject) => this.#waiting.push({ resolve, reject })).then(() => records);
  }

  #upsertOrder(accountId: string, projection: OrderProjection): void {
    const { order } = projection;
    // `first_seq` is kept from the first insert (the ON CONFLICT branch does not touch it).
    this.#statements.upsertOrder.run(
      accountId,
      order.id,
      projection.firstSeq,
      projection.seq,
      order.clientOrderId ?? null,
      projection.requestKey,
      projection.rejectCode,
      order.status,
      order.symbol,
    );
  }

  #insertEvents(values: readonly (string | number | null)[], rows: number): void {
    for (let first = 0; first < rows; first += MAX_ROWS_PER_STATEMENT) {
      const count = Math.min(MAX_ROWS_PER_STATEMENT, rows - first);
      const slice = rows <= MAX_ROWS_PER_STATEMENT ? values : values.slice(first * EVENT_COLUMNS, (first + count) * EVENT_COLUMNS);
      this.#insertStatement(count).run(...slice);
    }
  }

  #insertStatement(rows: number): StatementSync {
    let statement = this.#inserts.get(rows);
    if (statement === undefined) {
      const placeholders = Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?)').join(', ');
      statement = this.#db.prepare(`INSERT INTO account_events (account_id, seq, time, route, data, state) VALUES ${placeholders}`);
      if (rows <= 64 || rows === MAX_ROWS_PER_STATEMENT) this.#inserts.set(rows, statement);
    }
    return statement;
  }

  #begin(): void {
    if (this.#open) return;
    this.#db.exec('BEGIN IMMEDIATE');
    this.#open = true;
    setImmediate(this.#commit);
  }

  readonly #commit = (): void => {
    if (!this.#open) return;
    try {
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#fail(error);
      return;
    }
    this.#open = false;
    const waiting = this.#waiting;
    this.#waiting = [];
    this.#healthy();
    for (const w of waiting) w.resolve();
  };

  /** Rolls the open transaction back and fails every append in it. */
  #fail(error: unknown): void {
    if (this.#db.isTransaction) {
      try {
        this.#db.exec('ROLLBACK');
      } catch {
        // already gone
      }
    }
    this.#open = false;
    this.#lastSeq.clear();
    const waiting = this.#waiting;
    this.#waiting = [];
    this.#failing(error);
    for (const w of waiting) w.reject(error);
  }

  #failing(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.#health = { status: 'failing', message };
    if (this.#probe !== undefined) return;
    this.#probe = setInterval(() => {
      if (this.#open) return;
      try {
        this.#db.exec('BEGIN IMMEDIATE');
        this.#statements.probe.run(String(Date.now()));
        this.#db.exec('COMMIT');
        this.#healthy();
      } catch (failure) {
        if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
        this.#health = { status: 'failing', message: failure instanceof Error ? failure.message : String(failure) };
      }
    }, 1_000);
    this.#probe.unref();
  }

  #healthy(): void {
    if (this.#health.status === 'ok') return;
    this.#health = { status: 'ok' };
    if (this.#probe !== undefined) clearInterval(this.#probe);
    this.#probe = undefined;
  }

  #last(accountId: string): number {
    let seq = this.#lastSeq.get(accountId);
    if (seq === undefined) {
      // Not cached means nothing of this account is in the open transaction: the committed maximum is the last.
      const row = this.#statements.last.get(accountId) as { seq: number | null } | undefined;
      seq = row?.seq ?? 0;
      this.#lastSeq.set(accountId, seq);
    }
    return seq;
  }

  async read(accountId: string, afterSeq: number, options: { readonly routes?: readonly JournalRoute[]; readonly limit?: number; readonly upToSeq?: number } = {}): Promise<JournalRecord[]> {
    return this.readNow(accountId, afterSeq, options);
  }

  /** `read`, answered synchronously (the gateway reads replay chunks between turns). */
  readNow(accountId: string, afterSeq: number, options: { readonly routes?: readonly JournalRoute[]; readonly limit?: number; readonly upToSeq?: number } = {}): JournalRecord[] {
    const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
    const upTo = options.upToSeq ?? Number.MAX_SAFE_INTEGER;
    const routes = options.routes === undefined ? undefined : new Set<string>(options.routes);
    const out: JournalRecord[] = [];
    let cursor = afterSeq;
    // Page through so a long history never materializes at once when a small limit is asked.
    while (out.length < limit) {
      const rows = this.#statements.readRange.all(accountId, cursor, upTo, READ_PAGE) as unknown as EventRow[];
      for (const row of rows) {
        cursor = row.seq;
        if (routes !== undefined && !routes.has(row.route)) continue;
        out.push(toRecord(row));
        if (out.length >= limit) break;
      }
      if (rows.length < READ_PAGE) break;
    }
    return out;
  }

  async lastSeq(accountId: string): Promise<number> {
    const row = this.#statements.last.get(accountId) as { seq: number | null } | undefined;
    return row?.seq ?? 0;
  }

  saveSnapshot(accountId: string, snapshot: AccountSnapshot): Promise<void> {
    let data: string;
    try {
      data = JSON.stringify(snapshot.data);
      this.#begin();
      this.#statements.saveSnapshot.run(accountId, snapshot.seq, snapshot.time, data);
    } catch (error) {
      if (this.#db.isTransaction || this.#open) this.#fail(error);
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  async loadSnapshot(accountId: string): Promise<AccountSnapshot | undefined> {
    const row = this.#statements.loadSnapshot.get(accountId) as { seq: number; time: number; data: string } | undefined;
    return row === undefined ? undefined : { seq: row.seq, time: row.time, data: JSON.parse(row.data) as unknown };
  }

  async orders(accountId: string, query: OrderQuery): Promise<Page<Order>> {
    const where = ['o.account_id = ?', 'o.first_seq < ?'];
    const params: (string | number)[] = [accountId, query.before === undefined ? Number.MAX_SAFE_INTEGER : cursorOf(query.before)];
    if (query.status !== undefined) {
      where.push('o.status = ?');
      params.push(query.status);
    }
    if (query.symbol !== undefined) {
      where.push('o.symbol = ?');
      params.push(query.symbol);
    }
    const rows = this.#reader
      .prepare(
        `SELECT o.first_seq, e.data FROM account_orders o JOIN account_events e ON e.account_id = o.account_id AND e.seq = o.seq WHERE ${where.join(' AND ')} ORDER BY o.first_seq DESC LIMIT ?`,
      )
      .all(...params, query.limit + 1) as unknown as { first_seq: number; data: string }[];
    return pageOf(rows, query.limit, (row) => JSON.parse(row.data) as Order, (row) => row.first_seq);
  }

  async order(accountId: string, orderId: string): Promise<Order | undefined> {
    const row = this.#statements.order.get(accountId, orderId) as { data: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.data) as Order);
  }

  async clientOrder(accountId: string, clientOrderId: string): Promise<ClientOrderRecord | undefined> {
    const row = this.#statements.clientOrder.get(accountId, clientOrderId) as
      | { order_id: string; request_key: string | null; reject_code: string | null; status: number; data: string }
      | undefined;
    if (row === undefined) return undefined;
    const order = JSON.parse(row.data) as Order;
    return {
      orderId: row.order_id,
      status: row.status,
      ...(row.request_key === null ? {} : { requestKey: row.request_key }),
      ...(row.reject_code === null ? {} : { rejectCode: row.reject_code }),
      ...(order.rejectReason === undefined ? {} : { rejectReason: order.rejectReason }),
    };
  }

  async executions(accountId: string, query: ExecutionQuery): Promise<Page<Execution>> {
    const before = query.before === undefined ? Number.MAX_SAFE_INTEGER : cursorOf(query.before);
    const rows = this.#statements.executions.all(accountId, query.symbol, before, query.limit + 1) as unknown as { seq: number; data: string }[];
    return pageOf(rows, query.limit, (row) => JSON.parse(row.data) as Execution, (row) => row.seq);
  }

  async hasExecution(accountId: string, executionId: string): Promise<boolean> {
    return this.#statements.hasExecution.get(accountId, executionId) !== undefined;
  }

  close(): void {
    if (this.#probe !== undefined) clearInterval(this.#probe);
    this.#probe = undefined;
    this.#commit();
    if (this.#reader !== this.#db && this.#reader.isOpen) this.#reader.close();
    if (this.#db.isOpen) this.#db.close();
  }
}

function toRecord(row: EventRow): JournalRecord {
  const base = { accountId: row.account_id, seq: row.seq, time: row.time, route: row.route as JournalRoute, data: JSON.parse(row.data) as unknown };
  return row.state === null ? base : { ...base, state: JSON.parse(row.state) as unknown };
}

function cursorOf(before: string): number {
  const value = Number(before);
  return Number.isSafeInteger(value) && value > 0 ? value : 0;
}

function pageOf<R, T>(rows: readonly R[], limit: number, item: (row: R) => T, cursor: (row: R) => number): Page<T> {
  const items = rows.slice(0, limit).map(item);
  const last = rows[limit - 1];
  return rows.length > limit && last !== undefined ? { items, next: String(cursor(last)) } : { items };
}
