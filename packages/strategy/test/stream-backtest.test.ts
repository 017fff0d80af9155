/** Streamed backtests: streams merged by time, and a replay of them that keeps only recent bars yet trades as a full one. */
import { describe, expect, it } from 'vitest';
import { OrderType, parseFixed } from '@trading-pro/contracts';
import { parseCsvBars, runBacktest } from '@trading-pro/engine';
import type { Instrument, MarketBar } from '@trading-pro/engine';
import { defineStrategy, mergeBarStreams, replayBarStream } from '../src/index.ts';
import type { SymbolBar } from '../src/index.ts';
import { WAVE_START, waveCsv } from './wave-bars.ts';

const MINUTE = 60_000;

function instrument(symbol: string): Instrument {
  return {
    symbol, description: symbol, type: 'crypto', exchange: 'SIM', currency: 'USD',
    tickSize: parseFixed('0.01'), lotStep: parseFixed('0.001'), minQty: parseFixed('0.001'),
    session: { spec: '24x7', timezone: 'Etc/UTC' }, maxLeverage: 1, defaultLeverage: 1,
  };
}

const ONE = 100_000_000n;
const bar = (symbol: string, minute: number, close = ONE): SymbolBar => ({ symbol, time: WAVE_START + minute * MINUTE, open: ONE, high: ONE, low: ONE, close, volume: 0n });
const tagged = (symbol: string, bars: readonly MarketBar[]): SymbolBar[] => bars.map((b) => ({ ...b, symbol }));

/** Three symbols of wave bars; the second starts later and skips some minutes, as real data does. */
function waveData(): { symbol: string; bars: MarketBar[] }[] {
  return [
    { symbol: 'AAA', bars: parseCsvBars(waveCsv(600, 90), 'AAA') },
    { symbol: 'BBB', bars: parseCsvBars(waveCsv(600, 120, 30_000, 900), 'BBB').slice(40).filter((_, i) => i % 17 !== 5) },
    { symbol: 'CCC', bars: parseCsvBars(waveCsv(600, 70, 1_000, 40), 'CCC') },
  ];
}

/** Trades every symbol on its SMA crossover, sized from the equity, with timers and lookbacks into its bars. */
const crossover = defineStrategy<{ rebalances: number }, { fast: number; slow: number }>({
  name: 'cross-all',
  params: { fast: 5, slow: 20 },
  init: (ctx) => {
    const state = { rebalances: 0 };
    ctx.every(60 * MINUTE, () => void state.rebalances++);
    return state;
  },
  onBar: (current, ctx) => {
    const signal = ctx.crossover(ctx.params.fast, ctx.params.slow);
    const ago = ctx.bar(3);
    if (signal === 0 || ago === undefined) return;
    const held = ctx.positionQty();
    const qty = Math.floor((ctx.equity() * 0.2) / current.close * 1000) / 1000;
    if (signal === 1 && held <= 0 && qty > 0) ctx.placeOrder({ type: OrderType.Market, side: 1, qty: qty - held });
    if (signal === -1 && held > 0) ctx.placeOrder({ type: OrderType.Market, side: -1, qty: held });
  },
});

describe('mergeBarStreams', () => {
  it('merges time-ordered streams into one, same-time bars in the order of their streams', () => {
    const merged = [...mergeBarStreams([[bar('B', 1), bar('B', 3)], [], [bar('A', 0), bar('A', 1), bar('A', 2)], [bar('C', 3)]])];
    expect(merged.map((b) => `${b.symbol}${(b.time - WAVE_START) / MINUTE}`)).toEqual(['A0', 'B1', 'A1', 'A2', 'B3', 'C3']);
  });

  it('pulls each stream only as far as its next bar', () => {
    let pulled = 0;
    function* counted(symbol: string): Generator<SymbolBar> {
      for (let minute = 0; minute < 1_000_000; minute++) {
        pulled++;
        yield bar(symbol, minute);
      }
    }
    const merged = mergeBarStreams([counted('A'), counted('B')]);
    for (let i = 0; i < 10; i++) merged.next();
    expect(pulled).toBeLessThanOrEqual(12);
  });

  it('refuses a stream that goes back in time', () => {
    expect(() => [...mergeBarStreams([[bar('A', 2), bar('A', 1)]])]).toThrow(/goes back in time/);
  });
});

describe('replayBarStream', () => {
  it('trades a streamed portfolio exactly as the in-memory replay of the same bars', () => {
    const data = waveData();
    const instruments = data.map((d) => instrument(d.symbol));
    const full = runBacktest({ data: data.map((d, i) => ({ ...d, instrument: instruments[i] as Instrument })), strategy: crossover, commission: { rate: 0.001 }, initialCash: 50_000 });
    const streamed = replayBarStream({
      instruments,
      bars: mergeBarStreams(data.map((d) => tagged(d.symbol, d.bars))),
      barSpanMs: MINUTE,
      history: 30,
      strategy: crossover,
      commission: { rate: 0.001 },
      initialCash: 50_000,
    });
    expect(full.report.summary.orders).toBeGreaterThan(20);
    const { maxDrawdown, maxDrawdownPct, ...exact } = streamed.summary;
    const { maxDrawdown: fullDrawdown, maxDrawdownPct: fullDrawdownPct, ...fullExact } = full.report.summary;
    expect(exact).toEqual(fullExact);
    expect(maxDrawdown).toBeCloseTo(fullDrawdown, 6);
    expect(maxDrawdownPct).toBeCloseTo(fullDrawdownPct, 6);
    expect(streamed.engine.executions()).toEqual(full.engine.executions());
    expect(streamed.bars).toBe(data.reduce((sum, d) => sum + d.bars.length, 0));
    expect(streamed.barTimes).toBe(full.report.bars);
    for (let i = 0; i < streamed.barTimes; i++) expect((streamed.equityUnits[i] as number) / 1e8).toBeCloseTo(full.report.curve.equity[i] as number, 6);
  });

  it('keeps only the latest bars of each symbol: lookbacks beyond them are absent, longer averages refused', () => {
    const seen: (number | undefined)[] = [];
    const errors: string[] = [];
    const data = waveData().slice(0, 1);
    replayBarStream({
      instruments: [instrument('AAA')],
      bars: tagged('AAA', data[0]?.bars ?? []),
      barSpanMs: MINUTE,
      history: 10,
      strategy: {
        name: 'look',
        onBar: (current, ctx) => {
          if (current.index !== 100) return;
          seen.push(ctx.bar(9)?.index, ctx.bar(10)?.index, ctx.sma(10) === undefined ? -1 : 1);
          try {
            ctx.sma(11);
          } catch (error) {
            errors.push((error as Error).message);
          }
        },
      },
    });
    expect(seen).toEqual([91, undefined, 1]);
    expect(errors).toEqual(['an SMA over 11 bars needs a history of at least 11 bars (it keeps 10)']);
  });

  it('refuses bars of unknown symbols, two bars of a symbol at one time, bars out of time order, and closes off the tick', () => {
    const noop = { name: 'noop', onBar: () => undefined };
    const base = { instruments: [instrument('AAA')], barSpanMs: MINUTE, strategy: noop };
    expect(() => replayBarStream({ ...base, bars: [bar('ZZZ', 0)] })).toThrow(/ZZZ, which is not among the instruments/);
    expect(() => replayBarStream({ ...base, bars: [bar('AAA', 0), bar('AAA', 0)] })).toThrow(/two bars of AAA/);
    expect(() => replayBarStream({ ...base, bars: [bar('AAA', 1), bar('AAA', 0)] })).toThrow(/out of time order/);
    expect(() => replayBarStream({ ...base, bars: [bar('AAA', 0, ONE + 1n)] })).toThrow(/close of AAA at 2026-01-05T00:00:00.000Z is off its tick/);
  });
});
