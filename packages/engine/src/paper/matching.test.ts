import { describe, expect, it } from 'vitest';
import { OrderStatus, OrderType } from '@trading-pro/contracts';
import { AAPL, BTC, T0, makeEngine, quote } from './test-support.ts';

const { Limit, Market, Stop, StopLimit } = OrderType;

describe('order types', () => {
  it('fills a market buy at the ask and a market sell at the bid', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '100.00', '100.02'));
    const buy = engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 10 }, T0);
    expect(engine.order(buy.orderId)).toMatchObject({ status: OrderStatus.Filled, filledQty: 10, avgPrice: 100.02 });
    const sell = engine.placeOrder({ symbol: 'AAPL', type: Market, side: -1, qty: 4 }, T0);
    expect(engine.order(sell.orderId)).toMatchObject({ status: OrderStatus.Filled, avgPrice: 100 });
    expect(engine.executions('AAPL').map((e) => [e.side, e.qty, e.price])).toEqual([[1, 10, 100.02], [-1, 4, 100]]);
  });

  it('rejects a market order when the symbol has no quote', () => {
    const engine = makeEngine();
    const result = engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 1 }, T0);
    expect(result.rejection?.code).toBe('ORDER_REJECTED');
    expect(engine.order(result.orderId)).toMatchObject({ status: OrderStatus.Rejected, rejectReason: expect.stringContaining('no quote') });
  });

  it('rests a buy limit until the ask reaches it, then fills at its own limit (a maker fill), even through a gap', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '100.00', '100.02'));
    const { orderId } = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 5, limitPrice: 99.5 }, T0);
    expect(engine.order(orderId).status).toBe(OrderStatus.Working);
    expect(engine.onQuote(quote('AAPL', '99.50', '99.52', { time: T0 + 1 }))).toEqual([]);
    const events = engine.onQuote(quote('AAPL', '99.40', '99.45', { time: T0 + 2 }));
    expect(events.length).toBeGreaterThan(0);
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Filled, avgPrice: 99.5 });
  });

  it('fills a resting sell limit at its limit when the bid reaches it', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '100.00', '100.02'));
    const { orderId } = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: -1, qty: 5, limitPrice: 101 }, T0);
    engine.onQuote(quote('AAPL', '101.10', '101.12', { time: T0 + 1 }));
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Filled, avgPrice: 101 });
  });

  it('triggers a buy stop when the ask touches it and fills it as a market order', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '100.00', '100.02'));
    const { orderId } = engine.placeOrder({ symbol: 'AAPL', type: Stop, side: 1, qty: 3, stopPrice: 101 }, T0);
    engine.onQuote(quote('AAPL', '100.97', '100.99', { time: T0 + 1 }));
    expect(engine.order(orderId).status).toBe(OrderStatus.Working);
    engine.onQuote(quote('AAPL', '100.99', '101.01', { time: T0 + 2 }));
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Filled, avgPrice: 101.01 });
  });

  it('triggers a sell stop when the bid falls to it', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '100.00', '100.02'));
    const { orderId } = engine.placeOrder({ symbol: 'AAPL', type: Stop, side: -1, qty: 3, stopPrice: 99 }, T0);
    engine.onQuote(quote('AAPL', '98.90', '98.95', { time: T0 + 1 }));
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Filled, avgPrice: 98.9 });
  });

  it('triggers a stop-limit and then rests it as a limit', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '100.00', '100.02'));
    const { orderId } = engine.placeOrder({ symbol: 'AAPL', type: StopLimit, side: 1, qty: 2, stopPrice: 101, limitPrice: 101.05 }, T0);
    engine.onQuote(quote('AAPL', '101.08', '101.10', { time: T0 + 1 })); // triggers; ask above the limit
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Working, filledQty: 0 });
    engine.onQuote(quote('AAPL', '101.00', '101.04', { time: T0 + 2 }));
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Filled, avgPrice: 101.05 });
  });
});

describe('partial fills and displayed size', () => {
  it('fills a market order against the displayed size and works the rest on later quotes, averaging the price', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '100.00', '100.02', { askSize: '30' }));
    const { orderId } = engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 50 }, T0);
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Working, filledQty: 30 });
    engine.onQuote(quote('AAPL', '100.10', '100.12', { time: T0 + 1, askSize: '30' }));
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Filled, filledQty: 50, avgPrice: 100.06 }); // (30×100.02 + 20×100.12)/50
  });

  it('shares one quote’s displayed size between orders in time priority', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '100.00', '100.02'));
    const first = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 6, limitPrice: 99 }, T0);
    const second = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 6, limitPrice: 99 }, T0);
    engine.onQuote(quote('AAPL', '98.90', '98.95', { time: T0 + 1, askSize: '8' }));
    expect(engine.order(first.orderId).filledQty).toBe(6);
    expect(engine.order(second.orderId).filledQty).toBe(2);
  });
});

describe('time in force', () => {
  it('IOC fills what is available now and cancels the rest', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '100.00', '100.02', { askSize: '7' }));
    const { orderId } = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 10, limitPrice: 100.05, duration: { type: 'IOC' } }, T0);
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Canceled, filledQty: 7 });
  });

  it('FOK fills completely or cancels with nothing filled', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '100.00', '100.02', { askSize: '7' }));
    const partial = engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 10, duration: { type: 'FOK' } }, T0);
    expect(engine.order(partial.orderId)).toMatchObject({ status: OrderStatus.Canceled, filledQty: 0 });
    expect(engine.executions()).toEqual([]);
    const whole = engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 7, duration: { type: 'FOK' } }, T0);
    expect(engine.order(whole.orderId)).toMatchObject({ status: OrderStatus.Filled, filledQty: 7 });
  });

  it('expires DAY orders at the session close', () => {
    const engine = makeEngine();
    engine.onQuote(quote('AAPL', '100.00', '100.02'));
    const { orderId } = engine.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 1, limitPrice: 90, duration: { type: 'DAY' } }, T0);
    expect(engine.advance(Date.parse('2026-11-20T20:59:59Z'))).toEqual([]);
    const events = engine.advance(Date.parse('2026-11-20T21:00:00Z'));
    expect(events).toHaveLength(1);
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Canceled, rejectReason: 'expired' });
  });

  it('expires DAY orders on a 24x7 market at the next 00:00 UTC', () => {
    const engine = makeEngine();
    engine.onQuote(quote('BTCUSD', '50000', '50001'));
    const { orderId } = engine.placeOrder({ symbol: 'BTCUSD', type: Limit, side: 1, qty: 0.01, limitPrice: 40000, duration: { type: 'DAY' } }, T0);
    engine.onQuote(quote('BTCUSD', '50000', '50001', { time: Date.parse('2026-11-20T23:59:59Z') }));
    expect(engine.order(orderId).status).toBe(OrderStatus.Working);
    engine.onQuote(quote('BTCUSD', '50000', '50001', { time: Date.parse('2026-11-21T00:00:00Z') }));
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Canceled, rejectReason: 'expired' });
  });
});

describe('latency, slippage and commission', () => {
  it('cannot fill an order before its latency has elapsed', () => {
    const engine = makeEngine({ latencyMs: 50 });
    engine.onQuote(quote('AAPL', '100.00', '100.02'));
    const { orderId } = engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 1 }, T0);
    expect(engine.order(orderId).status).toBe(OrderStatus.Working);
    engine.onQuote(quote('AAPL', '100.00', '100.03', { time: T0 + 49 }));
    expect(engine.order(orderId).filledQty).toBe(0);
    engine.onQuote(quote('AAPL', '100.00', '100.04', { time: T0 + 50 }));
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Filled, avgPrice: 100.04 });
  });

  it('fills a delayed order on advance against the latest quote', () => {
    const engine = makeEngine({ latencyMs: 50 });
    engine.onQuote(quote('AAPL', '100.00', '100.02'));
    const { orderId } = engine.placeOrder({ symbol: 'AAPL', type: Market, side: -1, qty: 1 }, T0);
    engine.advance(T0 + 50);
    expect(engine.order(orderId)).toMatchObject({ status: OrderStatus.Filled, avgPrice: 100 });
  });

  it('moves market fills by the slippage model, rounded to the tick against the taker', () => {
    const engine = makeEngine({ slippage: { model: 'percent', value: 0.001 } });
    engine.onQuote(quote('AAPL', '100.00', '100.02'));
    const buy = engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 1 }, T0);
    expect(engine.order(buy.orderId).avgPrice).toBe(100.13); // 100.02 + 0.10002 → ceil to 100.13
    const sell = engine.placeOrder({ symbol: 'AAPL', type: Market, side: -1, qty: 1 }, T0);
    expect(engine.order(sell.orderId).avgPrice).toBe(99.9);
  });

  it('charges commission per fill rounded to the cent, at least the minimum per order', () => {
    const engine = makeEngine({ commission: { rate: 0.001, min: 1 } });
    engine.onQuote(quote('AAPL', '100.00', '100.02', { askSize: '5' }));
    const small = engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 1 }, T0);
    expect(engine.order(small.orderId).commission).toBe(1);
    const big = engine.placeOrder({ symbol: 'AAPL', type: Market, side: 1, qty: 30 }, T0);
    engine.onQuote(quote('AAPL', '100.00', '100.02', { time: T0 + 1, askSize: '100' }));
    const fees = engine.executions().filter((e) => e.orderId === big.orderId).map((e) => e.commission);
    expect(fees).toEqual([1, 2.6]); // 4 × 100.02 → 0.40 topped up to 1; then 26 × 100.02 × 0.1% = 2.60052 → 2.60
    expect(engine.order(big.orderId).commission).toBe(3.6);
    expect(engine.account().balance).toBe(99_995.4);
  });
});

describe('validation and business rejections', () => {
  const engine = makeEngine();
  engine.onQuote(quote('AAPL', '100.00', '100.02'));

  it.each([
    ['an off-tick price', { symbol: 'AAPL', type: Limit, side: 1, qty: 1, limitPrice: 100.005 }],
    ['an off-lot quantity', { symbol: 'AAPL', type: Market, side: 1, qty: 1.5 }],
    ['a quantity below the minimum', { symbol: 'BTCUSD', type: Market, side: 1, qty: 0.0005 }],
    ['a limit order without limitPrice', { symbol: 'AAPL', type: Limit, side: 1, qty: 1 }],
    ['a stop order without stopPrice', { symbol: 'AAPL', type: Stop, side: 1, qty: 1 }],
    ['a take-profit below a buy', { symbol: 'AAPL', type: Limit, side: 1, qty: 1, limitPrice: 100, takeProfit: 99 }],
    ['a stop-loss above a buy', { symbol: 'AAPL', type: Limit, side: 1, qty: 1, limitPrice: 100, stopLoss: 101 }],
    ['IOC on a stop order', { symbol: 'AAPL', type: Stop, side: 1, qty: 1, stopPrice: 101, duration: { type: 'IOC' as const } }],
  ] as const)('throws VALIDATION_ERROR and records nothing for %s', (_, req) => {
    expect(() => engine.placeOrder(req, T0)).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    expect(engine.orders()).toEqual([]);
  });

  it('records an unknown symbol as a rejected order', () => {
    const fresh = makeEngine();
    const result = fresh.placeOrder({ symbol: 'NOPE', type: Limit, side: 1, qty: 1, limitPrice: 1 }, T0);
    expect(result.rejection?.code).toBe('UNKNOWN_SYMBOL');
    expect(result.events).toHaveLength(1);
    expect(fresh.order(result.orderId)).toMatchObject({ status: OrderStatus.Rejected, rejectReason: 'unknown symbol NOPE' });
  });

  it('accepts limit orders while the market is closed (they work from the open), and never closes 24x7 crypto', () => {
    const fresh = makeEngine();
    const saturday = Date.parse('2026-11-21T15:00:00Z');
    const closed = fresh.placeOrder({ symbol: 'AAPL', type: Limit, side: 1, qty: 1, limitPrice: 90 }, saturday);
    expect(closed.rejection).toBeUndefined();
    expect(fresh.order(closed.orderId).status).toBe(OrderStatus.Working);
    const crypto = fresh.placeOrder({ symbol: BTC.symbol, type: Limit, side: 1, qty: 0.01, limitPrice: 100 }, saturday);
    expect(crypto.rejection).toBeUndefined();
    expect(makeEngine({ checkMarketHours: false }).placeOrder({ symbol: AAPL.symbol, type: Limit, side: 1, qty: 1, limitPrice: 90 }, saturday).rejection).toBeUndefined();
  });
});
