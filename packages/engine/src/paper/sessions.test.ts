import { describe, expect, it } from 'vitest';
import { ErrorCode, OrderStatus, OrderType, TradingError } from '@trading-pro/contracts';
import { catalogOf } from '../market/instrument.ts';
import type { Instrument } from '../market/instrument.ts';
import { US_EQUITY_SESSION } from '../market/instruments.ts';
import { AAPL, BTC, quote } from './test-support.ts';
import { PaperEngine } from './engine.ts';
import type { PaperEngineConfig } from './core.ts';

const { Limit, Market, Stop } = OrderType;
/** AAPL on the NYSE calendar (holidays, early closes, pre- and post-market). */
const NYSE_AAPL: Instrument = { ...AAPL, session: US_EQUITY_SESSION };
const at = (text: string): number => Date.parse(text);
const SATURDAY = at('2026-11-21T15:00:00Z');
const MONDAY_OPEN = at('2026-11-23T14:30:00Z');

function makeEngine(overrides: Partial<PaperEngineConfig> = {}): PaperEngine {
  return new PaperEngine({ accountId: 'T', accountName: 'T', currency: 'USD', initialBalance: 100_000, instruments: catalogOf([NYSE_AAPL, BTC]), ...overrides });
}

function rejection(run: () => unknown): TradingError {
  try {
    run();
  } catch (error) {
    if (error instanceof TradingError) return error;
    throw error;
  }
  throw new Error('expected a TradingError');
}

describe('orders outside the session', () => {
  it('accepts a GTC limit at the weekend as Working and fills it at the opening price on Monday', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '100.00', '100.02', { time: at('2026-11-20T20:59:00Z') }));
    const { orderId, rejection: refused } = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 10, limitPrice: 99 }, SATURDAY);
    expect(refused).toBeUndefined();
    expect(engine.order(orderId).status).toBe(OrderStatus.Working);
    // A stale or off-hours quote through the limit does not fill it.
    engine.onQuote(quote('AAPL', '98.00', '98.02', { time: at('2026-11-23T13:00:00Z') })); // pre-market
    expect(engine.order(orderId).filledQty).toBe(0);
    // The open gaps below the limit: the opening auction fills it at the opening price, not at 99.
    engine.onQuote(quote('AAPL', '97.50', '97.52', { time: MONDAY_OPEN }));
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Filled, avgPrice: 97.52 });
  });

  it('queues a market order for the open, or refuses it with offHours: reject', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '100.00', '100.02', { time: at('2026-11-20T20:59:00Z') }));
    const { orderId } = engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 5 }, SATURDAY);
    expect(engine.order(orderId).status).toBe(OrderStatus.Working);
    expect(engine.advance(MONDAY_OPEN + 1000)).toEqual([]); // the clock reaches the open, but no quote yet
    engine.onQuote(quote('AAPL', '101.00', '101.02', { time: MONDAY_OPEN + 2000 }));
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Filled, avgPrice: 101.02 });

    const strict = makeEngine({ offHours: 'reject' });
    strict.onQuote(quote('AAPL', '100.00', '100.02', { time: at('2026-11-20T20:59:00Z') }));
    const refused = strict.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 5 }, SATURDAY);
    expect(refused.rejection?.code).toBe(ErrorCode.MARKET_CLOSED);
    expect(strict.order(refused.orderId).status).toBe(OrderStatus.Rejected);
    // Limits are still accepted.
    expect(strict.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 5, limitPrice: 90 }, SATURDAY).rejection).toBeUndefined();
  });

  it('refuses IOC and FOK while closed: they need an open market', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '100.00', '100.02', { time: at('2026-11-20T20:59:00Z') }));
    const ioc = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 5, limitPrice: 101, duration: { type: 'IOC' } }, SATURDAY);
    expect(ioc.rejection?.code).toBe(ErrorCode.MARKET_CLOSED);
  });

  it('works a DAY order placed on Thanksgiving on the half day after it, and expires it at the 13:00 close', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '100.00', '100.02', { time: at('2026-11-25T20:59:00Z') }));
    const { orderId } = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 1, limitPrice: 90, duration: { type: 'DAY' } }, at('2026-11-26T15:00:00Z'));
    expect(engine.order(orderId).status).toBe(OrderStatus.Working);
    engine.advance(at('2026-11-27T17:59:00Z'));
    expect(engine.order(orderId).status).toBe(OrderStatus.Working);
    engine.advance(at('2026-11-27T18:00:00Z'));
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Canceled, rejectReason: 'expired' });
  });

  it('does not fill a regular order on post-market quotes; the next session does', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '100.00', '100.02', { time: at('2026-11-20T20:00:00Z') }));
    const { orderId } = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: -1, qty: 1, limitPrice: 101 }, at('2026-11-20T20:00:00Z'));
    engine.onQuote(quote('AAPL', '102.00', '102.02', { time: at('2026-11-20T22:00:00Z') }));
    expect(engine.order(orderId).filledQty).toBe(0);
    engine.onQuote(quote('AAPL', '100.50', '100.52', { time: MONDAY_OPEN }));
    engine.onQuote(quote('AAPL', '101.00', '101.02', { time: MONDAY_OPEN + 60_000 }));
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Filled, avgPrice: 101 });
  });
});

describe('extended hours', () => {
  it('accepts extendedHours only on DAY limit orders, as Alpaca', () => {
    const engine = makeEngine();
    for (const req of [
      { symbol: 'AAPL', type: Market, side: 1, qty: 1, extendedHours: true, duration: { type: 'DAY' } },
      { symbol: 'AAPL', type: Limit, side: 1, qty: 1, limitPrice: 99, extendedHours: true },
    ] as const) {
      expect(rejection(() => engine.placeOrder(req, SATURDAY)).code).toBe(ErrorCode.VALIDATION_ERROR);
    }
  });

  it('fills an extended-hours limit in pre-market, where a regular one waits for the open', () => {
    const engine = makeEngine();
    const pre = at('2026-11-23T12:00:00Z'); // 07:00 New York
    engine.onQuote(quote('AAPL', '100.00', '100.02', { time: pre }));
    const extended = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 1, limitPrice: 99.5, duration: { type: 'DAY' }, extendedHours: true }, pre);
    const regular = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 1, limitPrice: 99.5, duration: { type: 'DAY' } }, pre);
    expect(engine.order(extended.orderId)).toMatchObject({ status: OrderStatus.Working, extendedHours: true });
    engine.onQuote(quote('AAPL', '99.40', '99.45', { time: pre + 60_000 }));
    expect(engine.order(extended.orderId)).toMatchObject({ status: OrderStatus.Filled, avgPrice: 99.5 });
    expect(engine.order(regular.orderId).filledQty).toBe(0);
  });
});

describe('24x7 markets', () => {
  it('never closes crypto', () => {
    const engine = makeEngine();
    engine.onQuote(quote('BTCUSD', '60000', '60000.5', { time: SATURDAY }));
    const { orderId } = engine.placeOrder({ symbol: 'BTCUSD', type: Market, side: 1, qty: 0.01 }, SATURDAY);
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Filled, avgPrice: 60000.5 });
  });

  it('treats every market as open without market hours', () => {
    const engine = makeEngine({ checkMarketHours: false });
    engine.onQuote(quote('AAPL', '100.00', '100.02', { time: SATURDAY }));
    const { orderId } = engine.placeOrder({ symbol: 'AAPL', type: Stop, side: 1, qty: 1, stopPrice: 100.5 }, SATURDAY);
    engine.onQuote(quote('AAPL', '100.60', '100.62', { time: SATURDAY + 1000 }));
    expect(engine.order(orderId).status).toBe(OrderStatus.Filled);
  });
});

describe('extended hours from a closed market', () => {
  it('starts an extended-hours order placed at the weekend with Monday 04:00 pre-market', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '100.00', '100.02', { time: at('2026-11-20T20:59:00Z') }));
    const { orderId } = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 1, limitPrice: 99.5, duration: { type: 'DAY' }, extendedHours: true }, SATURDAY);
    engine.onQuote(quote('AAPL', '99.00', '99.02', { time: at('2026-11-23T08:59:00Z') })); // 03:59 New York: shut
    expect(engine.order(orderId).filledQty).toBe(0);
    engine.onQuote(quote('AAPL', '99.00', '99.02', { time: at('2026-11-23T09:01:00Z') })); // 04:01: pre-market
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Filled, avgPrice: 99.02 });
  });
});
