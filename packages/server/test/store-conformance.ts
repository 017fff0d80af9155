/**
 * One account store conformance suite, run against every driver (SQLite, PostgreSQL): numbering, atomic group
 * commit, failures and what is decided on top of them, reads by route, the order and execution history, snapshots.
 */
import { describe, expect, it } from 'vitest';
import { OrderStatus, OrderType, Side, type Execution, type Order } from '@trading-pro/contracts';
import type { AccountStore, StoredEvent } from '@trading-pro/brokers';

export interface ConformanceStore extends AccountStore {
  health(): { status: 'ok' | 'failing'; message?: string };
  close(): Promise<void>;
}

export interface StoreDriver {
  readonly name: string;
  /** A new, empty place for a store (a file, a schema); the same location reopens the same data. */
  fresh(): Promise<string>;
  open(location: string): Promise<ConformanceStore>;
  /** Holds the journal locked so commits fail until the returned release is called. */
  blockWrites(location: string): Promise<() => Promise<void>>;
  /** Marks the location as written by a newer server. */
  markNewer(location: string): Promise<void>;
}

export const order = (id: string, changes: Partial<Order> = {}): Order => ({
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
export const orderEvent = (id: string, changes: Partial<Order> = {}, extra: Partial<StoredEvent> = {}): StoredEvent => ({ route: 'orders', data: order(id, changes), ...extra }) as StoredEvent;
export const execution = (id: string, symbol = 'BTCUSD'): Execution => ({ id, orderId: 'O1', symbol, price: 100, qty: 1, side: Side.Buy, time: 2, commission: 0 });

const turn = () => new Promise((resolve) => setImmediate(resolve));
const ids = async (store: AccountStore, accountId: string) => (await store.read(accountId, 0)).map((r) => (r.data as Order).id);

export function accountStoreConformance(driver: StoreDriver): void {
  describe(`${driver.name} account store (conformance)`, () => {
    it('numbers events per account from 1 and keeps them across reopening', async () => {
      const location = await driver.fresh();
      const store = await driver.open(location);
      expect((await store.append('A', [orderEvent('1'), orderEvent('2')], 10)).map((r) => r.seq)).toEqual([1, 2]);
      expect((await store.append('B', [orderEvent('x')], 11)).map((r) => r.seq)).toEqual([1]);
      expect((await store.append('A', [orderEvent('3', {}, { state: { internal: true } })], 12)).map((r) => r.seq)).toEqual([3]);
      await store.close();
      const again = await driver.open(location);
      expect(await again.lastSeq('A')).toBe(3);
      expect((await again.read('A', 1)).map((r) => [r.seq, r.time, (r.data as Order).id, r.state])).toEqual([
        [2, 10, '2', undefined],
        [3, 12, '3', { internal: true }],
      ]);
      expect((await again.append('A', [orderEvent('4')], 13))[0]?.seq).toBe(4);
      await again.close();
    });

    it('commits the appends of one turn together; reads see them only once committed', async () => {
      const store = await driver.open(await driver.fresh());
      // A first read opens the read connection (back in its pool a turn later); the next is asked on it before the
      // appends are made, while their commit waits for the end of this turn.
      expect(await store.read('A', 0)).toEqual([]);
      await turn();
      const early = store.read('A', 0);
      const first = store.append('A', [orderEvent('1')], 1);
      const second = store.append('B', [orderEvent('2')], 1);
      expect(await early).toEqual([]);
      await Promise.all([first, second]);
      expect(await store.read('A', 0)).toHaveLength(1);
      expect(await store.read('B', 0)).toHaveLength(1);
      await store.close();
    });

    it('fails only the append that cannot be serialized, before touching the database', async () => {
      const store = await driver.open(await driver.fresh());
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      const good = store.append('A', [orderEvent('1')], 1);
      await expect(store.append('A', [orderEvent('2'), { route: 'internal', data: circular }], 1)).rejects.toThrow();
      await good;
      expect(await ids(store, 'A')).toEqual(['1']);
      await store.close();
    });

    it('fails every append of a transaction that cannot commit, and keeps numbering from what is committed', async () => {
      const location = await driver.fresh();
      const store = await driver.open(location);
      await store.append('A', [orderEvent('1')], 1);
      const release = await driver.blockWrites(location);
      await expect(store.append('A', [orderEvent('2')], 2)).rejects.toThrow(/lock|busy/i);
      expect(store.health()).toMatchObject({ status: 'failing' });
      await release();
      expect((await store.append('A', [orderEvent('3')], 3))[0]?.seq).toBe(2);
      expect(store.health()).toEqual({ status: 'ok' });
      expect(await ids(store, 'A')).toEqual(['1', '3']);
      await store.close();
    });

    it('fails the appends behind a failed one, in order, and refuses an append decided on top of them', async () => {
      const location = await driver.fresh();
      const store = await driver.open(location);
      await store.append('A', [orderEvent('1')], 1);
      const release = await driver.blockWrites(location);
      const settled: string[] = [];
      const pending: Promise<unknown>[] = [];
      // Three turns, each decided on top of the one before (seqs 2, 3, 4).
      for (const [id, after] of [['2', 1], ['3', 2], ['4', 3]] as const) {
        pending.push(store.append('A', [orderEvent(id)], 2, after).then(() => settled.push(`${id} ok`), () => settled.push(`${id} failed`)));
        await turn();
      }
      await Promise.all(pending);
      expect(settled).toEqual(['2 failed', '3 failed', '4 failed']);
      await release();
      // Decided after seq 4, which never committed: refused. Decided after what is committed: seq 2.
      await expect(store.append('A', [orderEvent('5')], 3, 4)).rejects.toThrow(/ends at 1/);
      expect((await store.append('A', [orderEvent('6')], 3, 1))[0]?.seq).toBe(2);
      expect(await ids(store, 'A')).toEqual(['1', '6']);
      await store.close();
    });

    it('appends a large batch atomically and reads it in ranges', async () => {
      const store = await driver.open(await driver.fresh());
      const many = Array.from({ length: 1_234 }, (_, i) => orderEvent(String(i)));
      expect((await store.append('A', many, 1)).at(-1)?.seq).toBe(1_234);
      expect((await store.read('A', 1_200, { limit: 10 })).map((r) => r.seq)).toEqual([1_201, 1_202, 1_203, 1_204, 1_205, 1_206, 1_207, 1_208, 1_209, 1_210]);
      expect((await store.read('A', 0, { upToSeq: 3 })).map((r) => r.seq)).toEqual([1, 2, 3]);
      await store.close();
    });

    it('reads by route in pages, in order, with the data only (a replay), and everything with its state (a restore)', async () => {
      const store = await driver.open(await driver.fresh());
      const events: StoredEvent[] = [];
      for (let i = 0; i < 12_000; i++) {
        events.push(i % 3 === 0 ? ({ route: 'executions', data: execution(`X${i}`), state: { i } } as StoredEvent) : orderEvent(String(i), {}, { state: { i } }));
      }
      await store.append('A', events, 1);
      const replay = await store.read('A', 0, { routes: ['executions'] });
      expect(replay).toHaveLength(4_000);
      expect(replay.every((r, n) => r.route === 'executions' && r.seq === 3 * n + 1 && r.state === undefined)).toBe(true);
      expect((await store.read('A', 9_000, { routes: ['executions'], limit: 2, upToSeq: 9_006 })).map((r) => r.seq)).toEqual([9_001, 9_004]);
      expect(await store.read('A', 0, { routes: [] })).toEqual([]);
      const restore = await store.read('A', 11_990);
      expect(restore.map((r) => [r.seq, r.state])).toEqual(Array.from({ length: 10 }, (_, n) => [11_991 + n, { i: 11_990 + n }]));
      await store.close();
    });

    it('projects orders (latest version, newest first, paged), their idempotency facts and executions', async () => {
      const store = await driver.open(await driver.fresh());
      await store.append('A', [orderEvent('O1', { clientOrderId: 'k1' }, { requestKey: '{"a":1}' }), orderEvent('O2')], 1);
      await store.append('A', [orderEvent('O1', { status: OrderStatus.Filled, filledQty: 1, clientOrderId: 'k1' }), { route: 'executions', data: execution('E1') }], 2);
      await store.append('A', [orderEvent('O3', { status: OrderStatus.Rejected, rejectReason: 'too big', clientOrderId: 'k3' }, { rejectCode: 'RISK_LIMIT' }), { route: 'executions', data: execution('E2') }], 3);
      const page = await store.orders('A', { limit: 2 });
      expect(page.items.map((o) => o.id)).toEqual(['O3', 'O2']);
      expect(page.next).toBeDefined();
      const rest = await store.orders('A', { limit: 2, ...(page.next === undefined ? {} : { before: page.next }) });
      expect(rest.items.map((o) => [o.id, o.status])).toEqual([['O1', OrderStatus.Filled]]);
      expect(rest.next).toBeUndefined();
      expect((await store.orders('A', { limit: 10, status: OrderStatus.Working })).items.map((o) => o.id)).toEqual(['O2']);
      expect((await store.orders('A', { limit: 10, symbol: 'ETHUSD' })).items).toEqual([]);
      expect((await store.order('A', 'O1'))?.status).toBe(OrderStatus.Filled);
      expect(await store.order('A', 'O9')).toBeUndefined();
      expect(await store.clientOrder('A', 'k1')).toEqual({ orderId: 'O1', status: OrderStatus.Filled, requestKey: '{"a":1}' });
      expect(await store.clientOrder('A', 'k3')).toEqual({ orderId: 'O3', status: OrderStatus.Rejected, rejectCode: 'RISK_LIMIT', rejectReason: 'too big' });
      expect(await store.clientOrder('B', 'k1')).toBeUndefined();
      const executions = await store.executions('A', { symbol: 'BTCUSD', limit: 1 });
      expect(executions.items.map((e) => e.id)).toEqual(['E2']);
      expect((await store.executions('A', { symbol: 'BTCUSD', limit: 1, ...(executions.next === undefined ? {} : { before: executions.next }) })).items.map((e) => e.id)).toEqual(['E1']);
      expect(await store.hasExecution('A', 'E1')).toBe(true);
      expect(await store.hasExecution('A', 'E9')).toBe(false);
      await store.close();
    });

    it('projects an order changed by several appends of one turn at its last version, keeping its first facts', async () => {
      const store = await driver.open(await driver.fresh());
      const placed = store.append('A', [orderEvent('O1', { clientOrderId: 'k1' }, { requestKey: '{"a":1}' })], 1);
      const filled = store.append('A', [orderEvent('O1', { status: OrderStatus.Filled, filledQty: 1, clientOrderId: 'k1' }), { route: 'executions', data: execution('E1') }], 1);
      const again = store.append('A', [{ route: 'executions', data: execution('E1') }], 1);
      await Promise.all([placed, filled, again]);
      expect((await store.orders('A', { limit: 10 })).items.map((o) => [o.id, o.status])).toEqual([['O1', OrderStatus.Filled]]);
      expect(await store.clientOrder('A', 'k1')).toEqual({ orderId: 'O1', status: OrderStatus.Filled, requestKey: '{"a":1}' });
      expect((await store.executions('A', { symbol: 'BTCUSD', limit: 10 })).items.map((e) => e.id)).toEqual(['E1']);
      await store.close();
    });

    it('keeps the latest snapshot of each account', async () => {
      const location = await driver.fresh();
      const store = await driver.open(location);
      await store.saveSnapshot('A', { seq: 10, time: 5, data: { v: 1 } });
      await store.saveSnapshot('A', { seq: 20, time: 6, data: { v: 2 } });
      await store.close();
      const again = await driver.open(location);
      expect(await again.loadSnapshot('A')).toEqual({ seq: 20, time: 6, data: { v: 2 } });
      expect(await again.loadSnapshot('B')).toBeUndefined();
      await again.close();
    });

    it('refuses a store written by a newer server', async () => {
      const location = await driver.fresh();
      await (await driver.open(location)).close();
      await driver.markNewer(location);
      await expect(driver.open(location)).rejects.toThrow(/newer than this server/);
    });
  });
}
