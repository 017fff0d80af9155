/** The strategy API: what a strategy sees, when its orders fill, its helpers, and runs that replay identically. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OrderStatus } from '@trading-pro/contracts';
import { describe, expect, it } from 'vitest';
import { parseCsvBars } from '../market/csv-bars.ts';
import type { BacktestBar, Strategy, StrategyContext } from './strategy.ts';
import { StrategyError, runBacktest } from './run-backtest.ts';
import { DAY, FIVE_BARS, T0, TEST } from './fixtures/test-bars.ts';

const EXAMPLE_CSV = join(dirname(fileURLToPath(import.meta.url)), '../../../../examples/data/aapl-daily.csv');

function run<S>(strategy: Strategy<S>, options: { commission?: { rate: number }; latencyMs?: number } = {}) {
  return runBacktest({ symbol: 'TEST', bars: FIVE_BARS, strategy, instrument: TEST, initialCash: 10_000, ...options });
}

describe('strategy API', () => {
  it('calls onBar once per bar, in order, with the bar in numbers, at the close quote time', () => {
    const seen: [BacktestBar, number, number][] = [];
    run({ name: 'watch', onBar: (bar, ctx) => void seen.push([bar, ctx.barIndex, ctx.now]) });
    expect(seen.map(([bar]) => [bar.index, bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume])).toEqual([
      [0, T0, 100, 101, 99, 100.5, 1000],
      [1, T0 + DAY, 101, 103, 100, 102, 1000],
      [2, T0 + 2 * DAY, 102, 102.5, 98, 99, 1000],
      [3, T0 + 3 * DAY, 99.5, 106, 99, 105, 1000],
      [4, T0 + 4 * DAY, 105, 106, 104, 104.5, 1000],
    ]);
    expect(seen.map(([, index, now]) => [index, now - T0])).toEqual([0, 1, 2, 3, 4].map((i) => [i, i * DAY + (3 * DAY) / 4]));
  });

  it('gives each run its own state from init', () => {
    const counter: Strategy<{ bars: number }> = { name: 'count', init: () => ({ bars: 0 }), onBar: (_bar, _ctx, state) => void state.bars++ };
    const finals: number[] = [];
    const spy: Strategy<{ bars: number }> = { ...counter, onBar: (bar, ctx, state) => (counter.onBar(bar, ctx, state), bar.index === 4 && finals.push(state.bars)) };
    run(spy);
    run(spy);
    expect(finals).toEqual([5, 5]);
  });

  it('fills an order placed in onBar on the following quotes: a market buy at the next open ask', () => {
    const { report } = run({ name: 'buy', onBar: (_bar, ctx) => void (ctx.barIndex === 1 && ctx.placeOrder({ type: 2, side: 1, qty: 3 })) });
    expect(report.executions.map((e) => [e.time, e.price, e.qty])).toEqual([[T0 + 2 * DAY, 102.01, 3]]);
  });

  it('fills on the close quote itself when the latency is zero', () => {
    const { report } = run({ name: 'buy', onBar: (_bar, ctx) => void (ctx.barIndex === 1 && ctx.placeOrder({ type: 2, side: 1, qty: 3 })) }, { latencyMs: 0 });
    expect(report.executions.map((e) => [e.time, e.price])).toEqual([[T0 + DAY + (3 * DAY) / 4, 102.01]]);
  });

  it('fills a resting limit when a later bar reaches it, at the limit', () => {
    const { report } = run({ name: 'dip', onBar: (_bar, ctx) => void (ctx.barIndex === 0 && ctx.placeOrder({ type: 1, side: 1, qty: 2, limitPrice: 98.5 })) });
    // Bar 2 (down) goes 102 → 102.5 → 98 → 99: the ask 98.01 reaches the resting 98.50, which fills at its own price.
    expect(report.executions.map((e) => [e.time, e.price])).toEqual([[T0 + 2 * DAY + DAY / 2, 98.5]]);
  });

  it('shows positions, open orders and the account, and modifies and cancels orders', () => {
    const looks: Record<string, unknown>[] = [];
    run({
      name: 'inspect',
      onBar(_bar, ctx: StrategyContext) {
        if (ctx.barIndex === 0) {
          ctx.placeOrder({ type: 2, side: 1, qty: 4 });
          const { orderId } = ctx.placeOrder({ type: 1, side: 1, qty: 1, limitPrice: 50 });
          ctx.modifyOrder(orderId, { limitPrice: 60 });
          looks.push({ open: ctx.orders().map((o) => [o.type, o.limitPrice]) });
        }
        if (ctx.barIndex === 1) {
          const [resting] = ctx.orders();
          if (resting !== undefined) ctx.cancelOrder(resting.id);
          looks.push({ qty: ctx.positionQty(), position: ctx.position()?.avgPrice, positions: ctx.positions().length, open: ctx.orders().length, equity: ctx.equity(), balance: ctx.account().balance });
        }
      },
    });
    expect(looks).toEqual([
      { open: [[1, 60], [2, undefined]] },
      // Long 4 at 101.01, marked at the close bid 102: equity 10,000 + 3.96.
      { qty: 4, position: 101.01, positions: 1, open: 0, equity: 10_003.96, balance: 10_000 },
    ]);
  });

  it('computes simple moving averages and crossovers without looking ahead', () => {
    const seen: unknown[] = [];
    run({
      name: 'sma',
      onBar(_bar, ctx) {
        seen.push([ctx.sma(2), ctx.sma(2, 1), ctx.sma(5), ctx.crossover(1, 2), ctx.bar(-1), ctx.bar(1)?.index, ctx.sma(1, -1)]);
      },
    });
    // Closes 100.5, 102, 99, 105, 104.5. crossover(1, 2): the close against the 2-bar mean.
    expect(seen).toEqual([
      [undefined, undefined, undefined, 0, undefined, undefined, undefined],
      [101.25, undefined, undefined, 0, undefined, 0, undefined],
      [100.5, 101.25, undefined, -1, undefined, 1, undefined],
      [102, 100.5, undefined, 1, undefined, 2, undefined],
      [104.75, 102, 102.2, -1, undefined, 3, undefined],
    ]);
  });

  it('rejects an SMA period that is not a whole number ≥ 1, naming the bar', () => {
    const broken: Strategy = { name: 'broken', onBar: (_bar, ctx) => void ctx.sma(0) };
    expect(() => run(broken)).toThrow(StrategyError);
    expect(() => run(broken)).toThrow(/bar 0 \(2026-01-05T18:00:00.000Z\).*SMA period/);
  });

  it('stops on a strategy error in init or onBar and keeps the cause', () => {
    const failing: Strategy = {
      name: 'bad qty',
      onBar: (_bar, ctx) => void (ctx.barIndex === 2 && ctx.placeOrder({ type: 2, side: 1, qty: -1 })),
    };
    const error = captured(() => run(failing));
    expect(error).toBeInstanceOf(StrategyError);
    expect((error as StrategyError).message).toMatch(/^strategy bad qty failed at bar 2/);
    expect((error as StrategyError).cause).toBeDefined();
    expect(() => run({ name: 'x', init: () => { throw new Error('no'); }, onBar: () => {} })).toThrow(/failed at init: no/);
  });

  it('records the commands it sent, with their times', () => {
    const { commands, engine } = run({ name: 'buy', onBar: (_bar, ctx) => void (ctx.barIndex === 0 && ctx.placeOrder({ type: 2, side: 1, qty: 1 })) });
    expect(commands).toEqual([{ kind: 'place', time: T0 + (3 * DAY) / 4, order: { type: 2, side: 1, qty: 1, symbol: 'TEST' } }]);
    expect(engine.orders().map((o) => o.status)).toEqual([OrderStatus.Filled]);
  });
});

describe('determinism', () => {
  const cross: Strategy = {
    name: 'cross 10/30',
    onBar(_bar, ctx) {
      const signal = ctx.crossover(10, 30);
      if (signal !== 0) ctx.placeOrder({ type: 2, side: signal, qty: ctx.positionQty() === 0 ? 100 : 200 });
    },
  };

  it('gives identical reports for two runs over the same bars', () => {
    const daily = parseCsvBars(readFileSync(EXAMPLE_CSV, 'utf8'), 'aapl-daily.csv');
    const options = { symbol: 'AAPL', bars: daily, strategy: cross, commission: { rate: 0.001 }, slippage: { model: 'percent', value: 0.0005 } } as const;
    const first = runBacktest(options).report;
    const second = runBacktest(options).report;
    expect(first.summary.fills).toBeGreaterThan(10);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('adds the trades up to the books: Σ P&L = realized, Σ fees = fees paid', () => {
    const daily = parseCsvBars(readFileSync(EXAMPLE_CSV, 'utf8'), 'aapl-daily.csv');
    const { report, engine } = runBacktest({ symbol: 'AAPL', bars: daily, strategy: cross, commission: { rate: 0.001, min: 1 } });
    const trades = [...report.trades, ...(report.openTrade ? [report.openTrade] : [])];
    const cents = (values: number[]) => values.reduce((sum, v) => sum + Math.round(v * 100), 0);
    const books = engine.books();
    expect(cents(trades.map((t) => t.pl))).toBe(Number(books.realizedPL / 1_000_000n));
    expect(cents(trades.map((t) => t.fees))).toBe(Number(books.commissionPaid / 1_000_000n));
    expect(report.summary.finalEquity).toBe(Number(books.balance + books.unrealizedPL) / 1e8);
  });
});

function captured(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}
