import { describe, expect, it } from 'vitest';
import { OrderStatus, OrderType } from '@trading-pro/contracts';
import { decodeEngineImage, encodeEngineImage } from './image-codec.ts';
import { T0, encodeRecord, makeEngine, quote } from './test-support.ts';

const { Limit, Market } = OrderType;

describe('an engine without history', () => {
  it('keeps only what can still change: final orders and executions leave its state', () => {
    const engine = makeEngine({ retainHistory: false });
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    const filled = engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 10 }, T0);
    const resting = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 5, limitPrice: 90 }, T0);
    expect(engine.orders().map((o) => o.id)).toEqual([resting.orderId]);
    expect(engine.executions()).toEqual([]);
    expect(engine.positions()).toEqual([expect.objectContaining({ qty: 10 })]);
    expect(engine.image().orders).toHaveLength(1);
    // A late command on an order that has left is still a conflict, not an unknown order.
    expect(() => engine.cancelOrder(filled.orderId, T0)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => engine.cancelOrder('O999', T0)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('state images', () => {
  it('restores from its JSON image an engine that answers and trades like the original', () => {
    const engine = makeEngine({ retainHistory: false, latencyMs: 50 });
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 10, takeProfit: 110, stopLoss: 90 }, T0);
    engine.advance(T0 + 50);
    engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 5, limitPrice: 95, clientOrderId: 'k1' }, T0 + 60);
    engine.setLeverage('AAPL', 2, T0 + 60);
    const image = decodeEngineImage(JSON.parse(JSON.stringify(encodeEngineImage(engine.image()))));
    const copy = makeEngine({ retainHistory: false, latencyMs: 50 });
    copy.restore([], [quote('AAPL', '99.99', '100.00', { time: T0 + 60 })], image);
    expect(copy.orders()).toEqual(engine.orders());
    expect(copy.positions()).toEqual(engine.positions());
    expect(copy.account()).toEqual(engine.account());
    expect(copy.leverageInfo('AAPL')).toEqual(engine.leverageInfo('AAPL'));
    // The resting limit fills in both when the market reaches it.
    const tick = quote('AAPL', '94.98', '94.99', { time: T0 + 200 });
    expect(copy.onQuote(tick).map((e) => copy.project(e))).toEqual(engine.onQuote(tick).map((e) => engine.project(e)));
  });

  it('reads images of version 1, whose records are objects', () => {
    const engine = makeEngine({ retainHistory: false });
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 10 }, T0);
    engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 5, limitPrice: 95, clientOrderId: 'k1' }, T0);
    const image = engine.image();
    const current = JSON.parse(JSON.stringify(encodeEngineImage(image))) as { v: number; orders: unknown[] };
    expect(current.v).toBe(2);
    expect(Array.isArray(current.orders[0])).toBe(true);
    const version1 = {
      ...current,
      v: 1,
      balance: encodeRecord(image.balance),
      orders: image.orders.map(encodeRecord),
      executions: image.executions.map(encodeRecord),
      positions: image.positions.map(encodeRecord),
    };
    expect(decodeEngineImage(JSON.parse(JSON.stringify(version1)))).toEqual(image);
    expect(decodeEngineImage(JSON.parse(JSON.stringify(current)))).toEqual(image);
    expect(() => decodeEngineImage({ ...current, v: 3 })).toThrow('engine image version 3 is not one of 1, 2');
    expect(() => decodeEngineImage({ ...current, balance: current.orders[0] })).toThrow('engine event order is not balance');
  });

  it('resets a speculative engine to the committed one, dropping what was decided since', () => {
    const committed = makeEngine({ retainHistory: false });
    const speculative = makeEngine({ retainHistory: false });
    const tick = quote('AAPL', '99.99', '100.00');
    committed.onQuote(tick);
    speculative.onQuote(tick);
    const events = speculative.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 10 }, T0).events;
    committed.applyAll(events);
    speculative.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 5, limitPrice: 95 }, T0);
    speculative.resetTo(committed);
    expect(speculative.orders()).toEqual([]);
    expect(speculative.positions()).toEqual(committed.positions());
    expect(speculative.account()).toEqual(committed.account());
    // Ids continue from what was committed: the dropped order's id is given again.
    expect(speculative.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 5, limitPrice: 95 }, T0).orderId).toBe('O2');
    expect(committed.orders()).toEqual([]);
    expect(speculative.orders()[0]?.status).toBe(OrderStatus.Working);
  });

  it('keeps what committed as a ledger that never matches; an engine reset to it matches the resting orders again', () => {
    const ledger = makeEngine({ retainHistory: false, matching: false });
    const speculative = makeEngine({ retainHistory: false });
    const tick = quote('AAPL', '99.99', '100.00');
    ledger.mark(tick);
    speculative.onQuote(tick);
    ledger.applyAll(speculative.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 5, limitPrice: 95 }, T0).events);
    ledger.applyAll(speculative.placeOrder({ symbol: 'AAPL', type: OrderType.Stop, side: -1, qty: 2, stopPrice: 90 }, T0).events);
    expect(ledger.orders()).toEqual(speculative.orders());
    expect(ledger.account()).toEqual(speculative.account());
    // Decided but never committed: dropped by the reset.
    speculative.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 1, limitPrice: 96 }, T0);
    speculative.resetTo(ledger);
    const down = quote('AAPL', '89.98', '89.99', { time: T0 + 100 });
    expect(ledger.onQuote(down)).toEqual([]);
    const fills = speculative.onQuote(down).filter((e) => e.type === 'execution');
    expect(fills.map((e) => (e.type === 'execution' ? [e.execution.orderId, e.execution.qty] : [])).sort()).toEqual([
      ['O1', 500_000_000n],
      ['O2', 200_000_000n],
    ]);
  });
});
