/**
 * The broker conformance suite (after Lean's BrokerageTests): one set of specifications every adapter
 * passes, given a setup that builds the adapter against its venue. Venue-specific cases live beside it. Every
 * adapter runs behind the account core, as in the server: commands through it, reads from its state.
 */
import { describe, expect, it, type TestContext } from 'vitest';
import { ConnectionStatus, ErrorCode, OrderStatus, OrderType, Side, TradingError, type Order, type PreOrder } from '@trading-pro/contracts';
import type { HarnessOptions } from './account-harness.ts';
import { eventually } from './eventually.ts';
import { track } from './track.ts';
import type { ConformanceSetup, ConformanceSubject } from './venue-control.ts';
import { venueTruthConformance } from './venue-truth-conformance.ts';

export function brokerConformance(name: string, setup: ConformanceSetup): void {
  describe.concurrent(`${name} broker conformance`, () => {
    // Cases run concurrently (each against its own venue): every subject a case opens is closed when it ends.
    const open = async (context: TestContext, options?: Readonly<Record<string, unknown>>, account?: HarnessOptions): Promise<ConformanceSubject> => {
      const subject = track(context, await setup(options, account));
      await subject.broker.connect();
      return subject;
    };

    const market = (s: ConformanceSubject, side: Side, qty = s.venue.qty): PreOrder => ({ symbol: s.venue.symbol, type: OrderType.Market, side, qty });
    const limit = (s: ConformanceSubject, side: Side, price: number, qty = s.venue.qty): PreOrder => ({
      symbol: s.venue.symbol, type: OrderType.Limit, side, qty, limitPrice: price,
    });
    const orderEvents = (s: ConformanceSubject, id: string): Order[] =>
      s.events.flatMap((event) => (event.route === 'orders' && event.data.id === id ? [event.data] : []));
    const statuses = (s: ConformanceSubject): number[] =>
      s.events.flatMap((event) => (event.route === 'broker-connection' ? [event.data.status] : []));
    const fills = (s: ConformanceSubject, orderId: string) =>
      s.events.flatMap((event) => (event.route === 'executions' && event.data.orderId === orderId ? [event.data] : []));
    const routeCount = (s: ConformanceSubject, route: string) => s.events.filter((event) => event.route === route).length;
    const order = async (s: ConformanceSubject, id: string) => (await s.core.order(id)).value;
    const orders = async (s: ConformanceSubject) => (await s.core.orders({ limit: 1_000 })).value.items;
    const positions = (s: ConformanceSubject) => s.core.positions().value;
    const account = (s: ConformanceSubject) => s.core.account().value;

    it('connects, reporting Connected (after Connecting while the venue is reached)', async (context) => {
      const s = await open(context);
      expect(s.broker.connectionStatus().status).toBe(ConnectionStatus.Connected);
      // An in-process venue is connected at once; a remote one reports Connecting first. Nothing else may show.
      const reported = await eventually(() => (statuses(s).at(-1) === ConnectionStatus.Connected ? statuses(s) : undefined));
      expect(reported.slice(0, -1).every((status) => status === ConnectionStatus.Connecting)).toBe(true);
    });

    it('reports Disconnected on disconnect and refuses commands while disconnected', async (context) => {
      const s = await open(context);
      await s.broker.disconnect();
      expect(s.broker.connectionStatus().status).toBe(ConnectionStatus.Disconnected);
      await expect(s.core.placeOrder(market(s, Side.Buy))).rejects.toMatchObject({ code: ErrorCode.BROKER_UNAVAILABLE });
    });

    it('reports the account balance in the account currency, from the account state', async (context) => {
      const s = await open(context);
      const figures = await eventually(() => (account(s).balance === s.venue.cash() ? account(s) : undefined));
      const before = s.venue.requestCount();
      expect(figures.equity).toBe(figures.balance + figures.unrealizedPL);
      expect(figures.buyingPower).toBe(s.venue.buyingPower?.() ?? s.venue.cash());
      // Reads never reach the venue.
      for (let i = 0; i < 5; i++) account(s);
      expect(s.venue.requestCount()).toBe(before);
    });

    it('LongFromZero: a market buy fills, is reported as an execution and opens a position', async (context) => {
      const s = await open(context);
      const result = await s.core.placeOrder(market(s, Side.Buy));
      expect(result.rejection).toBeUndefined();
      expect(orderEvents(s, result.orderId).length).toBeGreaterThan(0);
      if (s.venue.supports.placingFirst !== false) expect(orderEvents(s, result.orderId)[0]?.status).toBe(OrderStatus.Placing);
      await eventually(() => fills(s, result.orderId).length > 0);
      await eventually(async () => (await order(s, result.orderId)).status === OrderStatus.Filled);
      const position = await eventually(() => positions(s).find((candidate) => candidate.symbol === s.venue.symbol));
      expect(position).toMatchObject({ qty: s.venue.qty, side: Side.Buy, avgPrice: s.venue.price() });
      await eventually(() => routeCount(s, 'positions') > 0 && routeCount(s, 'equity') > 0);
    });

    it('CloseFromLong: closing the position sells it back to flat', async (context) => {
      const s = await open(context);
      const buy = await s.core.placeOrder(market(s, Side.Buy));
      await eventually(() => fills(s, buy.orderId).length > 0);
      await eventually(() => s.core.state.position(s.venue.symbol));
      await s.core.closePosition(s.venue.symbol);
      await eventually(() => positions(s).every((position) => position.symbol !== s.venue.symbol));
      await eventually(() => s.events.some((event) => event.route === 'positions' && event.data.qty === 0));
    });

    it('refuses a close beyond the open quantity (a close is reduce-only)', async (context) => {
      const s = await open(context);
      const buy = await s.core.placeOrder(market(s, Side.Buy));
      await eventually(() => fills(s, buy.orderId).length > 0);
      await eventually(() => s.core.state.position(s.venue.symbol));
      await expect(s.core.closePosition(s.venue.symbol, s.venue.qty * 3)).rejects.toMatchObject({ code: ErrorCode.CONFLICT });
      await expect(s.core.closePosition('NO-SUCH-POSITION')).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
    });

    it('computes unrealized P&L of a position from the last price', async (context) => {
      const s = await open(context, { accountRefreshMs: 50 });
      const buy = await s.core.placeOrder(market(s, Side.Buy));
      await eventually(() => fills(s, buy.orderId).length > 0);
      const entry = s.venue.price();
      s.venue.setPrice(entry * 1.1);
      const expected = (s.venue.price() - entry) * s.venue.qty;
      const position = await eventually(() => positions(s).find((candidate) => candidate.symbol === s.venue.symbol && Math.abs(candidate.pl - expected) < 1e-6));
      expect(position.pl).toBeCloseTo(expected, 6);
      await eventually(() => Math.abs(account(s).unrealizedPL - expected) < 1e-6);
    });

    it('LongFromZeroUpdateAndCancel: a resting limit order is working, can be modified, then canceled', async (context) => {
      const s = await open(context);
      const price = Math.round(s.venue.price() * 0.9);
      const placed = await s.core.placeOrder(limit(s, Side.Buy, price));
      expect(orderEvents(s, placed.orderId).at(-1)?.status).toBe(OrderStatus.Working);
      let liveId = placed.orderId;
      if (s.venue.supports.modify) {
        await s.core.modifyOrder(placed.orderId, { limitPrice: price - 100 });
        // Exactly one working order remains, at the new price: the same order, or its replacement where the venue replaces.
        const working = await eventually(async () => {
          const open = (await orders(s)).filter((candidate) => candidate.symbol === s.venue.symbol && candidate.status === OrderStatus.Working);
          return open.length === 1 && open[0]?.limitPrice === price - 100 ? open[0] : undefined;
        });
        if (s.venue.supports.modifyReplacesId !== true) expect(working.id).toBe(placed.orderId);
        liveId = working.id;
      } else {
        await expect(s.core.modifyOrder(placed.orderId, { limitPrice: price - 100 })).rejects.toMatchObject({ code: ErrorCode.UNSUPPORTED_ORDER });
      }
      // A modify never makes the order look placed elsewhere (a replacement is still ours).
      expect((await orders(s)).some((candidate) => candidate.external === true)).toBe(false);
      // Commands on the id the caller holds reach the live order.
      await s.core.cancelOrder(placed.orderId);
      await eventually(() => orderEvents(s, liveId).at(-1)?.status === OrderStatus.Canceled);
      await expect(s.core.cancelOrder(placed.orderId)).rejects.toMatchObject({ code: ErrorCode.CONFLICT });
      expect(s.venue.ordersAccepted()).toBeGreaterThanOrEqual(1);
    });

    it('fills a resting limit order when the market crosses it, reported through the stream', async (context) => {
      const s = await open(context);
      const price = Math.round(s.venue.price() * 0.95);
      const placed = await s.core.placeOrder(limit(s, Side.Buy, price));
      s.venue.setPrice(price - 1);
      await eventually(() => orderEvents(s, placed.orderId).some((candidate) => candidate.status === OrderStatus.Filled));
      expect(fills(s, placed.orderId)[0]).toMatchObject({ side: Side.Buy, qty: s.venue.qty });
    });

    it('lists orders newest first and reports one order by id', async (context) => {
      const s = await open(context);
      const first = await s.core.placeOrder(limit(s, Side.Buy, Math.round(s.venue.price() * 0.8)));
      const second = await s.core.placeOrder(limit(s, Side.Buy, Math.round(s.venue.price() * 0.7)));
      const ids = (await orders(s)).map((candidate) => candidate.id);
      expect(ids.indexOf(second.orderId)).toBeLessThan(ids.indexOf(first.orderId));
      expect(await order(s, first.orderId)).toMatchObject({ id: first.orderId, status: OrderStatus.Working, type: OrderType.Limit });
      await expect(s.core.order('no-such-order')).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
      const canceled = await s.core.cancelOrders({ symbol: s.venue.symbol });
      expect([...canceled].sort()).toEqual([first.orderId, second.orderId].sort());
    });

    it('lists executions of a symbol', async (context) => {
      const s = await open(context);
      const buy = await s.core.placeOrder(market(s, Side.Buy));
      const executions = await eventually(async () => {
        const items = (await s.core.executions({ symbol: s.venue.symbol, limit: 100 })).value.items.filter((execution) => execution.orderId === buy.orderId);
        return items.length > 0 ? items : undefined;
      });
      expect(executions[0]).toMatchObject({ symbol: s.venue.symbol, qty: s.venue.qty, side: Side.Buy });
    });

    it('rejects a quantity below the market minimum before sending anything', async (context) => {
      const s = await open(context);
      const before = s.venue.requestCount();
      await expect(s.core.placeOrder(market(s, Side.Buy, s.venue.tooSmallQty))).rejects.toMatchObject({ code: ErrorCode.VALIDATION_ERROR });
      expect(s.venue.requestCount()).toBe(before);
    });

    it('records an unaffordable order as Rejected with INSUFFICIENT_BUYING_POWER', async (context) => {
      const s = await open(context);
      const result = await s.core.placeOrder(market(s, Side.Buy, s.venue.unaffordableQty));
      expect(result.rejection).toBeInstanceOf(TradingError);
      expect(result.rejection?.code).toBe(ErrorCode.INSUFFICIENT_BUYING_POWER);
      expect(orderEvents(s, result.orderId).at(-1)).toMatchObject({ status: OrderStatus.Rejected });
      // A retry with the same clientOrderId would get the same answer; so does reading the order.
      expect(await order(s, result.orderId)).toMatchObject({ status: OrderStatus.Rejected });
    });

    it('records an order beyond an account risk limit as Rejected with RISK_LIMIT, without sending it', async (context) => {
      const probe = await setup();
      const price = probe.venue.price();
      await probe.close();
      const s = await open(context, {}, { risk: { maxOrderNotional: price * probe.venue.qty * 10 } });
      const before = s.venue.ordersAccepted();
      const big: PreOrder = { ...limit(s, Side.Buy, Math.round(s.venue.price() * 0.9)), qty: s.venue.qty * 1_000 };
      const result = await s.core.placeOrder(big);
      expect(result.rejection?.code).toBe(ErrorCode.RISK_LIMIT);
      expect(orderEvents(s, result.orderId).at(-1)).toMatchObject({ status: OrderStatus.Rejected });
      expect(s.venue.ordersAccepted()).toBe(before);
    });

    it('rejects what the venue cannot do with a clear 422', async (context) => {
      const s = await open(context);
      if (s.venue.supports.day) return;
      const result = await s.core.placeOrder({ ...limit(s, Side.Buy, Math.round(s.venue.price() * 0.9)), duration: { type: 'DAY' } });
      expect(result.rejection?.code).toBe(ErrorCode.UNSUPPORTED_ORDER);
      expect(result.rejection?.status).toBe(422);
      expect(s.venue.ordersAccepted()).toBe(0);
    });

    it('treats a repeated clientOrderId as the same order, and a reused one as a conflict', async (context) => {
      const s = await open(context);
      const request = { ...limit(s, Side.Buy, Math.round(s.venue.price() * 0.9)), clientOrderId: 'my-key-1' };
      const [first, concurrent] = await Promise.all([s.core.placeOrder(request), s.core.placeOrder(request)]);
      const again = await s.core.placeOrder(request);
      expect(concurrent.orderId).toBe(first.orderId);
      expect(again.orderId).toBe(first.orderId);
      expect(s.venue.ordersAccepted()).toBe(1);
      expect((await order(s, first.orderId)).clientOrderId).toBe('my-key-1');
      await expect(s.core.placeOrder({ ...request, qty: request.qty * 2 })).rejects.toMatchObject({ code: ErrorCode.CONFLICT });
    });

    it('recovers a timed-out submission by reconciling, without a duplicate order', async (context) => {
      const s = await open(context);
      if (s.venue.faults === undefined) return context.skip();
      s.venue.faults.withholdNextOrderResponse();
      const result = await s.core.placeOrder(limit(s, Side.Buy, Math.round(s.venue.price() * 0.9)));
      expect(result.rejection).toBeUndefined();
      // Settled by the venue's word: at once by a lookup, or when the late acknowledgement arrives (IB).
      await eventually(async () => (await order(s, result.orderId)).status === OrderStatus.Working);
      expect(s.venue.ordersAccepted()).toBe(1);
    });

    /** After connecting, the first account report is read; faults go to the requests after it. */
    const settled = async (s: ConformanceSubject) => eventually(() => account(s).balance === s.venue.cash());

    it(`rate limits (${name}): waits out the venue's own rate-limit answer before the next call`, async (context) => {
      const s = await open(context);
      if (s.venue.faults?.rateLimitNext === undefined || s.sleeps === undefined) return context.skip();
      await settled(s);
      s.venue.faults.rateLimitNext(1);
      const before = s.sleeps.length;
      const preview = await s.core.previewOrder(market(s, Side.Buy));
      expect(preview.sections.length).toBeGreaterThan(0);
      // The wait went to the adapter's clock (a test clock here): at least what the venue asked for.
      expect(Math.max(0, ...s.sleeps.slice(before))).toBeGreaterThanOrEqual(950);
    });

    it(`rate limits (${name}): reports RATE_LIMITED with Retry-After when the venue's wait is too long, without calling it`, async (context) => {
      const s = await open(context);
      if (s.venue.faults?.rateLimitNext === undefined || s.venue.supports.fixedRateLimitWaitMs !== undefined) return context.skip();
      await settled(s);
      s.venue.faults.rateLimitNext(120);
      const error = await s.core.previewOrder(market(s, Side.Buy)).catch((failure: unknown) => failure);
      expect(error).toMatchObject({ code: ErrorCode.RATE_LIMITED });
      expect((error as TradingError).retryAfterS).toBeGreaterThanOrEqual(100);
      const before = s.venue.requestCount();
      await expect(s.core.placeOrder(market(s, Side.Buy))).rejects.toMatchObject({ code: ErrorCode.RATE_LIMITED });
      expect(s.venue.requestCount()).toBe(before);
    });

    it('recovers a fill missed during a stream disconnect by reconciling after reconnecting', async (context) => {
      const s = await open(context);
      if (s.venue.faults === undefined) return context.skip();
      const price = Math.round(s.venue.price() * 0.95);
      const placed = await s.core.placeOrder(limit(s, Side.Buy, price));
      s.venue.faults.pauseStream(true);
      s.venue.faults.dropStream();
      s.venue.setPrice(price - 1);
      s.venue.faults.pauseStream(false);
      await eventually(() => fills(s, placed.orderId).length > 0, 5_000);
      await eventually(async () => (await order(s, placed.orderId)).status === OrderStatus.Filled);
      await eventually(() => s.broker.connectionStatus().status === ConnectionStatus.Connected);
      expect(statuses(s)).toContain(ConnectionStatus.Connecting);
    });

    it('finds a fill the stream never delivered on the periodic reconciliation', async (context) => {
      const s = await open(context, { reconcileIntervalMs: 100 });
      if (s.venue.faults === undefined) return context.skip();
      const price = Math.round(s.venue.price() * 0.95);
      const placed = await s.core.placeOrder(limit(s, Side.Buy, price));
      s.venue.faults.pauseStream(true);
      s.venue.setPrice(price - 1);
      await eventually(() => fills(s, placed.orderId).length > 0);
      expect(fills(s, placed.orderId)).toHaveLength(1);
    });
  });
  venueTruthConformance(name, setup);
}
