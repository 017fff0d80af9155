/** The Alpaca adapter when things go wrong: lost answers, rate limits, refusals, lost stream updates, closed market. */
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, OrderStatus, OrderType, Side, TradingError } from '@trading-pro/contracts';
import type { PreOrder } from '@trading-pro/contracts';
import { AlpacaBroker } from '../src/alpaca/alpaca-broker.ts';
import { parseAlpacaConfig } from '../src/alpaca/alpaca-config.ts';
import { MemoryAccountStore } from '../src/account/memory-account-store.ts';
import { accountHarness } from './conformance/account-harness.ts';
import { eventsOf, eventually, fastAlpacaOptions, startAlpacaRig } from './fakes/alpaca-harness.ts';
import type { AlpacaRig } from './fakes/alpaca-harness.ts';

let rig: AlpacaRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const order = (extra: Partial<PreOrder>): PreOrder => ({ symbol: 'AAPL', type: OrderType.Market, side: Side.Buy, qty: 1, ...extra });

async function errorOf(promise: Promise<unknown>): Promise<TradingError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TradingError) return error;
    throw error;
  }
  throw new Error('expected a TradingError');
}

describe('Alpaca order submission failures', () => {
  it('recovers a submission whose answer timed out by looking it up, without placing a duplicate', async () => {
    const current = (rig = await startAlpacaRig());
    current.fake.failNext('POST', '/v2/orders', 'swallow');
    const { orderId, rejection } = await current.core.placeOrder(order({ clientOrderId: 'lost-answer-1' }));
    expect(rejection).toBeUndefined();
    expect(current.fake.book.orders).toHaveLength(1);
    expect(current.fake.book.orders[0]?.id).toBe(orderId);
    expect(current.fake.ordersPosted()).toHaveLength(1);
    const lookups = current.fake.requests.filter((r) => r.path === '/v2/orders:by_client_order_id');
    expect(lookups[0]?.query.get('client_order_id')).toBe('lost-answer-1');
    // The intent was journaled before the request left.
    const intent = current.events.findIndex((e) => e.route === 'internal' && e.data.kind === 'alpaca.submit');
    expect(intent).toBeGreaterThanOrEqual(0);
  });

  it('ambiguous order (alpaca): a 503 submission is never resent; it stays Placing until Alpaca says it has no such order', async () => {
    const current = (rig = await startAlpacaRig({ config: { placingTimeoutMs: 200, unknownLookupMs: 20 } }));
    current.fake.failNext('POST', '/v2/orders', { status: 503, body: { message: 'service unavailable' } });
    const { orderId, rejection } = await current.core.placeOrder(order({ clientOrderId: 'never-arrived-1' }));
    expect(rejection).toBeUndefined();
    expect(orderId).toBe('never-arrived-1');
    expect((await current.core.order(orderId)).value.status).toBe(OrderStatus.Placing);
    await eventually(() => current.core.state.order(orderId)?.status === OrderStatus.Rejected);
    expect(current.fake.ordersPosted()).toHaveLength(1);
    expect(current.fake.book.orders).toHaveLength(0);
  });

  it('waits out a 429 Retry-After before sending the request again', async () => {
    const current = (rig = await startAlpacaRig());
    current.fake.failNext('GET', '/v2/account', { status: 429, body: { message: 'rate limit exceeded' }, headers: { 'Retry-After': '1' } });
    const preview = await current.core.previewOrder(order({}));
    expect(preview.sections.length).toBeGreaterThan(0);
    expect(Math.max(...current.sleeps)).toBeGreaterThanOrEqual(950);
  });

  it('rate limits (alpaca): waits until X-RateLimit-Reset when a 429 carries no Retry-After', async () => {
    const current = (rig = await startAlpacaRig());
    const reset = Math.ceil(Date.now() / 1_000) + 3;
    current.fake.failNext('GET', '/v2/account', { status: 429, body: { message: 'rate limit exceeded' }, headers: { 'X-RateLimit-Limit': '200', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(reset) } });
    const preview = await current.core.previewOrder(order({}));
    expect(preview.sections.length).toBeGreaterThan(0);
    expect(Math.max(...current.sleeps)).toBeGreaterThanOrEqual(2_000);
  });

  it('rate limits (alpaca): reports RATE_LIMITED with the time to X-RateLimit-Reset when it is too far', async () => {
    const current = (rig = await startAlpacaRig({ config: { maxRateLimitWaitMs: 500 } }));
    current.fake.failNext('GET', '/v2/account', { status: 429, headers: { 'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1_000) + 60) } });
    const error = await errorOf(current.core.previewOrder(order({})));
    expect(error.code).toBe(ErrorCode.RATE_LIMITED);
    expect(error.retryAfterS).toBeGreaterThanOrEqual(55);
  });

  it('reports RATE_LIMITED when Retry-After is longer than the adapter may wait', async () => {
    const current = (rig = await startAlpacaRig({ config: { maxRateLimitWaitMs: 500 } }));
    current.fake.failNext('GET', '/v2/account', { status: 429, headers: { 'Retry-After': '30' } });
    const error = await errorOf(current.core.previewOrder(order({})));
    expect(error.code).toBe(ErrorCode.RATE_LIMITED);
    expect(error.retryAfterS).toBeGreaterThanOrEqual(29);
  });

  it('refuses a malformed order with VALIDATION_ERROR and sends nothing', async () => {
    const current = (rig = await startAlpacaRig());
    const error = await errorOf(current.core.placeOrder(order({ type: OrderType.Limit })));
    expect(error.code).toBe(ErrorCode.VALIDATION_ERROR);
    expect(error.message).toMatch(/limitPrice/);
    expect((await errorOf(current.core.placeOrder(order({ type: OrderType.Limit, limitPrice: 190.123 })))).message).toMatch(/tick/);
    expect(current.fake.ordersPosted()).toHaveLength(0);
  });

  it('records an order for an unknown asset as rejected with UNKNOWN_SYMBOL', async () => {
    const current = (rig = await startAlpacaRig());
    const { orderId, rejection } = await current.core.placeOrder(order({ symbol: 'NOPE' }));
    expect(rejection?.code).toBe(ErrorCode.UNKNOWN_SYMBOL);
    expect(eventsOf(current.events, 'orders').filter((o) => o.id === orderId)).toEqual([expect.objectContaining({ id: orderId, status: OrderStatus.Rejected, rejectReason: expect.stringMatching(/not found/) })]);
    expect(((await current.core.order(orderId)).value).status).toBe(OrderStatus.Rejected);
  });

  it('maps Alpaca 403 "insufficient buying power" to a recorded INSUFFICIENT_BUYING_POWER rejection', async () => {
    const current = (rig = await startAlpacaRig({ fake: { cash: '1000' } }));
    const { orderId, rejection } = await current.core.placeOrder(order({ qty: 10 }));
    expect(rejection?.code).toBe(ErrorCode.INSUFFICIENT_BUYING_POWER);
    expect(rejection?.status).toBe(422);
    expect(eventsOf(current.events, 'orders').find((o) => o.id === orderId)?.status).toBe(OrderStatus.Rejected);
    expect(current.fake.book.orders).toHaveLength(0);
  });

  it('rejects Alpaca-inexpressible orders as UNSUPPORTED_ORDER before sending them', async () => {
    const current = (rig = await startAlpacaRig());
    const { rejection } = await current.core.placeOrder(order({ qty: 1.5, duration: { type: 'GTC' } }));
    expect(rejection?.code).toBe(ErrorCode.UNSUPPORTED_ORDER);
    expect(current.fake.ordersPosted()).toHaveLength(0);
  });
});

describe('Alpaca stream gaps', () => {
  it('recovers a fill missed while the stream was down, reporting it exactly once', async () => {
    const current = (rig = await startAlpacaRig());
    const { orderId } = await current.core.placeOrder(order({ type: OrderType.Limit, limitPrice: 185, qty: 4, duration: { type: 'DAY' } }));
    current.fake.refuseStreams = true;
    current.fake.dropStreams();
    await eventually(() => current.fake.streamClients === 0);
    current.fake.book.setPrice('AAPL', '184');
    current.fake.refuseStreams = false;
    const filled = await eventually(() => eventsOf(current.events, 'orders').find((o) => o.id === orderId && o.status === OrderStatus.Filled));
    expect(filled).toMatchObject({ filledQty: 4, avgPrice: 185 });
    const executions = eventsOf(current.events, 'executions').filter((e) => e.orderId === orderId);
    expect(executions).toEqual([expect.objectContaining({ qty: 4, price: 185, side: Side.Buy })]);
    await eventually(() => eventsOf(current.events, 'positions').find((p) => p.symbol === 'AAPL' && p.qty === 4));
  });

  it('reconciles from the journal after a restart without repeating what was reported', async () => {
    const first = await startAlpacaRig();
    const { orderId } = await first.core.placeOrder(order({ qty: 2 }));
    await eventually(() => eventsOf(first.events, 'executions').find((e) => e.orderId === orderId));
    await first.broker.disconnect();
    const fake = first.fake;
    // A new core and broker over the same store: the journal is folded back in, then Alpaca is reconciled.
    const later = accountHarness({ accountId: 'ALP-1', accountName: 'Alpaca paper', store: first.store });
    const broker = new AlpacaBroker(later.context, parseAlpacaConfig(fastAlpacaOptions(fake)));
    await later.core.load(broker);
    await broker.connect();
    expect(later.events.filter((e) => e.route === 'orders' || e.route === 'executions')).toEqual([]);
    expect((await later.core.order(orderId)).value.status).toBe(OrderStatus.Filled);
    await broker.disconnect();
    await fake.stop();
  });

  it('settles a submission left unconfirmed by a crash through its journaled client_order_id', async () => {
    const body = { symbol: 'AAPL', qty: '1', side: 'buy', type: 'market', time_in_force: 'day', client_order_id: 'crashed-1' } as const;
    const store = new MemoryAccountStore();
    await store.append('ALP-1', [{ route: 'internal', data: { kind: 'alpaca.submit', clientOrderId: 'crashed-1', body, time: Date.now() } }], Date.now());
    const current = (rig = await startAlpacaRig({ store, connect: false }));
    current.fake.book.accept(current.fake.book.submit(body));
    await current.broker.connect();
    const settled = await eventually(() => current.events.find((e) => e.route === 'internal' && e.data.kind === 'alpaca.submitted'));
    expect(settled.data).toMatchObject({ clientOrderId: 'crashed-1' });
    await eventually(() => eventsOf(current.events, 'orders').find((o) => o.clientOrderId === 'crashed-1')?.status === OrderStatus.Filled);
  });
});

describe('Alpaca market hours', () => {
  const closed = { timestamp: '2024-06-03T18:00:00-04:00', is_open: false, next_open: '2024-06-04T09:30:00-04:00', next_close: '2024-06-04T16:00:00-04:00' };

  it('queues a market order placed while the market is closed (Alpaca runs it at the open)', async () => {
    const current = (rig = await startAlpacaRig());
    current.fake.clock = closed;
    const { rejection } = await current.core.placeOrder(order({}));
    expect(rejection).toBeUndefined();
    expect(current.fake.ordersPosted()[0]?.body).toMatchObject({ type: 'market' });
  });

  it('rejects a market order while the market is closed with MARKET_CLOSED when configured to', async () => {
    const current = (rig = await startAlpacaRig({ config: { marketOrdersWhenClosed: 'reject' } }));
    current.fake.clock = closed;
    const { orderId, rejection } = await current.core.placeOrder(order({}));
    expect(rejection?.code).toBe(ErrorCode.MARKET_CLOSED);
    expect(eventsOf(current.events, 'orders').find((o) => o.id === orderId)).toMatchObject({ status: OrderStatus.Rejected, rejectReason: expect.stringMatching(/closed/) });
    expect(current.fake.ordersPosted()).toHaveLength(0);
  });

  it('sends a limit DAY order into the after-market session when extended hours are allowed', async () => {
    const current = (rig = await startAlpacaRig({ config: { extendedHours: true } }));
    current.fake.clock = closed;
    await current.core.placeOrder(order({ type: OrderType.Limit, limitPrice: 150, duration: { type: 'DAY' } }));
    expect(current.fake.ordersPosted()[0]?.body).toMatchObject({ extended_hours: true, time_in_force: 'day' });
  });

  it('queues a limit GTC order for the next open without extended hours', async () => {
    const current = (rig = await startAlpacaRig({ config: { extendedHours: true } }));
    current.fake.clock = closed;
    const { rejection } = await current.core.placeOrder(order({ type: OrderType.Limit, limitPrice: 150 }));
    expect(rejection).toBeUndefined();
    expect(current.fake.ordersPosted()[0]?.body).not.toHaveProperty('extended_hours');
  });
});
