import { describe, expect, it } from 'vitest';
import { OrderStatus, OrderType } from '@trading-pro/contracts';
import { T0, makeEngine, quote } from './test-support.ts';

describe('liquidation below maintenance margin', () => {
  it('closes the position with a visible liquidation order before equity goes negative', () => {
    const engine = makeEngine({ initialBalance: 10_000 });
    engine.setLeverage('BTCUSD', 10, T0);
    engine.onQuote(quote('BTCUSD', '49999.5', '50000'));
    const stop = engine.placeOrder({ symbol: 'BTCUSD', type: OrderType.Limit, side: 1, qty: 0.1, limitPrice: 1_000 }, T0);
    engine.placeOrder({ symbol: 'BTCUSD', type: OrderType.Market, side: 1, qty: 1.9 }, T0); // 95,000 notional on 10,000
    expect(engine.positions()).toHaveLength(1);
    // −4% leaves 6,200 of equity, above the 4,560 maintenance: nothing happens.
    engine.onQuote(quote('BTCUSD', '48000', '48000.5', { time: T0 + 1 }));
    expect(engine.positions()).toHaveLength(1);
    // −6.5%: equity 3,825 is below the 4,441 maintenance (5% of 88,825, half the 10% initial margin): liquidated.
    const events = engine.onQuote(quote('BTCUSD', '46750', '46750.5', { time: T0 + 2 }));
    const orders = events.filter((e) => e.type === 'order').map((e) => engine.project(e).data);
    expect(orders).toContainEqual(expect.objectContaining({ id: stop.orderId, status: OrderStatus.Canceled }));
    const liquidation = engine.orders().find((o) => o.liquidation === true);
    expect(liquidation).toMatchObject({ type: OrderType.Market, side: -1, qty: 1.9, status: OrderStatus.Filled });
    expect(engine.executions().at(-1)).toMatchObject({ orderId: liquidation?.id, qty: 1.9 });
    expect(engine.positions()).toEqual([]);
    expect(engine.account().equity).toBeGreaterThan(0);
  });

  it('liquidates the position with the largest loss first and stops once the rest is covered', () => {
    const engine = makeEngine({ initialBalance: 10_000 });
    engine.setLeverage('BTCUSD', 10, T0);
    engine.setLeverage('AAPL', 4, T0);
    engine.onQuote(quote('BTCUSD', '49999.5', '50000'));
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    engine.placeOrder({ symbol: 'BTCUSD', type: OrderType.Market, side: 1, qty: 1 }, T0);
    engine.placeOrder({ symbol: 'AAPL', type: OrderType.Market, side: 1, qty: 100 }, T0);
    engine.onQuote(quote('BTCUSD', '43000', '43000.5', { time: T0 + 1 }));
    expect(engine.orders().filter((o) => o.liquidation === true).map((o) => o.symbol)).toEqual(['BTCUSD']);
    expect(engine.positions().map((p) => p.symbol)).toEqual(['AAPL']);
  });

  it('can be turned off (backtests of unlevered strategies)', () => {
    const engine = makeEngine({ initialBalance: 10_000, liquidation: false });
    engine.setLeverage('BTCUSD', 10, T0);
    engine.onQuote(quote('BTCUSD', '49999.5', '50000'));
    engine.placeOrder({ symbol: 'BTCUSD', type: OrderType.Market, side: 1, qty: 1.9 }, T0);
    engine.onQuote(quote('BTCUSD', '40000', '40000.5', { time: T0 + 1 }));
    expect(engine.positions()).toHaveLength(1);
  });
});
