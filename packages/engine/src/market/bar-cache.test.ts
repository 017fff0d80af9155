import { describe, expect, it } from 'vitest';
import type { MarketBar } from './bar.ts';
import { BarCache } from './bar-cache.ts';
import { BUILTIN_INSTRUMENTS } from './instruments.ts';
import { SimulatedMarket } from './simulated-market.ts';

const bar = (time: number): MarketBar => ({ time, open: 1n, high: 1n, low: 1n, close: 1n, volume: 0n });

describe('bar cache', () => {
  it('returns what it keeps, by series and time', () => {
    const cache = new BarCache(10);
    cache.set('AAPL|1', bar(60_000));
    expect(cache.get('AAPL|1', 60_000)).toEqual(bar(60_000));
    expect(cache.get('AAPL|5', 60_000)).toBeUndefined();
    expect(cache.get('AAPL|1', 120_000)).toBeUndefined();
  });

  it('drops the least recently used series whole past its cap', () => {
    const cache = new BarCache(4);
    cache.set('A|1', bar(1));
    cache.set('A|1', bar(2));
    cache.set('B|1', bar(1));
    cache.set('C|1', bar(1));
    cache.get('A|1', 1); // A is now the most recently used
    cache.set('C|1', bar(2)); // a fifth bar: B, the least recently used series, goes
    expect(cache.seriesKeys()).toEqual(['A|1', 'C|1']);
    expect(cache.size).toBe(4);
    cache.set('C|1', bar(3)); // then A
    expect(cache.seriesKeys()).toEqual(['C|1']);
    expect(cache.size).toBe(3);
  });

  it('keeps the newest bars of a series that alone exceeds the cap', () => {
    const cache = new BarCache(3);
    for (let time = 1; time <= 5; time++) cache.set('A|1', bar(time));
    expect(cache.size).toBe(3);
    expect(cache.get('A|1', 2)).toBeUndefined();
    expect(cache.get('A|1', 5)).toEqual(bar(5));
  });

  it('counts a bar kept twice once', () => {
    const cache = new BarCache(3);
    cache.set('A|1', bar(1));
    cache.set('A|1', bar(1));
    expect(cache.size).toBe(1);
  });
});

describe('simulated history under a bounded cache', () => {
  it('gives the same bars with a cache far smaller than the request as with the default one', () => {
    const instruments = BUILTIN_INSTRUMENTS.filter((i) => i.symbol === 'BTCUSD' || i.symbol === 'AAPL');
    const now = Date.parse('2026-03-04T15:12:34Z');
    const small = new SimulatedMarket({ startTime: now, instruments, barCacheLimit: 50 });
    const large = new SimulatedMarket({ startTime: now, instruments });
    for (const market of [small, large]) market.history('BTCUSD', '1', now - 86_400_000, now); // warm (and overflow) the caches
    for (const symbol of ['BTCUSD', 'AAPL']) {
      for (const resolution of ['1', '60', '1D'] as const) {
        expect(small.history(symbol, resolution, now - 3 * 86_400_000, now + 1)).toEqual(large.history(symbol, resolution, now - 3 * 86_400_000, now + 1));
      }
    }
  });
});
