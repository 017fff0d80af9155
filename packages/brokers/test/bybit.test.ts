/** Bybit adapter against the fake Bybit v5 venue: the conformance suite on spot and on perpetuals, plus Bybit cases. */
import { describe, expect, it } from 'vitest';
import { ConnectionStatus, ErrorCode, OrderStatus, OrderType, Side } from '@trading-pro/contracts';
import { bybitFactory } from '../src/bybit/bybit-venue.ts';
import { brokerConformance } from './conformance/broker-conformance.ts';
import { track } from './conformance/track.ts';
import { eventually } from './conformance/eventually.ts';
import type { HarnessOptions } from './conformance/account-harness.ts';
import { fakeVenueSubject, type FakeVenueProfile } from './conformance/fake-venue-subject.ts';
import type { ConformanceSubject } from './conformance/venue-control.ts';
import { BYBIT_KEY, BYBIT_SECRET, BybitFake, bybitIpBan, bybitTooManyRequests } from './fakes/bybit-fake.ts';
import type { CcxtBroker } from '../src/ccxt/ccxt-broker.ts';

const profile = (swap: boolean): FakeVenueProfile => ({
  symbol: swap ? 'BTC/USDT:USDT' : 'BTC/USDT',
  marketId: 'BTCUSDT',
  quote: 'USDT',
  qty: swap ? 0.01 : 0.001,
  tooSmallQty: swap ? 0.0001 : 0.00001,
  unaffordableQty: swap ? 10 : 1,
  priceDecimals: swap ? 1 : 2,
  supports: { modify: true, day: false, short: swap },
  isOrderRequest: (request) => request.method === 'POST' && request.path === '/v5/order/create',
  tooManyRequests: bybitTooManyRequests,
});

type BybitSubject = ConformanceSubject & { fake: BybitFake };

function bybitSubject(options: Readonly<Record<string, unknown>> = {}, swap = false, fake = new BybitFake(swap ? 'linear' : 'spot'), account: HarnessOptions = {}): Promise<BybitSubject> {
  return fakeVenueSubject(bybitFactory, fake, profile(swap), { apiKey: BYBIT_KEY, secret: BYBIT_SECRET, ...(swap ? { market: 'swap' } : {}), ...options }, account);
}

brokerConformance('bybit spot', (options, account) => bybitSubject(options, false, undefined, account));
brokerConformance('bybit perpetual', (options, account) => bybitSubject(options, true, undefined, account));

describe.concurrent('bybit adapter', () => {
  // Cases run concurrently, each against its own fake venue, closed when the case ends.

  it('refuses a wrong secret with UNAUTHORIZED', async (context) => {
    const subject = track(context, await bybitSubject({ secret: 'wrong' })) as Awaited<ReturnType<typeof bybitSubject>>;
    await expect(subject.broker.connect()).rejects.toMatchObject({ code: ErrorCode.UNAUTHORIZED });
    expect(subject.broker.connectionStatus().status).toBe(ConnectionStatus.Error);
  });

  it('reports a read-only key as FORBIDDEN when it places an order', async (context) => {
    const fake = new BybitFake('spot');
    fake.readOnly = true;
    const subject = track(context, await bybitSubject({}, false, fake)) as Awaited<ReturnType<typeof bybitSubject>>;
    await subject.broker.connect();
    await expect(subject.core.placeOrder({ symbol: 'BTC/USDT', type: OrderType.Market, side: Side.Buy, qty: 0.001 })).rejects.toMatchObject({ code: ErrorCode.FORBIDDEN });
  });

  it('reads and sets leverage on perpetuals', async (context) => {
    const subject = track(context, await bybitSubject({}, true)) as Awaited<ReturnType<typeof bybitSubject>>;
    await subject.broker.connect();
    expect(await subject.broker.leverage('BTC/USDT:USDT')).toMatchObject({ leverage: 1, min: 1, max: 100 });
    const result = await subject.core.setLeverage('BTC/USDT:USDT', 10);
    expect(result.leverage).toBe(10);
    expect(subject.fake.book.leverage('BTCUSDT')).toBe(10);
    await expect(subject.core.setLeverage('BTC/USDT:USDT', 500)).rejects.toMatchObject({ code: ErrorCode.VALIDATION_ERROR });
  });

  it('CloseFromShort: a perpetual short is reported as a Sell position and closed to flat', async (context) => {
    const subject = track(context, await bybitSubject({}, true)) as Awaited<ReturnType<typeof bybitSubject>>;
    await subject.broker.connect();
    const sell = await subject.core.placeOrder({ symbol: 'BTC/USDT:USDT', type: OrderType.Market, side: Side.Sell, qty: 0.01 });
    expect(sell.rejection).toBeUndefined();
    const position = await eventually(async () => subject?.core.positions().value?.find((candidate) => candidate.symbol === 'BTC/USDT:USDT'));
    expect(position).toMatchObject({ side: Side.Sell, qty: 0.01, avgPrice: 50_000 });
    await subject.core.closePosition('BTC/USDT:USDT');
    await eventually(async () => subject?.core.positions().value?.length === 0);
  });

  it('places a stop order that waits for its trigger', async (context) => {
    const subject = track(context, await bybitSubject()) as Awaited<ReturnType<typeof bybitSubject>>;
    await subject.broker.connect();
    const stop = await subject.core.placeOrder({ symbol: 'BTC/USDT', type: OrderType.Stop, side: Side.Buy, qty: 0.001, stopPrice: 55_000 });
    expect(((await subject.core.order(stop.orderId)).value).status).toBe(OrderStatus.Working);
    expect(subject.fake.book.orders[0]).toMatchObject({ type: 'stop', triggered: false });
  });

  it('rate limits (bybit): retCode 10006 is waited out until X-Bapi-Limit-Reset-Timestamp', async (context) => {
    const subject = track(context, await bybitSubject({ maxRateLimitWaitMs: 10_000 })) as Awaited<ReturnType<typeof bybitSubject>>;
    await subject.broker.connect();
    await eventually(() => subject?.events.some((event) => event.route === 'equity'));
    subject.fake.server.inject(() => true, { kind: 'status', response: () => bybitTooManyRequests(4) });
    const before = subject.sleeps?.length ?? 0;
    const preview = await subject.core.previewOrder({ symbol: 'BTC/USDT', type: OrderType.Market, side: Side.Buy, qty: 0.001 });
    expect(preview.sections.length).toBeGreaterThan(0);
    expect(Math.max(0, ...(subject.sleeps ?? []).slice(before))).toBeGreaterThanOrEqual(3_000);
  });

  it('rate limits (bybit): an HTTP 403 IP ban blocks every call for 10 minutes with RATE_LIMITED, not FORBIDDEN', async (context) => {
    const subject = track(context, await bybitSubject()) as Awaited<ReturnType<typeof bybitSubject>>;
    await subject.broker.connect();
    await eventually(() => subject?.events.some((event) => event.route === 'equity'));
    subject.fake.server.inject(() => true, { kind: 'status', response: bybitIpBan() });
    const error = await subject.core.previewOrder({ symbol: 'BTC/USDT', type: OrderType.Market, side: Side.Buy, qty: 0.001 }).catch((failure: unknown) => failure);
    expect(error).toMatchObject({ code: ErrorCode.RATE_LIMITED });
    expect((error as { retryAfterS: number }).retryAfterS).toBeGreaterThanOrEqual(590);
    const requests = subject.fake.server.log.length;
    await expect(subject.core.placeOrder({ symbol: 'BTC/USDT', type: OrderType.Market, side: Side.Buy, qty: 0.001 })).rejects.toMatchObject({ code: ErrorCode.RATE_LIMITED });
    expect(subject.fake.server.log.length).toBe(requests);
  });

  it('time (bybit): measures the clock offset from the venue server time at connect', async (context) => {
    const subject = track(context, await bybitSubject()) as Awaited<ReturnType<typeof bybitSubject>>;
    await subject.broker.connect();
    expect(subject.fake.server.requests('GET', '/v5/market/time')).toBeGreaterThanOrEqual(1);
    expect(Math.abs((subject.broker as CcxtBroker).client.clockOffsetMs)).toBeLessThan(2_000);
  });

  it('stop orders (bybit spot): a stop waiting for its trigger is canceled with orderFilter=StopOrder', async (context) => {
    const subject = track(context, await bybitSubject()) as Awaited<ReturnType<typeof bybitSubject>>;
    await subject.broker.connect();
    const stop = await subject.core.placeOrder({ symbol: 'BTC/USDT', type: OrderType.Stop, side: Side.Buy, qty: 0.001, stopPrice: 55_000 });
    expect(stop.rejection).toBeUndefined();
    await subject.core.cancelOrder(stop.orderId);
    expect((await subject.core.order(stop.orderId)).value.status).toBe(OrderStatus.Canceled);
    expect(subject.fake.book.orders[0]?.status).toBe('canceled');
  });

  it('position mode (bybit perpetual): in hedge mode orders carry positionIdx; a long opens and closes to flat', async (context) => {
    const fake = new BybitFake('linear');
    fake.hedgeMode = true;
    const subject = track(context, await bybitSubject({ positionMode: 'hedge' }, true, fake)) as Awaited<ReturnType<typeof bybitSubject>>;
    await subject.broker.connect();
    const buy = await subject.core.placeOrder({ symbol: 'BTC/USDT:USDT', type: OrderType.Market, side: Side.Buy, qty: 0.01 });
    expect(buy.rejection).toBeUndefined();
    await eventually(() => subject?.core.positions().value.find((position) => position.symbol === 'BTC/USDT:USDT'));
    await subject.core.closePosition('BTC/USDT:USDT');
    await eventually(() => subject?.core.positions().value.length === 0);
  });

  it('regions (bybit): region eu sends REST and the stream to bybit.eu; an unknown region is refused at start', async (context) => {
    const subject = track(context, await bybitSubject({ region: 'eu', baseUrl: undefined, wsUrl: undefined })) as Awaited<ReturnType<typeof bybitSubject>>;
    const exchange = (subject.broker as CcxtBroker).client.exchange as unknown as { hostname: string; implodeHostname: (url: string) => string };
    expect(exchange.hostname).toBe('bybit.eu');
    expect(exchange.implodeHostname('https://api.{hostname}')).toBe('https://api.bybit.eu');
    await expect(bybitSubject({ region: 'mars' })).rejects.toMatchObject({ code: ErrorCode.VALIDATION_ERROR });
  });
});
