/**
 * Conformance cases about trusting the venue's word (run by `brokerConformance` for every adapter): orders whose
 * outcome is unknown, stop orders, partial fills with fees, shorts and reverses, restarts with fills while down,
 * and orders placed outside the platform. Cases a venue cannot simulate are skipped, never passed silently.
 */
import { describe, expect, it, type TestContext } from 'vitest';
import { ErrorCode, OrderStatus, OrderType, Side, type Order, type PreOrder } from '@trading-pro/contracts';
import type { HarnessOptions } from './account-harness.ts';
import { eventually } from './eventually.ts';
import { track } from './track.ts';
import type { ConformanceSetup, ConformanceSubject } from './venue-control.ts';

export function venueTruthConformance(name: string, setup: ConformanceSetup): void {
  describe.concurrent(`${name} conformance: the venue's word`, () => {
    // Cases run concurrently (each against its own venue): every subject a case opens is closed when it ends.
    const open = async (context: TestContext, options?: Readonly<Record<string, unknown>>, account?: HarnessOptions): Promise<ConformanceSubject> => {
      const subject = track(context, await setup(options, account));
      await subject.broker.connect();
      return subject;
    };

    const market = (s: ConformanceSubject, side: Side, qty = s.venue.qty): PreOrder => ({ symbol: s.venue.symbol, type: OrderType.Market, side, qty });
    const limit = (s: ConformanceSubject, side: Side, price: number): PreOrder => ({ symbol: s.venue.symbol, type: OrderType.Limit, side, qty: s.venue.qty, limitPrice: price });
    const order = async (s: ConformanceSubject, id: string): Promise<Order> => (await s.core.order(id)).value;
    const fills = (s: ConformanceSubject, orderId: string) =>
      s.events.flatMap((event) => (event.route === 'executions' && event.data.orderId === orderId ? [event.data] : []));
    const position = (s: ConformanceSubject) => s.core.positions().value.find((candidate) => candidate.symbol === s.venue.symbol);
    /** The venue refused the late copy itself: the order is settled Rejected by its word, and nothing was resent. */
    const expectNeverReceived = async (s: ConformanceSubject, orderId: string) => {
      const settled = await eventually(async () => ((await order(s, orderId)).status === OrderStatus.Rejected ? order(s, orderId) : undefined), 6_000);
      expect(settled.rejectReason).toMatch(/never/);
      expect(s.venue.ordersAccepted()).toBe(0);
    };
    const round = (s: ConformanceSubject, factor: number) => Math.round(s.venue.price() * factor);

    it(`ambiguous order (${name}): a timed-out market order that the client-id lookup misses is held Placing, never resent, and filled once`, async (context) => {
      const s = await open(context);
      if (s.venue.faults === undefined) return context.skip();
      s.venue.faults.pauseStream(true);
      s.venue.faults.delayNextOrder(700);
      const result = await s.core.placeOrder(market(s, Side.Buy));
      expect(result.rejection).toBeUndefined();
      expect((await order(s, result.orderId)).status).toBe(OrderStatus.Placing);
      if (s.venue.supports.lateOrdersRefused === true) return expectNeverReceived(s, result.orderId);
      const filled = await eventually(async () => ((await order(s, result.orderId)).status === OrderStatus.Filled ? order(s, result.orderId) : undefined), 6_000);
      expect(filled.filledQty).toBe(s.venue.qty);
      await eventually(() => fills(s, result.orderId).length > 0);
      expect(s.venue.ordersAccepted()).toBe(1);
      expect(fills(s, result.orderId).reduce((sum, fill) => sum + fill.qty, 0)).toBeCloseTo(s.venue.qty, 10);
    });

    it(`ambiguous order (${name}): a timed-out limit order that reaches the venue after the lookup ends Working, not Rejected`, async (context) => {
      const s = await open(context);
      if (s.venue.faults === undefined) return context.skip();
      s.venue.faults.delayNextOrder(700);
      const result = await s.core.placeOrder(limit(s, Side.Buy, round(s, 0.9)));
      expect(result.rejection).toBeUndefined();
      if (s.venue.supports.lateOrdersRefused === true) return expectNeverReceived(s, result.orderId);
      await eventually(async () => (await order(s, result.orderId)).status === OrderStatus.Working, 6_000);
      expect(s.venue.ordersAccepted()).toBe(1);
      expect(s.events.some((event) => event.route === 'orders' && event.data.id === result.orderId && event.data.status === OrderStatus.Rejected)).toBe(false);
    });

    it(`ambiguous order (${name}): a submission the venue never received is not resent and ends Rejected on the venue's word after the window`, async (context) => {
      const s = await open(context, { placingTimeoutMs: 300, unknownLookupMs: 50 });
      if (s.venue.faults === undefined) return context.skip();
      s.venue.faults.dropNextOrderRequest();
      const result = await s.core.placeOrder(limit(s, Side.Buy, round(s, 0.9)));
      expect(result.rejection).toBeUndefined();
      const settled = await eventually(async () => ((await order(s, result.orderId)).status === OrderStatus.Rejected ? order(s, result.orderId) : undefined), 6_000);
      expect(settled.rejectReason).toMatch(/never/);
      expect(s.venue.ordersAccepted()).toBe(0);
    });

    it(`stop orders (${name}): a stop-market buy rests until the price reaches its trigger, then fills`, async (context) => {
      const s = await open(context);
      const stopPrice = round(s, 1.05);
      const result = await s.core.placeOrder({ ...market(s, Side.Buy), type: OrderType.Stop, stopPrice });
      if (s.venue.supports.stops === false) {
        expect(result.rejection?.code).toBe(ErrorCode.UNSUPPORTED_ORDER);
        return;
      }
      expect(result.rejection).toBeUndefined();
      expect(await order(s, result.orderId)).toMatchObject({ status: OrderStatus.Working, type: OrderType.Stop, stopPrice });
      s.venue.setPrice(stopPrice + 10);
      await eventually(async () => (await order(s, result.orderId)).status === OrderStatus.Filled);
      await eventually(() => fills(s, result.orderId).length > 0);
    });

    it(`stop orders (${name}): a stop-limit buy waits for its trigger, then rests as a limit at its price`, async (context) => {
      const s = await open(context);
      const stopPrice = round(s, 1.05);
      const limitPrice = round(s, 1.04);
      const result = await s.core.placeOrder({ ...limit(s, Side.Buy, limitPrice), type: OrderType.StopLimit, stopPrice });
      if (s.venue.supports.stops === false) {
        expect(result.rejection?.code).toBe(ErrorCode.UNSUPPORTED_ORDER);
        return;
      }
      expect(result.rejection).toBeUndefined();
      expect(await order(s, result.orderId)).toMatchObject({ status: OrderStatus.Working, type: OrderType.StopLimit, stopPrice, limitPrice });
      s.venue.setPrice(stopPrice + 10);
      s.venue.setPrice(limitPrice - 10);
      await eventually(async () => (await order(s, result.orderId)).status === OrderStatus.Filled);
    });

    it(`partial fills (${name}): an order filled in two parts reports each execution with its fee`, async (context) => {
      const s = await open(context);
      if (s.venue.fillModel === undefined) return context.skip();
      const feeRate = s.venue.fillModel({ maxQty: s.venue.qty / 2, feeRate: 0.001 });
      const price = s.venue.price();
      const result = await s.core.placeOrder(market(s, Side.Buy));
      await eventually(() => fills(s, result.orderId).length >= 1);
      s.venue.setPrice(price);
      const both = await eventually(() => (fills(s, result.orderId).length === 2 ? fills(s, result.orderId) : undefined));
      for (const fill of both) {
        expect(fill.qty).toBeCloseTo(s.venue.qty / 2, 10);
        if (s.venue.supports.feesOnOrder !== true) expect(fill.commission).toBeCloseTo((s.venue.qty / 2) * price * feeRate, 8);
      }
      await eventually(async () => (await order(s, result.orderId)).status === OrderStatus.Filled);
      if (s.venue.supports.feesOnOrder === true) {
        await eventually(async () => Math.abs((await order(s, result.orderId)).commission - s.venue.qty * price * feeRate) < 1e-8);
      }
    });

    it(`short and reverse (${name}): a sell from flat opens a short and a reverse turns it long (or both are refused on spot)`, async (context) => {
      const s = await open(context);
      if (s.venue.supports.short !== true) {
        const buy = await s.core.placeOrder(market(s, Side.Buy));
        await eventually(() => fills(s, buy.orderId).length > 0 && position(s));
        await expect(s.core.reversePosition(s.venue.symbol)).rejects.toMatchObject({ code: ErrorCode.UNSUPPORTED_ORDER });
        return;
      }
      const sell = await s.core.placeOrder(market(s, Side.Sell));
      expect(sell.rejection).toBeUndefined();
      await eventually(() => position(s)?.side === Side.Sell);
      await s.core.reversePosition(s.venue.symbol);
      const long = await eventually(() => (position(s)?.side === Side.Buy ? position(s) : undefined));
      expect(long.qty).toBeCloseTo(s.venue.qty, 10);
    });

    it(`restart (${name}): a fill that happened while the adapter was down is journaled once on the next start`, async (context) => {
      const s = await open(context);
      if (s.restart === undefined) return context.skip();
      const price = round(s, 0.95);
      const placed = await s.core.placeOrder(limit(s, Side.Buy, price));
      expect((await order(s, placed.orderId)).status).toBe(OrderStatus.Working);
      await s.broker.disconnect();
      s.venue.setPrice(price - 1);
      const again = await s.restart();
      track(context, again);
      await again.broker.connect();
      await eventually(async () => (await order(again, placed.orderId)).status === OrderStatus.Filled);
      const executions = await eventually(async () => {
        const items = (await again.core.executions({ symbol: again.venue.symbol, limit: 100 })).value.items.filter((execution) => execution.orderId === placed.orderId);
        return items.length > 0 ? items : undefined;
      });
      expect(executions.reduce((sum, fill) => sum + fill.qty, 0)).toBeCloseTo(again.venue.qty, 10);
      expect(again.venue.ordersAccepted()).toBe(1);
    });

    it(`reconciliation (${name}): a restart with nothing changed at the venue journals no order or execution events`, async (context) => {
      const s = await open(context);
      if (s.restart === undefined) return context.skip();
      const placed = await s.core.placeOrder(limit(s, Side.Buy, round(s, 0.9)));
      expect((await order(s, placed.orderId)).status).toBe(OrderStatus.Working);
      await s.broker.disconnect();
      const again = await s.restart();
      track(context, again);
      await again.broker.connect();
      expect((await order(again, placed.orderId)).status).toBe(OrderStatus.Working);
      expect(again.events.filter((event) => event.route === 'orders' || event.route === 'executions')).toEqual([]);
    });

    it(`reconciliation (${name}): a position opened at the venue while the adapter was down is journaled on the next start`, async (context) => {
      const s = await open(context);
      if (s.restart === undefined || s.venue.placeExternal === undefined) return context.skip();
      await eventually(() => s.events.some((event) => event.route === 'equity'));
      await s.broker.disconnect();
      // A marketable buy entered at the venue directly fills at once.
      s.venue.placeExternal('buy', round(s, 1.05));
      const again = track(context, await s.restart());
      await again.broker.connect();
      const position = await eventually(() => again.core.positions().value.find((candidate) => candidate.symbol === again.venue.symbol));
      expect(position).toMatchObject({ side: Side.Buy });
      expect(position.qty).toBeCloseTo(again.venue.qty, 10);
      expect(again.events.some((event) => event.route === 'positions')).toBe(true);
    });

    it(`external order (${name}): an order placed at the venue outside the platform appears on reconciliation, claimed and marked external`, async (context) => {
      const s = await open(context);
      if (s.venue.placeExternal === undefined) return context.skip();
      s.venue.placeExternal('buy', round(s, 0.8));
      await s.broker.disconnect();
      await s.broker.connect();
      const external = await eventually(async () => (await s.core.orders({ limit: 100 })).value.items.find((candidate) => candidate.external === true));
      expect(external).toMatchObject({ symbol: s.venue.symbol, side: Side.Buy, status: OrderStatus.Working });
      if (s.venue.supports.cancelExternal === false) {
        await expect(s.core.cancelOrder(external.id)).rejects.toMatchObject({ code: ErrorCode.UNSUPPORTED_ORDER });
        return;
      }
      // Claimed: commands reach it like any other order.
      await s.core.cancelOrder(external.id);
      await eventually(async () => (await order(s, external.id)).status === OrderStatus.Canceled);
    });
  });
}
