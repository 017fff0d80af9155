/** The Interactive Brokers adapter against a fake TWS speaking the socket protocol on loopback. */
import { describe, expect, it, type TestContext } from 'vitest';
import { ConnectionStatus, ErrorCode, OrderStatus, OrderType, ParentType, Side, TradingError } from '@trading-pro/contracts';
import type { PreOrder } from '@trading-pro/contracts';
import type { BrokerEvent } from '../src/broker.ts';
import { IbBroker } from '../src/ib/ib-broker.ts';
import { parseIbConfig } from '../src/ib/ib-config.ts';
import type { AccountCore } from '../src/account/account-core.ts';
import { accountHarness } from './conformance/account-harness.ts';
import { eventsOf, eventually } from './fakes/alpaca-harness.ts';
import { IbFakeTws } from './fakes/ib-fake-tws.ts';
import { readPlaceOrder } from './fakes/ib-fake-wire.ts';

interface IbRig {
  readonly tws: IbFakeTws;
  readonly broker: IbBroker;
  readonly core: AccountCore;
  /** Every committed event, in journal order. */
  readonly events: BrokerEvent[];
}

/** A fake TWS and an adapter connected to it, both closed when the (concurrent) case ends. */
async function startIbRig(context: TestContext, config: Record<string, unknown> = {}, connect = true): Promise<IbRig> {
  const tws = await new IbFakeTws().start();
  const harness = accountHarness({ accountId: 'IB-1', accountName: 'IB paper' });
  const broker = new IbBroker(
    harness.context,
    parseIbConfig({ host: '127.0.0.1', port: tws.port, clientId: 11, connectTimeoutMs: 1_000, requestTimeoutMs: 1_000, reconnectMinMs: 30, reconnectMaxMs: 200, ...config }),
  );
  await harness.core.load(broker);
  context.onTestFinished(async () => {
    await broker.disconnect();
    await tws.stop();
    // Every message the fake sent decoded to its last field at the negotiated server version.
    expect(broker.unreadableMessages()).toEqual([]);
  });
  if (connect) await broker.connect();
  return { tws, broker, core: harness.core, events: harness.events };
}

async function errorOf(promise: Promise<unknown>): Promise<TradingError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TradingError) return error;
    throw error;
  }
  throw new Error('expected a TradingError');
}

const buy = (extra: Partial<PreOrder> = {}): PreOrder => ({ symbol: 'AAPL', type: OrderType.Market, side: Side.Buy, qty: 5, ...extra });

describe.concurrent('IB connection', () => {
  it('connects through the TWS handshake and reports Connecting then Connected', async (context) => {
    const { tws, broker, events } = await startIbRig(context);
    expect(eventsOf(events, 'broker-connection').map((s) => s.status)).toEqual([ConnectionStatus.Connecting, ConnectionStatus.Connected]);
    expect(broker.connectionStatus().status).toBe(ConnectionStatus.Connected);
    expect(tws.clients).toBe(1);
  });

  it('reports an unreachable TWS as BROKER_UNAVAILABLE', async () => {
    const broker = new IbBroker(
      accountHarness({ accountId: 'X' }).context,
      parseIbConfig({ host: '127.0.0.1', port: 9, connectTimeoutMs: 500 }),
    );
    expect((await errorOf(broker.connect())).code).toBe(ErrorCode.BROKER_UNAVAILABLE);
    expect(broker.connectionStatus().status).toBe(ConnectionStatus.Error);
    await broker.disconnect();
  });

  it('refuses a client id already in use', async (context) => {
    const first = await startIbRig(context);
    const second = new IbBroker(
      accountHarness({ accountId: 'Y' }).context,
      parseIbConfig({ host: '127.0.0.1', port: first.tws.port, clientId: 11, connectTimeoutMs: 1_000 }),
    );
    const error = await errorOf(second.connect());
    expect(error.code).toBe(ErrorCode.BROKER_UNAVAILABLE);
    expect(error.message).toMatch(/client id/);
    await second.disconnect();
  });

  it('reports an account TWS does not manage as FORBIDDEN', async (context) => {
    const { broker } = await startIbRig(context, { account: 'U999' }, false);
    expect((await errorOf(broker.connect())).code).toBe(ErrorCode.FORBIDDEN);
  });
});

describe.concurrent('IB orders', () => {
  it('fills a market order: the order reaches Filled and its execution and position are reported once', async (context) => {
    const { tws, core, events } = await startIbRig(context);
    const result = await core.placeOrder(buy({ clientOrderId: 'ib-mkt-1' }));
    expect(readPlaceOrder(tws.placed()[0] ?? [])).toMatchObject({ symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD', action: 'BUY', totalQuantity: '5', orderType: 'MKT', orderRef: 'ib-mkt-1', transmit: '1' });
    const all = () => events;
    await eventually(() => eventsOf(all(), 'orders').find((o) => o.id === result.orderId && o.status === OrderStatus.Filled));
    expect(eventsOf(events, 'executions')).toEqual([expect.objectContaining({ orderId: result.orderId, qty: 5, price: 190, side: Side.Buy, symbol: 'AAPL' })]);
    await eventually(() => eventsOf(events, 'positions').find((p) => p.symbol === 'AAPL' && p.qty === 5 && p.avgPrice === 190));
    await eventually(() => eventsOf(all(), 'orders').find((o) => o.id === result.orderId && o.commission === 1));
  });

  it('rests a limit order and fills it when the price crosses', async (context) => {
    const { tws, core, events } = await startIbRig(context);
    const { orderId } = await core.placeOrder(buy({ type: OrderType.Limit, limitPrice: 185, duration: { type: 'DAY' } }));
    expect(eventsOf(events, 'orders').filter((o) => o.id === orderId).at(-1)).toMatchObject({ id: orderId, status: OrderStatus.Working, limitPrice: 185, duration: { type: 'DAY' } });
    tws.setPrice('AAPL', 184);
    const filled = await eventually(() => eventsOf(events, 'orders').find((o) => o.id === orderId && o.status === OrderStatus.Filled));
    expect(filled).toMatchObject({ filledQty: 5, avgPrice: 185 });
  });

  it('cancels a working order and refuses a second cancel with CONFLICT', async (context) => {
    const { core, events } = await startIbRig(context);
    const { orderId } = await core.placeOrder(buy({ type: OrderType.Limit, limitPrice: 100 }));
    await core.cancelOrder(orderId);
    expect(eventsOf(events, 'orders').filter((o) => o.id === orderId).at(-1)).toMatchObject({ id: orderId, status: OrderStatus.Canceled });
    expect((await core.order(orderId)).value.status).toBe(OrderStatus.Canceled);
    expect((await errorOf(core.cancelOrder(orderId))).code).toBe(ErrorCode.CONFLICT);
    expect((await errorOf(core.order('424242'))).code).toBe(ErrorCode.NOT_FOUND);
  });

  it('modifies a limit order in place under the same id', async (context) => {
    const { tws, core, events } = await startIbRig(context);
    const { orderId } = await core.placeOrder(buy({ type: OrderType.Limit, limitPrice: 100 }));
    await core.modifyOrder(orderId, { limitPrice: 101.5, qty: 7 });
    expect(eventsOf(events, 'orders').filter((o) => o.id === orderId).at(-1)).toMatchObject({ id: orderId, limitPrice: 101.5, qty: 7, status: OrderStatus.Working });
    expect(tws.orders.get(Number(orderId))).toMatchObject({ lmtPrice: 101.5, totalQuantity: 7 });
    expect(tws.placed()).toHaveLength(2);
  });

  it('sends a bracket as parent and children with transmit flags, and lets one exit cancel the other', async (context) => {
    const { tws, core, events } = await startIbRig(context);
    const { orderId } = await core.placeOrder(buy({ takeProfit: 200, stopLoss: 180 }));
    const placed = tws.placed();
    expect(placed.map((m) => readPlaceOrder(m)).map((o) => [o.orderType, o.transmit, o.parentId])).toEqual([
      ['MKT', '0', ''],
      ['LMT', '0', orderId],
      ['STP', '1', orderId],
    ]);
    const all = () => events;
    const children = () => eventsOf(all(), 'orders').filter((o) => o.parentId !== undefined);
    await eventually(() => children().some((o) => o.parentType === ParentType.Position && o.status === OrderStatus.Working));
    tws.setPrice('AAPL', 201);
    await eventually(() => children().find((o) => o.limitPrice === 200 && o.status === OrderStatus.Filled));
    await eventually(() => children().find((o) => o.stopPrice === 180 && o.status === OrderStatus.Canceled));
  });

  it('routes a forex pair to IDEALPRO as a cash contract', async (context) => {
    const { tws, core } = await startIbRig(context);
    await core.placeOrder({ symbol: 'EURUSD', type: OrderType.Limit, side: Side.Sell, qty: 20000, limitPrice: 1.2 });
    expect(readPlaceOrder(tws.placed()[0] ?? [])).toMatchObject({ symbol: 'EUR', secType: 'CASH', exchange: 'IDEALPRO', currency: 'USD', action: 'SELL' });
  });
});

describe.concurrent('IB refusals and account state', () => {
  it('records a margin refusal (error 201) as INSUFFICIENT_BUYING_POWER', async (context) => {
    const { core, events } = await startIbRig(context);
    const { orderId, rejection } = await core.placeOrder(buy({ qty: 10_000 }));
    expect(rejection?.code).toBe(ErrorCode.INSUFFICIENT_BUYING_POWER);
    expect(eventsOf(events, 'orders').filter((o) => o.id === orderId).at(-1)).toMatchObject({ status: OrderStatus.Rejected, rejectReason: expect.stringMatching(/INITIAL MARGIN/) });
  });

  it('records an unknown contract (error 200) as UNKNOWN_SYMBOL', async (context) => {
    const { core } = await startIbRig(context);
    const { rejection } = await core.placeOrder(buy({ symbol: 'NOPE' }));
    expect(rejection?.code).toBe(ErrorCode.UNKNOWN_SYMBOL);
  });

  it('refuses a malformed order with VALIDATION_ERROR and sends nothing', async (context) => {
    const { tws, core } = await startIbRig(context);
    expect((await errorOf(core.placeOrder(buy({ type: OrderType.StopLimit, limitPrice: 10 })))).code).toBe(ErrorCode.VALIDATION_ERROR);
    expect(tws.placed()).toHaveLength(0);
  });

  it('reports positions and the account summary', async (context) => {
    const { tws, core, events } = await startIbRig(context, { accountRefreshMs: 50 });
    const { orderId } = await core.placeOrder(buy({ qty: 10 }));
    await eventually(() => eventsOf(events, 'executions').find((e) => e.orderId === orderId));
    tws.setPrice('AAPL', 195);
    // Marks come from the account report TWS is asked for at the account's request budget.
    await eventually(() => core.account().value.unrealizedPL === 50);
    expect(core.positions().value).toEqual([expect.objectContaining({ id: 'AAPL', qty: 10, side: Side.Buy, avgPrice: 190 })]);
    expect(core.account().value).toMatchObject({ id: 'IB-1', equity: 100050, unrealizedPL: 50, balance: 100000 });
    expect((await core.executions({ symbol: 'AAPL', limit: 100 })).value.items).toEqual([expect.objectContaining({ orderId, qty: 10 })]);
  });
});

describe.concurrent('IB reconnection', () => {
  it('reconnects after TWS drops the connection and recovers a fill it missed meanwhile', async (context) => {
    const { tws, broker, core, events } = await startIbRig(context);
    const { orderId } = await core.placeOrder(buy({ type: OrderType.Limit, limitPrice: 185, qty: 3 }));
    tws.dropClients();
    tws.setPrice('AAPL', 180);
    await eventually(() => eventsOf(events, 'broker-connection').some((s) => s.status === ConnectionStatus.Connecting && s.disconnectType === 2));
    const filled = await eventually(() => eventsOf(events, 'orders').find((o) => o.id === orderId && o.status === OrderStatus.Filled));
    expect(filled).toMatchObject({ filledQty: 3, avgPrice: 185 });
    expect(eventsOf(events, 'executions').filter((e) => e.orderId === orderId)).toHaveLength(1);
    await eventually(() => broker.connectionStatus().status === ConnectionStatus.Connected);
    // Reconciled through reqAllOpenOrders (16): orders of every client and of TWS itself.
    expect(tws.received.some((m) => m[0] === '16')).toBe(true);
  });
});
