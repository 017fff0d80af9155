import { describe, expect, it } from 'vitest';
import { OrderStatus, OrderType } from '@trading-pro/contracts';
import { T0, makeEngine, quote } from './test-support.ts';

const { Limit, Market } = OrderType;

function trade(engine: ReturnType<typeof makeEngine>, side: 1 | -1, qty: number, bid: string, ask: string, time = T0): void {
  engine.onQuote(quote('AAPL', bid, ask, { time }));
  const result = engine.placeOrder({ symbol: 'AAPL', type: Market, side, qty }, time);
  expect(result.rejection).toBeUndefined();
}

describe('positions', () => {
  it('averages the price when a long grows', () => {
    const engine = makeEngine();
    trade(engine, 1, 10, '99.99', '100.00');
    trade(engine, 1, 30, '101.99', '102.00');
    expect(engine.positions()).toEqual([expect.objectContaining({ id: 'AAPL', symbol: 'AAPL', qty: 40, side: 1, avgPrice: 101.5 })]);
  });

  it('realizes P&L on the reduced part and keeps the average price', () => {
    const engine = makeEngine();
    trade(engine, 1, 10, '99.99', '100.00');
    trade(engine, -1, 4, '103.00', '103.01');
    expect(engine.positions()[0]).toMatchObject({ qty: 6, side: 1, avgPrice: 100 });
    expect(engine.account()).toMatchObject({ realizedPL: 12, balance: 100_012 });
  });

  it('flips through zero: realizes the closed part and opens the rest at the fill price', () => {
    const engine = makeEngine();
    trade(engine, 1, 10, '99.99', '100.00');
    trade(engine, -1, 15, '98.00', '98.01');
    expect(engine.positions()[0]).toMatchObject({ qty: 5, side: -1, avgPrice: 98 });
    expect(engine.account().realizedPL).toBe(-20);
  });

  it('lets shorts profit when the price falls, valued at the ask', () => {
    const engine = makeEngine();
    trade(engine, -1, 10, '100.00', '100.01');
    engine.onQuote(quote('AAPL', '94.99', '95.00', { time: T0 + 1 }));
    expect(engine.positions()[0]).toMatchObject({ side: -1, qty: 10, pl: 50 });
    expect(engine.account()).toMatchObject({ unrealizedPL: 50, equity: 100_050 });
  });

  it('drops a position that went back to zero and reports it closed with qty 0', () => {
    const engine = makeEngine();
    trade(engine, 1, 10, '99.99', '100.00');
    engine.onQuote(quote('AAPL', '100.49', '100.50'));
    const events = engine.placeOrder({ symbol: 'AAPL', type: Market, side: -1, qty: 10 }, T0).events;
    const closed = events.filter((e) => e.type === 'position').map((e) => engine.project(e));
    expect(closed).toEqual([{ route: 'positions', data: expect.objectContaining({ qty: 0, side: 1, pl: 0 }) }]);
    expect(engine.positions()).toEqual([]);
    expect(engine.account().realizedPL).toBe(4.9);
  });

  it('keeps the books to the cent: balance = initial + realized − commission', () => {
    const engine = makeEngine({ commission: { rate: 0.0007, min: 0.35 } });
    trade(engine, 1, 7, '99.99', '100.00');
    trade(engine, -1, 3, '100.33', '100.34');
    trade(engine, -1, 9, '99.17', '99.18');
    const account = engine.account();
    const commissions = engine.executions().reduce((sum, e) => sum + Math.round(e.commission * 100), 0);
    expect(Math.round(account.balance * 100)).toBe(100_000_00 + Math.round(account.realizedPL * 100) - commissions);
  });
});

describe('margin and leverage', () => {
  it('rejects a market buy beyond buying power with a reason naming the numbers', () => {
    const engine = makeEngine({ initialBalance: 1_000 });
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    const result = engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 11 }, T0);
    expect(result.rejection?.code).toBe('INSUFFICIENT_BUYING_POWER');
    expect(result.rejection?.message).toBe('buying 11 AAPL needs 1100.11 USD of margin (1100.00 USD notional at 1x, commission and open loss included) but only 1000.00 USD is available');
    expect(engine.order(result.orderId)).toMatchObject({ status: OrderStatus.Rejected, rejectReason: result.rejection?.message });
  });

  it('lets leverage stretch buying power and reports margin used', () => {
    const engine = makeEngine({ initialBalance: 1_000 });
    engine.setLeverage('AAPL', 4, T0);
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    expect(engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 30 }, T0).rejection).toBeUndefined();
    expect(engine.account()).toMatchObject({ marginUsed: 749.93, buyingPower: 249.77 }); // 30 × 99.99 / 4; equity 999.70
    expect(engine.leverageInfo('AAPL')).toEqual({ symbol: 'AAPL', leverage: 4, min: 1, max: 4, step: 1 });
  });

  it('never rejects an order that reduces the position', () => {
    const engine = makeEngine({ initialBalance: 1_000 });
    engine.setLeverage('AAPL', 4, T0);
    trade(engine, 1, 39, '99.99', '100.00');
    engine.onQuote(quote('AAPL', '92.00', '92.01', { time: T0 + 1 })); // a loss: no buying power left, above maintenance
    expect(engine.account().buyingPower).toBe(0);
    const result = engine.placeOrder({ symbol: 'AAPL', type: Market, side: -1, qty: 39 }, T0 + 1);
    expect(result.rejection).toBeUndefined();
    expect(engine.positions()).toEqual([]);
  });

  it('validates leverage against the instrument and defaults to its default leverage', () => {
    const engine = makeEngine();
    expect(engine.leverageInfo('BTCUSD').leverage).toBe(2);
    expect(() => engine.setLeverage('AAPL', 5, T0)).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    expect(() => engine.setLeverage('AAPL', 1.5, T0)).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    expect(() => engine.leverageInfo('NOPE')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    const events = engine.setLeverage('AAPL', 2, T0);
    // Leverage moves margin and buying power: the change is published on the equity topic.
    expect(events.map((e) => engine.project(e))).toEqual([{ route: 'equity', data: expect.objectContaining({ balance: 100_000, buyingPower: 100_000 }) }]);
  });
});

describe('closing and reversing', () => {
  it('closes part of a position, then the rest', () => {
    const engine = makeEngine();
    trade(engine, 1, 10, '99.99', '100.00');
    engine.closePosition('AAPL', 4, T0);
    expect(engine.positions()[0]).toMatchObject({ qty: 6 });
    engine.closePosition('AAPL', undefined, T0);
    expect(engine.positions()).toEqual([]);
    expect(() => engine.closePosition('AAPL', undefined, T0)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('refuses to close more than the position (a close is reduce-only)', () => {
    const engine = makeEngine();
    trade(engine, 1, 10, '99.99', '100.00');
    expect(() => engine.closePosition('AAPL', 11, T0)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it('reverses a long into a short of the same size', () => {
    const engine = makeEngine();
    trade(engine, 1, 10, '99.99', '100.00');
    engine.reversePosition('AAPL', T0);
    expect(engine.positions()[0]).toMatchObject({ qty: 10, side: -1, avgPrice: 99.99 });
  });
});

describe('order commands', () => {
  it('returns the same order for a retried clientOrderId and refuses a reused one', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    const req = { symbol: 'AAPL', type: Limit, side: 1 as const, qty: 1, limitPrice: 90, clientOrderId: 'c-1' };
    const first = engine.placeOrder(req, T0);
    const again = engine.placeOrder({ ...req }, T0 + 5);
    expect(again).toEqual({ orderId: first.orderId, events: [] });
    expect(() => engine.placeOrder({ ...req, qty: 2 }, T0)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(engine.orders()).toHaveLength(1);
  });

  it('modifies a working limit and fills it when the new price crosses', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    const { orderId } = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 5, limitPrice: 95 }, T0);
    engine.modifyOrder(orderId, { qty: 8 }, T0);
    expect(engine.order(orderId)).toMatchObject({ qty: 8, limitPrice: 95, status: OrderStatus.Working });
    expect(() => engine.modifyOrder(orderId, { limitPrice: 95.001 }, T0)).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    expect(() => engine.modifyOrder(orderId, { stopPrice: 95 }, T0)).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    engine.modifyOrder(orderId, { limitPrice: 100 }, T0);
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Filled, avgPrice: 100, filledQty: 8 });
  });

  it('answers CONFLICT for a final order and NOT_FOUND for an unknown one', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    const { orderId } = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 5, limitPrice: 95 }, T0);
    engine.cancelOrder(orderId, T0);
    expect(engine.order(orderId).status).toBe(OrderStatus.Canceled);
    expect(() => engine.cancelOrder(orderId, T0)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => engine.modifyOrder(orderId, { qty: 1 }, T0)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => engine.cancelOrder('O999', T0)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => engine.order('O999')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('cancels by symbol, side and ids', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    engine.onQuote(quote('BTCUSD', '50000', '50000.5'));
    const a = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 1, limitPrice: 90 }, T0).orderId;
    const b = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: -1, qty: 1, limitPrice: 110 }, T0).orderId;
    const c = engine.placeOrder({ symbol: 'BTCUSD', type: Limit, side: 1, qty: 0.01, limitPrice: 40000 }, T0).orderId;
    const d = engine.placeOrder({ symbol: 'BTCUSD', type: Limit, side: 1, qty: 0.01, limitPrice: 41000 }, T0).orderId;
    expect(engine.cancelOrders({ symbol: 'AAPL', side: -1 }, T0).canceled).toEqual([b]);
    expect(engine.cancelOrders({ orderIds: [d, 'O999'] }, T0).canceled).toEqual([d]);
    expect(engine.cancelOrders({}, T0).canceled).toEqual([a, c]);
    expect(engine.orders().map((o) => o.id)).toEqual([d, c, b, a]); // newest first
  });
});
