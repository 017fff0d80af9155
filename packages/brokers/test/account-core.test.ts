/**
 * The account core under storage faults and slow venues: nothing in memory changes before its events are
 * committed, a refused commit changes nothing and says so, a retry places once, venue facts the journal refused
 * come back with the next reconciliation, reads never wait for commands, and a restart starts from a snapshot.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, OrderStatus, OrderType, Side, type PreOrder } from '@trading-pro/contracts';
import type { AccountCore } from '../src/account/account-core.ts';
import { MemoryAccountStore } from '../src/account/memory-account-store.ts';
import { binanceFactory } from '../src/binance/binance-venue.ts';
import { PaperBroker } from '../src/paper/paper-broker.ts';
import { parsePaperOptions } from '../src/paper/paper-options.ts';
import { accountHarness, type AccountHarness } from './conformance/account-harness.ts';
import { eventually } from './conformance/eventually.ts';
import { FaultyStore } from './conformance/faulty-store.ts';
import { BINANCE_KEY, BINANCE_SECRET, BinanceFake } from './fakes/binance-fake.ts';
import { ControlledFeed } from './fakes/controlled-feed.ts';
import { startAlpacaRig, type AlpacaRig } from './fakes/alpaca-harness.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

interface PaperRig extends AccountHarness {
  readonly broker: PaperBroker;
  readonly feed: ControlledFeed;
  readonly faults: FaultyStore;
}

async function paperRig(options: { store?: FaultyStore; latencyMs?: number; snapshotEvery?: number } = {}): Promise<PaperRig> {
  const faults = options.store ?? new FaultyStore();
  const feed = new ControlledFeed('50000');
  const harness = accountHarness({ accountId: 'PAPER-1', initialBalance: 100_000, store: faults, ...(options.snapshotEvery === undefined ? {} : { snapshotEvery: options.snapshotEvery }) });
  const broker = new PaperBroker(harness.context, feed, parsePaperOptions({ clockIntervalMs: 20, latencyMs: options.latencyMs ?? 0 }));
  await harness.core.load(broker);
  await broker.connect();
  cleanups.push(() => broker.disconnect());
  return { ...harness, broker, feed, faults };
}

const market = (side: Side, qty = 0.01, clientOrderId?: string): PreOrder => ({ symbol: 'BTCUSD', type: OrderType.Market, side, qty, ...(clientOrderId === undefined ? {} : { clientOrderId }) });
const limit = (price: number, qty = 0.01): PreOrder => ({ symbol: 'BTCUSD', type: OrderType.Limit, side: Side.Buy, qty, limitPrice: price });

/** What a restart would see: a new core folding the same store. */
async function reloaded(rig: PaperRig): Promise<AccountCore> {
  const fresh = accountHarness({ accountId: 'PAPER-1', initialBalance: 100_000, store: rig.faults.inner });
  const broker = new PaperBroker(fresh.context, rig.feed, parsePaperOptions({}));
  await fresh.core.load(broker);
  return fresh.core;
}

describe('account core with a journal that cannot commit', () => {
  it('changes nothing, says STORAGE_UNAVAILABLE, and places the order exactly once on retry', async () => {
    const rig = await paperRig();
    const before = rig.core.account().value;
    rig.faults.failing = true;
    await expect(rig.core.placeOrder(market(Side.Buy, 0.01, 'retry-me'))).rejects.toMatchObject({ code: ErrorCode.STORAGE_UNAVAILABLE, status: 503 });
    expect(rig.core.positions().value).toEqual([]);
    expect(rig.core.account().value).toEqual(before);
    expect(rig.core.state.liveOrders()).toEqual([]);
    expect(rig.broker.engine.orders()).toEqual([]); // the speculative engine was reset to what is committed
    rig.faults.failing = false;
    const first = await rig.core.placeOrder(market(Side.Buy, 0.01, 'retry-me'));
    const again = await rig.core.placeOrder(market(Side.Buy, 0.01, 'retry-me'));
    expect(again.orderId).toBe(first.orderId);
    const orders = (await rig.core.orders({ limit: 100 })).value.items.filter((o) => o.clientOrderId === 'retry-me');
    expect(orders).toHaveLength(1);
    expect(rig.core.positions().value).toEqual([expect.objectContaining({ qty: 0.01 })]);
  });

  it('voids everything decided on top of a refused commit: each order of a burst is acknowledged and kept, or refused and absent', async () => {
    const rig = await paperRig();
    let calls = 0;
    rig.faults.failWhen = () => ++calls === 2;
    const outcomes = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => rig.core.placeOrder(market(i % 2 ? Side.Sell : Side.Buy, 0.01, `burst-${i}`))));
    const acked = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [`burst-${i}`] : []));
    const refused = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [`burst-${i}`] : []));
    expect(refused.length).toBeGreaterThan(0);
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ code: ErrorCode.STORAGE_UNAVAILABLE });
    const journaled = (await rig.core.orders({ limit: 100 })).value.items.map((o) => o.clientOrderId);
    expect([...journaled].sort()).toEqual([...acked].sort());
    // Memory holds exactly what the journal holds: a restart sees the same account.
    const restarted = await reloaded(rig);
    expect(restarted.positions().value).toEqual(rig.core.positions().value);
    expect(restarted.account().value).toEqual(rig.core.account().value);
  });

  it('keeps a fill on a quote out of the account until the journal has it', async () => {
    const rig = await paperRig();
    const { orderId } = await rig.core.placeOrder(limit(49_000));
    rig.faults.failing = true;
    rig.feed.setPrice(48_900);
    await eventually(() => rig.faults.refused > 0);
    expect((await rig.core.order(orderId)).value.status).toBe(OrderStatus.Working);
    expect(rig.core.positions().value).toEqual([]);
    rig.faults.failing = false;
    rig.feed.setPrice(48_800);
    await eventually(async () => (await rig.core.order(orderId)).value.status === OrderStatus.Filled);
    expect(rig.events.filter((e) => e.route === 'executions')).toHaveLength(1);
    expect(rig.core.positions().value).toEqual([expect.objectContaining({ qty: 0.01, avgPrice: 49_000 })]);
  });

  it('commits a venue order intent before the request leaves; refused, nothing is sent', async () => {
    const fake = new BinanceFake();
    const { httpUrl, wsUrl } = await fake.start();
    cleanups.push(() => fake.server.close());
    const faults = new FaultyStore();
    const harness = accountHarness({ accountId: 'BIN-1', store: faults });
    const broker = binanceFactory(harness.context, { apiKey: BINANCE_KEY, secret: BINANCE_SECRET, baseUrl: httpUrl, wsUrl, timeoutMs: 400, ccxtRateLimit: false, reconcileIntervalMs: 0 });
    await harness.core.load(broker);
    await broker.connect();
    cleanups.push(() => broker.disconnect());
    const orderRequests = () => fake.server.log.filter((r) => r.method === 'POST' && r.path === '/api/v3/order').length;
    faults.failing = true;
    await expect(harness.core.placeOrder({ symbol: 'BTC/USDT', type: OrderType.Limit, side: Side.Buy, qty: 0.001, limitPrice: 40_000, clientOrderId: 'venue-1' })).rejects.toMatchObject({
      code: ErrorCode.STORAGE_UNAVAILABLE,
    });
    expect(orderRequests()).toBe(0);
    faults.failing = false;
    const placed = await harness.core.placeOrder({ symbol: 'BTC/USDT', type: OrderType.Limit, side: Side.Buy, qty: 0.001, limitPrice: 40_000, clientOrderId: 'venue-1' });
    expect(orderRequests()).toBe(1);
    expect((await harness.core.order(placed.orderId)).value).toMatchObject({ status: OrderStatus.Working, clientOrderId: 'venue-1' });
  });

  it('journals a venue fill the journal once refused when the next reconciliation finds it', async () => {
    const fake = new BinanceFake();
    const { httpUrl, wsUrl } = await fake.start();
    cleanups.push(() => fake.server.close());
    const faults = new FaultyStore();
    const harness = accountHarness({ accountId: 'BIN-1', store: faults });
    const broker = binanceFactory(harness.context, { apiKey: BINANCE_KEY, secret: BINANCE_SECRET, baseUrl: httpUrl, wsUrl, timeoutMs: 400, ccxtRateLimit: false, reconcileIntervalMs: 50 });
    await harness.core.load(broker);
    await broker.connect();
    cleanups.push(() => broker.disconnect());
    const placed = await harness.core.placeOrder({ symbol: 'BTC/USDT', type: OrderType.Limit, side: Side.Buy, qty: 0.001, limitPrice: 45_000 });
    faults.failing = true;
    fake.book.setPrice('BTCUSDT', '44000', Date.now());
    await eventually(() => faults.refused > 0);
    faults.failing = false;
    await eventually(async () => (await harness.core.order(placed.orderId)).value.status === OrderStatus.Filled, 5_000);
    await eventually(() => harness.events.some((e) => e.route === 'executions' && e.data.orderId === placed.orderId));
    expect(harness.events.filter((e) => e.route === 'executions' && e.data.orderId === placed.orderId)).toHaveLength(1);
  });
});

describe('account core reads', () => {
  it('answer at once while a venue command waits for the venue', async () => {
    const rig: AlpacaRig = await startAlpacaRig({ config: { requestTimeoutMs: 2_000, submitLookupAttempts: 1 } });
    cleanups.push(() => rig.close());
    rig.fake.failNext('POST', '/v2/orders', 'swallow');
    const requestsBefore = rig.fake.requests.length;
    let answered = false;
    const pending = rig.core.placeOrder({ symbol: 'AAPL', type: OrderType.Limit, side: Side.Buy, qty: 1, limitPrice: 150 }).finally(() => (answered = true));
    await eventually(() => rig.fake.ordersPosted().length === 1);
    const [account, orders, positions] = [rig.core.account(), await rig.core.orders({ limit: 10 }), rig.core.positions()];
    expect(answered).toBe(false);
    expect(account.value.id).toBe('ALP-1');
    // Only what the venue said so far (its stream may already have announced the order).
    expect(orders.value.items.every((o) => o.status === OrderStatus.Working)).toBe(true);
    expect(positions.value).toEqual([]);
    // None of it asked Alpaca.
    expect(rig.fake.requests.slice(requestsBefore).filter((r) => r.path !== '/v2/orders' && r.path !== '/v2/orders:by_client_order_id' && r.path !== '/v2/clock')).toEqual([]);
    await pending.catch(() => undefined);
  });
});

describe('account core snapshots', () => {
  it('restarts after a clean stop from the snapshot it left, with nothing after it', async () => {
    const store = new FaultyStore(new MemoryAccountStore());
    const rig = await paperRig({ store });
    await rig.core.placeOrder(market(Side.Buy, 0.02));
    await rig.core.placeOrder(limit(40_000));
    await rig.broker.disconnect();
    await rig.core.stop();
    const snapshot = await store.inner.loadSnapshot('PAPER-1');
    expect(snapshot?.seq).toBe(rig.core.state.seq);
    const again = accountHarness({ accountId: 'PAPER-1', initialBalance: 100_000, store: store.inner });
    const broker = new PaperBroker(again.context, rig.feed, parsePaperOptions({}));
    await again.core.load(broker);
    expect(again.core.positions().value).toEqual(rig.core.positions().value);
    expect(again.core.positions().value).toEqual([expect.objectContaining({ qty: 0.02 })]);
    expect(broker.engine.orders()).toEqual(rig.broker.engine.orders());
  });

  it('restarts from its last snapshot and folds only the events after it', async () => {
    const store = new FaultyStore(new MemoryAccountStore());
    const rig = await paperRig({ store, snapshotEvery: 100 });
    for (let i = 0; i < 60; i++) await rig.core.placeOrder(market(i % 2 ? Side.Sell : Side.Buy));
    await rig.core.placeOrder(limit(40_000));
    const snapshot = await eventually(() => store.inner.loadSnapshot('PAPER-1'));
    expect(snapshot.seq).toBeGreaterThanOrEqual(100);
    const watched = new FaultyStore(store.inner);
    const restarted = accountHarness({ accountId: 'PAPER-1', initialBalance: 100_000, store: watched });
    const broker = new PaperBroker(restarted.context, rig.feed, parsePaperOptions({}));
    await restarted.core.load(broker);
    expect(watched.reads.length).toBeGreaterThan(0);
    expect(watched.reads.every((after) => after >= snapshot.seq)).toBe(true);
    expect(restarted.core.account().value).toEqual(rig.core.account().value);
    expect(restarted.core.positions().value).toEqual(rig.core.positions().value);
    expect(restarted.core.state.liveOrders()).toEqual(rig.core.state.liveOrders());
    expect(broker.engine.orders()).toEqual(rig.broker.engine.orders());
  });

  it('serializes a large snapshot a slice at a time while the account goes on trading, and restarts from it exactly', async () => {
    const store = new FaultyStore(new MemoryAccountStore());
    const rig = await paperRig({ store, snapshotEvery: 100 });
    const saved: { seq: number; seqWhenSaved: number; json: string | undefined; data: unknown }[] = [];
    const save = store.inner.saveSnapshot.bind(store.inner);
    store.inner.saveSnapshot = (accountId, snapshot) => {
      saved.push({ seq: snapshot.seq, seqWhenSaved: rig.core.state.seq, json: snapshot.json, data: snapshot.data });
      return save(accountId, snapshot);
    };
    // 1,500 working orders (more than a slice of 1,000), then market orders all at once: the snapshot due after four
    // events per working order is taken among them.
    for (let i = 0; i < 1_500; i++) await rig.core.placeOrder(limit(30_000 - (i % 500), 0.001));
    await Promise.all(Array.from({ length: 1_600 }, (_, i) => rig.core.placeOrder(market(i % 2 ? Side.Sell : Side.Buy))));
    await rig.core.settled();
    const first = await eventually(() => saved[0]);
    expect(rig.core.state.liveOrders()).toHaveLength(1_500);
    // The account committed more while the snapshot was serialized; what was stored is the state at its seq.
    expect(first.seqWhenSaved).toBeGreaterThan(first.seq);
    expect(first.json).toBe(JSON.stringify(first.data));
    const image = JSON.parse(first.json ?? '') as { state: { seq: number; live: unknown[] } };
    expect(image.state.seq).toBe(first.seq);
    expect(image.state.live).toHaveLength(1_500);
    const restarted = await reloaded(rig);
    expect(restarted.account().value).toEqual(rig.core.account().value);
    expect(restarted.positions().value).toEqual(rig.core.positions().value);
    expect(restarted.state.liveOrders()).toEqual(rig.core.state.liveOrders());
  });

  it('spaces snapshots by the size of the state, so resting orders do not make every snapshot cost more per event', async () => {
    const store = new FaultyStore(new MemoryAccountStore());
    const rig = await paperRig({ store, snapshotEvery: 100 });
    const saved: number[] = [];
    const save = store.inner.saveSnapshot.bind(store.inner);
    store.inner.saveSnapshot = (accountId, snapshot) => {
      saved.push(snapshot.seq);
      return save(accountId, snapshot);
    };
    // 150 resting orders, then 400 filled market orders (four events each): about 1,750 events. Every 100 events
    // would be 17 snapshots of 150 orders each; four events per resting order apart, two.
    for (let i = 0; i < 150; i++) await rig.core.placeOrder(limit(40_000 - i));
    for (let i = 0; i < 400; i++) await rig.core.placeOrder(market(i % 2 ? Side.Sell : Side.Buy));
    await rig.core.settled();
    await eventually(() => store.inner.loadSnapshot('PAPER-1'));
    expect(rig.core.state.seq).toBeGreaterThan(1_700);
    expect(saved).toHaveLength(2);
    expect(saved.every((seq, i) => seq - (i === 0 ? 0 : (saved[i - 1] ?? 0)) >= 600)).toBe(true);
    // A restart still folds only the tail after the last one.
    const watched = new FaultyStore(store.inner);
    const restarted = accountHarness({ accountId: 'PAPER-1', initialBalance: 100_000, store: watched });
    await restarted.core.load(new PaperBroker(restarted.context, rig.feed, parsePaperOptions({})));
    expect(restarted.core.state.liveOrders()).toHaveLength(150);
    expect(watched.reads.every((after) => after >= (saved[1] ?? 0))).toBe(true);
  });
});
