/** One specification of `BrokerClient` + stream behaviour, run against the real server and the offline fallback alike. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, OrderStatus, OrderType, Side, TradingProError, type Execution, type Order, type Position, type TradingClient } from '../src/index.ts';
import { eventually, rejection } from './eventually.ts';

export interface ClientUnderTest {
  readonly client: TradingClient;
  readonly accountId: string;
  close(): Promise<void>;
}

const BTC = 'BTCUSD';

function half(price: number): number {
  return Math.round(price * 50) / 100;
}

export function brokerConformance(name: string, start: () => Promise<ClientUnderTest>): void {
  describe(`BrokerClient conformance: ${name}`, () => {
    let under: ClientUnderTest;
    let orders: Order[];
    let positions: Position[];
    let executions: Execution[];

    beforeEach(async () => {
      under = await start();
      orders = [];
      positions = [];
      executions = [];
      const stream = under.client.stream;
      await Promise.all([
        stream.orders(under.accountId, (o) => orders.push(o)).ready,
        stream.positions(under.accountId, (p) => positions.push(p)).ready,
        stream.executions(under.accountId, (e) => executions.push(e)).ready,
      ]);
      expect(stream.state).toBe('connected');
    });
    afterEach(async () => under.close());

    const broker = () => under.client.broker;
    const buyMarket = (qty: number) => broker().placeOrder({ symbol: BTC, type: OrderType.Market, side: Side.Buy, qty });
    const marketPrice = async (): Promise<number> => {
      const { orderId } = await buyMarket(0.001);
      return (await eventually(() => executions.find((e) => e.orderId === orderId), 5000, 'fill')).price;
    };

    it('lists the account, its balances and the broker capabilities', async () => {
      expect(await broker().accounts()).toContainEqual(expect.objectContaining({ id: under.accountId }));
      const account = await broker().account();
      expect(account).toMatchObject({ id: under.accountId, balance: 100_000, equity: 100_000, marginUsed: 0 });
      const config = await broker().config();
      expect(config.supportMarketOrders).toBe(true);
      expect(config.supportClosePosition).toBe(true);
    });

    it('fills a market buy and streams the order, the execution and the position', async () => {
      const { orderId } = await buyMarket(0.01);
      await eventually(() => orders.find((o) => o.id === orderId && o.status === OrderStatus.Filled), 5000, 'filled update');
      const fill = await eventually(() => executions.find((e) => e.orderId === orderId), 5000, 'execution');
      expect(fill).toMatchObject({ symbol: BTC, qty: 0.01, side: Side.Buy });
      await eventually(() => positions.find((p) => p.symbol === BTC && p.qty === 0.01), 5000, 'position update');
      expect(await broker().order(orderId)).toMatchObject({ status: OrderStatus.Filled, filledQty: 0.01, avgPrice: fill.price });
      expect(await broker().positions()).toEqual([expect.objectContaining({ id: BTC, qty: 0.01, side: Side.Buy, avgPrice: fill.price })]);
      expect((await broker().executions(BTC)).map((e) => e.orderId)).toContain(orderId);
    });

    it('pages orders and executions newest first, following the cursor, and lists working plus recent orders', async () => {
      const price = await marketPrice();
      const resting = await broker().placeOrder({ symbol: BTC, type: OrderType.Limit, side: Side.Buy, qty: 0.001, limitPrice: half(price) });
      const filled: string[] = [];
      for (let i = 0; i < 3; i++) filled.push((await buyMarket(0.001)).orderId);
      await eventually(async () => (await broker().executions(BTC)).length >= 4, 5000, 'fills');
      const first = await broker().ordersPage({ limit: 2 });
      expect(first.items.map((o) => o.id)).toEqual([filled[2], filled[1]]);
      expect(first.next).toBeDefined();
      const second = await broker().ordersPage({ limit: 2, ...(first.next === undefined ? {} : { before: first.next }) });
      expect(second.items.map((o) => o.id)).toEqual([filled[0], resting.orderId]);
      expect((await broker().orders()).map((o) => o.id).slice(0, 4)).toEqual([filled[2], filled[1], filled[0], resting.orderId]);
      const recent = await broker().workingAndRecentOrders(1);
      expect(recent.map((o) => o.id)).toEqual([filled[2], resting.orderId]);
      const newest = await broker().executionsPage(BTC, { limit: 1 });
      expect(newest.items.map((e) => e.orderId)).toEqual([filled[2]]);
      expect(newest.next).toBeDefined();
      const all = await broker().executions(BTC);
      expect(all.map((e) => e.time)).toEqual([...all.map((e) => e.time)].sort((a, b) => b - a));
    });

    it('refuses a quantity off the lot step with VALIDATION_ERROR and records nothing', async () => {
      const before = (await broker().orders()).length;
      const error = await rejection(buyMarket(0.000001));
      expect(error).toBeInstanceOf(TradingProError);
      expect(error).toMatchObject({ code: ErrorCode.VALIDATION_ERROR, status: 400 });
      expect(await broker().orders()).toHaveLength(before);
    });

    it('refuses a limit order without limitPrice', async () => {
      const error = await rejection(broker().placeOrder({ symbol: BTC, type: OrderType.Limit, side: Side.Buy, qty: 0.01 }));
      expect(error).toMatchObject({ code: ErrorCode.VALIDATION_ERROR, status: 400 });
    });

    it('records an unknown symbol as a Rejected order and names it in the 422 error', async () => {
      const error = await rejection(broker().placeOrder({ symbol: 'NOPE', type: OrderType.Market, side: Side.Buy, qty: 1 }));
      expect(error).toMatchObject({ code: ErrorCode.UNKNOWN_SYMBOL, status: 422 });
      const orderId = (error as TradingProError).orderId;
      expect(orderId).toBeDefined();
      expect(await broker().order(String(orderId))).toMatchObject({ status: OrderStatus.Rejected });
      await eventually(() => orders.find((o) => o.id === orderId && o.status === OrderStatus.Rejected), 5000, 'rejected update');
    });

    it('rejects a market buy beyond buying power', async () => {
      const error = await rejection(buyMarket(100));
      expect(error).toMatchObject({ code: ErrorCode.INSUFFICIENT_BUYING_POWER, status: 422 });
      expect(await broker().order(String((error as TradingProError).orderId))).toMatchObject({ status: OrderStatus.Rejected });
    });

    it('rests a limit order, modifies it, cancels it, and refuses to cancel it twice', async () => {
      const limit = half(await marketPrice());
      const { orderId } = await broker().placeOrder({ symbol: BTC, type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice: limit });
      expect(await broker().order(orderId)).toMatchObject({ status: OrderStatus.Working, limitPrice: limit });
      await broker().modifyOrder(orderId, { limitPrice: limit - 1 });
      expect(await broker().order(orderId)).toMatchObject({ status: OrderStatus.Working, limitPrice: limit - 1 });
      expect((await broker().orders({ status: OrderStatus.Working })).map((o) => o.id)).toContain(orderId);
      await broker().cancelOrder(orderId);
      await eventually(() => orders.find((o) => o.id === orderId && o.status === OrderStatus.Canceled), 5000, 'canceled update');
      expect(await rejection(broker().cancelOrder(orderId))).toMatchObject({ code: ErrorCode.CONFLICT, status: 409 });
      expect(await rejection(broker().order('O-unknown'))).toMatchObject({ code: ErrorCode.NOT_FOUND, status: 404 });
    });

    it('cancels working orders by symbol', async () => {
      const limit = half(await marketPrice());
      const a = await broker().placeOrder({ symbol: BTC, type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice: limit });
      const b = await broker().placeOrder({ symbol: BTC, type: OrderType.Limit, side: Side.Buy, qty: 0.02, limitPrice: limit });
      expect((await broker().cancelOrders({ symbol: BTC })).sort()).toEqual([a.orderId, b.orderId].sort());
      expect(await broker().orders({ status: OrderStatus.Working })).toEqual([]);
    });

    it('previews an order without placing it', async () => {
      const before = (await broker().orders()).length;
      const preview = await broker().previewOrder({ symbol: BTC, type: OrderType.Market, side: Side.Buy, qty: 0.01 });
      expect(preview.sections.length).toBeGreaterThan(0);
      expect(await broker().orders()).toHaveLength(before);
    });

    it('closes part of a position, reverses it, then closes it', async () => {
      const { orderId } = await buyMarket(0.03);
      await eventually(() => executions.find((e) => e.orderId === orderId), 5000, 'fill');
      await broker().closePosition(BTC, 0.01);
      await eventually(async () => (await broker().positions()).find((p) => p.qty === 0.02 && p.side === Side.Buy), 5000, 'partial close');
      await broker().reversePosition(BTC);
      await eventually(async () => (await broker().positions()).find((p) => p.qty === 0.02 && p.side === Side.Sell), 5000, 'reversed');
      await broker().closePosition(BTC);
      await eventually(async () => (await broker().positions()).length === 0, 5000, 'closed');
      await eventually(() => positions.find((p) => p.symbol === BTC && p.qty === 0), 5000, 'closed update');
    });

    it('refuses to close more than the open quantity with CONFLICT and leaves the position as it was', async () => {
      await buyMarket(0.02);
      await eventually(async () => (await broker().positions()).find((p) => p.qty === 0.02), 5000, 'position');
      expect(await rejection(broker().closePosition(BTC, 0.05))).toMatchObject({ code: ErrorCode.CONFLICT, status: 409 });
      expect(await broker().positions()).toEqual([expect.objectContaining({ id: BTC, qty: 0.02, side: Side.Buy })]);
    });

    it('lets two concurrent closes of a long leave it flat, never short', async () => {
      await buyMarket(0.02);
      await eventually(async () => (await broker().positions()).find((p) => p.qty === 0.02), 5000, 'position');
      const outcomes = await Promise.allSettled([broker().closePosition(BTC), broker().closePosition(BTC)]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      // The loser finds the close in flight (CONFLICT) or already done (NOT_FOUND): never a second close.
      const { code } = (outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason as TradingProError;
      expect([ErrorCode.CONFLICT, ErrorCode.NOT_FOUND]).toContain(code);
      await eventually(async () => (await broker().positions()).length === 0, 5000, 'flat');
    });

    it('refuses a modify beyond buying power and leaves the order working as it was', async () => {
      const limit = half(await marketPrice());
      const { orderId } = await broker().placeOrder({ symbol: BTC, type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice: limit });
      const error = await rejection(broker().modifyOrder(orderId, { qty: 1000 }));
      expect(error).toMatchObject({ code: ErrorCode.INSUFFICIENT_BUYING_POWER, status: 422 });
      expect(await broker().order(orderId)).toMatchObject({ status: OrderStatus.Working, qty: 0.01, limitPrice: limit });
    });

    it('reserves buying power for a working order and releases it on cancel', async () => {
      const limit = half(await marketPrice());
      const before = await broker().account();
      const { orderId } = await broker().placeOrder({ symbol: BTC, type: OrderType.Limit, side: Side.Buy, qty: 0.1, limitPrice: limit });
      const reserved = before.buyingPower - (await broker().account()).buyingPower;
      expect(reserved).toBeGreaterThan(0);
      await broker().cancelOrder(orderId);
      // The small position `marketPrice` opened moves with the market: released means back within a tenth of it.
      await eventually(async () => Math.abs((await broker().account()).buyingPower - before.buyingPower) < reserved / 10, 5000, 'buying power released');
    });

    it("sets a position's brackets and refuses them on the wrong side", async () => {
      const price = await marketPrice();
      const takeProfit = Math.round(price * 150) / 100;
      await broker().editPositionBrackets(BTC, { takeProfit, stopLoss: half(price) });
      expect((await broker().positions())[0]).toMatchObject({ takeProfit, stopLoss: half(price) });
      expect(await rejection(broker().editPositionBrackets(BTC, { takeProfit: half(price) }))).toMatchObject({ code: ErrorCode.VALIDATION_ERROR });
      expect(await rejection(broker().editPositionBrackets('ETHUSD', { takeProfit: 1 }))).toMatchObject({ code: ErrorCode.NOT_FOUND });
    });

    it('reads and sets the leverage of a symbol within its bounds', async () => {
      const info = await broker().leverage(BTC);
      expect(info).toMatchObject({ symbol: BTC, leverage: 1, min: 1 });
      expect(await broker().setLeverage(BTC, 2)).toMatchObject({ symbol: BTC, leverage: 2 });
      expect(await rejection(broker().setLeverage(BTC, info.max + 1))).toMatchObject({ code: ErrorCode.VALIDATION_ERROR });
    });

    it('returns the same order for a repeated clientOrderId and refuses it with another body', async () => {
      const request = { symbol: BTC, type: OrderType.Market, side: Side.Buy, qty: 0.01, clientOrderId: 'bot-1' } as const;
      const first = await broker().placeOrder(request);
      expect(await broker().placeOrder(request)).toEqual(first);
      expect(await rejection(broker().placeOrder({ ...request, qty: 0.02 }))).toMatchObject({ code: ErrorCode.CONFLICT });
    });

    it('routes one update to every listener of a topic', async () => {
      const second: Order[] = [];
      const stop = under.client.stream.orders(under.accountId, (o) => second.push(o));
      await stop.ready;
      const { orderId } = await buyMarket(0.01);
      await eventually(() => second.find((o) => o.id === orderId && o.status === OrderStatus.Filled), 5000, 'second listener');
      stop();
      expect(orders.filter((o) => o.id === orderId)).toEqual(second.filter((o) => o.id === orderId));
    });
  });
}
