/** The Alpaca adapter against a fake Alpaca on loopback: connection, account, orders and failure handling. */
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionStatus, ErrorCode, OrderStatus, OrderType, Side, TradingError } from '@trading-pro/contracts';
import type { PreOrder } from '@trading-pro/contracts';
import { AlpacaBroker } from '../src/alpaca/alpaca-broker.ts';
import { parseAlpacaConfig } from '../src/alpaca/alpaca-config.ts';
import { accountHarness } from './conformance/account-harness.ts';
import { eventsOf, eventually, startAlpacaRig } from './fakes/alpaca-harness.ts';
import type { AlpacaRig } from './fakes/alpaca-harness.ts';

let rig: AlpacaRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const marketBuy = (qty: number, extra: Partial<PreOrder> = {}): PreOrder => ({ symbol: 'AAPL', type: OrderType.Market, side: Side.Buy, qty, ...extra });
const limitBuy = (qty: number, limitPrice: number, extra: Partial<PreOrder> = {}): PreOrder => ({
  symbol: 'AAPL',
  type: OrderType.Limit,
  side: Side.Buy,
  qty,
  limitPrice,
  duration: { type: 'DAY' },
  ...extra,
});

async function errorOf(promise: Promise<unknown>): Promise<TradingError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TradingError) return error;
    throw error;
  }
  throw new Error('expected a TradingError');
}

describe('Alpaca connection', () => {
  it('connects with valid keys and reports Connecting then Connected', async () => {
    rig = await startAlpacaRig();
    const statuses = eventsOf(rig.events, 'broker-connection').map((s) => s.status);
    expect(statuses).toEqual([ConnectionStatus.Connecting, ConnectionStatus.Connected]);
    expect(rig.broker.connectionStatus().status).toBe(ConnectionStatus.Connected);
    expect(rig.fake.streamClients).toBe(1);
  });

  it('refuses bad credentials with UNAUTHORIZED and reports the error status', async () => {
    rig = await startAlpacaRig({ config: { secret: 'wrong' }, connect: false });
    const error = await errorOf(rig.broker.connect());
    expect(error.code).toBe(ErrorCode.UNAUTHORIZED);
    expect(rig.broker.connectionStatus().status).toBe(ConnectionStatus.Error);
    expect(rig.fake.streamClients).toBe(0);
  });

  it('reports a blocked account as FORBIDDEN', async () => {
    rig = await startAlpacaRig({ connect: false });
    rig.fake.accountPatch = { trading_blocked: true };
    expect((await errorOf(rig.broker.connect())).code).toBe(ErrorCode.FORBIDDEN);
  });

  it('reports an unreachable venue as BROKER_UNAVAILABLE', async () => {
    const broker = new AlpacaBroker(
      accountHarness({ accountId: 'X' }).context,
      parseAlpacaConfig({ apiKey: 'k', secret: 's', baseUrl: 'http://127.0.0.1:9', requestTimeoutMs: 200, readAttempts: 1 }),
    );
    expect((await errorOf(broker.connect())).code).toBe(ErrorCode.BROKER_UNAVAILABLE);
    expect(broker.connectionStatus().status).toBe(ConnectionStatus.Error);
  });

  it('reconnects the trade stream after a drop and reports the outage', async () => {
    const current = (rig = await startAlpacaRig());
    current.fake.dropStreams();
    await eventually(() => eventsOf(current.events, 'broker-connection').some((s) => s.status === ConnectionStatus.Connecting && s.disconnectType === 2));
    await eventually(() => current.broker.connectionStatus().status === ConnectionStatus.Connected && current.fake.streamClients === 1);
    const { orderId } = await current.core.placeOrder(marketBuy(1));
    await eventually(() => eventsOf(current.events, 'executions').find((e) => e.orderId === orderId));
  });
});

describe('Alpaca account state', () => {
  it('reports balances, equity and buying power from the account', async () => {
    const current = (rig = await startAlpacaRig({ fake: { cash: '50000' } }));
    const account = await eventually(() => (current.core.account().value.balance === 50000 ? current.core.account().value : undefined));
    expect(account).toMatchObject({ id: 'ALP-1', currency: 'USD', balance: 50000, equity: 50000, unrealizedPL: 0, buyingPower: 50000 });
  });

  it('opens a position with a market buy and reports its P&L as the price moves', async () => {
    const current = (rig = await startAlpacaRig({ config: { accountRefreshMs: 50 } }));
    const { orderId } = await current.core.placeOrder(marketBuy(10));
    await eventually(() => eventsOf(current.events, 'orders').find((o) => o.id === orderId && o.status === OrderStatus.Filled));
    current.fake.book.setPrice('AAPL', '195.5');
    // Marks come from the account report Alpaca is asked for at the account's request budget.
    const position = await eventually(() => current.core.positions().value.find((p) => p.pl === 55));
    expect(position).toMatchObject({ id: 'AAPL', symbol: 'AAPL', qty: 10, side: Side.Buy, avgPrice: 190, pl: 55 });
    const account = current.core.account().value;
    expect(account).toMatchObject({ equity: 100055, unrealizedPL: 55, balance: 100000 });
    await eventually(() => eventsOf(current.events, 'positions').find((p) => p.symbol === 'AAPL' && p.qty === 10));
  });

  it('lists executions of a symbol from the fill activities', async () => {
    const current = (rig = await startAlpacaRig());
    const { orderId } = await current.core.placeOrder(marketBuy(3));
    await eventually(() => eventsOf(current.events, 'executions').find((e) => e.orderId === orderId));
    const executions = (await current.core.executions({ symbol: 'AAPL', limit: 1_000 })).value.items;
    expect(executions).toEqual([expect.objectContaining({ orderId, qty: 3, price: 190, side: Side.Buy })]);
  });
});

describe('Alpaca orders', () => {
  it('fills a market order and reports the order and its execution once', async () => {
    const current = (rig = await startAlpacaRig());
    const result = await current.core.placeOrder(marketBuy(5, { clientOrderId: 'mkt-1' }));
    expect(result.rejection).toBeUndefined();
    expect(rig.fake.ordersPosted()[0]?.body).toMatchObject({ symbol: 'AAPL', qty: '5', side: 'buy', type: 'market', time_in_force: 'gtc', client_order_id: 'mkt-1' });
    await eventually(() => eventsOf(current.events, 'orders').find((o) => o.id === result.orderId && o.status === OrderStatus.Filled));
    const executions = eventsOf(current.events, 'executions').filter((e) => e.orderId === result.orderId);
    expect(executions).toEqual([expect.objectContaining({ qty: 5, price: 190, symbol: 'AAPL' })]);
  });

  it('rests a limit order below the market and fills it when the price crosses', async () => {
    const current = (rig = await startAlpacaRig());
    const { orderId } = await current.core.placeOrder(limitBuy(2, 185));
    expect(eventsOf(current.events, 'orders').find((o) => o.id === orderId)).toMatchObject({ status: OrderStatus.Working, filledQty: 0 });
    expect(((await current.core.order(orderId)).value).status).toBe(OrderStatus.Working);
    current.fake.book.setPrice('AAPL', '184.9');
    const filled = await eventually(() => eventsOf(current.events, 'orders').find((o) => o.id === orderId && o.status === OrderStatus.Filled));
    expect(filled).toMatchObject({ filledQty: 2, avgPrice: 185, limitPrice: 185 });
  });

  it('cancels a working order, and refuses to cancel it twice with CONFLICT', async () => {
    const current = (rig = await startAlpacaRig());
    const { orderId } = await current.core.placeOrder(limitBuy(1, 150));
    await current.core.cancelOrder(orderId);
    // The stream may report the cancel before the REST answer does; each fact is journaled once, on either path.
    const reported = eventsOf(current.events, 'orders').filter((o) => o.id === orderId);
    expect(reported.filter((o) => o.status === OrderStatus.Canceled)).toHaveLength(1);
    expect(((await current.core.order(orderId)).value).status).toBe(OrderStatus.Canceled);
    expect((await errorOf(current.core.cancelOrder(orderId))).code).toBe(ErrorCode.CONFLICT);
  });

  it('reports an unknown order as NOT_FOUND', async () => {
    rig = await startAlpacaRig();
    expect((await errorOf(rig.core.order('00000000-0000-0000-0000-000000000000'))).code).toBe(ErrorCode.NOT_FOUND);
    expect((await errorOf(rig.core.cancelOrder('00000000-0000-0000-0000-000000000000'))).code).toBe(ErrorCode.NOT_FOUND);
  });

  it('lists all orders newest first', async () => {
    const current = (rig = await startAlpacaRig());
    const first = await current.core.placeOrder(limitBuy(1, 150));
    const second = await current.core.placeOrder(limitBuy(1, 151));
    const ids = (await current.core.orders({ limit: 1_000 })).value.items.map((o) => o.id);
    expect(ids.indexOf(second.orderId)).toBeLessThan(ids.indexOf(first.orderId));
    expect(ids).toHaveLength(2);
  });

  it('modifies a limit price by replacement and follows the new id', async () => {
    const current = (rig = await startAlpacaRig());
    const { orderId } = await current.core.placeOrder(limitBuy(1, 150));
    await current.core.modifyOrder(orderId, { limitPrice: 151.5 });
    const orders = eventsOf(current.events, 'orders');
    const replacement = orders.find((o) => o.id !== orderId);
    expect(replacement).toMatchObject({ limitPrice: 151.5, status: OrderStatus.Working });
    await eventually(() => eventsOf(current.events, 'orders').filter((o) => o.id === orderId).at(-1)?.status === OrderStatus.Canceled);
    await current.core.cancelOrder(orderId);
    expect(current.fake.book.find(replacement?.id ?? '')?.status).toBe('canceled');
  });

  it('sends take-profit and stop-loss as an Alpaca bracket and reports the legs as child orders', async () => {
    const current = (rig = await startAlpacaRig());
    const { orderId } = await current.core.placeOrder(limitBuy(1, 180, { takeProfit: 200, stopLoss: 170 }));
    expect(current.fake.ordersPosted()[0]?.body).toMatchObject({ order_class: 'bracket', take_profit: { limit_price: '200' }, stop_loss: { stop_price: '170' } });
    const orders = eventsOf(current.events, 'orders');
    expect(orders.find((o) => o.id === orderId)).toMatchObject({ takeProfit: 200, stopLoss: 170 });
    expect(orders.filter((o) => o.parentId === orderId)).toHaveLength(2);
  });

  it('closes part of a position with a market order', async () => {
    const current = (rig = await startAlpacaRig());
    const { orderId } = await current.core.placeOrder(marketBuy(10));
    await eventually(() => eventsOf(current.events, 'orders').find((o) => o.id === orderId && o.status === OrderStatus.Filled));
    await current.core.closePosition('AAPL', 4);
    await eventually(() => current.fake.book.positions.get('AAPL')?.qty === 600_000_000n);
    await eventually(() => eventsOf(current.events, 'positions').find((p) => p.symbol === 'AAPL' && p.qty === 6));
  });
});
