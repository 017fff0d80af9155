/**
 * Binance USDⓈ-M perpetuals against the fake futures venue: the conformance suite, and conditional (stop) orders,
 * which live in Binance's algo-order service: placed, looked up, canceled, triggered and reconciled there.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode, OrderStatus, OrderType, Side } from '@trading-pro/contracts';
import { binanceFactory } from '../src/binance/binance-venue.ts';
import type { HarnessOptions } from './conformance/account-harness.ts';
import { brokerConformance } from './conformance/broker-conformance.ts';
import { eventually } from './conformance/eventually.ts';
import { fakeVenueSubject, type FakeVenueProfile } from './conformance/fake-venue-subject.ts';
import { track } from './conformance/track.ts';
import type { ConformanceSubject } from './conformance/venue-control.ts';
import { BINANCE_KEY, BINANCE_SECRET, binanceTooManyRequests } from './fakes/binance-fake.ts';
import { BinanceFuturesFake } from './fakes/binance-futures-fake.ts';

const SYMBOL = 'BTC/USDT:USDT';

const profile: FakeVenueProfile = {
  symbol: SYMBOL,
  marketId: 'BTCUSDT',
  quote: 'USDT',
  qty: 0.004,
  tooSmallQty: 0.0001,
  unaffordableQty: 10,
  priceDecimals: 1,
  supports: { modify: true, day: false, short: true },
  isOrderRequest: (request) => request.method === 'POST' && (request.path === '/fapi/v1/order' || request.path === '/fapi/v1/algoOrder'),
  tooManyRequests: binanceTooManyRequests,
};

type UsdmSubject = ConformanceSubject & { fake: BinanceFuturesFake };

function usdmSubject(options: Readonly<Record<string, unknown>> = {}, fake = new BinanceFuturesFake(), account: HarnessOptions = {}): Promise<UsdmSubject> {
  return fakeVenueSubject(binanceFactory, fake, profile, { apiKey: BINANCE_KEY, secret: BINANCE_SECRET, market: 'swap', ...options }, account);
}

brokerConformance('binance USDⓈ-M', (options, account) => usdmSubject(options, new BinanceFuturesFake(), account));

describe.concurrent('binance USDⓈ-M conditional (algo) orders', () => {
  // Cases run concurrently, each against its own fake venue, closed when the case ends.
  const open = async (context: Parameters<typeof track>[0], options: Readonly<Record<string, unknown>> = {}, fake = new BinanceFuturesFake()): Promise<UsdmSubject> => {
    const subject = track(context, await usdmSubject(options, fake)) as UsdmSubject;
    await subject.broker.connect();
    return subject;
  };
  const stopBuy = (stopPrice: number, limitPrice?: number) =>
    limitPrice === undefined
      ? { symbol: SYMBOL, type: OrderType.Stop, side: Side.Buy, qty: 0.004, stopPrice }
      : { symbol: SYMBOL, type: OrderType.StopLimit, side: Side.Buy, qty: 0.004, stopPrice, limitPrice };
  const order = async (s: UsdmSubject, id: string) => (await s.core.order(id)).value;
  const requests = (s: UsdmSubject, method: string, path: string) => s.fake.server.requests(method, path);
  const fills = (s: UsdmSubject, orderId: string) => s.events.flatMap((event) => (event.route === 'executions' && event.data.orderId === orderId ? [event.data] : []));
  const externals = (s: UsdmSubject) => s.events.filter((event) => event.route === 'orders' && event.data.external === true);
  const move = (s: UsdmSubject, price: string) => s.fake.book.setPrice('BTCUSDT', price, Date.now());
  /** The same account and venue with a fresh adapter (a server restart). */
  const restart = (s: UsdmSubject): Promise<ConformanceSubject> => {
    if (s.restart === undefined) throw new Error('the subject cannot restart');
    return s.restart();
  };
  /** The adapter's ccxt exchange, to act at the venue as another program would. */
  const rawApi = (s: UsdmSubject, method: string): ((params: object) => Promise<unknown>) => {
    const exchange = (s.broker as unknown as { client: { exchange: Record<string, ((params: object) => Promise<unknown>) | undefined> } }).client.exchange;
    const call = exchange[method];
    if (call === undefined) throw new Error(`ccxt has no ${method}`);
    return (params) => call.call(exchange, params);
  };

  it('place (binance USDⓈ-M): a stop-market order goes to the algo service as CONDITIONAL STOP_MARKET under our client id, and works there', async (context) => {
    const s = await open(context);
    const { orderId, rejection } = await s.core.placeOrder(stopBuy(51_000));
    expect(rejection).toBeUndefined();
    expect(await order(s, orderId)).toMatchObject({ status: OrderStatus.Working, type: OrderType.Stop, stopPrice: 51_000, qty: 0.004 });
    expect(s.fake.algo(orderId)).toMatchObject({ orderType: 'STOP_MARKET', triggerPrice: '51000', quantity: '0.004', side: 'BUY', status: 'NEW' });
    expect(requests(s, 'POST', '/fapi/v1/algoOrder')).toBe(1);
    expect(requests(s, 'POST', '/fapi/v1/order')).toBe(0);
    expect(s.fake.book.orders).toHaveLength(0);
  });

  it('place (binance USDⓈ-M): a stop-limit order is a CONDITIONAL STOP with its limit price and time in force', async (context) => {
    const s = await open(context);
    const { orderId } = await s.core.placeOrder(stopBuy(51_000, 51_200));
    expect(await order(s, orderId)).toMatchObject({ status: OrderStatus.Working, type: OrderType.StopLimit, stopPrice: 51_000, limitPrice: 51_200 });
    expect(s.fake.algo(orderId)).toMatchObject({ orderType: 'STOP', triggerPrice: '51000', price: '51200', timeInForce: 'GTC' });
  });

  it('place (binance USDⓈ-M): a stop the last price already passed is refused by the venue (-2021) and recorded Rejected', async (context) => {
    const s = await open(context);
    const { orderId, rejection } = await s.core.placeOrder(stopBuy(49_000));
    expect(rejection?.code).toBe(ErrorCode.ORDER_REJECTED);
    expect(await order(s, orderId)).toMatchObject({ status: OrderStatus.Rejected, rejectReason: expect.stringMatching(/immediately trigger/) });
    expect(s.fake.algoOrders).toHaveLength(0);
  });

  it('fake (binance USDⓈ-M): a conditional type sent to /fapi/v1/order is refused with -4120, as Binance does since the algo service', async (context) => {
    const s = await open(context);
    const refusal = await rawApi(s, 'fapiPrivatePostOrder')({ symbol: 'BTCUSDT', side: 'BUY', type: 'STOP_MARKET', quantity: '0.004', stopPrice: '51000' }).catch((error: unknown) => error);
    expect(String(refusal)).toMatch(/-4120.*Algo Order API/);
    expect(s.fake.book.orders).toHaveLength(0);
  });

  it('cancel (binance USDⓈ-M): a working stop order is canceled in the algo service, not the order book', async (context) => {
    const s = await open(context);
    const { orderId } = await s.core.placeOrder(stopBuy(51_000, 51_200));
    await s.core.cancelOrder(orderId);
    expect(await order(s, orderId)).toMatchObject({ status: OrderStatus.Canceled });
    expect(s.fake.algo(orderId)?.status).toBe('CANCELED');
    expect(requests(s, 'DELETE', '/fapi/v1/algoOrder')).toBe(1);
    expect(requests(s, 'DELETE', '/fapi/v1/order')).toBe(0);
    move(s, '51500');
    expect(s.fake.book.orders).toHaveLength(0);
  });

  it('modify (binance USDⓈ-M): an untriggered stop cannot be amended (the algo service has no amend): 422, the order unchanged', async (context) => {
    const s = await open(context);
    const { orderId } = await s.core.placeOrder(stopBuy(51_000, 51_200));
    await expect(s.core.modifyOrder(orderId, { stopPrice: 51_100 })).rejects.toMatchObject({ code: ErrorCode.UNSUPPORTED_ORDER });
    expect(await order(s, orderId)).toMatchObject({ status: OrderStatus.Working, stopPrice: 51_000 });
    expect(s.fake.algo(orderId)?.triggerPrice).toBe('51000');
  });

  it('trigger (binance USDⓈ-M): a triggered stop-market becomes a book order whose fill is our stop order filled, once, with no external order', async (context) => {
    const s = await open(context);
    const { orderId } = await s.core.placeOrder(stopBuy(51_000));
    move(s, '51500');
    const filled = await eventually(async () => ((await order(s, orderId)).status === OrderStatus.Filled ? order(s, orderId) : undefined));
    expect(filled).toMatchObject({ type: OrderType.Stop, stopPrice: 51_000, filledQty: 0.004, avgPrice: 51_500 });
    await eventually(() => fills(s, orderId).length === 1);
    expect(fills(s, orderId)[0]).toMatchObject({ qty: 0.004, price: 51_500, side: Side.Buy });
    await eventually(() => s.core.positions().value.some((p) => p.symbol === SYMBOL && p.qty === 0.004));
    expect(s.fake.algo(orderId)).toMatchObject({ status: 'FINISHED', actualOrderId: s.fake.book.orders[0]?.orderId });
    expect(externals(s)).toEqual([]);
  });

  it('trigger (binance USDⓈ-M): a triggered stop-limit rests as a limit book order, is canceled there, and never counted as filled', async (context) => {
    const s = await open(context);
    const { orderId } = await s.core.placeOrder(stopBuy(51_000, 51_200));
    move(s, '51300');
    await eventually(() => s.fake.algo(orderId)?.status === 'TRIGGERED');
    const book = s.fake.book.orders[0];
    expect(book).toMatchObject({ type: 'limit', status: 'new' });
    await eventually(async () => (await order(s, orderId)).status === OrderStatus.Working);
    // Canceled from now on as the book order it became.
    await eventually(async () => {
      await s.core.cancelOrder(orderId);
      return true;
    });
    expect(await order(s, orderId)).toMatchObject({ status: OrderStatus.Canceled, filledQty: 0, type: OrderType.StopLimit });
    expect(book?.status).toBe('canceled');
    expect(requests(s, 'DELETE', '/fapi/v1/order')).toBe(1);
    await eventually(() => s.fake.algo(orderId)?.status === 'FINISHED');
    expect(externals(s)).toEqual([]);
  });

  it('trigger (binance USDⓈ-M): a triggered stop-limit fills when the market comes back to its limit', async (context) => {
    const s = await open(context);
    const { orderId } = await s.core.placeOrder(stopBuy(51_000, 51_200));
    move(s, '51300');
    await eventually(() => s.fake.algo(orderId)?.status === 'TRIGGERED');
    move(s, '51100');
    const filled = await eventually(async () => ((await order(s, orderId)).status === OrderStatus.Filled ? order(s, orderId) : undefined));
    expect(filled).toMatchObject({ filledQty: 0.004, avgPrice: 51_100 });
    await eventually(() => fills(s, orderId).length === 1);
    expect(externals(s)).toEqual([]);
  });

  it('trigger (binance USDⓈ-M): a book order and fill pushed before the ALGO_UPDATE that names them are still our stop, not an outside order', async (context) => {
    const fake = new BinanceFuturesFake();
    fake.triggerUpdateLagMs = 300;
    const s = await open(context, {}, fake);
    const { orderId } = await s.core.placeOrder(stopBuy(51_000));
    move(s, '51500');
    const filled = await eventually(async () => ((await order(s, orderId)).status === OrderStatus.Filled ? order(s, orderId) : undefined));
    expect(filled).toMatchObject({ type: OrderType.Stop, filledQty: 0.004, avgPrice: 51_500 });
    await eventually(() => fills(s, orderId).length === 1);
    expect(s.events.filter((event) => event.route === 'executions' && event.data.orderId !== orderId)).toEqual([]);
    expect(externals(s)).toEqual([]);
  });

  it('reconcile (binance USDⓈ-M): a trigger and fill the stream never delivered are found through the algo order on reconciliation', async (context) => {
    const s = await open(context, { reconcileIntervalMs: 100 });
    const { orderId } = await s.core.placeOrder(stopBuy(51_000));
    s.fake.streamPaused = true;
    move(s, '51500');
    const filled = await eventually(async () => ((await order(s, orderId)).status === OrderStatus.Filled ? order(s, orderId) : undefined));
    expect(filled).toMatchObject({ filledQty: 0.004, avgPrice: 51_500 });
    await eventually(() => fills(s, orderId).length === 1);
    expect(requests(s, 'GET', '/fapi/v1/algoOrder')).toBeGreaterThan(0);
    expect(externals(s)).toEqual([]);
  });

  it('reconcile (binance USDⓈ-M): a stop that triggered and filled while the adapter was down is journaled once on restart, its book order not external', async (context) => {
    const s = await open(context);
    const { orderId } = await s.core.placeOrder(stopBuy(51_000));
    await s.broker.disconnect();
    move(s, '51500');
    const again = track(context, await restart(s)) as UsdmSubject;
    await again.broker.connect();
    await eventually(async () => (await order(again, orderId)).status === OrderStatus.Filled);
    const executions = await eventually(async () => {
      const items = (await again.core.executions({ symbol: SYMBOL, limit: 100 })).value.items.filter((execution) => execution.orderId === orderId);
      return items.length > 0 ? items : undefined;
    });
    expect(executions).toHaveLength(1);
    expect(externals(again)).toEqual([]);
    expect(s.fake.book.orders).toHaveLength(1);
  });

  it('reconcile (binance USDⓈ-M): a restart with the stop still untriggered journals nothing and keeps it cancelable in the algo service', async (context) => {
    const s = await open(context);
    const { orderId } = await s.core.placeOrder(stopBuy(51_000, 51_200));
    await s.broker.disconnect();
    const again = track(context, await restart(s)) as UsdmSubject;
    await again.broker.connect();
    expect(again.events.filter((event) => event.route === 'orders' || event.route === 'executions')).toEqual([]);
    await again.core.cancelOrder(orderId);
    expect(s.fake.algo(orderId)?.status).toBe('CANCELED');
  });

  it('reconcile (binance USDⓈ-M): an algo order placed outside the platform appears on reconciliation, marked external', async (context) => {
    const s = await open(context);
    await s.broker.disconnect();
    // Placed (on Binance's own interface, say) while the adapter was down: only reconciliation can tell.
    await rawApi(s, 'fapiPrivatePostAlgoOrder')({ algoType: 'CONDITIONAL', symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_MARKET', quantity: '0.004', triggerPrice: '45000', clientAlgoId: 'web_stop_1' });
    const again = track(context, await restart(s)) as UsdmSubject;
    await again.broker.connect();
    const external = await eventually(() => externals(again).find((event) => event.route === 'orders' && event.data.stopPrice === 45_000));
    expect(external.data).toMatchObject({ status: OrderStatus.Working, side: Side.Sell, qty: 0.004 });
  });

  it('ambiguous (binance USDⓈ-M): a timed-out stop order is found by its clientAlgoId, never resent, and works', async (context) => {
    const s = await open(context);
    s.fake.server.inject((request) => request.method === 'POST' && request.path === '/fapi/v1/algoOrder', { kind: 'withhold' });
    const { orderId, rejection } = await s.core.placeOrder(stopBuy(51_000));
    expect(rejection).toBeUndefined();
    await eventually(async () => (await order(s, orderId)).status === OrderStatus.Working, 6_000);
    expect(requests(s, 'POST', '/fapi/v1/algoOrder')).toBe(1);
    expect(requests(s, 'GET', '/fapi/v1/algoOrder')).toBeGreaterThan(0);
    expect(s.fake.algoOrders).toHaveLength(1);
    move(s, '51500');
    await eventually(async () => (await order(s, orderId)).status === OrderStatus.Filled);
  });

  it('ambiguous (binance USDⓈ-M): a stop submission the algo service never received is not resent and ends Rejected on its word', async (context) => {
    const s = await open(context);
    s.fake.server.inject((request) => request.method === 'POST' && request.path === '/fapi/v1/algoOrder', { kind: 'drop' });
    const { orderId } = await s.core.placeOrder(stopBuy(51_000));
    const settled = await eventually(async () => ((await order(s, orderId)).status === OrderStatus.Rejected ? order(s, orderId) : undefined), 6_000);
    expect(settled.rejectReason).toMatch(/never/);
    expect(requests(s, 'POST', '/fapi/v1/algoOrder')).toBe(1);
    expect(requests(s, 'GET', '/fapi/v1/algoOrder')).toBeGreaterThan(0);
    expect(s.fake.algoOrders).toHaveLength(0);
  });

  it('ambiguous (binance USDⓈ-M): a stop that reaches the algo service after its lookup missed it ends Working, not Rejected', async (context) => {
    const s = await open(context);
    s.fake.server.inject((request) => request.method === 'POST' && request.path === '/fapi/v1/algoOrder', { kind: 'late', delayMs: 700 });
    const { orderId } = await s.core.placeOrder(stopBuy(51_000));
    expect((await order(s, orderId)).status).toBe(OrderStatus.Placing);
    await eventually(async () => (await order(s, orderId)).status === OrderStatus.Working, 6_000);
    expect(requests(s, 'POST', '/fapi/v1/algoOrder')).toBe(1);
    expect(s.fake.algoOrders).toHaveLength(1);
  });
});
