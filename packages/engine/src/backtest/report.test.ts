/** The report's figures on five bars and one round trip, every number worked out by hand. */
import { describe, expect, it } from 'vitest';
import type { Strategy } from './strategy.ts';
import { runBacktest } from './run-backtest.ts';
import { DAY, FIVE_BARS, T0, TEST, bars } from './fixtures/test-bars.ts';

/** Buys 10 after bar 0 and sells them after bar 3: market orders, so they fill at bars 1 and 4's open. */
const roundTrip: Strategy = {
  name: 'one round trip',
  onBar(_bar, ctx) {
    if (ctx.barIndex === 0) ctx.placeOrder({ type: 2, side: 1, qty: 10 });
    if (ctx.barIndex === 3) ctx.placeOrder({ type: 2, side: -1, qty: 10 });
  },
};

describe('backtest report', () => {
  // Quotes have a one-tick spread above the price (bid = price, ask = price + 0.01).
  // Buy 10 at bar 1's open ask 101.01: notional 1,010.10, fee 0.1% = 1.0101 → 1.01.
  // Sell 10 at bar 4's open bid 105.00: notional 1,050.00, fee 1.05.
  // Realized (105 − 101.01) × 10 = 39.90; fees 2.06; net 37.84 on 10,000 = 0.3784 %.
  // Equity at the closes (longs marked at the bid = close): 10,000; 9,998.99 + 9.90 = 10,008.89;
  // 9,998.99 − 20.10 = 9,978.89; 9,998.99 + 39.90 = 10,038.89; flat at 10,037.84.
  // Drawdowns from the running peak: 0, 0, −30.00, 0, −1.05; the largest is 30.00 = 0.2997 % of 10,008.89.
  const { report } = runBacktest({ symbol: 'TEST', bars: FIVE_BARS, strategy: roundTrip, instrument: TEST, initialCash: 10_000, commission: { rate: 0.001 } });

  it('sums up P&L, fees, return and drawdown exactly', () => {
    expect(report.summary).toEqual({
      initialCash: 10_000,
      finalEquity: 10_037.84,
      netPL: 37.84,
      returnPct: 0.3784,
      realizedPL: 39.9,
      unrealizedPL: 0,
      fees: 2.06,
      maxDrawdown: 30,
      maxDrawdownPct: 0.2997,
      trades: 1,
      wins: 1,
      losses: 0,
      winRatePct: 100,
      avgTradePL: 37.84,
      bestTradePL: 37.84,
      worstTradePL: 37.84,
      orders: 2,
      rejectedOrders: 0,
      fills: 2,
    });
  });

  it('lists the round trip with its entry, exit, P&L and fees', () => {
    expect(report.trades).toEqual([
      { side: 1, qty: 10, entryTime: T0 + DAY, entryPrice: 101.01, exitTime: T0 + 4 * DAY, exitPrice: 105, pl: 39.9, fees: 2.06, netPL: 37.84, fills: 2 },
    ]);
    expect(report.openTrade).toBeUndefined();
  });

  it('samples equity and drawdown at every bar close', () => {
    expect(report.curve).toEqual({
      time: [0, 1, 2, 3, 4].map((i) => T0 + i * DAY),
      close: [100.5, 102, 99, 105, 104.5],
      equity: [10_000, 10_008.89, 9_978.89, 10_038.89, 10_037.84],
      drawdown: [0, 0, -30, 0, -1.05],
      benchmark: [100.5, 102, 99, 105, 104.5].map((close) => (10_000 * close) / 100.5),
    });
  });

  it('puts the performance figures and the buy-and-hold benchmark at the top level', () => {
    const metrics = report;
    const keys = ['sharpe', 'sortino', 'cagr', 'volatility', 'calmar', 'maxDrawdown', 'maxDrawdownDuration', 'exposure', 'winRate', 'profitFactor', 'averageWin', 'averageLoss', 'commissions', 'benchmark'];
    expect(Object.keys(JSON.parse(JSON.stringify(report)) as object)).toEqual(expect.arrayContaining(keys));
    expect(report).not.toHaveProperty('metrics');
    // In the market from the fill at bar 1 to the exit at bar 4: bars 1, 2 and 3 of 5.
    expect(metrics.exposure).toBe(0.6);
    expect(metrics).toMatchObject({ winRate: 1, profitFactor: null, averageWin: 37.84, averageLoss: 0, commissions: 2.06 });
    expect(metrics.maxDrawdown).toBeCloseTo(30 / 10_008.89, 12);
    // Peak at bar 1, back above it at bar 3: two days.
    expect(metrics.maxDrawdownDuration).toBe(2 * DAY);
    const years = (4 * DAY) / (365.25 * DAY);
    expect(metrics.cagr).toBeCloseTo((10_037.84 / 10_000) ** (1 / years) - 1, 10);
    expect(metrics.calmar).toBeCloseTo(metrics.cagr / metrics.maxDrawdown, 10);
    expect(metrics.benchmark.totalReturn).toBeCloseTo(104.5 / 100.5 - 1, 12);
    expect(metrics.benchmark.maxDrawdown).toBeCloseTo(3 / 102, 12);
    expect(metrics.benchmark.finalEquity).toBeCloseTo(10_398.01, 2);
  });

  it('reports the fills as executions', () => {
    expect(report.executions.map((e) => [e.side, e.qty, e.price, e.commission, e.time])).toEqual([
      [1, 10, 101.01, 1.01, T0 + DAY],
      [-1, 10, 105, 1.05, T0 + 4 * DAY],
    ]);
  });

  it('keeps a position still open at the end as the open trade, valued at the last bid', () => {
    const holdOn: Strategy = { name: 'hold', onBar: (_bar, ctx) => void (ctx.barIndex === 0 && ctx.placeOrder({ type: 2, side: 1, qty: 10 })) };
    const { report: open } = runBacktest({ symbol: 'TEST', bars: FIVE_BARS, strategy: holdOn, instrument: TEST, initialCash: 10_000 });
    expect(open.summary).toMatchObject({ trades: 0, winRatePct: 0, unrealizedPL: 34.9, finalEquity: 10_034.9, netPL: 34.9 });
    expect(open.openTrade).toEqual({ side: 1, qty: 10, entryTime: T0 + DAY, entryPrice: 101.01, pl: 0, fees: 0, netPL: 0, fills: 1 });
  });

  it('splits a flipping fill between the trade it closes and the one it opens', () => {
    // Long 10 at 101.01 (bar 1's open ask); the sell of 15 sent after bar 2 fills at bar 3's open bid, 99.50.
    const flip: Strategy = {
      name: 'flip',
      onBar(_bar, ctx) {
        if (ctx.barIndex === 0) ctx.placeOrder({ type: 2, side: 1, qty: 10 });
        if (ctx.barIndex === 2) ctx.placeOrder({ type: 2, side: -1, qty: 15 });
      },
    };
    const { report: flipped } = runBacktest({ symbol: 'TEST', bars: FIVE_BARS, strategy: flip, instrument: TEST, initialCash: 10_000, commission: { rate: 0.001 } });
    // Sell 15 at 99.50: notional 1,492.50, fee 1.4925 → 1.49; 10/15 of it (0.99) closes the long, 0.50 opens the short.
    expect(flipped.trades).toEqual([
      { side: 1, qty: 10, entryTime: T0 + DAY, entryPrice: 101.01, exitTime: T0 + 3 * DAY, exitPrice: 99.5, pl: -15.1, fees: 2, netPL: -17.1, fills: 2 },
    ]);
    expect(flipped.openTrade).toEqual({ side: -1, qty: 5, entryTime: T0 + 3 * DAY, entryPrice: 99.5, pl: 0, fees: 0.5, netPL: -0.5, fills: 1 });
    expect(flipped.summary).toMatchObject({ realizedPL: -15.1, fees: 2.5, fills: 2 });
  });

  it('counts a rejected order and reports why', () => {
    const reasons: string[] = [];
    const greedy: Strategy = {
      name: 'greedy',
      onBar(_bar, ctx) {
        if (ctx.barIndex !== 0) return;
        const outcome = ctx.placeOrder({ type: 2, side: 1, qty: 1_000 });
        if (outcome.rejectReason !== undefined) reasons.push(outcome.rejectReason);
      },
    };
    const { report: rejected } = runBacktest({ symbol: 'TEST', bars: bars([['100', '100', '100', '100']]), strategy: greedy, instrument: TEST, initialCash: 1_000 });
    expect(rejected.summary).toMatchObject({ orders: 1, rejectedOrders: 1, fills: 0 });
    expect(reasons).toHaveLength(1);
  });
});
