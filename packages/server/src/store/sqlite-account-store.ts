/**
 * The account store on SQLite (`node:sqlite`) in WAL mode: the journal, snapshots, and the order and execution
 * history projected from the journal in the same transaction. Appends of one event-loop turn form one batch,
 * committed as one transaction (group commit). Each append's promise settles with its batch's commit, in order; a
 * failure fails every append in the batch and every one behind it (nothing of them is kept): they were decided on
 * top of it. An append may name the account's last seq it was decided on; it is refused when that is not the last
 * seq appended. Reads use their own connection, so they see only committed data.
 *
 * Where batches commit depends on `sync`. With `normal` (the default) a commit writes the log through the page
 * cache and syncs nothing, so it runs on the event loop: handing the rows to another thread cost more than
 * writing them. Once the log passes its limit a checkpointer thread syncs it and copies it into the database
 * while commits go on (they wait only if the log grows by half its limit first), then once more while they pause
 * (appends keep gathering) for what they wrote meanwhile, so that the next commit starts the log afresh. With
 * `full` every commit waits for an fsync, so batches go to a writer thread, pipelined: a few may wait there while
 * the next gathers, and neither commits nor fsyncs ever block the event loop.
 *
 * The write-ahead log is checkpointed past a quarter of the free space on the data dir's disk (1 to 16 MiB), so
 * the store works on a small disk.
 */
import { mkdirSync, statSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
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
import { SqliteJournalWriter, configureWriter, type WriteBatch, type WriterOptions } from './sqlite-journal-writer.ts';
import type { WriterCommand, WriterReply, WriterRequest } from './sqlite-writer-thread.ts';
import { cursorOf, pageOf, toRecord, type EventRow, type StorageHealth } from './journal-rows.ts';
import { migrate } from './sqlite-schema.ts';

import { StoreLock } from './store-lock.ts';

const READ_PAGE = 5_000;
/** Batches handed to the writer and not yet answered, at most. */
const MAX_IN_FLIGHT = 4;
const MiB = 1024 * 1024;
const PROBE_MS = 1_000;

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** Appends gathered for one transaction. */
interface Gathered {
  readonly batch: WriteBatch;
  readonly waiters: Waiter[];
}

interface OrderProjection {
  readonly order: Order;
  /** Seq of the order's first event in this append (kept only when the order is new to the store). */
  readonly firstSeq: number;
  readonly seq: number;
  readonly requestKey: string | null;
  readonly rejectCode: string | null;
}

/** Where batches are committed: on the event loop, or on the writer thread. */
interface JournalWriterPort {
  write(batch: WriteBatch, generation: number): Promise<void>;
  probe(time: number): Promise<void>;
  /** After a commit: a promise that settles once the log is checkpointed when that is due (commits wait for it). */
  checkpointIfDue(): Promise<void> | undefined;
  close(): Promise<void>;
}

export class SqliteAccountStore implements AccountStore {
  readonly #reader: DatabaseSync;
  readonly #writer: JournalWriterPort;
  readonly #statements: Record<'last' | 'readRange' | 'loadSnapshot' | 'order' | 'clientOrder' | 'hasExecution' | 'executions', StatementSync>;
  /** Reads by route, one statement per number of routes. */
  readonly #byRoutes = new Map<number, StatementSync>();
  /** Last seq per account, as committed or handed to the writer. */
  readonly #lastSeq = new Map<string, number>();
  #gathering: Gathered | undefined;
  /** Batches at the writer; `#written` settles once the last one sent is answered. */
  #inFlight = 0;
  #written: Promise<void> = Promise.resolve();
  /** A checkpoint commits wait for. */
  #checkpoint: Promise<void> | undefined;
  /** Numbers the batches sent between two failures (the writer refuses the rest of a generation that failed). */
  #generation = 0;
  #scheduled = false;
  #health: StorageHealth = { status: 'ok' };
  #probe: ReturnType<typeof setInterval> | undefined;
  #closed = false;
  /** Keeps a second server off this database file. */
  readonly #lock: StoreLock | undefined;

  /** `logLimitBytes` overrides the write-ahead log's limit, otherwise a quarter of the free space on the disk (1 to 16 MiB). */
  constructor(path: string, options: { sync?: 'normal' | 'full'; logLimitBytes?: number } = {}) {
    const memory = path === ':memory:';
    if (!memory) mkdirSync(dirname(path), { recursive: true });
    this.#lock = memory ? undefined : StoreLock.acquire(path);
    const db = new DatabaseSync(path);
    const limitBytes = memory ? 0 : (options.logLimitBytes ?? logLimitBytes(dirname(path)));
    const pageBytes = pageSize(db);
    const writerOptions: WriterOptions = { ...(options.sync === undefined ? {} : { sync: options.sync }), checkpointPages: limitBytes / pageBytes };
    configureWriter(db, writerOptions);
    migrate(db);
    if (memory) {
      this.#reader = db;
      this.#writer = inlineWriter(db);
    } else if (options.sync !== 'full') {
      this.#writer = inlineWriter(db, { path, limitBytes, pageBytes, options: writerOptions });
      this.#reader = openReader(path);
    } else {
      db.close();
      this.#writer = threadWriter(path, writerOptions);
      this.#reader = openReader(path);
    }
    const reader = this.#reader;
    this.#statements = {
      last: reader.prepare('SELECT MAX(seq) AS seq FROM account_events WHERE account_id = ?'),
      readRange: reader.prepare('SELECT * FROM account_events WHERE account_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?'),
      loadSnapshot: reader.prepare('SELECT seq, time, data FROM account_snapshots WHERE account_id = ?'),
      order: reader.prepare(`SELECT e.data FROM account_orders o JOIN account_events e ON e.account_id = o.account_id AND e.seq = o.seq WHERE o.account_id = ? AND o.order_id = ?`),
      // Named: without statistics SQLite would rather walk every order of the account in first_seq order (to skip
      // a sort of one row) than search this index, which made each placement with a clientOrderId cost O(orders).
      clientOrder: reader.prepare(`
        SELECT o.order_id, o.request_key, o.reject_code, o.status, e.data FROM account_orders o INDEXED BY account_orders_client
        JOIN account_events e ON e.account_id = o.account_id AND e.seq = o.seq
        WHERE o.account_id = ? AND o.client_order_id = ? ORDER BY o.first_seq LIMIT 1`),
      hasExecution: reader.prepare('SELECT 1 AS found FROM account_executions WHERE account_id = ? AND execution_id = ?'),
      executions: reader.prepare(`
        SELECT x.seq, e.data FROM account_executions x JOIN account_events e ON e.account_id = x.account_id AND e.seq = x.seq
        WHERE x.account_id = ? AND x.symbol = ? AND x.seq < ? ORDER BY x.seq DESC LIMIT ?`),
    };
  }

  /** Whether the last commit succeeded; while failing, a probe write every second finds out when it works again. */
  health(): StorageHealth {
    return this.#health;
  }

  append(accountId: string, events: readonly StoredEvent[], time: number, expectedLastSeq?: number): Promise<JournalRecord[]> {
    if (events.length === 0) return Promise.resolve([]);
    if (this.#closed) return Promise.reject(new Error('the account store is closed'));
    // Everything that can fail happens before the rows join the batch: a bad event fails only its own append.
    let seq = this.#last(accountId);
    if (expectedLastSeq !== undefined && expectedLastSeq !== seq) {
      return Promise.reject(new Error(`refused: decided after seq ${expectedLastSeq}, but the journal of ${accountId} ends at ${seq} (an earlier append failed)`));
    }
    const rows: (string | number | null)[] = [];
    const records: JournalRecord[] = [];
    const orders = new Map<string, OrderProjection>();
    const executions: (string | number)[] = [];
    try {
      for (const event of events) {
        seq += 1;
        const state = event.state === undefined ? null : JSON.stringify(event.state);
        rows.push(accountId, seq, time, event.route, JSON.stringify(event.data), state);
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
          executions.push(accountId, event.data.id, seq, event.data.symbol);
        }
      }
    } catch (error) {
      return Promise.reject(error);
    }
    const gathered = this.#gather();
    for (const value of rows) gathered.batch.events.push(value);
    for (const { order, firstSeq, seq: at, requestKey, rejectCode } of orders.values()) {
      gathered.batch.orders.push(accountId, order.id, firstSeq, at, order.clientOrderId ?? null, requestKey, rejectCode, order.status, order.symbol);
    }
    for (const value of executions) gathered.batch.executions.push(value);
    this.#lastSeq.set(accountId, seq);
    return new Promise<void>((resolve, reject) => gathered.waiters.push({ resolve, reject })).then(() => records);
  }

  #gather(): Gathered {
    if (this.#gathering === undefined) this.#gathering = { batch: { events: [], orders: [], executions: [], snapshots: [] }, waiters: [] };
    this.#schedule();
    return this.#gathering;
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight >= MAX_IN_FLIGHT || this.#checkpoint !== undefined || this.#gathering === undefined) return;
    this.#scheduled = true;
    setImmediate(this.#commit);
  }

  /** Hands what this turn gathered to the writer (behind the batches already there); the next batch gathers meanwhile. */
  readonly #commit = (): void => {
    this.#scheduled = false;
    const gathered = this.#gathering;
    if (gathered === undefined || this.#inFlight >= MAX_IN_FLIGHT || this.#checkpoint !== undefined) return;
    this.#gathering = undefined;
    this.#inFlight += 1;
    const generation = this.#generation;
    this.#written = this.#writer.write(gathered.batch, generation).then(
      () => {
        this.#inFlight -= 1;
        if (generation === this.#generation) this.#healthy();
        for (const w of gathered.waiters) w.resolve();
        this.#checkpointIfDue();
        this.#schedule();
      },
      (error: unknown) => {
        this.#inFlight -= 1;
        this.#fail(gathered, error, generation);
        this.#schedule();
      },
    );
  };

  /** Holds commits back while the log is checkpointed, when that is due. */
  #checkpointIfDue(): void {
    if (this.#checkpoint !== undefined) return;
    const due = this.#writer.checkpointIfDue();
    if (due === undefined) return;
    this.#checkpoint = due
      .catch(() => undefined) // a failed checkpoint leaves the log as it was: the next commit tries again
      .then(() => {
        this.#checkpoint = undefined;
        this.#schedule();
      });
  }

  /**
   * Fails a batch. The first failure of a generation also fails what gathered behind it, and starts a new
   * generation: the writer refuses the rest of the old one, and numbering restarts from what is committed.
   */
  #fail(failed: Gathered, error: unknown, generation: number): void {
    for (const w of failed.waiters) w.reject(error);
    if (generation !== this.#generation) return;
    this.#generation += 1;
    const behind = this.#gathering;
    this.#gathering = undefined;
    this.#lastSeq.clear();
    this.#failing(error);
    for (const w of behind?.waiters ?? []) w.reject(error);
  }

  #failing(error: unknown): void {
    this.#health = { status: 'failing', message: error instanceof Error ? error.message : String(error) };
    if (this.#probe !== undefined || this.#closed) return;
    this.#probe = setInterval(() => {
      if (this.#inFlight > 0) return;
      this.#writer.probe(Date.now()).then(
        () => this.#healthy(),
        (failure: unknown) => {
          if (this.#health.status === 'failing') this.#health = { status: 'failing', message: failure instanceof Error ? failure.message : String(failure) };
        },
      );
    }, PROBE_MS);
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
    const routes = options.routes === undefined ? [] : [...new Set<string>(options.routes)];
    // A read by route (a client's replay) filters in SQLite and leaves the brokers' state column on disk.
    const statement = options.routes === undefined ? this.#statements.readRange : this.#readRoutes(routes.length);
    const out: JournalRecord[] = [];
    let cursor = afterSeq;
    if (options.routes !== undefined && routes.length === 0) return out;
    // Page through so a long history never materializes at once when a small limit is asked.
    while (out.length < limit) {
      const page = Math.min(READ_PAGE, limit - out.length);
      const rows = statement.all(accountId, cursor, upTo, ...routes, page) as unknown as EventRow[];
      for (const row of rows) out.push(toRecord(row));
      const last = rows[rows.length - 1];
      if (rows.length < page || last === undefined) break;
      cursor = Number(last.seq);
    }
    return out;
  }

  #readRoutes(count: number): StatementSync {
    let statement = this.#byRoutes.get(count);
    if (statement === undefined) {
      const routes = Array.from({ length: count }, () => '?').join(', ');
      statement = this.#reader.prepare(
        `SELECT account_id, seq, time, route, data, NULL AS state FROM account_events WHERE account_id = ? AND seq > ? AND seq <= ? AND route IN (${routes}) ORDER BY seq LIMIT ?`,
      );
      this.#byRoutes.set(count, statement);
    }
    return statement;
  }

  async lastSeq(accountId: string): Promise<number> {
    const row = this.#statements.last.get(accountId) as { seq: number | null } | undefined;
    return row?.seq ?? 0;
  }

  saveSnapshot(accountId: string, snapshot: AccountSnapshot): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the account store is closed'));
    let data: string;
    try {
      data = JSON.stringify(snapshot.data);
    } catch (error) {
      return Promise.reject(error);
    }
    const gathered = this.#gather();
    gathered.batch.snapshots.push(accountId, snapshot.seq, snapshot.time, data);
    return new Promise((resolve, reject) => gathered.waiters.push({ resolve, reject }));
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

  /** Commits what was appended, then closes; appends after this are refused. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#probe !== undefined) clearInterval(this.#probe);
    this.#probe = undefined;
    while (this.#inFlight > 0 || this.#gathering !== undefined || this.#checkpoint !== undefined) {
      await this.#checkpoint;
      if (this.#gathering !== undefined && this.#inFlight < MAX_IN_FLIGHT) this.#commit();
      await this.#written.catch(() => undefined);
    }
    try {
      await this.#writer.close();
      if (this.#reader.isOpen) this.#reader.close();
    } finally {
      this.#lock?.release();
    }
  }
}

/** A quarter of the free space on the data dir's disk, between 1 and 16 MiB. */
function logLimitBytes(dir: string): number {
  try {
    const { bavail, bsize } = statfsSync(dir);
    return Math.min(16 * MiB, Math.max(MiB, Math.floor((bavail * bsize) / 4)));
  } catch {
    return MiB;
  }
}

function pageSize(db: DatabaseSync): number {
  return (db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
}

function openReader(path: string): DatabaseSync {
  const reader = new DatabaseSync(path, { readOnly: true });
  reader.exec('PRAGMA busy_timeout = 1000;');
  return reader;
}

/**
 * Commits on the event loop. For a database file, the log is checkpointed on a thread of its own once its file
 * (truncated whenever it starts afresh, so its size is what was written since) passes `limitBytes`.
 */
function inlineWriter(db: DatabaseSync, file?: { readonly path: string; readonly limitBytes: number; readonly pageBytes: number; readonly options: WriterOptions }): JournalWriterPort {
  const writer = new SqliteJournalWriter(db);
  let checkpointer: ThreadWriter | undefined;
  if (file !== undefined) {
    // No writer but this one competes for the log (the checkpointer copies it without the write lock), so waiting
    // long for a lock only stalls the event loop while something outside holds the database.
    db.exec('PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = 0; PRAGMA busy_timeout = 5;');
    checkpointer = threadWriter(file.path, file.options);
  }
  const run = (work: () => void): Promise<void> => {
    try {
      work();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  };
  // The log's size is looked at once commits may have written a sixteenth of its limit (text, and the pages each
  // commit rewrites), not after every commit.
  const pageBytes = file?.pageBytes ?? 0;
  let unchecked = 0;
  // A checkpoint in two steps: the bulk of the log is copied and synced while commits go on (unless the log grows
  // by half its limit meanwhile); then commits pause while what they wrote meanwhile is (a few pages, one short
  // sync), so that the next commit starts the log afresh.
  let bulk: Promise<void> | undefined;
  let tailDue = false;
  const bulkDone = () => {
    bulk = undefined;
    tailDue = true;
  };
  return {
    write: (batch, generation) =>
      run(() => {
        writer.write(batch, generation);
        unchecked += textBytes(batch.events) + textBytes(batch.orders) + textBytes(batch.executions) + textBytes(batch.snapshots) + 8 * pageBytes;
      }),
    probe: (time) => run(() => writer.probe(time)),
    checkpointIfDue: () => {
      if (checkpointer === undefined || file === undefined) return undefined;
      const tail = () => {
        tailDue = false;
        unchecked = 0;
        return checkpointer.checkpoint();
      };
      if (tailDue) return tail();
      if (unchecked < file.limitBytes / 16) return undefined;
      unchecked = 0;
      const size = statSync(`${file.path}-wal`, { throwIfNoEntry: false })?.size ?? 0;
      // Commits held back for the bulk resume only after the tail too: what gathered meanwhile goes to a fresh log.
      if (bulk !== undefined) return size >= 1.5 * file.limitBytes ? bulk.then(tail) : undefined;
      if (size >= file.limitBytes) bulk = checkpointer.checkpoint().then(bulkDone, bulkDone);
      return undefined;
    },
    close: async () => {
      await checkpointer?.close();
      if (db.isOpen) db.close();
    },
  };
}

/** About how many bytes a row's values take (strings as ASCII, numbers as 8). */
function textBytes(values: readonly (string | number | null)[]): number {
  let bytes = 0;
  for (const value of values) bytes += typeof value === 'string' ? value.length : 8;
  return bytes;
}

type ThreadWriter = JournalWriterPort & { checkpoint(): Promise<void> };

/** The writer thread: requests are answered in order, each by its id. Its commits checkpoint the log when due. */
function threadWriter(path: string, options: WriterOptions): ThreadWriter {
  const worker = new Worker(new URL('./sqlite-writer-thread.ts', import.meta.url), { workerData: { path, options } });
  const waiting = new Map<number, Waiter>();
  let next = 0;
  let exited: Error | undefined;
  worker.on('message', (reply: WriterReply) => {
    const waiter = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.error === undefined) waiter?.resolve();
    else waiter?.reject(Object.assign(new Error(reply.error.message), reply.error.code === undefined ? {} : { code: reply.error.code }));
  });
  const fail = (error: Error) => {
    exited = error;
    for (const waiter of waiting.values()) waiter.reject(error);
    waiting.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the journal writer thread stopped (exit code ${code})`)));
  const request = (command: WriterCommand): Promise<void> => {
    if (exited !== undefined) return Promise.reject(exited);
    const id = ++next;
    return new Promise<void>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...command, id } satisfies WriterRequest);
    }).finally(() => {
      if (waiting.size === 0) worker.unref();
    });
  };
  worker.unref();
  return {
    write: (batch, generation) => request({ type: 'write', batch, generation }),
    probe: (time) => request({ type: 'probe', time }),
    checkpoint: () => request({ type: 'checkpoint' }),
    checkpointIfDue: () => undefined,
    close: () => (exited === undefined ? request({ type: 'close' }) : Promise.resolve()),
  };
}
