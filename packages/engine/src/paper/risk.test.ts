import { describe, expect, it } from 'vitest';
import { OrderStatus, OrderType } from '@trading-pro/contracts';
import { T0, makeEngine, quote } from './test-support.ts';

const { Limit, Market } = OrderType;

describe('pre-trade risk on every path', () => {
  it('counts market orders in flight against the next ones: five buys of 90% of buying power, one accepted', () => {
    const engine = makeEngine({ initialBalance: 100_000, latencyMs: 500 });
    engine.onQuote(quote('BTCUSD', '49999.5', '50000'));
    engine.setLeverage('BTCUSD', 1, T0);
    const results = Array.from({ length: 5 }, () => engine.placeOrder({ symbol: 'BTCUSD', type: Market, side: 1, qty: 1.8 }, T0));
    expect(results.map((r) => r.rejection?.code)).toEqual([undefined, 'INSUFFICIENT_BUYING_POWER', 'INSUFFICIENT_BUYING_POWER', 'INSUFFICIENT_BUYING_POWER', 'INSUFFICIENT_BUYING_POWER']);
    const account = engine.account();
    expect(account.buyingPower).toBeLessThan(10_001);
    engine.advance(T0 + 500);
    engine.onQuote(quote('BTCUSD', '49999.5', '50000', { time: T0 + 501 }));
    expect(engine.account().marginUsed).toBeLessThanOrEqual(engine.account().equity);
  });

  it('keeps holding margin for the unfilled part of a market order waiting for liquidity', () => {
    const engine = makeEngine({ initialBalance: 100_000 });
    engine.setLeverage('BTCUSD', 1, T0);
    engine.onQuote(quote('BTCUSD', '49999.5', '50000', { askSize: '0.5' }));
    const first = engine.placeOrder({ symbol: 'BTCUSD', type: Market, side: 1, qty: 1.5 }, T0);
    expect(engine.order(first.orderId)).toMatchObject({ status: OrderStatus.Working, filledQty: 0.5 });
    // 0.5 is a position, 1.0 still works at ~50,000: a second buy of 1.0 no longer fits.
    const second = engine.placeOrder({ symbol: 'BTCUSD', type: Market, side: 1, qty: 1 }, T0);
    expect(second.rejection?.code).toBe('INSUFFICIENT_BUYING_POWER');
  });

  it('checks a modify as if the order were new and leaves the order as it was when refused', () => {
    const engine = makeEngine({ initialBalance: 100_000 });
    engine.onQuote(quote('BTCUSD', '64999.5', '65000'));
    const { orderId } = engine.placeOrder({ symbol: 'BTCUSD', type: Limit, side: 1, qty: 0.01, limitPrice: 60_000 }, T0);
    const before = engine.order(orderId);
    expect(() => engine.modifyOrder(orderId, { qty: 1000 }, T0 + 1)).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_BUYING_POWER' }));
    expect(engine.order(orderId)).toEqual(before);
    expect(engine.account().buyingPower).toBeGreaterThan(99_000);
  });

  it('refuses to move a limit to a marketable price when the fill would not fit the margin', () => {
    const engine = makeEngine({ initialBalance: 10_000 });
    engine.setLeverage('BTCUSD', 1, T0);
    engine.onQuote(quote('BTCUSD', '64999.5', '65000'));
    const { orderId } = engine.placeOrder({ symbol: 'BTCUSD', type: Limit, side: 1, qty: 0.2, limitPrice: 1_000 }, T0);
    expect(() => engine.modifyOrder(orderId, { limitPrice: 65_000 }, T0 + 1)).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_BUYING_POWER' }));
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Working, limitPrice: 1_000, filledQty: 0 });
    expect(engine.positions()).toEqual([]);
  });

  it('refuses a leverage change that would leave the margin of positions and working orders above equity', () => {
    const engine = makeEngine({ initialBalance: 100_000 });
    engine.onQuote(quote('BTCUSD', '49999.5', '50000'));
    engine.setLeverage('BTCUSD', 10, T0);
    engine.placeOrder({ symbol: 'BTCUSD', type: Market, side: 1, qty: 10 }, T0); // 500,000 notional: 50,000 margin
    engine.placeOrder({ symbol: 'BTCUSD', type: Limit, side: 1, qty: 5, limitPrice: 40_000 }, T0); // 20,000 held
    expect(() => engine.setLeverage('BTCUSD', 5, T0)).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_BUYING_POWER' }));
    expect(engine.leverageInfo('BTCUSD').leverage).toBe(10);
    // 8x needs 62,500 + 25,000: that still fits.
    expect(engine.setLeverage('BTCUSD', 8, T0)).toHaveLength(1);
  });

  it('lets two concurrent closes of a long leave it flat, never short', () => {
    const engine = makeEngine({ latencyMs: 100 });
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 10 }, T0);
    engine.advance(T0 + 100);
    expect(engine.positions()[0]).toMatchObject({ qty: 10, side: 1 });
    engine.closePosition('AAPL', undefined, T0 + 200);
    expect(() => engine.closePosition('AAPL', undefined, T0 + 201)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => engine.closePosition('AAPL', 1, T0 + 201)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    engine.advance(T0 + 400);
    expect(engine.positions()).toEqual([]);
  });

  it('splits a position between partial closes and refuses what working closes already cover', () => {
    const engine = makeEngine({ latencyMs: 100 });
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 10 }, T0);
    engine.advance(T0 + 100);
    engine.closePosition('AAPL', 6, T0 + 200);
    expect(() => engine.closePosition('AAPL', 5, T0 + 201)).toThrow(expect.objectContaining({ code: 'CONFLICT', message: expect.stringContaining('not already being closed') }));
    engine.closePosition('AAPL', 4, T0 + 201);
    engine.advance(T0 + 400);
    expect(engine.positions()).toEqual([]);
  });

  it('never lets a close open the other side when the position shrinks before it fills', () => {
    const engine = makeEngine({ latencyMs: 100 });
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 10 }, T0);
    engine.advance(T0 + 100);
    // A sell limit the market reaches first takes 4 of the 10 before the close wakes up.
    engine.placeOrder({ symbol: 'AAPL', type: Limit, side: -1, qty: 4, limitPrice: 100.5 }, T0 + 150);
    engine.closePosition('AAPL', 10, T0 + 200);
    engine.onQuote(quote('AAPL', '100.50', '100.51', { time: T0 + 260 }));
    expect(engine.positions()[0]).toMatchObject({ qty: 6, side: 1 });
    engine.advance(T0 + 400);
    expect(engine.positions()).toEqual([]);
    const close = engine.orders().find((o) => o.type === Market && o.side === -1);
    expect(close).toMatchObject({ filledQty: 6, status: OrderStatus.Canceled });
  });

  it('lets one of two concurrent reverses of long 1 through: the position ends short 1', () => {
    const engine = makeEngine({ latencyMs: 100 });
    engine.onQuote(quote('BTCUSD', '49999.5', '50000'));
    engine.placeOrder({ symbol: 'BTCUSD', type: Market, side: 1, qty: 1 }, T0);
    engine.advance(T0 + 100);
    engine.reversePosition('BTCUSD', T0 + 200);
    expect(() => engine.reversePosition('BTCUSD', T0 + 201)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => engine.closePosition('BTCUSD', undefined, T0 + 201)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    engine.advance(T0 + 400);
    expect(engine.positions()).toEqual([expect.objectContaining({ qty: 1, side: -1 })]);
  });
});

describe('bracket edits are published', () => {
  it('re-publishes the position with its new take-profit, keeping the stop-loss that was not touched', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 10 }, T0);
    engine.setPositionBrackets('AAPL', { takeProfit: 110, stopLoss: 90 }, T0);
    const events = engine.setPositionBrackets('AAPL', { takeProfit: 112 }, T0 + 1);
    const projected = events.map((e) => engine.project(e));
    expect(projected).toContainEqual({ route: 'positions', data: expect.objectContaining({ takeProfit: 112, stopLoss: 90 }) });
    expect(projected).toContainEqual({ route: 'orders', data: expect.objectContaining({ limitPrice: 112 }) });
    const removed = engine.setPositionBrackets('AAPL', { stopLoss: null }, T0 + 2).map((e) => engine.project(e));
    const position = removed.find((p) => p.route === 'positions');
    expect(position?.data).toMatchObject({ takeProfit: 112 });
    expect(position?.data).not.toHaveProperty('stopLoss');
  });
});
