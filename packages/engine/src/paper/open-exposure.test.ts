import { describe, expect, it } from 'vitest';
import { OrderStatus, OrderType } from '@trading-pro/contracts';
import { T0, makeEngine, quote } from './test-support.ts';

const { Limit, Market, Stop } = OrderType;

describe('margin held for working orders', () => {
  it('holds the margin of a resting buy limit and releases it on cancel', () => {
    const engine = makeEngine({ initialBalance: 1_000 });
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    const { orderId } = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 4, limitPrice: 95 }, T0);
    expect(engine.account().buyingPower).toBe(620); // 1000 − 4 × 95
    engine.cancelOrder(orderId, T0);
    expect(engine.account().buyingPower).toBe(1_000);
  });

  it('rejects a resting order that would hold more margin than is free', () => {
    const engine = makeEngine({ initialBalance: 1_000 });
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 8, limitPrice: 95 }, T0);
    const second = engine.placeOrder({ symbol: 'AAPL', type: Stop, side: 1, qty: 3, stopPrice: 110 }, T0);
    expect(second.rejection?.code).toBe('INSUFFICIENT_BUYING_POWER');
    expect(second.rejection?.message).toContain('only 240.00 USD is available');
    expect(engine.order(second.orderId).status).toBe(OrderStatus.Rejected);
  });

  it('holds nothing for orders that only reduce the position', () => {
    const engine = makeEngine({ initialBalance: 1_000 });
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 5 }, T0);
    const before = engine.account().buyingPower;
    engine.placeOrder({ symbol: 'AAPL', type: Limit, side: -1, qty: 5, limitPrice: 120 }, T0);
    expect(engine.account().buyingPower).toBe(before);
    // Selling 12 in all would turn long 5 into short 7: the 2 beyond today's size are held.
    engine.placeOrder({ symbol: 'AAPL', type: Limit, side: -1, qty: 7, limitPrice: 120 }, T0);
    expect(engine.account().buyingPower).toBe(before - 240);
  });

  it('holds only what is left of a partly filled order', () => {
    const engine = makeEngine({ initialBalance: 10_000 });
    engine.onQuote(quote('AAPL', '100.99', '101.00', { askSize: '100' }));
    const { orderId } = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 10, limitPrice: 100 }, T0);
    expect(engine.account().buyingPower).toBe(9_000);
    engine.onQuote(quote('AAPL', '99.99', '100.00', { askSize: '4', time: T0 + 1000 }));
    expect(engine.order(orderId)).toMatchObject({ filledQty: 4, status: OrderStatus.Working });
    const account = engine.account();
    // 4 bought at 100 are margined as a position (at the bid), the other 6 are held at the limit.
    expect(account.buyingPower).toBeCloseTo(account.equity - account.marginUsed - 600, 2);
  });
});
