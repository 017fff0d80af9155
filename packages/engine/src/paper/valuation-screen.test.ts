import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ErrorCode, OrderType } from '@trading-pro/contracts';
import type { OrderPreview } from '@trading-pro/contracts';
import { AAPL, BTC, T0, makeEngine, quote } from './test-support.ts';

/** A money row of a preview ("1234.56 USD") as cents. */
function cents(preview: OrderPreview, title: string): number {
  const value = preview.sections.flatMap((section) => section.rows).find((row) => row.title === title)?.value ?? '';
  return Math.round(Number(value.split(' ')[0]) * 100);
}

describe('buying power and maintenance screened in doubles, decided exactly', () => {
  it('accepts an order needing exactly the buying power and rejects one needing a cent more', () => {
    const engine = makeEngine({ initialBalance: 1_000 });
    engine.onQuote(quote('AAPL', '100.09', '100.10'));
    expect(engine.placeOrder({ symbol: 'AAPL', type: OrderType.Limit, side: 1, qty: 10, limitPrice: 100 }, T0).rejection).toBeUndefined();
    expect(engine.account().buyingPower).toBe(0);
    expect(engine.placeOrder({ symbol: 'AAPL', type: OrderType.Limit, side: 1, qty: 1, limitPrice: 0.01 }, T0).rejection?.code).toBe(ErrorCode.INSUFFICIENT_BUYING_POWER);
  });

  it('rejects exactly the orders whose margin exceeds the exact buying power, and liquidates only below maintenance', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('quote' as const), btc: fc.boolean(), move: fc.integer({ min: -300, max: 300 }) }),
      fc.record({ kind: fc.constant('place' as const), btc: fc.boolean(), side: fc.constantFrom(1 as const, -1 as const), lots: fc.integer({ min: 1, max: 60 }), market: fc.boolean(), offset: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ kind: fc.constant('leverage' as const), btc: fc.boolean(), leverage: fc.integer({ min: 1, max: 4 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        const engine = makeEngine({ initialBalance: 2_000, commission: { rate: 0.001, min: 0 } });
        const mids = { AAPL: 10_000, BTCUSD: 4_000 }; // AAPL in cents, BTC in half-dollar ticks
        const send = (btc: boolean, time: number) => {
          const symbol = btc ? BTC.symbol : AAPL.symbol;
          const bid = btc ? (mids.BTCUSD * 0.5).toFixed(1) : (mids.AAPL / 100).toFixed(2);
          const ask = btc ? (mids.BTCUSD * 0.5 + 0.5).toFixed(1) : ((mids.AAPL + 1) / 100).toFixed(2);
          return engine.onQuote(quote(symbol, bid, ask, { time }));
        };
        send(false, T0);
        send(true, T0);
        let time = T0;
        for (const s of steps) {
          time += 1;
          if (s.kind === 'quote') {
            if (s.btc) mids.BTCUSD = Math.max(100, mids.BTCUSD + s.move);
            else mids.AAPL = Math.max(100, mids.AAPL + s.move);
            const events = send(s.btc, time);
            const liquidated = events.some((event) => event.type === 'order' && event.order.liquidation === true);
            if (!liquidated) {
              const { equity } = engine.account();
              expect(equity).toBeGreaterThanOrEqual(engine.margin().maintenance);
            }
          } else if (s.kind === 'leverage') {
            try {
              engine.setLeverage(s.btc ? BTC.symbol : AAPL.symbol, s.leverage, time);
            } catch {
              // refused (not enough margin at that leverage): nothing changed
            }
          } else {
            const symbol = s.btc ? BTC.symbol : AAPL.symbol;
            const qty = s.btc ? s.lots / 1000 : s.lots;
            const limit = s.btc ? ((mids.BTCUSD - s.offset * s.side) * 0.5) : (mids.AAPL - s.offset * s.side) / 100;
            const request = s.market ? { symbol, type: OrderType.Market, side: s.side, qty } : { symbol, type: OrderType.Limit, side: s.side, qty, limitPrice: limit };
            const preview = engine.previewOrder(request, time);
            const short = cents(preview, 'Margin required') > cents(preview, 'Buying power');
            const result = engine.placeOrder(request, time);
            expect(result.rejection?.code === ErrorCode.INSUFFICIENT_BUYING_POWER).toBe(short);
          }
        }
      }),
      { numRuns: 200, seed: 18 },
    );
  });
});
