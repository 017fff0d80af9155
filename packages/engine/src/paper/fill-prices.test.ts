import { describe, expect, it } from 'vitest';
import { ErrorCode, OrderStatus, OrderType, TradingError, parseFixed } from '@trading-pro/contracts';
import { catalogOf } from '../market/instrument.ts';
import type { Instrument } from '../market/instrument.ts';
import { AAPL, BTC, T0, makeEngine, quote } from './test-support.ts';
import { PaperEngine } from './engine.ts';

const { Limit, Market, Stop, StopLimit } = OrderType;

const DOGE: Instrument = { ...BTC, symbol: 'DOGEUSD', tickSize: parseFixed('0.00001'), lotStep: parseFixed('1'), minQty: parseFixed('1') };

function rejection(run: () => unknown): TradingError {
  try {
    run();
  } catch (error) {
    if (error instanceof TradingError) return error;
    throw error;
  }
  throw new Error('expected a TradingError');
}

describe('fill prices', () => {
  it('fills resting limits at their own price when the market gaps through them (maker fills)', () => {
    const engine = makeEngine();
    engine.onQuote(quote('BTCUSD', '60000', '60000.5'));
    const ids = [59_500, 59_000, 58_500].map((limitPrice) => engine.placeOrder({ symbol: 'BTCUSD', type: Limit, side: 1, qty: 0.01, limitPrice }, T0).orderId);
    engine.onQuote(quote('BTCUSD', '58000', '58000.5', { time: T0 + 1000 }));
    expect(ids.map((id) => engine.order(id).avgPrice)).toEqual([59_500, 59_000, 58_500]);
  });

  it('fills a limit marketable on arrival at the touch plus slippage, never beyond its limit', () => {
    const engine = makeEngine({ slippage: { model: 'fixed', value: 1 } });
    engine.onQuote(quote('BTCUSD', '60000', '60000.5'));
    const near = engine.placeOrder({ symbol: 'BTCUSD', type: Limit, side: 1, qty: 0.01, limitPrice: 60_500 }, T0);
    expect(engine.order(near.orderId).avgPrice).toBe(60_001.5);
    const capped = engine.placeOrder({ symbol: 'BTCUSD', type: Limit, side: 1, qty: 0.01, limitPrice: 60_001 }, T0);
    expect(engine.order(capped.orderId).avgPrice).toBe(60_001);
  });

  it('fills a re-priced limit that becomes marketable at the touch, as a new order', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '100.00', '100.02'));
    const { orderId } = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 1, limitPrice: 99 }, T0);
    engine.modifyOrder(orderId, { limitPrice: 101 }, T0 + 1);
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Filled, avgPrice: 100.02 });
  });

  it('keeps a restored resting order a maker (a restart is not a new arrival)', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '100.00', '100.02'));
    const placed = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 1, limitPrice: 99 }, T0);
    const restarted = makeEngine();
    restarted.restore(placed.events, [quote('AAPL', '100.00', '100.02')]);
    restarted.onQuote(quote('AAPL', '98.00', '98.02', { time: T0 + 1000 }));
    expect(restarted.order(placed.orderId).avgPrice).toBe(99);
  });

  it('fills on a trade at the limit with the touch fill model, and only when the ask comes down with the standard one', () => {
    for (const [fill, filled] of [['standard', 0], ['touch', 1]] as const) {
      const engine = makeEngine({ fill });
      engine.onQuote(quote('AAPL', '100.00', '100.02'));
      const { orderId } = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 1, limitPrice: 99.5 }, T0);
      engine.onQuote({ ...quote('AAPL', '99.49', '99.52', { time: T0 + 1 }), last: parseFixed('99.5') });
      expect(engine.order(orderId).filledQty, fill).toBe(filled);
    }
  });
});

describe('exact money', () => {
  it('charges crypto fees and books P&L to 8 decimals: 100 one-DOGE round trips at 0.1% pay 0.024 USD', () => {
    const engine = new PaperEngine({
      accountId: 'T', accountName: 'T', currency: 'USD', initialBalance: 1000, instruments: catalogOf([DOGE]), commission: { rate: 0.001, min: 0 },
    });
    engine.onQuote(quote('DOGEUSD', '0.12000', '0.12000'));
    for (let i = 0; i < 100; i++) {
      engine.placeOrder({ symbol: 'DOGEUSD', type: Market, side: 1, qty: 1 }, T0 + i);
      engine.placeOrder({ symbol: 'DOGEUSD', type: Market, side: -1, qty: 1 }, T0 + i);
    }
    const books = engine.books();
    expect(books.commissionPaid).toBe(parseFixed('0.024'));
    expect(books.balance).toBe(parseFixed('999.976'));
    expect(engine.executions()[0]?.commission).toBe(0.00012);
  });

  it('keeps realized crypto P&L exact', () => {
    const engine = makeEngine();
    engine.onQuote(quote('BTCUSD', '60000', '60000.5'));
    engine.placeOrder({ symbol: 'BTCUSD', type: Market, side: 1, qty: 0.001 }, T0);
    engine.onQuote(quote('BTCUSD', '60001', '60001.5', { time: T0 + 1 }));
    engine.closePosition('BTCUSD', undefined, T0 + 2);
    expect(engine.books().realizedPL).toBe(parseFixed('0.0005')); // 0.001 × 0.5, not rounded to a cent
  });
});

describe('trailing stops', () => {
  it("anchors a market order's trailing stop at the bid, not at the fill price", () => {
    const engine = makeEngine({ slippage: { model: 'fixed', value: 5 } });
    engine.onQuote(quote('BTCUSD', '60000', '60010'));
    const { orderId } = engine.placeOrder({ symbol: 'BTCUSD', type: Market, side: 1, qty: 0.01, trailingStopPips: 100 }, T0);
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Filled, avgPrice: 60_015, stopLoss: 59_950 }); // bid − 100 ticks of 0.5
  });
});

describe('validation', () => {
  it('refuses stops on the wrong side of the market, on place and on modify', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '100.00', '100.02'));
    const buyStop = rejection(() => engine.placeOrder({ symbol: 'AAPL', type: Stop, side: 1, qty: 1, stopPrice: 99 }, T0));
    expect(buyStop).toMatchObject({ code: ErrorCode.VALIDATION_ERROR });
    expect(buyStop.message).toContain('above the ask 100.02');
    expect(rejection(() => engine.placeOrder({ symbol: 'AAPL', type: StopLimit, side: -1, qty: 1, stopPrice: 100.5, limitPrice: 100.4 }, T0)).message).toContain('below the bid');
    const { orderId } = engine.placeOrder({ symbol: 'AAPL', type: Stop, side: -1, qty: 1, stopPrice: 99 }, T0);
    expect(rejection(() => engine.modifyOrder(orderId, { stopPrice: 100.5 }, T0 + 1)).code).toBe(ErrorCode.VALIDATION_ERROR);
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Working, stopPrice: 99 });
  });

  it("refuses moving a long's stop-loss above the bid, or its take-profit below it", () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '100.00', '100.02'));
    engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 1, stopLoss: 95, takeProfit: 110 }, T0);
    const legs = engine.orders().filter((o) => o.parentType === 2);
    const stop = legs.find((o) => o.type === Stop);
    const target = legs.find((o) => o.type === Limit);
    if (!stop || !target) throw new Error('expected both legs');
    expect(rejection(() => engine.modifyOrder(stop.id, { stopPrice: 100.5 }, T0 + 1)).message).toContain('stopLoss');
    expect(rejection(() => engine.modifyOrder(target.id, { limitPrice: 99 }, T0 + 1)).message).toContain('takeProfit');
    engine.modifyOrder(stop.id, { stopPrice: 97 }, T0 + 1);
    expect(engine.order(stop.id).stopPrice).toBe(97);
  });

  it('refuses prices and quantities beyond the instrument precision instead of rounding them', () => {
    const engine = makeEngine();
    engine.onQuote(quote('BTCUSD', '60000', '60000.5'));
    expect(rejection(() => engine.placeOrder({ symbol: 'BTCUSD', type: Limit, side: 1, qty: 0.001, limitPrice: 1e-9 }, T0)).message).toContain('decimal places');
    expect(rejection(() => engine.placeOrder({ symbol: 'BTCUSD', type: Limit, side: 1, qty: 1e-10, limitPrice: 50_000 }, T0)).code).toBe(ErrorCode.VALIDATION_ERROR);
    expect(rejection(() => engine.placeOrder({ symbol: 'BTCUSD', type: Limit, side: 1, qty: 0.0015, limitPrice: 50_000 }, T0)).code).toBe(ErrorCode.VALIDATION_ERROR);
    expect(engine.orders()).toEqual([]);
  });

  it('takes symbols in any case and answers with the canonical one', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '100.00', '100.02'));
    const { orderId } = engine.placeOrder({ symbol: 'aapl', type: Market, side: 1, qty: 2, clientOrderId: 'x' }, T0);
    expect(engine.order(orderId).symbol).toBe('AAPL');
    expect(engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 2, clientOrderId: 'x' }, T0).orderId).toBe(orderId);
    expect(engine.executions('aapl')).toHaveLength(1);
    engine.closePosition('Aapl', 1, T0 + 1);
    expect(engine.positions()).toMatchObject([{ symbol: 'AAPL', qty: 1 }]);
    expect(engine.leverageInfo('aapl').symbol).toBe('AAPL');
    expect(AAPL.symbol).toBe('AAPL');
  });
});

describe('preview', () => {
  it('names a stop on the wrong side of the market as an error instead of failing', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '100.00', '100.02'));
    const preview = engine.previewOrder({ symbol: 'AAPL', type: Stop, side: 1, qty: 1, stopPrice: 99 }, T0);
    expect(preview.errors?.[0]).toContain('above the ask');
  });
});
