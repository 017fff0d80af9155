import { isMultipleOf } from '@trading-pro/contracts';
import { describe, expect, it } from 'vitest';
import { BUILTIN_INSTRUMENTS } from './instruments.ts';
import type { MarketQuote } from './quote.ts';
import { RESOLUTIONS } from './resolution.ts';
import { isSessionOpen } from './session.ts';
import { SimulatedMarket } from './simulated-market.ts';

const DAY = 86_400_000;
const pick = (...symbols: string[]) => BUILTIN_INSTRUMENTS.filter((i) => symbols.includes(i.symbol));
const START = Date.parse('2026-03-04T15:12:34Z'); // Wednesday, US market open
const SATURDAY = Date.parse('2026-03-07T15:00:00Z');

function run(market: SimulatedMarket, from: number, steps: number, everyMs: number): MarketQuote[] {
  const quotes: MarketQuote[] = [];
  for (let i = 1; i <= steps; i++) quotes.push(...market.step(from + i * everyMs));
  return quotes;
}

describe('simulated market', () => {
  const instruments = pick('AAPL', 'BTCUSD', 'EURUSD', 'DOGEUSD');

  it('gives the same quotes for the same seed and start time, and others for another seed', () => {
    const a = run(new SimulatedMarket({ startTime: START, seed: 7, instruments }), START, 50, 250);
    const b = run(new SimulatedMarket({ startTime: START, seed: 7, instruments }), START, 50, 250);
    const c = run(new SimulatedMarket({ startTime: START, seed: 8, instruments }), START, 50, 250);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('quotes on the tick with bid below ask, and sizes on the lot step', () => {
    const market = new SimulatedMarket({ startTime: START, instruments });
    for (const q of run(market, START, 400, 250)) {
      const i = instruments.find((x) => x.symbol === q.symbol);
      if (!i) throw new Error(q.symbol);
      for (const price of [q.bid, q.ask, q.last]) expect(isMultipleOf(price, i.tickSize), q.symbol).toBe(true);
      for (const size of [q.bidSize, q.askSize]) {
        expect(isMultipleOf(size, i.lotStep), q.symbol).toBe(true);
        expect(size >= i.minQty, q.symbol).toBe(true);
      }
      expect(q.volume % i.lotStep).toBe(0n);
      expect(q.bid < q.ask && q.bid <= q.last && q.last <= q.ask, q.symbol).toBe(true);
    }
  });

  it('does not quote an equity outside its session but keeps crypto going', () => {
    const market = new SimulatedMarket({ startTime: SATURDAY, instruments });
    const symbols = new Set(run(market, SATURDAY, 20, 1000).map((q) => q.symbol));
    expect(symbols.has('AAPL')).toBe(false);
    expect(symbols.has('EURUSD')).toBe(false);
    expect(symbols.has('BTCUSD')).toBe(true);
    expect(market.quote('AAPL')?.last).toBe(BUILTIN_INSTRUMENTS.find((i) => i.symbol === 'AAPL')?.basePrice);
  });

  it('ends every history exactly at the price the live walk starts from', () => {
    const market = new SimulatedMarket({ startTime: START, instruments });
    for (const { symbol } of instruments) {
      const start = market.quote(symbol)?.last;
      for (const resolution of RESOLUTIONS) {
        const bars = market.history(symbol, resolution, 0, START + DAY);
        expect(bars.at(-1)?.close, `${symbol} ${resolution}`).toBe(start);
      }
    }
  });

  it('continues the newest bar with the live walk, without a jump', () => {
    const market = new SimulatedMarket({ startTime: START, instruments: pick('BTCUSD') });
    const before = market.history('BTCUSD', '1', 0, START + DAY).at(-1);
    const [quote] = market.step(START + 250);
    const after = market.history('BTCUSD', '1', 0, START + DAY).at(-1);
    expect(after?.time).toBe(before?.time);
    expect(after?.open).toBe(before?.open);
    expect(after?.close).toBe(quote?.last);
    const moved = Number(((quote?.last ?? 0n) - (before?.close ?? 0n)) * 10_000n / (before?.close ?? 1n));
    expect(Math.abs(moved)).toBeLessThan(20); // under 0.2 % in a quarter second
    run(market, START + 250, 240, 1000);
    const minutes = market.history('BTCUSD', '1', START, START + DAY);
    expect(minutes.length).toBeGreaterThanOrEqual(4);
    expect(minutes.at(-1)?.close).toBe(market.quote('BTCUSD')?.last);
  });

  it('has a year of daily bars and at least five session days of minutes', () => {
    const market = new SimulatedMarket({ startTime: START, instruments });
    for (const { symbol } of instruments) {
      const daily = market.history(symbol, '1D', 0, START + DAY);
      expect(daily[0]?.time ?? Infinity, symbol).toBeLessThanOrEqual(START - 365 * DAY);
      const minutes = market.history(symbol, '1', 0, START + DAY);
      expect(new Set(minutes.map((b) => Math.floor(b.time / DAY))).size, symbol).toBeGreaterThanOrEqual(5);
    }
  });

  it('has no equity bars outside the session, at night or at weekends', () => {
    const market = new SimulatedMarket({ startTime: SATURDAY, instruments: pick('AAPL') });
    const session = pick('AAPL')[0]?.session ?? { spec: '', timezone: '' };
    for (const resolution of ['1', '5', '15', '60'] as const) {
      const bars = market.history('AAPL', resolution, 0, SATURDAY + DAY);
      expect(bars.length).toBeGreaterThan(0);
      for (const bar of bars) expect(isSessionOpen(session, bar.time), new Date(bar.time).toISOString()).toBe(true);
    }
    for (const bar of market.history('AAPL', '1D', 0, SATURDAY + DAY)) expect([0, 6]).not.toContain(new Date(bar.time).getUTCDay());
  });

  it('keeps high and low around open and close in every bar', () => {
    const market = new SimulatedMarket({ startTime: START, instruments });
    for (const { symbol } of instruments) {
      for (const bar of [...market.history(symbol, '1D', 0, START + DAY), ...market.history(symbol, '15', 0, START + DAY)]) {
        expect(bar.low > 0n && bar.low <= bar.open && bar.low <= bar.close, symbol).toBe(true);
        expect(bar.high >= bar.open && bar.high >= bar.close, symbol).toBe(true);
      }
    }
  });

  it('returns the newest bars with countback and agrees with the full series', () => {
    const market = new SimulatedMarket({ startTime: START, instruments: pick('EURUSD') });
    const all = market.history('EURUSD', '15', 0, START + DAY);
    expect(market.history('EURUSD', '15', START, START + DAY, 30)).toEqual(all.slice(-30));
    const to = all[all.length - 10]?.time ?? 0;
    expect(market.history('EURUSD', '15', to - 3_600_000, to)).toEqual(all.slice(-14, -10));
  });

  it('keeps a bounded number of minute bars as it runs', () => {
    const market = new SimulatedMarket({ startTime: START, instruments: pick('BTCUSD'), minuteHistoryDays: 1, maxMinuteBars: 100 });
    run(market, START, 3000, 60_000);
    const minutes = market.history('BTCUSD', '1', 0, START + 10 * DAY);
    expect(minutes.length).toBeLessThanOrEqual(110);
    expect(minutes.at(-1)?.close).toBe(market.quote('BTCUSD')?.last);
    expect(market.history('BTCUSD', '1D', 0, START + 10 * DAY).at(-1)?.close).toBe(market.quote('BTCUSD')?.last);
  });

  it('reports the day so far and the previous close', () => {
    const market = new SimulatedMarket({ startTime: START, instruments: pick('AAPL') });
    const daily = market.history('AAPL', '1D', 0, START + DAY);
    expect(market.dayStats('AAPL')).toEqual({
      open: daily.at(-1)?.open,
      high: daily.at(-1)?.high,
      low: daily.at(-1)?.low,
      volume: daily.at(-1)?.volume,
      prevClose: daily.at(-2)?.close,
    });
    expect(market.dayStats('NOPE')).toBeUndefined();
  });
});
