/** Binance adapter against the fake Binance venue: the conformance suite plus Binance-specific cases. */
import { describe, expect, it } from 'vitest';
import { ConnectionStatus, ErrorCode, OrderStatus, OrderType, Side, parseFixed } from '@trading-pro/contracts';
import type { CcxtBroker } from '../src/ccxt/ccxt-broker.ts';
import { eventually } from './conformance/eventually.ts';
import type { HarnessOptions } from './conformance/account-harness.ts';
import { fakeVenueSubject, type FakeVenueProfile } from './conformance/fake-venue-subject.ts';
import { binanceFactory, binanceSpec } from '../src/binance/binance-venue.ts';
import { CcxtClient } from '../src/ccxt/ccxt-client.ts';
import { parseCcxtBrokerOptions } from '../src/ccxt/ccxt-options.ts';
import { brokerConformance } from './conformance/broker-conformance.ts';
import { track } from './conformance/track.ts';
import type { ConformanceSubject } from './conformance/venue-control.ts';
import { BINANCE_KEY, BINANCE_SECRET, BinanceFake, binanceTooManyRequests } from './fakes/binance-fake.ts';

const profile: FakeVenueProfile = {
  symbol: 'BTC/USDT',
  marketId: 'BTCUSDT',
  quote: 'USDT',
  qty: 0.001,
  tooSmallQty: 0.000001,
  unaffordableQty: 1,
  priceDecimals: 2,
  supports: { modify: true, day: false },
  isOrderRequest: (request) => request.method === 'POST' && request.path === '/api/v3/order',
  tooManyRequests: binanceTooManyRequests,
};

function binanceSubject(options: Readonly<Record<string, unknown>> = {}, fake = new BinanceFake(), account: HarnessOptions = {}): Promise<ConformanceSubject & { fake: BinanceFake }> {
  return fakeVenueSubject(binanceFactory, fake, profile, { apiKey: BINANCE_KEY, secret: BINANCE_SECRET, ...options }, account);
}

brokerConformance('binance', (options, account) => binanceSubject(options, new BinanceFake(), account));

describe.concurrent('binance adapter', () => {
  // Cases run concurrently, each against its own fake venue, closed when the case ends.

  it('refuses a wrong secret with UNAUTHORIZED and reports the Error status', async (context) => {
    const subject = track(context, await binanceSubject({ secret: 'not-the-secret' })) as Awaited<ReturnType<typeof binanceSubject>>;
    await expect(subject.broker.connect()).rejects.toMatchObject({ code: ErrorCode.UNAUTHORIZED });
    expect(subject.broker.connectionStatus().status).toBe(ConnectionStatus.Error);
    expect(subject.events.at(-1)).toMatchObject({ route: 'broker-connection', data: { status: ConnectionStatus.Error } });
  });

  it('refuses an unknown API key with UNAUTHORIZED', async (context) => {
    const subject = track(context, await binanceSubject({ apiKey: 'unknown-key' })) as Awaited<ReturnType<typeof binanceSubject>>;
    await expect(subject.broker.connect()).rejects.toMatchObject({ code: ErrorCode.UNAUTHORIZED });
  });

  it('refuses a key without trading permission with FORBIDDEN', async (context) => {
    const fake = new BinanceFake();
    fake.canTrade = false;
    const subject = track(context, await binanceSubject({}, fake)) as Awaited<ReturnType<typeof binanceSubject>>;
    await expect(subject.broker.connect()).rejects.toMatchObject({ code: ErrorCode.FORBIDDEN });
  });

  it('reports an unreachable venue as BROKER_UNAVAILABLE', async (context) => {
    const subject = track(context, await binanceSubject({ baseUrl: 'http://127.0.0.1:9', backoff: { attempts: 2, initialDelayMs: 10, maxDelayMs: 10 } })) as Awaited<ReturnType<typeof binanceSubject>>;
    await expect(subject.broker.connect()).rejects.toMatchObject({ code: ErrorCode.BROKER_UNAVAILABLE });
    expect(subject.broker.connectionStatus().status).toBe(ConnectionStatus.Error);
  });

  it('connects again after a disconnect', async (context) => {
    const subject = track(context, await binanceSubject()) as Awaited<ReturnType<typeof binanceSubject>>;
    await subject.broker.connect();
    await subject.broker.disconnect();
    await subject.broker.connect();
    expect(subject.broker.connectionStatus().status).toBe(ConnectionStatus.Connected);
    expect(subject.core.account().value.balance).toBe(10_000);
  });

  it('has no leverage on spot: 1x, and setting it is a 422', async (context) => {
    const subject = track(context, await binanceSubject()) as Awaited<ReturnType<typeof binanceSubject>>;
    await subject.broker.connect();
    expect(await subject.broker.leverage('BTC/USDT')).toEqual({ symbol: 'BTC/USDT', leverage: 1, min: 1, max: 1, step: 1 });
    await expect(subject.core.setLeverage('BTC/USDT', 5)).rejects.toMatchObject({ code: ErrorCode.UNSUPPORTED_ORDER });
  });

  it('rounds price to the tick and quantity to the lot step before sending', async (context) => {
    const subject = track(context, await binanceSubject()) as Awaited<ReturnType<typeof binanceSubject>>;
    await subject.broker.connect();
    const result = await subject.core.placeOrder({ symbol: 'BTCUSDT', type: 1, side: 1, qty: 0.0012345, limitPrice: 40000.123 });
    const order = (await subject.core.order(result.orderId)).value;
    expect(order).toMatchObject({ symbol: 'BTC/USDT', qty: 0.00123, limitPrice: 40000.12 });
    expect(subject.fake.book.orders[0]?.qty).toBe(parseFixed('0.00123'));
  });

  it('declares its capabilities', async (context) => {
    const subject = track(context, await binanceSubject()) as Awaited<ReturnType<typeof binanceSubject>>;
    expect(subject.broker.capabilities()).toMatchObject({
      broker: 'binance', supportOrderBrackets: false, supportLeverage: false, supportModifyOrderPrice: true, supportedDurations: ['GTC', 'IOC', 'FOK'],
    });
  });

  it('rate limits (binance): a 418 IP ban with a long Retry-After answers RATE_LIMITED and sends nothing until it ends', async (context) => {
    const subject = track(context, await binanceSubject()) as Awaited<ReturnType<typeof binanceSubject>>;
    await subject.broker.connect();
    await eventually(() => subject?.events.some((event) => event.route === 'equity'));
    subject.fake.server.inject(() => true, { kind: 'status', response: { ...binanceTooManyRequests(180), status: 418 } });
    const error = await subject.core.previewOrder({ symbol: 'BTC/USDT', type: OrderType.Market, side: Side.Buy, qty: 0.001 }).catch((failure: unknown) => failure);
    expect(error).toMatchObject({ code: ErrorCode.RATE_LIMITED });
    expect((error as { retryAfterS: number }).retryAfterS).toBeGreaterThanOrEqual(170);
    const requests = subject.fake.server.log.length;
    await expect(subject.core.placeOrder({ symbol: 'BTC/USDT', type: OrderType.Market, side: Side.Buy, qty: 0.001 })).rejects.toMatchObject({ code: ErrorCode.RATE_LIMITED });
    expect(subject.fake.server.log.length).toBe(requests);
  });

  it('rate limits (binance): X-MBX-USED-WEIGHT-1M near the 6,000 cap pauses calls until the minute turns', async (context) => {
    const subject = track(context, await binanceSubject({ maxRateLimitWaitMs: 120_000 })) as Awaited<ReturnType<typeof binanceSubject>>;
    await subject.broker.connect();
    subject.fake.usedWeight = 5_800;
    const before = subject.sleeps?.length ?? 0;
    await subject.core.previewOrder({ symbol: 'BTC/USDT', type: OrderType.Market, side: Side.Buy, qty: 0.001 });
    subject.fake.usedWeight = 1;
    await subject.core.previewOrder({ symbol: 'BTC/USDT', type: OrderType.Market, side: Side.Buy, qty: 0.001 });
    expect((subject.sleeps ?? []).slice(before).some((ms) => ms > 0)).toBe(true);
  });

  it('time (binance): a venue clock 15 s ahead is measured at connect, so signed requests stay inside recvWindow', async (context) => {
    const fake = new BinanceFake();
    fake.clockSkewMs = 15_000;
    const subject = track(context, await binanceSubject({}, fake)) as Awaited<ReturnType<typeof binanceSubject>>;
    await subject.broker.connect();
    expect((subject.broker as CcxtBroker).client.clockOffsetMs).toBeGreaterThan(14_000);
    const result = await subject.core.placeOrder({ symbol: 'BTC/USDT', type: OrderType.Limit, side: Side.Buy, qty: 0.001, limitPrice: 40_000 });
    expect(result.rejection).toBeUndefined();
  });

  it('time (binance): a timestamp refusal (-1021) re-measures the clock once and reports a clock problem if it persists', async (context) => {
    const subject = track(context, await binanceSubject({ syncClock: false })) as Awaited<ReturnType<typeof binanceSubject>>;
    subject.fake.clockSkewMs = 15_000;
    const error = await subject.broker.connect().catch((failure: unknown) => failure);
    expect(error).toMatchObject({ code: ErrorCode.INTERNAL_ERROR });
    expect(String((error as Error).message)).toMatch(/timestamp|clock/i);
  });

  it('market orders (binance): IOC is sent without a time in force (-1106 otherwise) and FOK is refused with 422', async (context) => {
    const subject = track(context, await binanceSubject()) as Awaited<ReturnType<typeof binanceSubject>>;
    await subject.broker.connect();
    const ioc = await subject.core.placeOrder({ symbol: 'BTC/USDT', type: OrderType.Market, side: Side.Buy, qty: 0.001, duration: { type: 'IOC' } });
    expect(ioc.rejection).toBeUndefined();
    await eventually(async () => (await subject?.core.order(ioc.orderId))?.value.status === OrderStatus.Filled);
    const fok = await subject.core.placeOrder({ symbol: 'BTC/USDT', type: OrderType.Market, side: Side.Buy, qty: 0.001, duration: { type: 'FOK' } });
    expect(fok.rejection).toMatchObject({ code: ErrorCode.UNSUPPORTED_ORDER, status: 422 });
    expect(subject.fake.book.orders).toHaveLength(1);
  });

  it('testnet (binance USDⓈ-M): perpetuals use Binance demo trading (ccxt refuses sandbox mode for futures)', () => {
    const client = new CcxtClient(binanceSpec, parseCcxtBrokerOptions(binanceSpec, { apiKey: 'k', secret: 's', testnet: true, market: 'swap' }));
    expect(JSON.stringify(client.exchange.urls.api)).toContain('demo-fapi.binance.com');
  });
});
