/**
 * The account store on PostgreSQL: the journal, snapshots, and the order and execution history projected from the
 * journal in the same transaction, as the SQLite store keeps them. Appends of one event-loop turn form one batch
 * committed as one transaction on a dedicated connection (group commit); the next batch gathers while it commits.
 * Appends settle in the order they were made. Seqs are numbered from the last committed seq when the batch is
 * written; an append naming the seq it was decided after is refused when the journal (with the appends before it)
 * does not end there, and a failed commit fails every append gathered behind it. Reads use a pool of their own
 * connections, so they see only committed data and never wait for the writer.
 */
import pg from 'pg';
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
import { migratePostgres } from './postgres-schema.ts';
import { cursorOf, pageOf, toRecord, type EventRow, type StorageHealth } from './journal-rows.ts';

const READ_PAGE = 5_000;
const PROBE_MS = 1_000;

export interface PostgresStoreOptions {
  readonly url: string;
  /** The schema holding the tables (created when missing); `public` by default. */
  readonly schema?: string;
  /** How long a commit waits for a lock before it fails (ms); 5 s by default. */
  readonly lockTimeoutMs?: number;
  /** Read connections at most. */
  readonly readConnections?: number;
}

interface PendingAppend {
  readonly kind: 'append';
  readonly accountId: string;
  readonly time: number;
  readonly expectedLastSeq: number | undefined;
  /** Per event: route, serialized data and state, the event itself (for the projections). */
  readonly rows: { readonly event: StoredEvent; readonly data: string; readonly state: string | null }[];
  readonly resolve: (records: JournalRecord[]) => void;
  readonly reject: (error: unknown) => void;
}

interface PendingSnapshot {
  readonly kind: 'snapshot';
  readonly accountId: string;
  readonly snapshot: AccountSnapshot;
  readonly data: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

type Pending = PendingAppend | PendingSnapshot;

interface OrderRow {
  accountId: string;
  orderId: string;
  firstSeq: number;
  seq: number;
  clientOrderId: string | null;
  requestKey: string | null;
  rejectCode: string | null;
  status: number;
  symbol: string;
}

export class PostgresAccountStore implements AccountStore {
  readonly #writer: pg.Client;
  readonly #pool: pg.Pool;
  /** The lease epoch this process holds, per account held by lease. */
  readonly #epochs = new Map<string, number>();
  /** Last committed seq per account (this process is the journal's only writer of its accounts). */
  readonly #lastSeq = new Map<string, number>();
  #gathering: Pending[] = [];
  #committing: Promise<void> | undefined;
  #health: StorageHealth = { status: 'ok' };
  #probe: ReturnType<typeof setInterval> | undefined;
  #closed = false;
  /** Told when an append or snapshot of an account is refused because another process took its lease. */
  #onFenced: ((accountId: string) => void) | undefined;

  private constructor(writer: pg.Client, pool: pg.Pool) {
    this.#writer = writer;
    this.#pool = pool;
  }

  /** Connects, creates or migrates the schema (under an advisory lock), and returns the store. */
  static async open(options: PostgresStoreOptions): Promise<PostgresAccountStore> {
    const schema = options.schema ?? 'public';
    const searchPath = `-c search_path=${schema}`;
    const writer = new pg.Client({ connectionString: options.url, options: `${searchPath} -c lock_timeout=${options.lockTimeoutMs ?? 5_000}` });
    await writer.connect();
    try {
      await migratePostgres(writer, schema);
    } catch (error) {
      await writer.end().catch(() => undefined);
      throw error;
    }
    const pool = new pg.Pool({ connectionString: options.url, options: searchPath, max: options.readConnections ?? 4 });
    const store = new PostgresAccountStore(writer, pool);
    // A lost connection shows as failing health and failed appends, never as an unhandled error.
    writer.on('error', (error) => store.#failing(error));
    pool.on('error', () => undefined);
    return store;
  }

  health(): StorageHealth {
    return this.#health;
  }

  append(accountId: string, events: readonly StoredEvent[], time: number, expectedLastSeq?: number): Promise<JournalRecord[]> {
    if (events.length === 0) return Promise.resolve([]);
    if (this.#closed) return Promise.reject(new Error('the account store is closed'));
    // Everything that can fail on our side happens before the append joins the batch: a bad event fails only itself.
    let rows: PendingAppend['rows'];
    try {
      rows = events.map((event) => ({ event, data: JSON.stringify(event.data), state: event.state === undefined ? null : JSON.stringify(event.state) }));
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<JournalRecord[]>((resolve, reject) => {
      this.#gathering.push({ kind: 'append', accountId, time, expectedLastSeq, rows, resolve, reject });
      this.#schedule();
    });
  }

  saveSnapshot(accountId: string, snapshot: AccountSnapshot): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the account store is closed'));
    let data: string;
    try {
      data = snapshot.json ?? JSON.stringify(snapshot.data);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<void>((resolve, reject) => {
      this.#gathering.push({ kind: 'snapshot', accountId, snapshot, data, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#committing !== undefined || this.#gathering.length === 0) return;
    this.#committing = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.#commitGathered());
  }

  /** Commits what gathered; the next batch gathers meanwhile and goes once this one has settled. */
  async #commitGathered(): Promise<void> {
    const batch = this.#gathering;
    this.#gathering = [];
    try {
      await this.#commit(batch);
    } catch (error) {
      // Everything gathered behind was decided on top of this batch: it fails too, and numbering restarts from
      // what is committed.
      const behind = this.#gathering;
      this.#gathering = [];
      this.#lastSeq.clear();
      this.#failing(error);
      for (const pending of [...batch, ...behind]) pending.reject(error);
    } finally {
      this.#committing = undefined;
      this.#schedule();
    }
  }

  async #commit(batch: readonly Pending[]): Promise<void> {
    const appends = batch.filter((p): p is PendingAppend => p.kind === 'append');
    await this.#loadLastSeqs(appends.map((a) => a.accountId));
    const client = this.#writer;
    // Accounts held by lease: their lease rows are read (and held against a takeover) in the transaction that
    // appends, so an owner whose lease another process took can never append after it.
    const leased = [...new Set(batch.map((p) => p.accountId))].filter((id) => this.#epochs.has(id));
    let open = false;
    const fenced = new Set<string>();
    if (leased.length > 0) {
      await client.query('BEGIN');
      open = true;
      try {
        const { rows } = await client.query<{ account_id: string; epoch: string }>('SELECT account_id, epoch FROM account_leases WHERE account_id = ANY($1::text[]) FOR SHARE', [leased]);
        const current = new Map(rows.map((r) => [r.account_id, Number(r.epoch)]));
        for (const id of leased) if (current.get(id) !== this.#epochs.get(id)) fenced.add(id);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    }
    const last = new Map(this.#lastSeq);
    const events: [string[], number[], number[], string[], string[], (string | null)[]] = [[], [], [], [], [], []];
    const orders = new Map<string, OrderRow>();
    const executions: [string[], string[], number[], string[]] = [[], [], [], []];
    const accepted: { pending: PendingAppend; records: JournalRecord[] }[] = [];
    const refused: { pending: PendingAppend; error: Error }[] = [];
    for (const pending of appends) {
      const { accountId, time } = pending;
      let seq = last.get(accountId) ?? 0;
      if (fenced.has(accountId)) {
        refused.push({ pending, error: new Error(`fenced: the lease of ${accountId} was taken over (epoch ${this.#epochs.get(accountId)} is no longer current); this process no longer owns the account`) });
        continue;
      }
      if (pending.expectedLastSeq !== undefined && pending.expectedLastSeq !== seq) {
        refused.push({ pending, error: new Error(`refused: decided after seq ${pending.expectedLastSeq}, but the journal of ${accountId} ends at ${seq} (an earlier append failed)`) });
        continue;
      }
      const records: JournalRecord[] = [];
      for (const { event, data, state } of pending.rows) {
        seq += 1;
        events[0].push(accountId);
        events[1].push(seq);
        events[2].push(time);
        events[3].push(event.route);
        events[4].push(data);
        events[5].push(state);
        records.push(event.state === undefined ? { accountId, seq, time, route: event.route, data: event.data } : { accountId, seq, time, route: event.route, data: event.data, state: event.state });
        if (event.route === 'orders') projectOrder(orders, accountId, seq, event);
        else if (event.route === 'executions') {
          executions[0].push(accountId);
          executions[1].push(event.data.id);
          executions[2].push(seq);
          executions[3].push(event.data.symbol);
        }
      }
      last.set(accountId, seq);
      accepted.push({ pending, records });
    }
    const snapshots = new Map<string, PendingSnapshot>();
    const fencedSnapshots: PendingSnapshot[] = [];
    for (const p of batch) {
      if (p.kind !== 'snapshot') continue;
      if (fenced.has(p.accountId)) fencedSnapshots.push(p);
      else snapshots.set(p.accountId, p);
    }

    if (events[0].length > 0 || snapshots.size > 0 || open) {
      if (!open) await client.query('BEGIN');
      try {
        if (events[0].length > 0) {
          await client.query('INSERT INTO account_events (account_id, seq, time, route, data, state) SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[])', events);
        }
        if (orders.size > 0) {
          const o = [...orders.values()];
          // `first_seq` and the idempotency facts stay as the first version wrote them.
          await client.query(
            `INSERT INTO account_orders (account_id, order_id, first_seq, seq, client_order_id, request_key, reject_code, status, symbol)
             SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[])
             ON CONFLICT (account_id, order_id) DO UPDATE SET
               seq = excluded.seq, status = excluded.status, symbol = excluded.symbol,
               client_order_id = COALESCE(account_orders.client_order_id, excluded.client_order_id),
               request_key = COALESCE(account_orders.request_key, excluded.request_key),
               reject_code = COALESCE(account_orders.reject_code, excluded.reject_code)`,
            [o.map((r) => r.accountId), o.map((r) => r.orderId), o.map((r) => r.firstSeq), o.map((r) => r.seq), o.map((r) => r.clientOrderId), o.map((r) => r.requestKey), o.map((r) => r.rejectCode), o.map((r) => r.status), o.map((r) => r.symbol)],
          );
        }
        if (executions[0].length > 0) {
          await client.query('INSERT INTO account_executions (account_id, execution_id, seq, symbol) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[]) ON CONFLICT DO NOTHING', executions);
        }
        for (const s of snapshots.values()) {
          await client.query(
            'INSERT INTO account_snapshots (account_id, seq, time, data) VALUES ($1, $2, $3, $4) ON CONFLICT (account_id) DO UPDATE SET seq = excluded.seq, time = excluded.time, data = excluded.data',
            [s.accountId, s.snapshot.seq, s.snapshot.time, s.data],
          );
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    }
    for (const [accountId, seq] of last) this.#lastSeq.set(accountId, seq);
    this.#healthy();
    for (const id of fenced) this.#onFenced?.(id);
    for (const { pending, error } of refused) pending.reject(error);
    for (const { pending, records } of accepted) pending.resolve(records);
    for (const p of fencedSnapshots) p.reject(new Error(`fenced: the lease of ${p.accountId} was taken over; this process no longer owns the account`));
    for (const p of snapshots.values()) p.resolve();
    for (const p of batch) if (p.kind === 'snapshot' && !fenced.has(p.accountId) && snapshots.get(p.accountId) !== p) p.resolve();
  }

  async #loadLastSeqs(accountIds: readonly string[]): Promise<void> {
    const missing = [...new Set(accountIds)].filter((id) => !this.#lastSeq.has(id));
    if (missing.length === 0) return;
    const result = await this.#writer.query<{ account_id: string; seq: string }>(
      'SELECT account_id, MAX(seq) AS seq FROM account_events WHERE account_id = ANY($1::text[]) GROUP BY account_id',
      [missing],
    );
    for (const id of missing) this.#lastSeq.set(id, 0);
    for (const row of result.rows) this.#lastSeq.set(row.account_id, Number(row.seq));
  }

  #failing(error: unknown): void {
    this.#health = { status: 'failing', message: error instanceof Error ? error.message : String(error) };
    if (this.#probe !== undefined || this.#closed) return;
    this.#probe = setInterval(() => {
      if (this.#committing !== undefined) return;
      this.#writer.query('SELECT 1').then(
        () => this.#healthy(),
        (failure: unknown) => {
          this.#health = { status: 'failing', message: failure instanceof Error ? failure.message : String(failure) };
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

  /**
   * Takes the ownership lease of an account when it is free or expired (or already this owner's), for `ttlMs`;
   * resolves with the new fencing epoch, or undefined when another owner holds a live lease. From then on this
   * store's appends for the account commit only while that epoch is the account's current one.
   */
  async acquireLease(accountId: string, owner: string, ttlMs: number): Promise<number | undefined> {
    const { rows } = await this.#writer.query<{ epoch: string }>(
      `INSERT INTO account_leases (account_id, owner, epoch, expires_at) VALUES ($1, $2, 1, clock_timestamp() + $3 * interval '1 millisecond')
       ON CONFLICT (account_id) DO UPDATE SET owner = excluded.owner, epoch = account_leases.epoch + 1, expires_at = excluded.expires_at
       WHERE account_leases.expires_at < clock_timestamp() OR account_leases.owner = excluded.owner
       RETURNING epoch`,
      [accountId, owner, ttlMs],
    );
    const epoch = rows[0] === undefined ? undefined : Number(rows[0].epoch);
    if (epoch !== undefined) {
      this.#epochs.set(accountId, epoch);
      // Another owner may have appended since this process last did: numbering starts again from the database.
      this.#lastSeq.delete(accountId);
    }
    return epoch;
  }

  /** Ends the lease this store holds at once (a clean stop), so another process need not wait for it to expire. */
  async releaseLease(accountId: string, owner: string): Promise<void> {
    const epoch = this.#epochs.get(accountId);
    if (epoch === undefined) return;
    await this.#writer.query(`UPDATE account_leases SET expires_at = clock_timestamp() - interval '1 millisecond' WHERE account_id = $1 AND owner = $2 AND epoch = $3`, [accountId, owner, epoch]);
  }

  /** The owner of each of the accounts whose lease is live now (expired and missing ones are absent). */
  async leaseHolders(accountIds: readonly string[]): Promise<Map<string, string>> {
    const { rows } = await this.#pool.query<{ account_id: string; owner: string }>(
      'SELECT account_id, owner FROM account_leases WHERE account_id = ANY($1::text[]) AND expires_at >= clock_timestamp()',
      [accountIds],
    );
    return new Map(rows.map((row) => [row.account_id, row.owner]));
  }

  /** Calls `listener` with the account whenever an append or snapshot is refused for a lease taken over. */
  onFenced(listener: (accountId: string) => void): void {
    this.#onFenced = listener;
  }

  /** Extends the lease this store holds; false when it was taken over (the account must stop here). */
  async renewLease(accountId: string, owner: string, ttlMs: number): Promise<boolean> {
    const epoch = this.#epochs.get(accountId);
    if (epoch === undefined) return false;
    const { rowCount } = await this.#writer.query(
      `UPDATE account_leases SET expires_at = clock_timestamp() + $4 * interval '1 millisecond' WHERE account_id = $1 AND owner = $2 AND epoch = $3 AND expires_at >= clock_timestamp()`,
      [accountId, owner, epoch, ttlMs],
    );
    return rowCount === 1;
  }

  async read(accountId: string, afterSeq: number, options: { readonly routes?: readonly JournalRoute[]; readonly limit?: number; readonly upToSeq?: number } = {}): Promise<JournalRecord[]> {
    const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
    const upTo = options.upToSeq ?? Number.MAX_SAFE_INTEGER;
    const out: JournalRecord[] = [];
    if (options.routes !== undefined && options.routes.length === 0) return out;
    const routes = options.routes === undefined ? undefined : [...new Set<string>(options.routes)];
    // A read by route (a client's replay) filters in the database and leaves the brokers' state column there.
    const sql =
      routes === undefined
        ? 'SELECT account_id, seq, time, route, data, state FROM account_events WHERE account_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4'
        : 'SELECT account_id, seq, time, route, data, NULL AS state FROM account_events WHERE account_id = $1 AND seq > $2 AND seq <= $3 AND route = ANY($5::text[]) ORDER BY seq LIMIT $4';
    let cursor = afterSeq;
    while (out.length < limit) {
      const page = Math.min(READ_PAGE, limit - out.length);
      const params: unknown[] = [accountId, cursor, upTo, page];
      if (routes !== undefined) params.push(routes);
      const { rows } = await this.#pool.query<EventRow>(sql, params);
      for (const row of rows) out.push(toRecord(row));
      const lastRow = rows[rows.length - 1];
      if (rows.length < page || lastRow === undefined) break;
      cursor = Number(lastRow.seq);
    }
    return out;
  }

  async lastSeq(accountId: string): Promise<number> {
    const { rows } = await this.#pool.query<{ seq: string | null }>('SELECT MAX(seq) AS seq FROM account_events WHERE account_id = $1', [accountId]);
    return rows[0]?.seq == null ? 0 : Number(rows[0].seq);
  }

  async loadSnapshot(accountId: string): Promise<AccountSnapshot | undefined> {
    const { rows } = await this.#pool.query<{ seq: string; time: string; data: string }>('SELECT seq, time, data FROM account_snapshots WHERE account_id = $1', [accountId]);
    const row = rows[0];
    return row === undefined ? undefined : { seq: Number(row.seq), time: Number(row.time), data: JSON.parse(row.data) as unknown };
  }

  async orders(accountId: string, query: OrderQuery): Promise<Page<Order>> {
    const where = ['o.account_id = $1', 'o.first_seq < $2'];
    const params: (string | number)[] = [accountId, query.before === undefined ? Number.MAX_SAFE_INTEGER : cursorOf(query.before)];
    if (query.status !== undefined) {
      params.push(query.status);
      where.push(`o.status = $${params.length}`);
    }
    if (query.symbol !== undefined) {
      params.push(query.symbol);
      where.push(`o.symbol = $${params.length}`);
    }
    params.push(query.limit + 1);
    const { rows } = await this.#pool.query<{ first_seq: string; data: string }>(
      `SELECT o.first_seq, e.data FROM account_orders o JOIN account_events e ON e.account_id = o.account_id AND e.seq = o.seq WHERE ${where.join(' AND ')} ORDER BY o.first_seq DESC LIMIT $${params.length}`,
      params,
    );
    return pageOf(rows, query.limit, (row) => JSON.parse(row.data) as Order, (row) => Number(row.first_seq));
  }

  async order(accountId: string, orderId: string): Promise<Order | undefined> {
    const { rows } = await this.#pool.query<{ data: string }>(
      'SELECT e.data FROM account_orders o JOIN account_events e ON e.account_id = o.account_id AND e.seq = o.seq WHERE o.account_id = $1 AND o.order_id = $2',
      [accountId, orderId],
    );
    return rows[0] === undefined ? undefined : (JSON.parse(rows[0].data) as Order);
  }

  async clientOrder(accountId: string, clientOrderId: string): Promise<ClientOrderRecord | undefined> {
    const { rows } = await this.#pool.query<{ order_id: string; request_key: string | null; reject_code: string | null; status: number; data: string }>(
      `SELECT o.order_id, o.request_key, o.reject_code, o.status, e.data FROM account_orders o
       JOIN account_events e ON e.account_id = o.account_id AND e.seq = o.seq
       WHERE o.account_id = $1 AND o.client_order_id = $2 ORDER BY o.first_seq LIMIT 1`,
      [accountId, clientOrderId],
    );
    const row = rows[0];
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
    const { rows } = await this.#pool.query<{ seq: string; data: string }>(
      `SELECT x.seq, e.data FROM account_executions x JOIN account_events e ON e.account_id = x.account_id AND e.seq = x.seq
       WHERE x.account_id = $1 AND x.symbol = $2 AND x.seq < $3 ORDER BY x.seq DESC LIMIT $4`,
      [accountId, query.symbol, before, query.limit + 1],
    );
    return pageOf(rows, query.limit, (row) => JSON.parse(row.data) as Execution, (row) => Number(row.seq));
  }

  async hasExecution(accountId: string, executionId: string): Promise<boolean> {
    const { rows } = await this.#pool.query('SELECT 1 FROM account_executions WHERE account_id = $1 AND execution_id = $2', [accountId, executionId]);
    return rows.length > 0;
  }

  /** Commits what was appended, then closes; appends after this are refused. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#probe !== undefined) clearInterval(this.#probe);
    this.#probe = undefined;
    while (this.#committing !== undefined) await this.#committing;
    await Promise.allSettled([this.#writer.end(), this.#pool.end()]);
  }
}

/** Merges an order's versions of one batch into one row: the latest version, with the first one's facts. */
function projectOrder(orders: Map<string, OrderRow>, accountId: string, seq: number, event: StoredEvent & { route: 'orders' }): void {
  const key = `${accountId}\u0000${event.data.id}`;
  const earlier = orders.get(key);
  orders.set(key, {
    accountId,
    orderId: event.data.id,
    firstSeq: earlier?.firstSeq ?? seq,
    seq,
    clientOrderId: earlier?.clientOrderId ?? event.data.clientOrderId ?? null,
    requestKey: earlier?.requestKey ?? event.requestKey ?? null,
    rejectCode: earlier?.rejectCode ?? event.rejectCode ?? null,
    status: event.data.status,
    symbol: event.data.symbol,
  });
}
