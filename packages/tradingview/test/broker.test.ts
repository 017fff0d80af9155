/**
 * The broker adapter driven like TradingView's Trading Platform drives it, against the real server on loopback: the
 * startup calls, the order ticket (preview, place, modify, cancel), fills, position close/reverse/brackets, leverage
 * and errors. Every expectation is on what the Trading Host received (the library's view), in TradingView's units
 * and enumerations, compared with what the server reports over REST.
 */
import { ConnectionStatus, OrderStatus, OrderType, Side, fromFixed, roundToStep, toFixed } from '@trading-pro/contracts';
import { TradingProClient } from '@trading-pro/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startLiveServer, type LiveServer } from '../../sdk/test/server.ts';
import { NotificationType, StopType, createBrokerFactory, loadBrokerConfig, type IBrokerTerminal, type TradingProBroker } from '../src/index.ts';
import { FakeTradingHost, rejectionOf, startLikeTheLibrary } from './fake-host.ts';

const BTC = 'BTCUSD';

describe('broker_factory driven like the Trading Platform, on a real server', () => {
  let server: LiveServer;
  let client: TradingProClient;
  let host: FakeTradingHost;
  let broker: TradingProBroker;
  let tick: number;

  const atTick = (price: number): number => fromFixed(roundToStep(toFixed(price), toFixed(tick)));
  const bid = async (): Promise<number> => {
    const [quote] = await client.datafeed.quotes([BTC]);
    if (quote?.s !== 'ok') throw new Error('no BTCUSD quote');
    return quote.v.bid;
  };

  beforeAll(async () => {
    server = await startLiveServer({ market: { source: 'simulated', seed: 5, intervalMs: 20 } });
    client = new TradingProClient({ baseUrl: server.url });
    const { config } = await loadBrokerConfig(client);
    host = new FakeTradingHost();
    broker = createBrokerFactory({ baseUrl: server.url, config })(host) as TradingProBroker;
    tick = (await client.datafeed.resolveSymbol(BTC)).tickSize;
  });

  afterAll(async () => {
    broker?.close();
    client?.close();
    await server?.close();
  });

  it('answers the startup calls: the account, its empty books, the Account Manager, and Connected', async () => {
    const view = await startLikeTheLibrary(broker, BTC);
    expect(view.accounts).toEqual([{ id: 'DEMO-001', name: expect.any(String), currency: 'USD' }]);
    expect(view.currentAccount).toBe('DEMO-001');
    expect(view).toMatchObject({ orders: [], positions: [], executions: [] });
    expect(view.accountManager.orderColumns.map((column) => column.id)).toContain('status');
    expect(view.accountManager.positionColumns?.find((column) => column.id === 'pl')).toMatchObject({ formatter: 'profit', dataFields: ['pl'] });
    const equity = view.accountManager.summary.find((field) => field.text === 'Equity');
    expect(equity?.wValue.value()).toBe(100_000);
    expect(view.accountManager.summary.find((field) => field.text === 'Balance')?.wValue.value()).toBe(100_000);
    expect(host.equityUpdates).toContain(100_000);
    await eventually(() => expect(broker.connectionStatus()).toBe(ConnectionStatus.Connected));
    expect(host.connectionUpdates.at(-1)?.status).toBe(ConnectionStatus.Connected);
    expect(await broker.chartContextMenuActions({ symbol: BTC, displaySymbol: BTC, value: 1, formattedValue: '1', last: 1 })).toBe(host.defaultActions);
  });

  it('describes the symbol for the Order Ticket in the API units: tick, lot step and minimum', async () => {
    const info = await client.datafeed.resolveSymbol(BTC);
    const instrument = await broker.symbolInfo(BTC);
    expect(instrument).toMatchObject({ minTick: info.tickSize, pipSize: info.tickSize, qty: { min: info.minQty, step: info.qtyStep }, currency: 'USD' });
    expect(instrument.allowedOrderTypes).toEqual([OrderType.Limit, OrderType.Market, OrderType.Stop, OrderType.StopLimit]);
    expect(await broker.isTradable(BTC)).toBe(true);
    expect(await broker.isTradable('NOPE')).toMatchObject({ tradable: false, shortReason: 'Unknown symbol' });
  });

  it('previews, places, modifies and cancels a limit order; each state reaches orderUpdate', async () => {
    const limitPrice = atTick((await bid()) * 0.5);
    const preOrder = { symbol: BTC, type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice, currentQuotes: { ask: 1, bid: 1 }, isClose: false };
    const preview = await broker.previewOrder(preOrder);
    expect(preview.confirmId).toEqual(expect.any(String));
    expect(preview.sections.flatMap((section) => section.rows).length).toBeGreaterThan(0);
    expect(await client.broker.orders()).toEqual([]);

    const { orderId } = await broker.placeOrder(preOrder);
    expect(orderId).toEqual(expect.any(String));
    await eventually(() => expect(host.lastOrder(orderId ?? '')).toMatchObject({ status: OrderStatus.Working, type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice, symbol: BTC }));
    const working = host.lastOrder(orderId ?? '');
    expect(working?.updateTime).toBe((await client.broker.order(orderId ?? '')).updateTime);

    const moved = atTick(limitPrice - tick * 10);
    await broker.modifyOrder({ ...working, id: orderId ?? '', qty: 0.02, limitPrice: moved } as never);
    await eventually(() => expect(host.lastOrder(orderId ?? '')).toMatchObject({ status: OrderStatus.Working, qty: 0.02, limitPrice: moved }));

    await broker.cancelOrder(orderId ?? '');
    await eventually(() => expect(host.lastOrder(orderId ?? '')?.status).toBe(OrderStatus.Canceled));
    expect((await broker.orders()).find((order) => order.id === orderId)?.status).toBe(OrderStatus.Canceled);
  });

  it('adds and removes a working order bracket through modifyOrder', async () => {
    const limitPrice = atTick((await bid()) * 0.5);
    const { orderId = '' } = await broker.placeOrder({ symbol: BTC, type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice });
    await eventually(() => expect(host.lastOrder(orderId)?.status).toBe(OrderStatus.Working));
    const takeProfit = atTick(limitPrice * 1.5);
    await broker.modifyOrder({ ...(host.lastOrder(orderId) ?? ({} as never)), takeProfit });
    await eventually(() => expect(host.lastOrder(orderId)?.takeProfit).toBe(takeProfit));
    const withoutBracket = { ...(host.lastOrder(orderId) ?? ({} as never)) };
    delete withoutBracket.takeProfit;
    await broker.modifyOrder(withoutBracket);
    await eventually(async () => expect((await client.broker.order(orderId)).takeProfit).toBeUndefined());
    await broker.cancelOrder(orderId);
  });

  it('cancels several orders of a symbol and side at once (cancelOrders)', async () => {
    const limitPrice = atTick((await bid()) * 0.5);
    const ids = await Promise.all([1, 2].map(async () => (await broker.placeOrder({ symbol: BTC, type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice })).orderId ?? ''));
    await broker.cancelOrders(BTC, Side.Buy, ids);
    await eventually(() => expect(ids.map((id) => host.lastOrder(id)?.status)).toEqual([OrderStatus.Canceled, OrderStatus.Canceled]));
  });

  it('fills a market order: order, execution (ms time), position with its P&L, equity and a notification', async () => {
    const { orderId = '' } = await broker.placeOrder({ symbol: BTC, type: OrderType.Market, side: Side.Buy, qty: 0.02 });
    await eventually(() => expect(host.lastOrder(orderId)?.status).toBe(OrderStatus.Filled));
    const filled = await client.broker.order(orderId);
    expect(host.lastOrder(orderId)).toMatchObject({ filledQty: 0.02, avgPrice: filled.avgPrice });

    const [execution] = await client.broker.executions(BTC);
    await eventually(() => expect(host.executionUpdates).toContainEqual(expect.objectContaining({ id: execution?.id, symbol: BTC, side: Side.Buy, qty: 0.02 })));
    const seen = host.executionUpdates.find((update) => update.id === execution?.id);
    expect(seen).toMatchObject({ price: execution?.price, time: execution?.time, commission: execution?.commission, orderId });
    expect(seen?.time).toBeGreaterThan(1_000_000_000_000); // milliseconds, not seconds

    await eventually(() => expect(host.lastPosition(BTC)).toMatchObject({ id: BTC, symbol: BTC, side: Side.Buy, qty: 0.02 }));
    const [position] = await client.broker.positions();
    expect(host.lastPosition(BTC)?.avgPrice).toBe(position?.avgPrice);
    await eventually(() => expect(host.plUpdates.some((update) => update.positionId === BTC && typeof update.pl === 'number')).toBe(true));
    await eventually(async () => expect(host.equityUpdates.at(-1)).toBe((await client.broker.account()).equity));
    expect(host.notifications).toContainEqual({ title: 'Order filled', text: expect.stringContaining(`${BTC} Buy 0.02 @`), type: NotificationType.Success });
    expect(await broker.executions(BTC)).toContainEqual(expect.objectContaining({ id: execution?.id, time: execution?.time }));
    expect(await broker.positions()).toEqual([expect.objectContaining({ id: BTC, qty: 0.02, side: Side.Buy })]);
  });

  it('edits the position brackets, then removes one: absent in the dialog means removed', async () => {
    const price = await bid();
    const takeProfit = atTick(price * 2);
    const stopLoss = atTick(price * 0.5);
    await broker.editPositionBrackets(BTC, { takeProfit, stopLoss });
    await eventually(() => expect(host.lastPosition(BTC)).toMatchObject({ takeProfit, stopLoss }));
    await broker.editPositionBrackets(BTC, { takeProfit });
    await eventually(() => expect(host.lastPosition(BTC)?.stopLoss).toBeUndefined());
    expect(host.lastPosition(BTC)?.takeProfit).toBe(takeProfit);
    await broker.editPositionBrackets(BTC, {});
    await eventually(() => expect(host.lastPosition(BTC)?.takeProfit).toBeUndefined());
  });

  it('reverses the position, closes part of it, then all of it (qty 0 tells the library it closed)', async () => {
    await broker.reversePosition(BTC);
    await eventually(() => expect(host.lastPosition(BTC)).toMatchObject({ side: Side.Sell, qty: 0.02 }));
    await broker.closePosition(BTC, 0.01);
    await eventually(() => expect(host.lastPosition(BTC)).toMatchObject({ side: Side.Sell, qty: 0.01 }));
    await broker.closePosition(BTC);
    await eventually(() => expect(host.lastPosition(BTC)?.qty).toBe(0));
    expect(await broker.positions()).toEqual([]);
  });

  it('rejects bad input with the server message and records nothing', async () => {
    const before = (await client.broker.orders()).length;
    const invalid = await rejectionOf(broker.placeOrder({ symbol: BTC, type: OrderType.Limit, side: Side.Buy, qty: 0.01 }));
    expect(invalid.name).toBe('VALIDATION_ERROR');
    expect(invalid.message).toMatch(/limitPrice/);
    expect((await client.broker.orders()).length).toBe(before);
    const missing = await rejectionOf(broker.cancelOrder('NO-SUCH-ORDER'));
    expect(missing.name).toBe('NOT_FOUND');
    expect(missing.message.length).toBeGreaterThan(0);
  });

  it('rejects an order beyond buying power with its reason, and the recorded Rejected order reaches orderUpdate', async () => {
    const rejected = await rejectionOf(broker.placeOrder({ symbol: BTC, type: OrderType.Market, side: Side.Buy, qty: 1000 }));
    expect(rejected.name).toBe('INSUFFICIENT_BUYING_POWER');
    const recorded = (await client.broker.orders({ status: OrderStatus.Rejected }))[0];
    await eventually(() => expect(host.lastOrder(recorded?.id ?? '')).toMatchObject({ status: OrderStatus.Rejected, message: { type: 'error', text: recorded?.rejectReason } }));
    expect((await broker.ordersHistory()).map((order) => order.id)).toContain(recorded?.id);
  });

  it('reads, previews and sets leverage within the symbol bounds', async () => {
    const leverageBroker = broker as IBrokerTerminal;
    const info = await leverageBroker.leverageInfo?.({ symbol: BTC, orderType: OrderType.Market, side: Side.Buy });
    const current = await client.broker.leverage(BTC);
    expect(info).toEqual({ title: `${BTC} leverage`, leverage: current.leverage, min: current.min, max: current.max, step: current.step });
    expect(await leverageBroker.previewLeverage?.({ symbol: BTC, orderType: OrderType.Market, side: Side.Buy, leverage: current.max + 1 })).toEqual({ errors: [`Leverage must be between ${current.min} and ${current.max}`] });
    expect(await leverageBroker.previewLeverage?.({ symbol: BTC, orderType: OrderType.Market, side: Side.Buy, leverage: 2 })).toEqual({ infos: [`${BTC}: ${current.leverage}x → 2x`] });
    expect(await leverageBroker.setLeverage?.({ symbol: BTC, orderType: OrderType.Market, side: Side.Buy, leverage: 2 })).toEqual({ leverage: 2 });
    expect((await client.broker.leverage(BTC)).leverage).toBe(2);
  });

  it('has no leverage methods when the broker config says the broker has no leverage', async () => {
    const { config } = await loadBrokerConfig(client);
    const plain = createBrokerFactory({ client, config: { ...config, supportLeverage: false } })(new FakeTradingHost());
    const leveraged = createBrokerFactory({ client, config })(new FakeTradingHost());
    expect(plain.leverageInfo).toBeUndefined();
    expect(typeof leveraged.leverageInfo).toBe('function');
    (plain as TradingProBroker).close();
    (leveraged as TradingProBroker).close();
  });

  it('sends a trailing stop as trailingStopPips, and shows it back with TradingView stopType', async () => {
    const limitPrice = atTick((await bid()) * 0.5);
    const { orderId = '' } = await broker.placeOrder({ symbol: BTC, type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice, stopType: StopType.TrailingStop, trailingStopPips: 50, stopLoss: atTick(limitPrice * 0.9) });
    await eventually(() => expect(host.lastOrder(orderId)).toMatchObject({ trailingStopPips: 50, stopType: StopType.TrailingStop }));
    await broker.cancelOrder(orderId);
  });
});
