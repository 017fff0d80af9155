/**
 * The account store on SQLite (`node:sqlite`) in WAL mode: the journal, snapshots, and the order and execution
 * history projected from the journal. Appends of one event-loop turn form one batch, committed as one transaction
 * (group commit). Each append's promise settles with its batch's commit, in order; a failure fails every append in
 * the batch and every one behind it (nothing of them is kept): they were decided on top of it. An append may name the
 * account's last seq it was decided on; it is refused when that is not the last seq appended. Reads use their own
 * connection, so they see only committed data.
 *
 * The journal is keyed by one integer per event (the account's number and its seq), so a commit appends at the
 * right edge of one B-tree. The history (orders at their latest version, executions) is projected behind the
 * journal: what committed batches changed waits in memory, where reads see it, and rides along with a later batch
 * once it has gathered or has waited a moment (a few hundred orders in one transaction touch the history's pages
 * once instead of once per commit). The journal holds everything the history is made of, so a store opened after a
 * crash projects what its history missed before it answers.
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
import { ORDER_CONFLICT, SqliteJournalWriter, configureWriter, type WriteBatch, type WriterOptions } from './sqlite-journal-writer.ts';
import type { WriterCommand, WriterReply, WriterRequest } from './sqlite-writer-thread.ts';
import { cursorOf, pageOf, toRecord, type EventRow, type StorageHealth } from './journal-rows.ts';
import { ACCOUNT_SPAN, MAX_ACCOUNTS, journalKey, migrate, transaction } from './sqlite-schema.ts';

import { StoreLock } from './store-lock.ts';

const READ_PAGE = 5_000;
/** Batches handed to the writer and not yet answered, at most. */
const MAX_IN_FLIGHT = 4;
const MiB = 1024 * 1024;
const PROBE_MS = 1_000;
/** History rows ride along with the next batch once this many wait (`historyRows`), or once they waited PROJECT_MS. */
const PROJECT_ROWS = 1_024;
const PROJECT_MS = 200;

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** Appends gathered for one transaction. */
interface Gathered {
  readonly batch: WriteBatch;
  readonly waiters: Waiter[];
  /** What the appends change in the history, applied to the pending history once they commit. */
  readonly history: HistoryChange[];
  /** The pending history this batch writes, if it carries it. */
  projecting?: PendingHistory;
}

interface HistoryChange {
  readonly accountId: string;
  readonly lastSeq: number;
  /** Each order event's version, in journal order. */
  readonly orders: readonly PendingOrder[];
  readonly executions: readonly PendingExecution[];
}

interface PendingOrder {
  readonly order: Order;
  /** Seq of the order's first event among those pending (its first in the store when it was new there). */
  readonly firstSeq: number;
  readonly seq: number;
  readonly requestKey: string | null;
  readonly rejectCode: string | null;
}

/** An order's later version, keeping the first facts of the earlier one (as the table's upsert does). */
function laterVersion(earlier: PendingOrder | undefined, next: PendingOrder): PendingOrder {
  if (earlier === undefined) return next;
  return { ...next, firstSeq: earlier.firstSeq, requestKey: earlier.requestKey ?? next.requestKey, rejectCode: earlier.rejectCode ?? next.rejectCode };
}

interface PendingExecution {
  readonly execution: Execution;
  readonly seq: number;
}

/** History committed in the journal and not yet in its tables, per account. */
class PendingHistory {
  readonly orders = new Map<string, Map<string, PendingOrder>>();
  /** clientOrderId → the first order that used it. */
  readonly clients = new Map<string, Map<string, string>>();
  readonly executions = new Map<string, Map<string, PendingExecution>>();
  /** The last seq of each account whose history is here. */
  readonly projected = new Map<string, number>();
  rows = 0;

  add(change: HistoryChange): void {
    for (const next of change.orders) this.addOrder(change.accountId, next);
    for (const next of change.executions) this.addExecution(change.accountId, next);
    this.projected.set(change.accountId, Math.max(change.lastSeq, this.projected.get(change.accountId) ?? 0));
  }

  addOrder(accountId: string, next: PendingOrder): void {
    const orders = mapOf(this.orders, accountId);
    const earlier = orders.get(next.order.id);
    if (earlier === undefined) this.rows += 1;
    orders.set(next.order.id, laterVersion(earlier, next));
    const client = next.order.clientOrderId;
    if (client !== undefined) {
      const clients = mapOf(this.clients, accountId);
      if (!clients.has(client)) clients.set(client, next.order.id);
    }
  }

  /** An execution is kept at its first appearance. */
  addExecution(accountId: string, next: PendingExecution): void {
    const executions = mapOf(this.executions, accountId);
    if (executions.has(next.execution.id)) return;
    executions.set(next.execution.id, next);
    this.rows += 1;
  }

  /** Adds what `other` holds, as newer than what is here. */
  absorb(other: PendingHistory): void {
    for (const [accountId, orders] of other.orders) for (const order of orders.values()) this.addOrder(accountId, order);
    for (const [accountId, executions] of other.executions) for (const execution of executions.values()) this.addExecution(accountId, execution);
    for (const [accountId, seq] of other.projected) this.projected.set(accountId, Math.max(seq, this.projected.get(accountId) ?? 0));
  }
}

function mapOf<V>(maps: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let map = maps.get(key);
  if (map === undefined) {
    map = new Map();
    maps.set(key, map);
  }
  return map;
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
  readonly #statements: Record<'number' | 'lastNumber' | 'last' | 'readRange' | 'loadSnapshot' | 'order' | 'orderFirstSeqs' | 'clientOrder' | 'hasExecution' | 'executions', StatementSync>;
  /** Reads by route, one statement per number of routes. */
  readonly #byRoutes = new Map<number, StatementSync>();
  /** Pages of orders, one statement per combination of filters. */
  readonly #orderPages = new Map<string, StatementSync>();
  /** Last seq per account, as committed or handed to the writer. */
  readonly #lastSeq = new Map<string, number>();
  /** Each account's number in the journal's key, as committed or handed to the writer. */
  readonly #numbers = new Map<string, number>();
  #gathering: Gathered | undefined;
  /** History committed in the journal and waiting to ride along with a batch; and the one a batch carries now. */
  #pending = new PendingHistory();
  #projecting: PendingHistory | undefined;
  #projectDue = false;
  #projectTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #projectRows: number;
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

  /**
   * `logLimitBytes` overrides the write-ahead log's limit, otherwise a quarter of the free space on the disk (1 to 16
   * MiB); `historyRows` how many rows of history wait before they ride along with a batch.
   */
  constructor(path: string, options: { sync?: 'normal' | 'full'; logLimitBytes?: number; historyRows?: number } = {}) {
    this.#projectRows = options.historyRows ?? PROJECT_ROWS;
    const memory = path === ':memory:';
    if (!memory) mkdirSync(dirname(path), { recursive: true });
    this.#lock = memory ? undefined : StoreLock.acquire(path);
    const db = new DatabaseSync(path);
    const limitBytes = memory ? 0 : (options.logLimitBytes ?? logLimitBytes(dirname(path)));
    const pageBytes = pageSize(db);
    const writerOptions: WriterOptions = { ...(options.sync === undefined ? {} : { sync: options.sync }), checkpointPages: limitBytes / pageBytes };
    configureWriter(db, writerOptions);
    migrate(db);
    projectMissedHistory(db);
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
    // Journal rows are read with the account and seq they are keyed by (`?` the account, `?` its first key).
    const eventColumns = '? AS account_id, id - ? AS seq, time, route, data';
    this.#statements = {
      number: reader.prepare('SELECT number FROM store_accounts WHERE account_id = ?'),
      lastNumber: reader.prepare('SELECT MAX(number) AS number FROM store_accounts'),
      last: reader.prepare('SELECT MAX(id) AS id FROM journal WHERE id > ? AND id < ?'),
      readRange: reader.prepare(`SELECT ${eventColumns}, state FROM journal WHERE id > ? AND id <= ? ORDER BY id LIMIT ?`),
      loadSnapshot: reader.prepare('SELECT seq, time, data FROM account_snapshots WHERE account_id = ?'),
      order: reader.prepare('SELECT e.data FROM account_orders o JOIN journal e ON e.id = ? + o.seq WHERE o.account_id = ? AND o.order_id = ?'),
      // The stored first seqs of many orders at once (their ids as a JSON array).
      orderFirstSeqs: reader.prepare('SELECT order_id, first_seq FROM account_orders WHERE account_id = ? AND order_id IN (SELECT value FROM json_each(?))'),
      // Named: without statistics SQLite would rather walk every order of the account in first_seq order (to skip
      // a sort of one row) than search this index, which made each placement with a clientOrderId cost O(orders).
      clientOrder: reader.prepare(`
        SELECT o.order_id, o.request_key, o.reject_code, e.data FROM account_orders o INDEXED BY account_orders_client
        JOIN journal e ON e.id = ? + o.seq
        WHERE o.account_id = ? AND o.client_order_id = ? ORDER BY o.first_seq LIMIT 1`),
      hasExecution: reader.prepare('SELECT 1 AS found FROM account_executions WHERE account_id = ? AND execution_id = ?'),
      executions: reader.prepare(`
        SELECT x.seq, e.data FROM account_executions x JOIN journal e ON e.id = ? + x.seq
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
    const orders: PendingOrder[] = [];
    const executions: PendingExecution[] = [];
    let number: { readonly number: number; readonly isNew: boolean };
    try {
      number = this.#number(accountId);
      for (const event of events) {
        seq += 1;
        const state = event.state === undefined ? null : JSON.stringify(event.state);
        const order = event.route === 'orders';
        rows.push(journalKey(number.number, seq), time, event.route, JSON.stringify(event.data), state, (order && event.requestKey) || null, (order && event.rejectCode) || null);
        records.push(
          event.state === undefined
            ? { accountId, seq, time, route: event.route, data: event.data }
            : { accountId, seq, time, route: event.route, data: event.data, state: event.state },
        );
        if (event.route === 'orders') {
          orders.push({ order: event.data, firstSeq: seq, seq, requestKey: event.requestKey ?? null, rejectCode: event.rejectCode ?? null });
        } else if (event.route === 'executions') {
          executions.push({ execution: event.data, seq });
        }
      }
    } catch (error) {
      return Promise.reject(error);
    }
    const gathered = this.#gather();
    for (const value of rows) gathered.batch.events.push(value);
    if (number.isNew) gathered.batch.accounts.push(accountId, number.number, 0);
    gathered.history.push({ accountId, lastSeq: seq, orders, executions });
    this.#numbers.set(accountId, number.number);
    this.#lastSeq.set(accountId, seq);
    return new Promise<JournalRecord[]>((resolve, reject) => gathered.waiters.push({ resolve: () => resolve(records), reject }));
  }

  /** The account's number in the journal's key; a new account takes the next one (written with its first batch). */
  #number(accountId: string): { readonly number: number; readonly isNew: boolean } {
    const known = this.#knownNumber(accountId);
    if (known !== undefined) return { number: known, isNew: false };
    let last = (this.#statements.lastNumber.get() as { number: number | null }).number ?? 0;
    for (const taken of this.#numbers.values()) last = Math.max(last, taken);
    if (last >= MAX_ACCOUNTS) throw new Error(`the store holds ${MAX_ACCOUNTS} accounts, its most`);
    return { number: last + 1, isNew: true };
  }

  #gather(): Gathered {
    if (this.#gathering === undefined) this.#gathering = { batch: { events: [], accounts: [], orders: [], executions: [], snapshots: [] }, waiters: [], history: [] };
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
    if ((this.#projectDue || this.#pending.rows >= this.#projectRows) && this.#projecting === undefined && this.#pending.projected.size > 0) this.#carryHistory(gathered);
    this.#inFlight += 1;
    const generation = this.#generation;
    this.#written = this.#writer.write(gathered.batch, generation).then(
      () => {
        this.#inFlight -= 1;
        if (generation === this.#generation) this.#healthy();
        if (gathered.projecting !== undefined) this.#projecting = undefined;
        for (const change of gathered.history) this.#pending.add(change);
        if (this.#pending.projected.size > 0) this.#projectLater();
        for (const w of gathered.waiters) w.resolve();
        this.#checkpointIfDue();
        this.#schedule();
      },
      (error: unknown) => {
        this.#inFlight -= 1;
        if (gathered.projecting !== undefined) {
          // Not written: back under what committed since, to ride along with a batch once storage works again.
          const restored = new PendingHistory();
          restored.absorb(gathered.projecting);
          restored.absorb(this.#pending);
          this.#pending = restored;
          this.#projecting = undefined;
        }
        this.#fail(gathered, error, generation);
        this.#schedule();
      },
    );
  };

  /** Moves the pending history into the batch's rows; reads keep seeing it until the batch commits. */
  #carryHistory(gathered: Gathered): void {
    const history = this.#pending;
    this.#pending = new PendingHistory();
    this.#projecting = history;
    gathered.projecting = history;
    this.#projectDue = false;
    const batch = gathered.batch;
    for (const [accountId, orders] of history.orders) {
      for (const { order, firstSeq, seq, requestKey, rejectCode } of orders.values()) {
        batch.orders.push(accountId, order.id, firstSeq, seq, order.clientOrderId ?? null, requestKey, rejectCode, order.status, order.symbol);
      }
    }
    for (const [accountId, executions] of history.executions) {
      for (const { execution, seq } of executions.values()) batch.executions.push(accountId, execution.id, seq, execution.symbol);
    }
    for (const [accountId, seq] of history.projected) {
      const number = this.#knownNumber(accountId);
      if (number !== undefined) batch.accounts.push(accountId, number, seq);
    }
  }

  /** Lets pending history wait at most PROJECT_MS for a batch to ride along with (making one if none comes). */
  #projectLater(): void {
    if (this.#projectTimer !== undefined || this.#closed) return;
    this.#projectTimer = setTimeout(() => {
      this.#projectTimer = undefined;
      // While storage fails, the history waits: a successful commit or probe sends it on.
      if (this.#pending.projected.size === 0 || this.#health.status === 'failing') return;
      this.#projectDue = true;
      this.#gather();
    }, PROJECT_MS);
    this.#projectTimer.unref();
  }

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
    this.#numbers.clear();
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
    if (this.#pending.projected.size > 0) this.#projectLater();
  }

  /** The account's number, if it has any committed or appended events. */
  #knownNumber(accountId: string): number | undefined {
    return this.#numbers.get(accountId) ?? (this.#statements.number.get(accountId) as { number: number } | undefined)?.number;
  }

  /** The journal's key of the account's seq 0, if the account has any committed or appended events. */
  #base(accountId: string): number | undefined {
    const number = this.#knownNumber(accountId);
    return number === undefined ? undefined : journalKey(number, 0);
  }

  #last(accountId: string): number {
    let seq = this.#lastSeq.get(accountId);
    if (seq === undefined) {
      // Not cached means nothing of this account is in the open transaction: the committed maximum is the last.
      seq = this.#committedLast(accountId);
      this.#lastSeq.set(accountId, seq);
    }
    return seq;
  }

  #committedLast(accountId: string): number {
    const base = this.#base(accountId);
    if (base === undefined) return 0;
    const row = this.#statements.last.get(base, base + ACCOUNT_SPAN) as { id: number | null } | undefined;
    return row?.id === null || row?.id === undefined ? 0 : row.id - base;
  }

  async read(accountId: string, afterSeq: number, options: { readonly routes?: readonly JournalRoute[]; readonly limit?: number; readonly upToSeq?: number } = {}): Promise<JournalRecord[]> {
    return this.readNow(accountId, afterSeq, options);
  }

  /** `read`, answered synchronously (the gateway reads replay chunks between turns). */
  readNow(accountId: string, afterSeq: number, options: { readonly routes?: readonly JournalRoute[]; readonly limit?: number; readonly upToSeq?: number } = {}): JournalRecord[] {
    const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
    const upTo = Math.min(options.upToSeq ?? ACCOUNT_SPAN - 1, ACCOUNT_SPAN - 1);
    const routes = options.routes === undefined ? [] : [...new Set<string>(options.routes)];
    const out: JournalRecord[] = [];
    const base = this.#base(accountId);
    if (base === undefined || (options.routes !== undefined && routes.length === 0)) return out;
    // A read by route (a client's replay) filters in SQLite and leaves the brokers' state column on disk.
    const statement = options.routes === undefined ? this.#statements.readRange : this.#readRoutes(routes.length);
    let cursor = Math.max(0, afterSeq);
    // Page through so a long history never materializes at once when a small limit is asked.
    while (out.length < limit && cursor < upTo) {
      const page = Math.min(READ_PAGE, limit - out.length);
      const rows = statement.all(accountId, base, base + cursor, base + upTo, ...routes, page) as unknown as EventRow[];
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
        `SELECT ? AS account_id, id - ? AS seq, time, route, data, NULL AS state FROM journal WHERE id > ? AND id <= ? AND route IN (${routes}) ORDER BY id LIMIT ?`,
      );
      this.#byRoutes.set(count, statement);
    }
    return statement;
  }

  async lastSeq(accountId: string): Promise<number> {
    return this.#committedLast(accountId);
  }

  saveSnapshot(accountId: string, snapshot: AccountSnapshot): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the account store is closed'));
    let data: string;
    try {
      data = snapshot.json ?? JSON.stringify(snapshot.data);
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

  /** The pending version of an order (the newest), with the first facts of any older pending one. */
  #pendingOrder(accountId: string, orderId: string): PendingOrder | undefined {
    const newer = this.#pending.orders.get(accountId)?.get(orderId);
    const older = this.#projecting?.orders.get(accountId)?.get(orderId);
    return newer === undefined ? older : laterVersion(older, newer);
  }

  /** The keys pending for an account, each with its oldest pending value. */
  #pendingOf<V>(pick: (history: PendingHistory) => Map<string, Map<string, V>>, accountId: string): Map<string, V> {
    const all = new Map<string, V>();
    for (const history of [this.#projecting, this.#pending]) {
      for (const [key, value] of (history === undefined ? undefined : pick(history).get(accountId)) ?? []) if (!all.has(key)) all.set(key, value);
    }
    return all;
  }

  async orders(accountId: string, query: OrderQuery): Promise<Page<Order>> {
    const before = query.before === undefined ? Number.MAX_SAFE_INTEGER : cursorOf(query.before);
    const base = this.#base(accountId);
    if (base === undefined) return { items: [] };
    // Pending orders at their latest version, placed by their first seq in the store; their rows in the table are
    // stale, so the table is asked for as many more as could be set aside.
    const latestPending = new Map<string, PendingOrder>();
    for (const orderId of this.#pendingOf((history) => history.orders, accountId).keys()) {
      const latest = this.#pendingOrder(accountId, orderId);
      if (latest !== undefined) latestPending.set(orderId, latest);
    }
    // An order already in the table keeps the first seq stored there (one query for all of them).
    const storedFirstSeqs =
      latestPending.size === 0
        ? []
        : (this.#statements.orderFirstSeqs.all(accountId, JSON.stringify([...latestPending.keys()])) as unknown as { order_id: string; first_seq: number }[]);
    const firstSeqs = new Map(storedFirstSeqs.map((row) => [row.order_id, row.first_seq]));
    const pending: { first_seq: number; order: Order }[] = [];
    for (const [orderId, latest] of latestPending) {
      const firstSeq = firstSeqs.get(orderId) ?? latest.firstSeq;
      if (firstSeq < before && (query.status === undefined || latest.order.status === query.status) && (query.symbol === undefined || latest.order.symbol === query.symbol)) {
        pending.push({ first_seq: firstSeq, order: latest.order });
      }
    }
    const params: (string | number)[] = [base, accountId, before];
    if (query.status !== undefined) params.push(query.status);
    if (query.symbol !== undefined) params.push(query.symbol);
    const rows = this.#orderPage(query.status !== undefined, query.symbol !== undefined).all(...params, query.limit + 1 + latestPending.size) as unknown as {
      order_id: string;
      first_seq: number;
      data: string;
    }[];
    const merged = rows
      .filter((row) => !latestPending.has(row.order_id))
      .map((row) => ({ first_seq: row.first_seq, order: JSON.parse(row.data) as Order }))
      .concat(pending)
      .sort((a, b) => b.first_seq - a.first_seq);
    return pageOf(merged, query.limit, (row) => row.order, (row) => row.first_seq);
  }

  /** The statement for a page of orders with the given filters (prepared once). */
  #orderPage(byStatus: boolean, bySymbol: boolean): StatementSync {
    const key = `${byStatus}/${bySymbol}`;
    let statement = this.#orderPages.get(key);
    if (statement === undefined) {
      const where = ['o.account_id = ?', 'o.first_seq < ?', ...(byStatus ? ['o.status = ?'] : []), ...(bySymbol ? ['o.symbol = ?'] : [])];
      statement = this.#reader.prepare(`SELECT o.order_id, o.first_seq, e.data FROM account_orders o JOIN journal e ON e.id = ? + o.seq WHERE ${where.join(' AND ')} ORDER BY o.first_seq DESC LIMIT ?`);
      this.#orderPages.set(key, statement);
    }
    return statement;
  }

  async order(accountId: string, orderId: string): Promise<Order | undefined> {
    const pending = this.#pendingOrder(accountId, orderId);
    if (pending !== undefined) return pending.order;
    const base = this.#base(accountId);
    const row = base === undefined ? undefined : (this.#statements.order.get(base, accountId, orderId) as { data: string } | undefined);
    return row === undefined ? undefined : (JSON.parse(row.data) as Order);
  }

  async clientOrder(accountId: string, clientOrderId: string): Promise<ClientOrderRecord | undefined> {
    const base = this.#base(accountId);
    if (base === undefined) return undefined;
    // The table's orders are older than the pending ones: the first that used the id is there if it is anywhere.
    const row = this.#statements.clientOrder.get(base, accountId, clientOrderId) as { order_id: string; request_key: string | null; reject_code: string | null; data: string } | undefined;
    const orderId = row?.order_id ?? this.#projecting?.clients.get(accountId)?.get(clientOrderId) ?? this.#pending.clients.get(accountId)?.get(clientOrderId);
    if (orderId === undefined) return undefined;
    const pending = this.#pendingOrder(accountId, orderId);
    const order = pending?.order ?? (row === undefined ? undefined : (JSON.parse(row.data) as Order));
    if (order === undefined) return undefined;
    const requestKey = row?.request_key ?? pending?.requestKey ?? null;
    const rejectCode = row?.reject_code ?? pending?.rejectCode ?? null;
    return {
      orderId,
      status: order.status,
      ...(requestKey === null ? {} : { requestKey }),
      ...(rejectCode === null ? {} : { rejectCode }),
      ...(order.rejectReason === undefined ? {} : { rejectReason: order.rejectReason }),
    };
  }

  async executions(accountId: string, query: ExecutionQuery): Promise<Page<Execution>> {
    const before = query.before === undefined ? Number.MAX_SAFE_INTEGER : cursorOf(query.before);
    const base = this.#base(accountId);
    if (base === undefined) return { items: [] };
    // An execution is kept as first seen: one already in the table is not taken again from what is pending.
    const pending = [...this.#pendingOf((history) => history.executions, accountId).values()].filter(
      (one) => one.seq < before && one.execution.symbol === query.symbol && this.#statements.hasExecution.get(accountId, one.execution.id) === undefined,
    );
    const rows = this.#statements.executions.all(base, accountId, query.symbol, before, query.limit + 1) as unknown as { seq: number; data: string }[];
    const merged = rows
      .map((row) => ({ seq: row.seq, execution: JSON.parse(row.data) as Execution }))
      .concat(pending)
      .sort((a, b) => b.seq - a.seq);
    return pageOf(merged, query.limit, (row) => row.execution, (row) => row.seq);
  }

  async hasExecution(accountId: string, executionId: string): Promise<boolean> {
    if (this.#pending.executions.get(accountId)?.has(executionId) === true || this.#projecting?.executions.get(accountId)?.has(executionId) === true) return true;
    return this.#statements.hasExecution.get(accountId, executionId) !== undefined;
  }

  /** Commits what was appended and the history still pending, then closes; appends after this are refused. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#probe !== undefined) clearInterval(this.#probe);
    this.#probe = undefined;
    if (this.#projectTimer !== undefined) clearTimeout(this.#projectTimer);
    this.#projectTimer = undefined;
    // The history pending rides along with one last batch (when storage fails, the next open projects it).
    for (let attempt = 0; ; attempt++) {
      while (this.#inFlight > 0 || this.#gathering !== undefined || this.#checkpoint !== undefined) {
        await this.#checkpoint;
        if (this.#gathering !== undefined && this.#inFlight < MAX_IN_FLIGHT) this.#commit();
        await this.#written.catch(() => undefined);
      }
      if (attempt > 0 || this.#pending.projected.size === 0 || this.#health.status === 'failing') break;
      this.#projectDue = true;
      this.#gather();
    }
    try {
      await this.#writer.close();
      if (this.#reader.isOpen) this.#reader.close();
    } finally {
      this.#lock?.release();
    }
  }
}

/**
 * Projects into the history tables what the journal holds beyond each account's `projected_seq` (what committed
 * batches changed while their history still waited in memory when the process ended), in one transaction.
 */
function projectMissedHistory(db: DatabaseSync): void {
  const accounts = db.prepare('SELECT account_id, number, projected_seq FROM store_accounts').all() as unknown as { account_id: string; number: number; projected_seq: number }[];
  const ends = db.prepare('SELECT MAX(id) AS id FROM journal WHERE id > ? AND id < ?');
  const behind = accounts
    .map((account) => ({ ...account, last: (ends.get(journalKey(account.number, account.projected_seq), journalKey(account.number + 1, 0)) as { id: number | null }).id }))
    .filter((account): account is typeof account & { last: number } => account.last !== null);
  if (behind.length === 0) return;
  // Rows in key order, so an order's last version wins and its first facts stay (as the batches' upserts do).
  const orders = db.prepare(`
    INSERT INTO account_orders (account_id, order_id, first_seq, seq, client_order_id, request_key, reject_code, status, symbol)
    SELECT ?, json_extract(data, '$.id'), id - ?, id - ?, json_extract(data, '$.clientOrderId'), request_key, reject_code, json_extract(data, '$.status'), json_extract(data, '$.symbol')
    FROM journal WHERE id > ? AND id <= ? AND route = 'orders' ORDER BY id
    ${ORDER_CONFLICT}`);
  const executions = db.prepare(`
    INSERT OR IGNORE INTO account_executions (account_id, execution_id, seq, symbol)
    SELECT ?, json_extract(data, '$.id'), id - ?, json_extract(data, '$.symbol') FROM journal WHERE id > ? AND id <= ? AND route = 'executions' ORDER BY id`);
  const projected = db.prepare('UPDATE store_accounts SET projected_seq = ? WHERE account_id = ?');
  transaction(db, () => {
    for (const account of behind) {
      const base = journalKey(account.number, 0);
      const from = base + account.projected_seq;
      orders.run(account.account_id, base, base, from, account.last);
      executions.run(account.account_id, base, from, account.last);
      projected.run(account.last - base, account.account_id);
    }
  });
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
        unchecked += textBytes(batch.events) + textBytes(batch.accounts) + textBytes(batch.orders) + textBytes(batch.executions) + textBytes(batch.snapshots) + 8 * pageBytes;
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
