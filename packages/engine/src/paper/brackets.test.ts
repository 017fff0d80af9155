import { describe, expect, it } from 'vitest';
import { OrderStatus, OrderType, ParentType } from '@trading-pro/contracts';
import type { Order } from '@trading-pro/contracts';
import { T0, makeEngine, quote } from './test-support.ts';

const { Limit, Market, Stop } = OrderType;

function children(engine: ReturnType<typeof makeEngine>, parentId: string): Order[] {
  return engine.orders().filter((o) => o.id !== parentId && o.createTime === engine.order(parentId).createTime && o.parentId !== undefined);
}

function bracketedBuy(engine: ReturnType<typeof makeEngine>, extra: { trailingStopPips?: number } = {}) {
  engine.onQuote(quote('AAPL', '99.99', '100.00'));
  const { orderId } = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 10, limitPrice: 99, takeProfit: 105, stopLoss: 95, ...extra }, T0);
  return orderId;
}

describe('order brackets', () => {
  it('creates sleeping take-profit and stop-loss children of the parent order', () => {
    const engine = makeEngine();
    const parentId = bracketedBuy(engine);
    const [stopLoss, takeProfit] = children(engine, parentId);
    expect(takeProfit).toMatchObject({ type: Limit, side: -1, qty: 10, limitPrice: 105, status: OrderStatus.Inactive, parentId, parentType: ParentType.Order });
    expect(stopLoss).toMatchObject({ type: Stop, side: -1, qty: 10, stopPrice: 95, status: OrderStatus.Inactive, parentId, parentType: ParentType.Order });
  });

  it('wakes the children when the parent fills and makes them guard the position', () => {
    const engine = makeEngine();
    const parentId = bracketedBuy(engine);
    engine.onQuote(quote('AAPL', '98.98', '99.00', { time: T0 + 1, askSize: '4' }));
    const [stopLoss, takeProfit] = children(engine, parentId);
    expect(takeProfit).toMatchObject({ status: OrderStatus.Working, parentId: 'AAPL', parentType: ParentType.Position, qty: 4 });
    expect(stopLoss).toMatchObject({ status: OrderStatus.Working, parentId: 'AAPL', parentType: ParentType.Position, qty: 4 });
    expect(engine.positions()[0]).toMatchObject({ qty: 4, takeProfit: 105, stopLoss: 95 });
    engine.onQuote(quote('AAPL', '98.98', '99.00', { time: T0 + 2 }));
    expect(children(engine, parentId).map((o) => o.qty)).toEqual([10, 10]); // qty follows the fills
  });

  it('cancels the sleeping children with the parent', () => {
    const engine = makeEngine();
    const parentId = bracketedBuy(engine);
    engine.cancelOrder(parentId, T0);
    expect(children(engine, parentId).map((o) => o.status)).toEqual([OrderStatus.Canceled, OrderStatus.Canceled]);
  });

  it('one-cancels-other: the take-profit filling cancels the stop-loss and closes the position', () => {
    const engine = makeEngine();
    const parentId = bracketedBuy(engine);
    engine.onQuote(quote('AAPL', '98.98', '99.00', { time: T0 + 1 }));
    engine.onQuote(quote('AAPL', '105.10', '105.12', { time: T0 + 2 }));
    const [stopLoss, takeProfit] = children(engine, parentId);
    expect(takeProfit).toMatchObject({ status: OrderStatus.Filled, avgPrice: 105 }); // a resting limit fills at its price
    expect(stopLoss?.status).toBe(OrderStatus.Canceled);
    expect(engine.positions()).toEqual([]);
    expect(engine.account().realizedPL).toBe(60); // 10 × (105.00 − 99.00)
  });

  it('the stop-loss triggering cancels the take-profit', () => {
    const engine = makeEngine();
    const parentId = bracketedBuy(engine);
    engine.onQuote(quote('AAPL', '98.98', '99.00', { time: T0 + 1 }));
    engine.onQuote(quote('AAPL', '94.50', '94.52', { time: T0 + 2 }));
    const [stopLoss, takeProfit] = children(engine, parentId);
    expect(stopLoss).toMatchObject({ status: OrderStatus.Filled, avgPrice: 94.5 });
    expect(takeProfit?.status).toBe(OrderStatus.Canceled);
  });

  it('edits the brackets through the parent order before it fills', () => {
    const engine = makeEngine();
    const parentId = bracketedBuy(engine);
    engine.modifyOrder(parentId, { takeProfit: 106, stopLoss: null }, T0);
    const live = children(engine, parentId).filter((o) => o.status === OrderStatus.Inactive);
    expect(live).toEqual([expect.objectContaining({ limitPrice: 106 })]);
    expect(engine.order(parentId)).toMatchObject({ takeProfit: 106 });
    expect(engine.order(parentId).stopLoss).toBeUndefined();
    expect(() => engine.modifyOrder(parentId, { takeProfit: 98 }, T0)).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
  });

  it('closing the position cancels its brackets', () => {
    const engine = makeEngine();
    const parentId = bracketedBuy(engine);
    engine.onQuote(quote('AAPL', '98.98', '99.00', { time: T0 + 1 }));
    engine.closePosition('AAPL', undefined, T0 + 1);
    expect(children(engine, parentId).map((o) => o.status)).toEqual([OrderStatus.Canceled, OrderStatus.Canceled]);
    expect(engine.positions()).toEqual([]);
  });
});

describe('position brackets', () => {
  it('adds, moves and removes brackets on an open position', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 5 }, T0);
    engine.setPositionBrackets('AAPL', { takeProfit: 110, stopLoss: 90 }, T0);
    expect(engine.positions()[0]).toMatchObject({ takeProfit: 110, stopLoss: 90 });
    engine.setPositionBrackets('AAPL', { stopLoss: 92 }, T0);
    expect(engine.positions()[0]).toMatchObject({ takeProfit: 110, stopLoss: 92 });
    engine.setPositionBrackets('AAPL', { takeProfit: null }, T0);
    expect(engine.positions()[0]?.takeProfit).toBeUndefined();
    const working = engine.orders().filter((o) => o.status === OrderStatus.Working);
    expect(working).toEqual([expect.objectContaining({ type: Stop, side: -1, qty: 5, stopPrice: 92, parentId: 'AAPL', parentType: ParentType.Position })]);
  });

  it('refuses brackets on the wrong side of the market and on a missing position', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    expect(() => engine.setPositionBrackets('AAPL', { stopLoss: 90 }, T0)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 5 }, T0);
    expect(() => engine.setPositionBrackets('AAPL', { stopLoss: 101 }, T0)).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    expect(() => engine.setPositionBrackets('AAPL', { takeProfit: 99 }, T0)).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
  });

  it('resizes the brackets when the position changes', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 5 }, T0);
    engine.setPositionBrackets('AAPL', { takeProfit: 110 }, T0);
    engine.closePosition('AAPL', 2, T0);
    expect(engine.orders().find((o) => o.status === OrderStatus.Working)?.qty).toBe(3);
  });
});

describe('trailing stop', () => {
  it('trails the best bid of a long and never moves back', () => {
    const engine = makeEngine();
    const parentId = bracketedBuy(engine, { trailingStopPips: 200 }); // 2.00 in 0.01 ticks
    engine.onQuote(quote('AAPL', '98.98', '99.00', { time: T0 + 1 }));
    const stopOf = () => children(engine, parentId).find((o) => o.type === Stop)?.stopPrice;
    expect(stopOf()).toBe(95); // trailing starts with the quotes after the fill
    engine.onQuote(quote('AAPL', '98.98', '99.00', { time: T0 + 2 }));
    expect(stopOf()).toBe(96.98); // 98.98 − 2.00 is above the initial 95
    const moved = engine.onQuote(quote('AAPL', '101.50', '101.52', { time: T0 + 2 }));
    // The stop moves, and so does the position's stop-loss that clients show.
    expect(moved.map((e) => engine.project(e))).toEqual([
      { route: 'orders', data: expect.objectContaining({ stopPrice: 99.5 }) },
      { route: 'positions', data: expect.objectContaining({ stopLoss: 99.5 }) },
    ]);
    expect(engine.onQuote(quote('AAPL', '100.50', '100.52', { time: T0 + 3 }))).toEqual([]);
    expect(stopOf()).toBe(99.5);
    expect(engine.positions()[0]?.stopLoss).toBe(99.5);
    engine.onQuote(quote('AAPL', '99.40', '99.42', { time: T0 + 4 }));
    expect(engine.positions()).toEqual([]);
    expect(engine.executions().at(-1)).toMatchObject({ side: -1, price: 99.4 });
  });

  it('sets a trailing stop on a position without an explicit stop price', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    engine.placeOrder({ symbol: 'AAPL', type: Market, side: -1, qty: 5 }, T0);
    engine.setPositionBrackets('AAPL', { trailingStopPips: 50 }, T0);
    expect(engine.positions()[0]?.stopLoss).toBe(100.5); // ask + 0.50 for a short
    engine.onQuote(quote('AAPL', '98.99', '99.00', { time: T0 + 1 }));
    expect(engine.positions()[0]?.stopLoss).toBe(99.5);
  });
});
