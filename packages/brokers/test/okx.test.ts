/** OKX adapter against the fake OKX v5 venue: the conformance suite on spot and on swaps, plus OKX cases. */
import { describe, expect, it, type TestContext } from 'vitest';
import { ConnectionStatus, ErrorCode, OrderStatus, OrderType, Side } from '@trading-pro/contracts';
import { okxFactory } from '../src/okx/okx-venue.ts';
import type { CcxtBroker } from '../src/ccxt/ccxt-broker.ts';
import { brokerConformance } from './conformance/broker-conformance.ts';
import { track } from './conformance/track.ts';
import { eventually } from './conformance/eventually.ts';
import type { HarnessOptions } from './conformance/account-harness.ts';
import { fakeVenueSubject, type FakeVenueProfile } from './conformance/fake-venue-subject.ts';
import type { ConformanceSubject } from './conformance/venue-control.ts';
import { OKX_KEY, OKX_PASSPHRASE, OKX_SECRET, OkxFake, okxTooManyRequests } from './fakes/okx-fake.ts';

const SPOT = 'BTC/USDT';
const SWAP = 'BTC/USDT:USDT';

const profile = (swap: boolean): FakeVenueProfile => ({
  symbol: swap ? SWAP : SPOT,
  marketId: swap ? 'BTC-USDT-SWAP' : 'BTC-USDT',
  quote: 'USDT',
  // Swaps trade in contracts of 0.01 BTC at the venue; our quantities stay in BTC.
  qty: swap ? 0.01 : 0.001,
  tooSmallQty: swap ? 0.00001 : 0.000001,
  unaffordableQty: 1,
  priceDecimals: 1,
  supports: { modify: true, day: false, stops: false, short: swap, fixedRateLimitWaitMs: 2_000 },
  isOrderRequest: (request) => request.method === 'POST' && request.path === '/api/v5/trade/order',
  tooManyRequests: okxTooManyRequests,
});

type OkxSubject = ConformanceSubject & { fake: OkxFake };

function okxSubject(options: Readonly<Record<string, unknown>> = {}, swap = false, fake = new OkxFake(swap ? 'SWAP' : 'SPOT'), account: HarnessOptions = {}): Promise<OkxSubject> {
  const credentials = { apiKey: OKX_KEY, secret: OKX_SECRET, password: OKX_PASSPHRASE };
  return fakeVenueSubject(okxFactory, fake, profile(swap), { ...credentials, ...(swap ? { market: 'swap' } : {}), ...options }, account);
}

brokerConformance('okx spot', (options, account) => okxSubject(options, false, undefined, account));
brokerConformance('okx swap', (options, account) => okxSubject(options, true, undefined, account));

describe.concurrent('okx adapter', () => {
  // Cases run concurrently, each against its own fake venue, closed when the case ends.
  const connected = async (context: TestContext, options: Readonly<Record<string, unknown>> = {}, swap = false, fake?: OkxFake): Promise<OkxSubject> => {
    const subject = track(context, await okxSubject(options, swap, fake)) as OkxSubject;
    await subject.broker.connect();
    return subject;
  };

  it.for([
    ['secret', { secret: 'WRONG-SECRET' }],
    ['passphrase', { password: 'wrong-passphrase' }],
    ['key', { apiKey: 'not-a-key' }],
  ] as const)('refuses a wrong %s with UNAUTHORIZED', async ([, options], context) => {
    const subject = track(context, await okxSubject(options));
    await expect(subject.broker.connect()).rejects.toMatchObject({ code: ErrorCode.UNAUTHORIZED });
    expect(subject.broker.connectionStatus().status).toBe(ConnectionStatus.Error);
  });

  it('refuses a read-only key at connect with FORBIDDEN', async (context) => {
    const fake = new OkxFake();
    fake.readOnly = true;
    const subject = track(context, await okxSubject({}, false, fake));
    await expect(subject.broker.connect()).rejects.toMatchObject({ code: ErrorCode.FORBIDDEN });
    expect(fake.server.requests('GET', '/api/v5/account/config')).toBe(1);
  });

  it('reports FORBIDDEN when the key loses its trade permission after connecting', async (context) => {
    const s = await connected(context);
    s.fake.readOnly = true;
    await expect(s.core.placeOrder({ symbol: SPOT, type: OrderType.Market, side: Side.Buy, qty: 0.001 })).rejects.toMatchObject({ code: ErrorCode.FORBIDDEN });
    expect(s.fake.book.orders).toHaveLength(0);
  });

  it('refuses stop and stop-limit orders with 422 UNSUPPORTED_ORDER, sending nothing', async (context) => {
    const s = await connected(context);
    const before = s.fake.server.requests('POST', '/api/v5/trade/order');
    const stop = await s.core.placeOrder({ symbol: SPOT, type: OrderType.Stop, side: Side.Buy, qty: 0.001, stopPrice: 55_000 });
    const stopLimit = await s.core.placeOrder({ symbol: SPOT, type: OrderType.StopLimit, side: Side.Buy, qty: 0.001, stopPrice: 55_000, limitPrice: 55_100 });
    for (const result of [stop, stopLimit]) {
      expect(result.rejection).toMatchObject({ code: ErrorCode.UNSUPPORTED_ORDER, status: 422 });
      expect(((await s.core.order(result.orderId)).value).status).toBe(OrderStatus.Rejected);
    }
    expect(s.fake.server.requests('POST', '/api/v5/trade/order')).toBe(before);
    expect(s.broker.capabilities()).toMatchObject({ supportStopOrders: false, supportStopLimitOrders: false });
  });

  it('sends orders in contracts on swaps and reports them in BTC', async (context) => {
    const s = await connected(context, {}, true);
    const result = await s.core.placeOrder({ symbol: SWAP, type: OrderType.Limit, side: Side.Buy, qty: 0.05, limitPrice: 45_000 });
    const order = s.fake.book.orders[0];
    expect(order?.qty).toBe(5_000_000n); // 0.05 BTC in the book: the venue was asked for 5 contracts
    expect((await s.core.order(result.orderId)).value).toMatchObject({ qty: 0.05, limitPrice: 45_000, status: OrderStatus.Working });
    await s.core.modifyOrder(result.orderId, { qty: 0.03 });
    expect(((await s.core.order(result.orderId)).value).qty).toBe(0.03);
    expect(order?.qty).toBe(3_000_000n);
  });

  it('reads and sets leverage on swaps, within the instrument maximum', async (context) => {
    const s = await connected(context, {}, true);
    expect(await s.broker.leverage(SWAP)).toMatchObject({ leverage: 1, min: 1, max: 100 });
    const result = await s.core.setLeverage(SWAP, 20);
    expect(result.leverage).toBe(20);
    expect(s.fake.book.leverage('BTC-USDT-SWAP')).toBe(20);
    expect((await s.broker.leverage(SWAP)).leverage).toBe(20);
    await expect(s.core.setLeverage(SWAP, 101)).rejects.toMatchObject({ code: ErrorCode.VALIDATION_ERROR });
  });

  it('has no leverage on spot', async (context) => {
    const s = await connected(context);
    expect(await s.broker.leverage(SPOT)).toMatchObject({ leverage: 1, max: 1 });
    await expect(s.core.setLeverage(SPOT, 5)).rejects.toMatchObject({ code: ErrorCode.UNSUPPORTED_ORDER });
  });

  it('CloseFromShort: a swap short is a Sell position, closed to flat', async (context) => {
    const s = await connected(context, {}, true);
    const sell = await s.core.placeOrder({ symbol: SWAP, type: OrderType.Market, side: Side.Sell, qty: 0.02 });
    expect(sell.rejection).toBeUndefined();
    const position = await eventually(async () => s.core.positions().value.find((candidate) => candidate.symbol === SWAP));
    expect(position).toMatchObject({ side: Side.Sell, qty: 0.02, avgPrice: 50_000 });
    await s.core.closePosition(SWAP);
    await eventually(async () => s.core.positions().value.length === 0);
  });

  it('reverses a swap position through zero', async (context) => {
    const s = await connected(context, {}, true);
    await s.core.placeOrder({ symbol: SWAP, type: OrderType.Market, side: Side.Buy, qty: 0.01 });
    await eventually(async () => s.core.positions().value.length === 1);
    await s.core.reversePosition(SWAP);
    const position = await eventually(async () => s.core.positions().value.find((candidate) => candidate.side === Side.Sell));
    expect(position.qty).toBe(0.01);
  });

  it('keeps swap balance as cash and adds the unrealized P&L to equity', async (context) => {
    const s = await connected(context, { accountRefreshMs: 50 }, true);
    await s.core.placeOrder({ symbol: SWAP, type: OrderType.Market, side: Side.Buy, qty: 0.1 });
    await eventually(async () => s.core.positions().value.length === 1);
    s.fake.book.setPrice('BTC-USDT-SWAP', '51000', Date.now());
    // The account report is read at the account's request budget; the marks follow it.
    const account = await eventually(() => (s.core.account().value.unrealizedPL === 100 ? s.core.account().value : undefined));
    expect(account).toMatchObject({ balance: 10_000, unrealizedPL: 100, equity: 10_100 });
  });

  it('attaches take-profit and stop-loss to the entry order', async (context) => {
    const s = await connected(context);
    const result = await s.core.placeOrder({ symbol: SPOT, type: OrderType.Limit, side: Side.Buy, qty: 0.001, limitPrice: 45_000, takeProfit: 60_000, stopLoss: 40_000 });
    expect((await s.core.order(result.orderId)).value).toMatchObject({ takeProfit: 60_000, stopLoss: 40_000, status: OrderStatus.Working });
  });

  it("sends the venue a generated clOrdId, so a caller's clientOrderId cannot collide with other orders", async (context) => {
    const s = await connected(context);
    s.fake.book.place({ market: s.fake.market, side: 'buy', type: 'limit', qty: '0.001', price: '40000', clientOrderId: 'taken' }, Date.now());
    const first = await s.core.placeOrder({ symbol: SPOT, type: OrderType.Limit, side: Side.Buy, qty: 0.001, limitPrice: 45_000, clientOrderId: 'taken' });
    expect(first.rejection).toBeUndefined();
    expect(s.fake.book.orders).toHaveLength(2);
  });

  it('reports a fill from the private orders channel, without polling', async (context) => {
    const s = await connected(context);
    const polls = s.fake.server.requests('GET', '/api/v5/trade/fills-history');
    const placed = await s.core.placeOrder({ symbol: SPOT, type: OrderType.Limit, side: Side.Buy, qty: 0.001, limitPrice: 49_000 });
    s.fake.book.setPrice('BTC-USDT', '48999', Date.now());
    await eventually(() => s.events.some((event) => event.route === 'executions' && event.data.orderId === placed.orderId));
    expect(s.fake.server.requests('GET', '/api/v5/trade/fills-history')).toBe(polls);
  });

  it('rate limits (okx): code 50011 (HTTP 429, no Retry-After) waits out one 2-second window, then succeeds', async (context) => {
    const s = await okxSubject({ maxRateLimitWaitMs: 5_000 });
    track(context, s);
    await s.broker.connect();
    await eventually(() => s.events.some((event) => event.route === 'equity'));
    s.fake.server.inject(() => true, { kind: 'status', response: okxTooManyRequests(0) });
    const before = s.sleeps?.length ?? 0;
    const preview = await s.core.previewOrder({ symbol: SPOT, type: OrderType.Market, side: Side.Buy, qty: 0.001 });
    expect(preview.sections.length).toBeGreaterThan(0);
    expect(Math.max(0, ...(s.sleeps ?? []).slice(before))).toBeGreaterThanOrEqual(1_900);
  });

  it('rate limits (okx): 50011 with a wait budget below the window answers RATE_LIMITED', async (context) => {
    const s = await okxSubject({ maxRateLimitWaitMs: 500 });
    track(context, s);
    await s.broker.connect();
    await eventually(() => s.events.some((event) => event.route === 'equity'));
    s.fake.server.inject(() => true, { kind: 'status', response: okxTooManyRequests(0) });
    await expect(s.core.previewOrder({ symbol: SPOT, type: OrderType.Market, side: Side.Buy, qty: 0.001 })).rejects.toMatchObject({ code: ErrorCode.RATE_LIMITED, retryAfterS: 2 });
  });

  it('position mode (okx swap): a long/short (hedge) account is detected at connect and every order names its posSide', async (context) => {
    const fake = new OkxFake('SWAP');
    fake.posMode = 'long_short_mode';
    const s = await connected(context, {}, true, fake);
    const buy = await s.core.placeOrder({ symbol: SWAP, type: OrderType.Market, side: Side.Buy, qty: 0.01 });
    expect(buy.rejection).toBeUndefined();
    await eventually(() => s.core.positions().value.find((position) => position.symbol === SWAP));
    await s.core.closePosition(SWAP);
    await eventually(() => s.core.positions().value.length === 0);
  });

  it('position mode (okx swap): without it, a hedge account refuses every swap order (51000), as before the fix', async (context) => {
    const fake = new OkxFake('SWAP');
    fake.posMode = 'long_short_mode';
    const s = await connected(context, { positionMode: 'net' }, true, fake);
    const buy = await s.core.placeOrder({ symbol: SWAP, type: OrderType.Market, side: Side.Buy, qty: 0.01 });
    expect(buy.rejection?.message).toContain('51000');
  });

  it('regions (okx): region eea uses eea.okx.com for REST and wseea.okx.com for the stream', async (context) => {
    const s = await okxSubject({ region: 'eea', baseUrl: undefined, wsUrl: undefined });
    track(context, s);
    const exchange = (s.broker as CcxtBroker).client.exchange as unknown as { hostname: string; urls: { api: { ws: string } } };
    expect(exchange.hostname).toBe('eea.okx.com');
    expect(exchange.urls.api.ws).toBe('wss://wseea.okx.com:8443/ws/v5');
  });
});
