import { isMultipleOf } from '@trading-pro/contracts';
import { describe, expect, it } from 'vitest';
import { BUILTIN_INSTRUMENTS } from './instruments.ts';
import type { MarketQuote } from './quote.ts';
import { RESOLUTIONS } from './resolution.ts';
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

  it('does not quote an equity or FX at the weekend but keeps crypto going', () => {
    const market = new SimulatedMarket({ startTime: SATURDAY, instruments });
    const symbols = new Set(run(market, SATURDAY, 20, 1000).map((q) => q.symbol));
    expect(symbols.has('AAPL')).toBe(false);
    expect(symbols.has('EURUSD')).toBe(false);
    expect(symbols.has('BTCUSD')).toBe(true);
    // The last quote is Friday's last post-market one.
    expect(new Date(market.quote('AAPL')?.time ?? 0).toISOString()).toBe('2026-03-07T00:59:59.999Z');
  });

  it('quotes US equities in pre- and post-market but makes bars of the regular session only', () => {
    const pre = Date.parse('2026-03-04T12:00:00Z'); // 07:00 New York
    const market = new SimulatedMarket({ startTime: pre, instruments: pick('AAPL') });
    expect(market.step(pre + 1000).map((q) => q.symbol)).toEqual(['AAPL']);
    expect(market.history('AAPL', '1', pre - 3 * 3_600_000, pre + 1000)).toEqual([]);
  });

  it('ends every history exactly at the price the live market is at', () => {
    const market = new SimulatedMarket({ startTime: START, instruments });
    for (const { symbol } of instruments) {
      const start = market.quote(symbol)?.last;
      for (const resolution of RESOLUTIONS) {
        const bars = market.history(symbol, resolution, START - 10 * DAY, START + DAY);
        expect(bars.at(-1)?.close, `${symbol} ${resolution}`).toBe(start);
      }
    }
  });

  it('continues across a restart: past bars never change and quotes carry on from the last one', () => {
    const restart = START + 3_600_000;
    const first = new SimulatedMarket({ startTime: START, seed: 5, instruments });
    const quotes = run(first, START, 720, 5000);
    const second = new SimulatedMarket({ startTime: restart, seed: 5, instruments });
    for (const { symbol } of instruments) {
      for (const resolution of RESOLUTIONS) {
        expect(second.history(symbol, resolution, START - 5 * DAY, restart), `${symbol} ${resolution}`).toEqual(first.history(symbol, resolution, START - 5 * DAY, restart));
      }
      expect(second.quote(symbol)).toMatchObject({ last: first.quote(symbol)?.last, bid: first.quote(symbol)?.bid, ask: first.quote(symbol)?.ask });
    }
    // Every quote lies inside the bar it fell in.
    for (const quote of quotes.filter((q) => q.symbol === 'BTCUSD')) {
      const [bar] = second.history('BTCUSD', '1', quote.time - 60_000, quote.time + 1).slice(-1);
      expect(bar && quote.last >= bar.low && quote.last <= bar.high).toBe(true);
    }
  });

  it('has history back to 2016 at every resolution and nothing after its clock', () => {
    const market = new SimulatedMarket({ startTime: START, instruments: pick('BTCUSD', 'AAPL') });
    const from = Date.parse('2016-03-01T00:00:00Z');
    expect(market.history('BTCUSD', '1', from, from + 3_600_000)).toHaveLength(60);
    expect(market.history('AAPL', '60', from, from + DAY).map((b) => new Date(b.time).toISOString().slice(11, 16))).toEqual([
      '14:30', '15:30', '16:30', '17:30', '18:30', '19:30', '20:30',
    ]);
    expect(market.history('AAPL', '1D', 0, Date.parse('2016-01-10T00:00:00Z'))[0]?.time).toBe(Date.parse('2016-01-04T00:00:00Z'));
    expect(market.history('BTCUSD', '1', START + 60_000, START + DAY)).toEqual([]);
  });

  it('follows the exchange calendar: no bars on holidays, a 13:00 close on half days', () => {
    const market = new SimulatedMarket({ startTime: START + 300 * DAY, instruments: pick('AAPL') });
    const days = market.history('AAPL', '1D', Date.parse('2025-12-22T00:00:00Z'), Date.parse('2025-12-29T00:00:00Z')).map((b) => new Date(b.time).toISOString().slice(0, 10));
    expect(days).toEqual(['2025-12-22', '2025-12-23', '2025-12-24', '2025-12-26']);
    const thanksgiving = market.history('AAPL', '60', Date.parse('2026-11-26T00:00:00Z'), Date.parse('2026-11-28T00:00:00Z'));
    expect(thanksgiving.map((b) => new Date(b.time).toISOString().slice(0, 16))).toEqual([
      '2026-11-27T14:30', '2026-11-27T15:30', '2026-11-27T16:30', '2026-11-27T17:30',
    ]);
  });

  it('keeps high and low around open and close in every bar', () => {
    const market = new SimulatedMarket({ startTime: START, instruments });
    for (const { symbol } of instruments) {
      for (const bar of [...market.history(symbol, '1D', START - 60 * DAY, START + DAY), ...market.history(symbol, '15', START - 5 * DAY, START + DAY)]) {
        expect(bar.low > 0n && bar.low <= bar.open && bar.low <= bar.close, symbol).toBe(true);
        expect(bar.high >= bar.open && bar.high >= bar.close, symbol).toBe(true);
      }
    }
  });

  it('returns the newest bars with countback and agrees with a time range', () => {
    const market = new SimulatedMarket({ startTime: START, instruments: pick('EURUSD') });
    const all = market.history('EURUSD', '15', START - 5 * DAY, START + DAY);
    expect(market.history('EURUSD', '15', START, START + DAY, 30)).toEqual(all.slice(-30));
    const to = all[all.length - 10]?.time ?? 0;
    expect(market.history('EURUSD', '15', to - 3_600_000, to)).toEqual(all.slice(-14, -10));
  });

  it('reports the day so far and the previous close', () => {
    const market = new SimulatedMarket({ startTime: START, instruments: pick('AAPL') });
    const daily = market.history('AAPL', '1D', START - 10 * DAY, START + DAY);
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
