/** Kraken adapter against the fake Kraken spot venue: the conformance suite plus Kraken cases. */
import { describe, expect, it, type TestContext } from 'vitest';
import { ConnectionStatus, ErrorCode, OrderStatus, OrderType, Side } from '@trading-pro/contracts';
import type { BrokerFactory } from '../src/broker.ts';
import { CcxtBroker } from '../src/ccxt/ccxt-broker.ts';
import { parseCcxtBrokerOptions } from '../src/ccxt/ccxt-options.ts';
import { krakenFactory, krakenSpec } from '../src/kraken/kraken-venue.ts';
import { brokerConformance } from './conformance/broker-conformance.ts';
import { track } from './conformance/track.ts';
import { eventually } from './conformance/eventually.ts';
import type { HarnessOptions } from './conformance/account-harness.ts';
import { fakeVenueSubject, type FakeVenueProfile } from './conformance/fake-venue-subject.ts';
import type { ConformanceSubject } from './conformance/venue-control.ts';
import { KRAKEN_KEY, KRAKEN_SECRET, KrakenFake, krakenRateLimitExceeded, krakenTooManyRequests } from './fakes/kraken-fake.ts';

const SYMBOL = 'BTC/USD';

const profile: FakeVenueProfile = {
  symbol: SYMBOL,
  marketId: 'XXBTZUSD',
  quote: 'ZUSD',
  qty: 0.001,
  tooSmallQty: 0.00001,
  unaffordableQty: 1,
  priceDecimals: 1,
  supports: { modify: true, day: false, lateOrdersRefused: true },
  fast: { placingTimeoutMs: 800 },
  isOrderRequest: (request) => request.method === 'POST' && request.path === '/0/private/AddOrder',
  tooManyRequests: krakenTooManyRequests,
};

/**
 * The starter tier's counter (15 calls, 0.33/s) would make the suite wait minutes; the fake does not meter, so
 * the suite runs the adapter with a large budget. The real budget has its own case below.
 */
const unmetered: BrokerFactory = (context, options) => new CcxtBroker({ ...krakenSpec, limits: { capacity: 1_000, refillPerSecond: 1_000 } }, context, options);

type KrakenSubject = ConformanceSubject & { fake: KrakenFake };

function krakenSubject(options: Readonly<Record<string, unknown>> = {}, fake = new KrakenFake(), factory = unmetered, account: HarnessOptions = {}): Promise<KrakenSubject> {
  return fakeVenueSubject(factory, fake, profile, { apiKey: KRAKEN_KEY, secret: KRAKEN_SECRET, quote: 'USD', ...options }, account);
}

brokerConformance('kraken', (options, account) => krakenSubject(options, undefined, undefined, account));

describe.concurrent('kraken adapter', () => {
  // Cases run concurrently, each against its own fake venue, closed when the case ends.
  const connected = async (context: TestContext, options: Readonly<Record<string, unknown>> = {}, fake?: KrakenFake, factory?: BrokerFactory): Promise<KrakenSubject> => {
    const subject = track(context, await krakenSubject(options, fake, factory)) as KrakenSubject;
    await subject.broker.connect();
    return subject;
  };

  it('refuses a wrong secret (EAPI:Invalid signature) with UNAUTHORIZED', async (context) => {
    const subject = track(context, await krakenSubject({ secret: Buffer.from('another secret entirely').toString('base64') }));
    await expect(subject.broker.connect()).rejects.toMatchObject({ code: ErrorCode.UNAUTHORIZED });
    expect(subject.broker.connectionStatus().status).toBe(ConnectionStatus.Error);
  });

  it('refuses an unknown key (EAPI:Invalid key) with UNAUTHORIZED', async (context) => {
    const subject = track(context, await krakenSubject({ apiKey: 'unknown' }));
    await expect(subject.broker.connect()).rejects.toMatchObject({ code: ErrorCode.UNAUTHORIZED });
  });

  it('reports a key without trading permission (EGeneral:Permission denied) as FORBIDDEN, recording the order Rejected', async (context) => {
    const fake = new KrakenFake();
    fake.readOnly = true;
    const s = await connected(context, {}, fake);
    await expect(s.core.placeOrder({ symbol: SYMBOL, type: OrderType.Market, side: Side.Buy, qty: 0.001 })).rejects.toMatchObject({ code: ErrorCode.FORBIDDEN });
    expect(s.events.filter((event) => event.route === 'orders').at(-1)?.data).toMatchObject({ status: OrderStatus.Rejected });
    expect(fake.book.orders).toHaveLength(0);
  });

  it('sends strictly increasing nonces, even for calls in the same millisecond', async (context) => {
    const s = await connected(context);
    const { client } = s.broker as CcxtBroker;
    const balances = await Promise.all(Array.from({ length: 10 }, () => client.read((exchange) => exchange.fetchBalance())));
    expect(balances.map((balance) => balance['USD']?.total)).toEqual(Array.from({ length: 10 }, () => 10_000));
    expect(s.fake.refusals).toEqual([]);
  });

  it('places a stop order as stop-loss, reported as a Stop that waits for its trigger', async (context) => {
    const s = await connected(context);
    const stop = await s.core.placeOrder({ symbol: SYMBOL, type: OrderType.Stop, side: Side.Buy, qty: 0.001, stopPrice: 55_000 });
    expect(s.fake.book.orders[0]).toMatchObject({ type: 'stop', triggered: false });
    const order = (await s.core.order(stop.orderId)).value;
    expect(order).toMatchObject({ type: OrderType.Stop, stopPrice: 55_000, status: OrderStatus.Working });
    expect(order.stopLoss).toBeUndefined();
    s.fake.book.setPrice('XXBTZUSD', '55000', Date.now());
    await eventually(async () => ((await s.core.order(stop.orderId)).value).status === OrderStatus.Filled);
  });

  it('places a stop-limit order as stop-loss-limit with the trigger and the limit', async (context) => {
    const s = await connected(context);
    const result = await s.core.placeOrder({ symbol: SYMBOL, type: OrderType.StopLimit, side: Side.Buy, qty: 0.001, stopPrice: 55_000, limitPrice: 55_100 });
    expect(result.rejection).toBeUndefined();
    expect((await s.core.order(result.orderId)).value).toMatchObject({ type: OrderType.StopLimit, stopPrice: 55_000, limitPrice: 55_100, status: OrderStatus.Working });
    expect(s.fake.book.orders[0]).toMatchObject({ type: 'stop_limit', stopPrice: 5_500_000_000_000n, price: 5_510_000_000_000n });
  });

  it('amends a working order in place: same Kraken txid, new price and quantity', async (context) => {
    const s = await connected(context);
    const placed = await s.core.placeOrder({ symbol: SYMBOL, type: OrderType.Limit, side: Side.Buy, qty: 0.002, limitPrice: 40_000 });
    await s.core.modifyOrder(placed.orderId, { qty: 0.001, limitPrice: 41_000 });
    expect((await s.core.order(placed.orderId)).value).toMatchObject({ qty: 0.001, limitPrice: 41_000, status: OrderStatus.Working });
    expect(s.fake.book.orders).toHaveLength(1);
    expect(s.fake.server.requests('POST', '/0/private/AmendOrder')).toBe(1);
    await s.core.cancelOrder(placed.orderId);
    expect(s.fake.book.orders[0]?.status).toBe('canceled');
  });

  it('records a refusal for insufficient funds (EOrder:Insufficient funds) as INSUFFICIENT_BUYING_POWER', async (context) => {
    const s = await connected(context);
    const result = await s.core.placeOrder({ symbol: SYMBOL, type: OrderType.Limit, side: Side.Buy, qty: 0.5, limitPrice: 40_000 });
    expect(result.rejection?.code).toBe(ErrorCode.INSUFFICIENT_BUYING_POWER);
    expect(result.rejection?.message).toContain('EOrder:Insufficient funds');
  });

  it('refuses FOK with 422: Kraken spot has GTC and IOC only', async (context) => {
    const s = await connected(context);
    const result = await s.core.placeOrder({ symbol: SYMBOL, type: OrderType.Limit, side: Side.Buy, qty: 0.001, limitPrice: 40_000, duration: { type: 'FOK' } });
    expect(result.rejection).toMatchObject({ code: ErrorCode.UNSUPPORTED_ORDER, status: 422 });
    const ioc = await s.core.placeOrder({ symbol: SYMBOL, type: OrderType.Limit, side: Side.Buy, qty: 0.001, limitPrice: 40_000, duration: { type: 'IOC' } });
    await eventually(async () => ((await s.core.order(ioc.orderId)).value).status === OrderStatus.Canceled);
  });

  it('has no leverage, short selling, reversal or brackets on spot', async (context) => {
    const s = await connected(context);
    expect(await s.broker.leverage(SYMBOL)).toMatchObject({ leverage: 1, max: 1 });
    await expect(s.core.setLeverage(SYMBOL, 2)).rejects.toMatchObject({ code: ErrorCode.UNSUPPORTED_ORDER });
    await expect(s.core.reversePosition(SYMBOL)).rejects.toMatchObject({ code: ErrorCode.UNSUPPORTED_ORDER });
    const bracket = await s.core.placeOrder({ symbol: SYMBOL, type: OrderType.Limit, side: Side.Buy, qty: 0.001, limitPrice: 40_000, takeProfit: 60_000 });
    expect(bracket.rejection?.code).toBe(ErrorCode.UNSUPPORTED_ORDER);
  });

  it('keeps to the starter tier budget: past 15 quick calls it answers RATE_LIMITED without calling Kraken', async (context) => {
    const s = await connected(context, { maxRateLimitWaitMs: 100 }, undefined, krakenFactory);
    const before = s.fake.server.log.length;
    const client = (s.broker as CcxtBroker).client;
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => client.read((exchange) => exchange.fetchBalance())));
    const limited = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]).toMatchObject({ reason: { code: ErrorCode.RATE_LIMITED } });
    expect(s.fake.server.log.length - before).toBeLessThanOrEqual(15);
  });

  it('streams fills through the WebSocket v2 executions channel with a token from GetWebSocketsToken', async (context) => {
    const s = await connected(context);
    expect(s.fake.server.requests('POST', '/0/private/GetWebSocketsToken')).toBe(1);
    const placed = await s.core.placeOrder({ symbol: SYMBOL, type: OrderType.Limit, side: Side.Buy, qty: 0.001, limitPrice: 49_000 });
    const polls = s.fake.server.requests('POST', '/0/private/TradesHistory');
    s.fake.book.setPrice('XXBTZUSD', '48999', Date.now());
    const fill = await eventually(() => s.events.find((event) => event.route === 'executions' && event.data.orderId === placed.orderId));
    expect(fill.data).toMatchObject({ qty: 0.001, price: 48_999, side: Side.Buy });
    expect(s.fake.server.requests('POST', '/0/private/TradesHistory')).toBe(polls);
  });

  it('rate limits (kraken): EAPI:Rate limit exceeded is waited out for the counter to decay, then the call succeeds', async (context) => {
    const s = await connected(context, { maxRateLimitWaitMs: 10_000 });
    await eventually(() => s.events.some((event) => event.route === 'equity'));
    s.fake.server.inject(() => true, { kind: 'status', response: krakenRateLimitExceeded() });
    const before = s.sleeps?.length ?? 0;
    const preview = await s.core.previewOrder({ symbol: SYMBOL, type: OrderType.Market, side: Side.Buy, qty: 0.001 });
    expect(preview.sections.length).toBeGreaterThan(0);
    expect(Math.max(0, ...(s.sleeps ?? []).slice(before))).toBeGreaterThanOrEqual(3_000);
  });

  it('rate limits (kraken): default settings make no private call wait ~3 s (ccxt throttle off, the tiered counter instead)', async (context) => {
    const s = await connected(context, { ccxtRateLimit: true }, undefined, krakenFactory);
    const client = (s.broker as CcxtBroker).client;
    expect(client.exchange.enableRateLimit).toBe(false);
    const before = s.sleeps?.length ?? 0;
    for (let i = 0; i < 5; i++) await client.read((exchange) => exchange.fetchBalance());
    expect((s.sleeps ?? []).slice(before)).toEqual([]);
  });

  it('rate limits (kraken): the tier option sizes the call counter (pro: 20, decaying 1/s)', async (context) => {
    const s = await connected(context, { tier: 'pro', maxRateLimitWaitMs: 0 }, undefined, krakenFactory);
    const client = (s.broker as CcxtBroker).client;
    const outcomes = await Promise.allSettled(Array.from({ length: 25 }, () => client.limiter.acquire()));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled').length).toBeGreaterThanOrEqual(15);
    expect(() => parseCcxtBrokerOptions(krakenSpec, { apiKey: 'k', secret: 's', tier: 'gold' })).toThrow(/tier/);
  });
});
