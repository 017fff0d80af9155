import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { OrderStatus, OrderType, Side, type Execution, type Order } from '@trading-pro/contracts';
import type { StoredEvent } from '@trading-pro/brokers';
import { SqliteAccountStore } from './sqlite-account-store.ts';
import { SqliteJournalWriter } from './sqlite-journal-writer.ts';

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tp-store-'));
  dirs.push(dir);
  return join(dir, 'store.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const order = (id: string, changes: Partial<Order> = {}): Order => ({
  id,
  symbol: 'BTCUSD',
  type: OrderType.Limit,
  side: Side.Buy,
  qty: 1,
  status: OrderStatus.Working,
  limitPrice: 100,
  filledQty: 0,
  commission: 0,
  createTime: 1,
  updateTime: 1,
  ...changes,
});
const orderEvent = (id: string, changes: Partial<Order> = {}, extra: Partial<StoredEvent> = {}): StoredEvent => ({ route: 'orders', data: order(id, changes), ...extra }) as StoredEvent;
const execution = (id: string, symbol = 'BTCUSD'): Execution => ({ id, orderId: 'O1', symbol, price: 100, qty: 1, side: Side.Buy, time: 2, commission: 0 });

describe('SQLite account store', () => {
  it('numbers events per account from 1 and keeps them across reopening', async () => {
    const path = tempPath();
    const store = new SqliteAccountStore(path);
    expect((await store.append('A', [orderEvent('1'), orderEvent('2')], 10)).map((r) => r.seq)).toEqual([1, 2]);
    expect((await store.append('B', [orderEvent('x')], 11)).map((r) => r.seq)).toEqual([1]);
    expect((await store.append('A', [orderEvent('3', {}, { state: { internal: true } })], 12)).map((r) => r.seq)).toEqual([3]);
    await store.close();
    const again = new SqliteAccountStore(path);
    expect(await again.lastSeq('A')).toBe(3);
    expect((await again.read('A', 1)).map((r) => [r.seq, (r.data as Order).id, r.state])).toEqual([
      [2, '2', undefined],
      [3, '3', { internal: true }],
    ]);
    expect((await again.append('A', [orderEvent('4')], 13))[0]?.seq).toBe(4);
    await again.close();
  });

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

  it('fails only the append that cannot be serialized, before touching the database', async () => {
    const store = new SqliteAccountStore(tempPath());
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const good = store.append('A', [orderEvent('1')], 1);
    await expect(store.append('A', [orderEvent('2'), { route: 'internal', data: circular }], 1)).rejects.toThrow();
    await good;
    expect(store.readNow('A', 0).map((r) => (r.data as Order).id)).toEqual(['1']);
    await store.close();
  });

  it('fails every append of a transaction that cannot commit, and keeps numbering from what is committed', async () => {
    const path = tempPath();
    const store = new SqliteAccountStore(path);
    await store.append('A', [orderEvent('1')], 1);
    const lock = new DatabaseSync(path);
    lock.exec('BEGIN IMMEDIATE');
    await expect(store.append('A', [orderEvent('2')], 2)).rejects.toThrow(/locked|busy/i);
    expect(store.health()).toMatchObject({ status: 'failing' });
    lock.exec('COMMIT');
    lock.close();
    expect((await store.append('A', [orderEvent('3')], 3))[0]?.seq).toBe(2);
    expect(store.health()).toEqual({ status: 'ok' });
    expect(store.readNow('A', 0).map((r) => (r.data as Order).id)).toEqual(['1', '3']);
    await store.close();
  });

  it('fails the batches pipelined behind a failed one, in order, and refuses an append decided on top of them', async () => {
    const path = tempPath();
    const store = new SqliteAccountStore(path);
    await store.append('A', [orderEvent('1')], 1);
    const lock = new DatabaseSync(path);
    lock.exec('BEGIN IMMEDIATE');
    const settled: string[] = [];
    const pending: Promise<unknown>[] = [];
    // Three turns, three batches at the writer: each decided on top of the one before (seqs 2, 3, 4).
    for (const [id, after] of [['2', 1], ['3', 2], ['4', 3]] as const) {
      pending.push(store.append('A', [orderEvent(id)], 2, after).then(() => settled.push(`${id} ok`), () => settled.push(`${id} failed`)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(pending);
    expect(settled).toEqual(['2 failed', '3 failed', '4 failed']);
    lock.exec('COMMIT');
    lock.close();
    // Decided after seq 4, which never committed: refused. Decided after what is committed: seq 2.
    await expect(store.append('A', [orderEvent('5')], 3, 4)).rejects.toThrow(/ends at 1/);
    expect((await store.append('A', [orderEvent('6')], 3, 1))[0]?.seq).toBe(2);
    expect(store.readNow('A', 0).map((r) => (r.data as Order).id)).toEqual(['1', '6']);
    await store.close();
  });

  it("refuses, unwritten, the rest of a failed batch's generation at the writer", async () => {
    const path = tempPath();
    await new SqliteAccountStore(path).close();
    const db = new DatabaseSync(path);
    const writer = new SqliteJournalWriter(db);
    const batch = (seq: number) => ({ events: ['A', seq, 1, 'orders', JSON.stringify(order(String(seq))), null], orders: [], executions: [], snapshots: [] });
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

  it('appends a batch larger than one statement can bind, atomically', async () => {
    const store = new SqliteAccountStore(tempPath());
    const many = Array.from({ length: 1_234 }, (_, i) => orderEvent(String(i)));
    expect((await store.append('A', many, 1)).at(-1)?.seq).toBe(1_234);
    expect(store.readNow('A', 1_200, { limit: 10 }).map((r) => r.seq)).toEqual([1_201, 1_202, 1_203, 1_204, 1_205, 1_206, 1_207, 1_208, 1_209, 1_210]);
    expect(store.readNow('A', 0, { upToSeq: 3 }).map((r) => r.seq)).toEqual([1, 2, 3]);
    await store.close();
  });

  it('reads by route in pages, in order, with the data only (a replay), and everything with its state (a restore)', async () => {
    const store = new SqliteAccountStore(tempPath());
    const events: StoredEvent[] = [];
    for (let i = 0; i < 12_000; i++) {
      events.push(i % 3 === 0 ? ({ route: 'executions', data: execution(`X${i}`), state: { i } } as StoredEvent) : orderEvent(String(i), {}, { state: { i } }));
    }
    await store.append('A', events, 1);
    const replay = store.readNow('A', 0, { routes: ['executions'] });
    expect(replay).toHaveLength(4_000);
    expect(replay.every((r, n) => r.route === 'executions' && r.seq === 3 * n + 1 && r.state === undefined)).toBe(true);
    expect(store.readNow('A', 9_000, { routes: ['executions'], limit: 2, upToSeq: 9_006 }).map((r) => r.seq)).toEqual([9_001, 9_004]);
    expect(store.readNow('A', 0, { routes: [] })).toEqual([]);
    const restore = store.readNow('A', 11_990);
    expect(restore.map((r) => [r.seq, r.state])).toEqual(Array.from({ length: 10 }, (_, n) => [11_991 + n, { i: 11_990 + n }]));
    await store.close();
  });

  it('projects orders (latest version, newest first, paged), their idempotency facts and executions', async () => {
    const store = new SqliteAccountStore(tempPath());
    await store.append('A', [orderEvent('O1', { clientOrderId: 'k1' }, { requestKey: '{"a":1}' }), orderEvent('O2')], 1);
    await store.append('A', [orderEvent('O1', { status: OrderStatus.Filled, filledQty: 1, clientOrderId: 'k1' }), { route: 'executions', data: execution('E1') }], 2);
    await store.append('A', [orderEvent('O3', { status: OrderStatus.Rejected, rejectReason: 'too big', clientOrderId: 'k3' }, { rejectCode: 'RISK_LIMIT' }), { route: 'executions', data: execution('E2') }], 3);
    const page = await store.orders('A', { limit: 2 });
    expect(page.items.map((o) => o.id)).toEqual(['O3', 'O2']);
    expect(page.next).toBeDefined();
    const rest = await store.orders('A', { limit: 2, before: page.next });
    expect(rest.items.map((o) => [o.id, o.status])).toEqual([['O1', OrderStatus.Filled]]);
    expect(rest.next).toBeUndefined();
    expect((await store.orders('A', { limit: 10, status: OrderStatus.Working })).items.map((o) => o.id)).toEqual(['O2']);
    expect(await store.clientOrder('A', 'k1')).toEqual({ orderId: 'O1', status: OrderStatus.Filled, requestKey: '{"a":1}' });
    expect(await store.clientOrder('A', 'k3')).toEqual({ orderId: 'O3', status: OrderStatus.Rejected, rejectCode: 'RISK_LIMIT', rejectReason: 'too big' });
    expect(await store.clientOrder('B', 'k1')).toBeUndefined();
    const executions = await store.executions('A', { symbol: 'BTCUSD', limit: 1 });
    expect(executions.items.map((e) => e.id)).toEqual(['E2']);
    expect((await store.executions('A', { symbol: 'BTCUSD', limit: 1, before: executions.next })).items.map((e) => e.id)).toEqual(['E1']);
    expect(await store.hasExecution('A', 'E1')).toBe(true);
    expect(await store.hasExecution('A', 'E9')).toBe(false);
    await store.close();
  });

  it('keeps the latest snapshot of each account', async () => {
    const path = tempPath();
    const store = new SqliteAccountStore(path);
    await store.saveSnapshot('A', { seq: 10, time: 5, data: { v: 1 } });
    await store.saveSnapshot('A', { seq: 20, time: 6, data: { v: 2 } });
    await store.close();
    const again = new SqliteAccountStore(path);
    expect(await again.loadSnapshot('A')).toEqual({ seq: 20, time: 6, data: { v: 2 } });
    expect(await again.loadSnapshot('B')).toBeUndefined();
    await again.close();
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

  it('refuses a store written by a newer server', async () => {
    const path = tempPath();
    await new SqliteAccountStore(path).close();
    const db = new DatabaseSync(path);
    db.exec("UPDATE store_meta SET value = '99' WHERE key = 'schema_version'");
    db.close();
    expect(() => new SqliteAccountStore(path)).toThrow(/newer than this server/);
  });
});
