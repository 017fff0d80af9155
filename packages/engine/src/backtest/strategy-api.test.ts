/** The strategy API in a backtest: several symbols, parameters, quotes, timers on the simulated clock, logging and stop. */
import { describe, expect, it } from 'vitest';
import { OrderStatus } from '@trading-pro/contracts';
import { runBacktest } from './run-backtest.ts';
import { defineStrategy } from './strategy.ts';
import { DAY, FIVE_BARS, T0, TEST, bars } from './fixtures/test-bars.ts';

const OTHER = { ...TEST, symbol: 'OTHER' };
/** OTHER trades from the third day only, at twice TEST's prices. */
const OTHER_BARS = FIVE_BARS.slice(2).map((bar) => ({ ...bar, open: bar.open * 2n, high: bar.high * 2n, low: bar.low * 2n, close: bar.close * 2n }));

describe('several symbols', () => {
  it('calls onBar once per symbol and bar, in time order, with each bar’s own symbol and index', () => {
    const seen: string[] = [];
    const strategy = defineStrategy({ name: 'watch', onBar: (bar, ctx) => void seen.push(`${(bar.time - T0) / DAY}:${bar.symbol}#${bar.index}:${ctx.symbol}:${ctx.bar()?.close}`) });
    const { report } = runBacktest({ data: [{ symbol: 'TEST', bars: FIVE_BARS, instrument: TEST }, { symbol: 'OTHER', bars: OTHER_BARS, instrument: OTHER }], strategy });
    expect(seen).toEqual(['0:TEST#0:TEST:100.5', '1:TEST#1:TEST:102', '2:TEST#2:TEST:99', '2:OTHER#0:OTHER:198', '3:TEST#3:TEST:105', '3:OTHER#1:OTHER:210', '4:TEST#4:TEST:104.5', '4:OTHER#2:OTHER:209']);
    expect(report.symbols).toEqual(['TEST', 'OTHER']);
    expect(report.bars).toBe(5);
  });

  it('trades each symbol, and benchmarks an equal-weight buy and hold (cash until a symbol’s first bar)', () => {
    const strategy = defineStrategy({ name: 'one each', onBar: (bar, ctx) => void (bar.index === 0 && ctx.placeOrder({ type: 2, side: 1, qty: 10 })) });
    const { report, engine } = runBacktest({ data: [{ symbol: 'TEST', bars: FIVE_BARS, instrument: TEST }, { symbol: 'OTHER', bars: OTHER_BARS, instrument: OTHER }], strategy, initialCash: 10_000 });
    expect(engine.positions().map((p) => [p.symbol, p.qty]).sort()).toEqual([['OTHER', 10], ['TEST', 10]]);
    // 5,000 in TEST from 100.5; 5,000 in OTHER from 198 (its first close, on day 2), cash before that.
    expect(report.curve.benchmark[1]).toBeCloseTo((5_000 * 102) / 100.5 + 5_000, 9);
    expect(report.benchmark.finalEquity).toBeCloseTo((5_000 * 104.5) / 100.5 + (5_000 * 209) / 198, 9);
    // Both positions open from their fills to the end: the union of the two spans (days 1 to 4 of 5).
    expect(report.exposure).toBe(0.8);
  });
});

describe('parameters, quotes, timers, log and stop', () => {
  it('hands the strategy its parameters: the given ones, else its declared defaults', () => {
    const seen: number[] = [];
    const strategy = defineStrategy({ name: 'params', params: { size: 3 }, onBar: (_bar, ctx) => void seen.push(ctx.params.size) });
    runBacktest({ symbol: 'TEST', bars: FIVE_BARS.slice(0, 1), instrument: TEST, strategy });
    runBacktest({ symbol: 'TEST', bars: FIVE_BARS.slice(0, 1), instrument: TEST, strategy, params: { size: 7 } });
    expect(seen).toEqual([3, 7]);
  });

  it('quotes the latest quote of the current symbol and of another one', () => {
    const quotes: unknown[] = [];
    const strategy = defineStrategy({ name: 'quotes', onBar: (_bar, ctx) => void quotes.push([ctx.quote()?.last, ctx.quote('OTHER')?.last ?? null, ctx.quote('NONE')]) });
    runBacktest({ data: [{ symbol: 'TEST', bars: FIVE_BARS.slice(0, 3), instrument: TEST }, { symbol: 'OTHER', bars: OTHER_BARS.slice(0, 1), instrument: OTHER }], strategy });
    // On day 2 both symbols' quotes come before either onBar: TEST sees OTHER's close of the same day.
    expect(quotes).toEqual([[100.5, null, undefined], [102, null, undefined], [99, 198, undefined], [198, 198, undefined]]);
  });

  it('runs timers on the simulated clock, due ones before the bar, and logs with the simulated time', () => {
    const lines: string[] = [];
    const strategy = defineStrategy({
      name: 'timers',
      init(ctx) {
        ctx.every(DAY, () => ctx.log('daily'));
        const cancel = ctx.after(DAY / 2, () => ctx.log('never'));
        cancel();
        ctx.after(DAY + DAY / 2, () => ctx.log('once'));
      },
      onBar: (bar, ctx) => ctx.log(`bar ${bar.index}`),
    });
    runBacktest({ symbol: 'TEST', bars: FIVE_BARS.slice(0, 3), instrument: TEST, strategy, log: (line) => lines.push(line) });
    const start = T0 - 1;
    const at = (t: number) => new Date(t).toISOString();
    const close = (i: number) => T0 + i * DAY + (3 * DAY) / 4;
    expect(lines).toEqual([
      `${at(close(0))} bar 0`,
      `${at(start + DAY)} daily`,
      `${at(start + DAY + DAY / 2)} once`,
      `${at(close(1))} bar 1`,
      `${at(start + 2 * DAY)} daily`,
      `${at(close(2))} bar 2`,
    ]);
  });

  it('ends the run when the strategy stops: its working orders are canceled, onStop runs, the report covers the bars run', () => {
    const calls: string[] = [];
    const strategy = defineStrategy({
      name: 'stopper',
      onBar(bar, ctx) {
        if (bar.index === 0) ctx.placeOrder({ type: 1, side: 1, qty: 1, limitPrice: 50 });
        if (bar.index === 1) ctx.stop('done early');
      },
      onStop: (ctx) => void calls.push(`onStop with ${ctx.orders().length} working`),
    });
    const run = runBacktest({ symbol: 'TEST', bars: FIVE_BARS, instrument: TEST, strategy });
    expect(run.stopReason).toBe('done early');
    expect(calls).toEqual(['onStop with 1 working']);
    expect(run.engine.orders().map((o) => o.status)).toEqual([OrderStatus.Canceled]);
    expect(run.report.bars).toBe(2);
    expect(run.report.curve.equity).toHaveLength(2);
  });

  it('refuses an empty symbol list or bars given twice', () => {
    const strategy = defineStrategy({ name: 'x', onBar() {} });
    expect(() => runBacktest({ data: [], strategy })).toThrow(/at least one symbol/);
    expect(() => runBacktest({ data: [{ symbol: 'TEST', bars: FIVE_BARS }, { symbol: 'TEST', bars: bars([['1', '1', '1', '1']]) }], strategy })).toThrow(/exactly one series/);
    expect(() => runBacktest({ symbol: 'TEST', bars: FIVE_BARS, data: [{ symbol: 'TEST', bars: FIVE_BARS }], strategy })).toThrow(/either symbol and bars, or data/);
  });
});
