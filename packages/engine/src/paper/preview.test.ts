import { describe, expect, it } from 'vitest';
import { OrderType } from '@trading-pro/contracts';
import { T0, makeEngine, quote } from './test-support.ts';

describe('order preview', () => {
  it('estimates price, commission, margin and buying power after, and changes nothing', () => {
    const engine = makeEngine({ commission: { rate: 0.001, min: 0 }, slippage: { model: 'fixed', value: 0.01 } });
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    const preview = engine.previewOrder({ symbol: 'AAPL', type: OrderType.Market, side: 1, qty: 10 }, T0);
    const rows = Object.fromEntries(preview.sections.flatMap((s) => s.rows).map((r) => [r.title, r.value]));
    expect(rows).toMatchObject({
      'Estimated price': '100.01',
      Notional: '1000.10 USD',
      Commission: '1.00 USD',
      'Margin required': '1001.30 USD', // 1000.10 margin + 1.00 commission + 0.20 paid over the bid
      'Buying power': '100000.00 USD',
      'Buying power after': '98998.70 USD',
    });
    expect(preview.errors).toBeUndefined();
    expect(engine.orders()).toEqual([]);
  });

  it('reports business problems as errors and warns about a marketable limit', () => {
    const engine = makeEngine({ initialBalance: 100 });
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    const tooBig = engine.previewOrder({ symbol: 'AAPL', type: OrderType.Limit, side: 1, qty: 5, limitPrice: 100.5 }, T0);
    expect(tooBig.errors?.[0]).toContain('needs 505.05 USD of margin');
    expect(tooBig.warnings).toEqual(['the limit price is marketable: the order will fill at once']);
    expect(engine.previewOrder({ symbol: 'NOPE', type: OrderType.Market, side: 1, qty: 1 }, T0).errors).toEqual(['unknown symbol NOPE']);
    expect(() => engine.previewOrder({ symbol: 'AAPL', type: OrderType.Limit, side: 1, qty: 1 }, T0)).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
  });
});

describe('projection', () => {
  it('shows balance events as equity at the current marks', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    const { events } = engine.placeOrder({ symbol: 'AAPL', type: OrderType.Market, side: 1, qty: 10 }, T0);
    engine.onQuote(quote('AAPL', '101.00', '101.01', { time: T0 + 1 }));
    const balance = events.find((e) => e.type === 'balance');
    expect(balance && engine.project(balance)).toEqual({ route: 'equity', data: { balance: 100_000, equity: 100_010, unrealizedPL: 10, realizedPL: 0, marginUsed: 1_010, buyingPower: 99_000 } });
    expect(events.map((e) => engine.project(e).route)).toEqual(['orders', 'orders', 'executions', 'positions', 'equity']);
  });
});
