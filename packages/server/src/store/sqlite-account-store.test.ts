import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OrderStatus, type Execution, type Order } from '@trading-pro/contracts';
import type { StoredEvent } from '@trading-pro/brokers';
import { accountStoreConformance, execution, order, orderEvent } from '../../test/store-conformance.ts';
import { SqliteAccountStore } from './sqlite-account-store.ts';
import { SqliteJournalWriter } from './sqlite-journal-writer.ts';
import { journalKey } from './sqlite-schema.ts';

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tp-store-'));
  dirs.push(dir);
  return join(dir, 'store.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** What a crash leaves of the store at `path` now: its database file and its log, copied to a new place. */
function crashImage(path: string): string {
  const copy = tempPath();
  copyFileSync(path, copy);
  if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
  return copy;
}

for (const sync of ['normal', 'full'] as const) {
  accountStoreConformance({
    // Commits on the event loop (normal), or on the writer thread with an fsync each (full).
    name: sync === 'normal' ? 'SQLite' : 'SQLite (sync full)',
    fresh: async () => tempPath(),
    open: async (path) => new SqliteAccountStore(path, { sync }),
    blockWrites: async (path) => {
      const lock = new DatabaseSync(path);
      lock.exec('BEGIN IMMEDIATE');
      return async () => {
        lock.exec('COMMIT');
        lock.close();
      };
    },
    markNewer: async (path) => {
      const db = new DatabaseSync(path);
      db.exec("UPDATE store_meta SET value = '99' WHERE key = 'schema_version'");
      db.close();
    },
  });
}

describe('SQLite account store (its own)', () => {
  it('commits the appends of one turn together; readers see them only once committed', async () => {
    const path = tempPath();
    const store = new SqliteAccountStore(path);
    const first = store.append('A', [orderEvent('1')], 1);
    const second = store.append('B', [orderEvent('2')], 1);
    const other = new DatabaseSync(path, { readOnly: true });
    const count = () => (other.prepare('SELECT COUNT(*) AS n FROM account_events').get() as { n: number }).n;
    expect(count()).toBe(0);
    expect(store.readNow('A', 0)).toEqual([]);
    await Promise.all([first, second]);
    expect(count()).toBe(2);
    expect(store.readNow('A', 0)).toHaveLength(1);
    other.close();
    await store.close();
  });

  it("refuses, unwritten, the rest of a failed batch's generation at the writer", async () => {
    const path = tempPath();
    await new SqliteAccountStore(path).close();
    const db = new DatabaseSync(path);
    const writer = new SqliteJournalWriter(db);
    const batch = (seq: number) => ({ events: [journalKey(1, seq), 1, 'orders', JSON.stringify(order(String(seq))), null, null, null], accounts: seq === 1 ? ['A', 1, 0] : [], orders: [], executions: [], snapshots: [] });
    const lock = new DatabaseSync(path);
    lock.exec('PRAGMA busy_timeout = 0; BEGIN IMMEDIATE');
    db.exec('PRAGMA busy_timeout = 0');
    expect(() => writer.write(batch(1), 0)).toThrow(/locked|busy/i);
    lock.exec('COMMIT');
    expect(() => writer.write(batch(2), 0)).toThrow(/earlier batch/);
    writer.write(batch(1), 1);
    expect((db.prepare('SELECT seq FROM account_events').all() as { seq: number }[]).map((r) => r.seq)).toEqual([1]);
    lock.close();
    db.close();
  });

  it.each(['normal', 'full'] as const)('keeps the write-ahead log near its limit while appends never stop (sync %s)', async (sync) => {
    const path = tempPath();
    const limit = 256 * 1024;
    const store = new SqliteAccountStore(path, { sync, logLimitBytes: limit });
    const note = 'x'.repeat(2_000);
    let largest = 0;
    let appended = 0;
    // Turn after turn, each appending before the last commit settled: the log never gets a quiet moment.
    let previous: Promise<unknown> = Promise.resolve();
    for (let turn = 0; turn < 150; turn++) {
      const batch = Array.from({ length: 10 }, () => store.append('A', [orderEvent(`O${++appended}`, { rejectReason: note })], turn));
      await previous;
      previous = Promise.all(batch);
      largest = Math.max(largest, statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await previous;
    expect(store.readNow('A', 0)).toHaveLength(appended);
    // About 3 MiB went through the log; commits went on while it was copied, until it grew by half its limit (with
    // sync full, the writer thread copies it within a commit, at its limit).
    expect(largest).toBeGreaterThan(limit / 2);
    expect(largest).toBeLessThan(2 * limit + 128 * 1024);
    expect(statSync(path).size).toBeGreaterThan(2 * 1024 * 1024);
    await store.close();
  });

  it('answers history reads from the tables and from what committed since, at the latest version of each order', async () => {
    const path = tempPath();
    const first = new SqliteAccountStore(path);
    await first.append('A', [orderEvent('O1', { clientOrderId: 'k1' }, { requestKey: 'r1' }), orderEvent('O2'), { route: 'executions', data: execution('E1') }], 1);
    await first.close();
    // Closing wrote the history into its tables.
    const db = new DatabaseSync(path, { readOnly: true });
    expect(db.prepare('SELECT order_id, status FROM account_orders ORDER BY first_seq').all()).toEqual([
      { order_id: 'O1', status: OrderStatus.Working },
      { order_id: 'O2', status: OrderStatus.Working },
    ]);
    const store = new SqliteAccountStore(path);
    await store.append('A', [orderEvent('O1', { clientOrderId: 'k1', status: OrderStatus.Filled, filledQty: 1 }), orderEvent('O3'), { route: 'executions', data: execution('E2') }], 2);
    // The table still holds O1 as working; reads see it filled, in its place.
    expect(db.prepare("SELECT status FROM account_orders WHERE order_id = 'O1'").get()).toEqual({ status: OrderStatus.Working });
    const statuses = async (query: { status?: number; limit: number; before?: string }) => (await store.orders('A', query)).items.map((o) => [o.id, o.status]);
    expect(await statuses({ limit: 10 })).toEqual([
      ['O3', OrderStatus.Working],
      ['O2', OrderStatus.Working],
      ['O1', OrderStatus.Filled],
    ]);
    expect(await statuses({ limit: 10, status: OrderStatus.Working })).toEqual([
      ['O3', OrderStatus.Working],
      ['O2', OrderStatus.Working],
    ]);
    expect(await statuses({ limit: 10, status: OrderStatus.Filled })).toEqual([['O1', OrderStatus.Filled]]);
    const pages: string[][] = [];
    let before: string | undefined;
    do {
      const page = await store.orders('A', { limit: 1, ...(before === undefined ? {} : { before }) });
      pages.push(page.items.map((o) => o.id));
      before = page.next;
    } while (before !== undefined);
    expect(pages).toEqual([['O3'], ['O2'], ['O1']]);
    expect(await store.clientOrder('A', 'k1')).toEqual({ orderId: 'O1', status: OrderStatus.Filled, requestKey: 'r1' });
    expect((await store.order('A', 'O1'))?.status).toBe(OrderStatus.Filled);
    expect((await store.executions('A', { symbol: 'BTCUSD', limit: 10 })).items.map((e) => e.id)).toEqual(['E2', 'E1']);
    expect(await store.hasExecution('A', 'E2')).toBe(true);
    db.close();
    await store.close();
  });

  it('projects, on open, the history a crash left only in the journal', async () => {
    const path = tempPath();
    const first = new SqliteAccountStore(path);
    await first.append('A', [orderEvent('O1', { clientOrderId: 'k1' }, { requestKey: 'r1' })], 1);
    await first.close();
    const store = new SqliteAccountStore(path);
    await store.append('A', [orderEvent('O1', { clientOrderId: 'k1', status: OrderStatus.Filled, filledQty: 1 }), { route: 'executions', data: execution('E1') }], 2);
    await store.append('A', [orderEvent('O2', { clientOrderId: 'k2', status: OrderStatus.Rejected, rejectReason: 'too big' }, { requestKey: 'r2', rejectCode: 'RISK_LIMIT' })], 3);
    // The process dies here: what it leaves is the database file and its log, as they are now.
    const crashed = crashImage(path);
    const image = new DatabaseSync(crashed);
    expect(image.prepare('SELECT order_id, status FROM account_orders').all()).toEqual([{ order_id: 'O1', status: OrderStatus.Working }]);
    image.close();
    const reopened = new SqliteAccountStore(crashed);
    expect((await reopened.orders('A', { limit: 10 })).items.map((o) => [o.id, o.status])).toEqual([
      ['O2', OrderStatus.Rejected],
      ['O1', OrderStatus.Filled],
    ]);
    expect(await reopened.clientOrder('A', 'k1')).toEqual({ orderId: 'O1', status: OrderStatus.Filled, requestKey: 'r1' });
    expect(await reopened.clientOrder('A', 'k2')).toEqual({ orderId: 'O2', status: OrderStatus.Rejected, requestKey: 'r2', rejectCode: 'RISK_LIMIT', rejectReason: 'too big' });
    expect(await reopened.hasExecution('A', 'E1')).toBe(true);
    await reopened.close();
    const after = new DatabaseSync(crashed, { readOnly: true });
    expect(after.prepare('SELECT order_id, first_seq, seq, status FROM account_orders ORDER BY first_seq').all()).toEqual([
      { order_id: 'O1', first_seq: 1, seq: 2, status: OrderStatus.Filled },
      { order_id: 'O2', first_seq: 4, seq: 4, status: OrderStatus.Rejected },
    ]);
    expect(after.prepare('SELECT projected_seq FROM store_accounts').get()).toEqual({ projected_seq: 4 });
    after.close();
    await store.close();
  });

  it('writes the history once enough has gathered; a failed write keeps it readable and writes it later', async () => {
    const path = tempPath();
    const store = new SqliteAccountStore(path);
    const other = new DatabaseSync(path);
    const projected = () => (other.prepare('SELECT COUNT(*) AS n FROM account_orders').get() as { n: number }).n;
    await Promise.all(Array.from({ length: 1_100 }, (_, i) => store.append('A', [orderEvent(`O${i}`)], 1)));
    expect(projected()).toBe(0);
    // The next batch carries the 1,100 orders; while the database is locked it fails, and they stay readable.
    other.exec('BEGIN IMMEDIATE');
    await expect(store.append('A', [orderEvent('X')], 2)).rejects.toThrow(/locked|busy/i);
    expect(store.health().status).toBe('failing');
    expect((await store.order('A', 'O7'))?.id).toBe('O7');
    expect((await store.orders('A', { limit: 2000 })).items).toHaveLength(1_100);
    other.exec('COMMIT');
    await store.append('A', [orderEvent('Y')], 3);
    expect(projected()).toBe(1_100);
    expect((await store.orders('A', { limit: 2000 })).items).toHaveLength(1_101);
    other.close();
    await store.close();
  });

  it('sends pending history on once storage works again, with no appends, and not while it fails', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    try {
      const path = tempPath();
      const store = new SqliteAccountStore(path, { historyRows: 10 });
      const other = new DatabaseSync(path);
      const projected = () => (other.prepare('SELECT COUNT(*) AS n FROM account_orders').get() as { n: number }).n;
      const turn = () => new Promise((resolve) => setImmediate(resolve));
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.append('A', [orderEvent(`O${i}`)], 1)));
      other.exec('BEGIN IMMEDIATE');
      await expect(store.append('A', [orderEvent('X')], 2)).rejects.toThrow(/locked|busy/i);
      // While the database stays locked, the history is not sent again and again.
      vi.advanceTimersByTime(200);
      await turn();
      expect(store.health().status).toBe('failing');
      other.exec('COMMIT');
      vi.advanceTimersByTime(1_000); // the probe finds storage working
      await turn();
      expect(store.health().status).toBe('ok');
      expect(projected()).toBe(0);
      vi.advanceTimersByTime(200); // and the history rides along with a batch of its own
      await turn();
      await turn();
      expect(projected()).toBe(20);
      other.close();
      await store.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('brings a journal of the first version up to date, filling the history from it', async () => {
    const path = tempPath();
    const old = new DatabaseSync(path);
    old.exec(`CREATE TABLE account_events (account_id TEXT NOT NULL, seq INTEGER NOT NULL, time INTEGER NOT NULL, route TEXT NOT NULL, data TEXT NOT NULL, state TEXT, PRIMARY KEY (account_id, seq)) WITHOUT ROWID`);
    const insert = old.prepare('INSERT INTO account_events VALUES (?, ?, ?, ?, ?, ?)');
    insert.run('A', 1, 1, 'orders', JSON.stringify(order('O1', { clientOrderId: 'k1' })), JSON.stringify({ type: 'order', order: { requestKey: 'key-1' } }));
    insert.run('A', 2, 2, 'orders', JSON.stringify(order('O1', { clientOrderId: 'k1', status: OrderStatus.Filled, filledQty: 1 })), null);
    insert.run('A', 3, 2, 'executions', JSON.stringify(execution('E1')), null);
    old.close();
    const store = new SqliteAccountStore(path);
    expect((await store.order('A', 'O1'))?.status).toBe(OrderStatus.Filled);
    expect(await store.clientOrder('A', 'k1')).toMatchObject({ orderId: 'O1', requestKey: 'key-1' });
    expect((await store.executions('A', { symbol: 'BTCUSD', limit: 10 })).items.map((e) => e.id)).toEqual(['E1']);
    expect((await store.append('A', [orderEvent('O2')], 3))[0]?.seq).toBe(4);
    await store.close();
  });
});

describe('SQLite account store: the history against a model of the journal', () => {
  type Step =
    | { readonly type: 'turn'; readonly appends: readonly (readonly Fact[])[] }
    | { readonly type: 'reopen' }
    | { readonly type: 'crash' };
  type Fact =
    | { readonly kind: 'order'; readonly id: number; readonly status: OrderStatus; readonly symbol: string; readonly requestKey: string | undefined; readonly rejectCode: string | undefined }
    | { readonly kind: 'execution'; readonly id: number; readonly symbol: string };

  const STATUSES = [OrderStatus.Working, OrderStatus.Filled, OrderStatus.Canceled, OrderStatus.Rejected];
  const SYMBOLS = ['BTCUSD', 'ETHUSD'];
  // Two orders share a client id: the first to use it answers for it.
  const CLIENT_IDS: Record<number, string> = { 1: 'k1', 2: 'k2', 3: 'k1', 4: 'k3' };

  const fact = fc.oneof(
    fc.record({
      kind: fc.constant('order' as const),
      id: fc.integer({ min: 1, max: 8 }),
      status: fc.constantFrom(...STATUSES),
      symbol: fc.constantFrom(...SYMBOLS),
      requestKey: fc.option(fc.constantFrom('r1', 'r2'), { nil: undefined }),
      rejectCode: fc.option(fc.constant('RISK_LIMIT'), { nil: undefined }),
    }),
    fc.record({ kind: fc.constant('execution' as const), id: fc.integer({ min: 1, max: 6 }), symbol: fc.constantFrom(...SYMBOLS) }),
  );
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ type: fc.constant('turn' as const), appends: fc.array(fc.array(fact, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }) }) },
    { weight: 1, arbitrary: fc.constant({ type: 'reopen' as const }) },
    { weight: 1, arbitrary: fc.constant({ type: 'crash' as const }) },
  );

  const stored = (f: Fact): StoredEvent => {
    if (f.kind === 'execution') return { route: 'executions', data: { ...execution(`E${f.id}`, f.symbol) } };
    const client = CLIENT_IDS[f.id];
    const data = order(`O${f.id}`, { status: f.status, symbol: f.symbol, ...(client === undefined ? {} : { clientOrderId: client }), ...(f.status === OrderStatus.Rejected ? { rejectReason: 'refused' } : {}) });
    return orderEvent(data.id, data, { ...(f.requestKey === undefined ? {} : { requestKey: f.requestKey }), ...(f.rejectCode === undefined ? {} : { rejectCode: f.rejectCode }) });
  };

  /** What the journal says: each order at its latest version with its first facts, each execution as first seen. */
  class Model {
    readonly orders = new Map<string, { firstSeq: number; order: Order; requestKey?: string; rejectCode?: string }>();
    readonly executions = new Map<string, { seq: number; execution: Execution }>();
    seq = 0;

    add(event: StoredEvent): void {
      this.seq += 1;
      if (event.route === 'executions') {
        if (!this.executions.has(event.data.id)) this.executions.set(event.data.id, { seq: this.seq, execution: event.data });
      } else if (event.route === 'orders') {
        const earlier = this.orders.get(event.data.id);
        const requestKey = earlier?.requestKey ?? event.requestKey;
        const rejectCode = earlier?.rejectCode ?? event.rejectCode;
        this.orders.set(event.data.id, { firstSeq: earlier?.firstSeq ?? this.seq, order: event.data, ...(requestKey === undefined ? {} : { requestKey }), ...(rejectCode === undefined ? {} : { rejectCode }) });
      }
    }

    orderList(filter: { status?: number; symbol?: string } = {}): [string, number][] {
      return [...this.orders.values()]
        .filter(({ order: o }) => (filter.status === undefined || o.status === filter.status) && (filter.symbol === undefined || o.symbol === filter.symbol))
        .sort((a, b) => b.firstSeq - a.firstSeq)
        .map(({ order: o }) => [o.id, o.status]);
    }

    clientOrder(clientOrderId: string) {
      const first = [...this.orders.values()].filter(({ order: o }) => o.clientOrderId === clientOrderId).sort((a, b) => a.firstSeq - b.firstSeq)[0];
      if (first === undefined) return undefined;
      return {
        orderId: first.order.id,
        status: first.order.status,
        ...(first.requestKey === undefined ? {} : { requestKey: first.requestKey }),
        ...(first.rejectCode === undefined ? {} : { rejectCode: first.rejectCode }),
        ...(first.order.rejectReason === undefined ? {} : { rejectReason: first.order.rejectReason }),
      };
    }

    executionList(symbol: string): string[] {
      return [...this.executions.values()]
        .filter(({ execution: e }) => e.symbol === symbol)
        .sort((a, b) => b.seq - a.seq)
        .map(({ execution: e }) => e.id);
    }
  }

  async function walk<T>(page: (before: string | undefined) => Promise<{ items: T[]; next?: string }>): Promise<T[]> {
    const all: T[] = [];
    let before: string | undefined;
    do {
      const one = await page(before);
      all.push(...one.items);
      before = one.next;
    } while (before !== undefined);
    return all;
  }

  async function check(store: SqliteAccountStore, model: Model): Promise<void> {
    const list = async (filter: { status?: number; symbol?: string }) => (await store.orders('A', { limit: 100, ...filter })).items.map((o): [string, number] => [o.id, o.status]);
    expect(await list({})).toEqual(model.orderList());
    for (const status of STATUSES) expect(await list({ status })).toEqual(model.orderList({ status }));
    expect(await list({ symbol: 'ETHUSD' })).toEqual(model.orderList({ symbol: 'ETHUSD' }));
    const paged = await walk((before) => store.orders('A', { limit: 2, status: OrderStatus.Working, ...(before === undefined ? {} : { before }) }));
    expect(paged.map((o) => o.id)).toEqual(model.orderList({ status: OrderStatus.Working }).map(([id]) => id));
    for (let id = 1; id <= 8; id++) expect((await store.order('A', `O${id}`))?.status).toBe(model.orders.get(`O${id}`)?.order.status);
    for (const client of ['k1', 'k2', 'k3']) expect(await store.clientOrder('A', client)).toEqual(model.clientOrder(client));
    for (const symbol of SYMBOLS) {
      const executions = await walk((before) => store.executions('A', { symbol, limit: 1, ...(before === undefined ? {} : { before }) }));
      expect(executions.map((e) => e.id)).toEqual(model.executionList(symbol));
    }
    for (let id = 1; id <= 6; id++) expect(await store.hasExecution('A', `E${id}`)).toBe(model.executions.has(`E${id}`));
  }

  // Each run opens stores (a checkpointer thread each): 12 runs here, STORE_MODEL_RUNS=300 for a deeper search.
  it('reads what the journal says, with the history pending, written, or projected after a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), fc.integer({ min: 1, max: 6 }), async (steps, historyRows) => {
        let path = tempPath();
        let store = new SqliteAccountStore(path, { historyRows });
        const model = new Model();
        try {
          for (const next of steps) {
            if (next.type === 'turn') {
              const appends = next.appends.map((facts) => facts.map(stored));
              const committed = appends.map((events) => store.append('A', events, 1));
              for (const events of appends) for (const event of events) model.add(event);
              await Promise.all(committed);
            } else if (next.type === 'reopen') {
              await store.close();
              store = new SqliteAccountStore(path, { historyRows });
            } else {
              // What a crash leaves: the database and its log as they are, history still pending in memory.
              const copy = crashImage(path);
              await store.close();
              path = copy;
              store = new SqliteAccountStore(path, { historyRows });
            }
            await check(store, model);
          }
        } finally {
          await store.close();
        }
      }),
      { numRuns: Number(process.env.STORE_MODEL_RUNS ?? 12) },
    );
  }, 600_000);
});
