import { describe, expect, it } from 'vitest';
import { BUILTIN_INSTRUMENTS, builtinCatalog } from './instruments.ts';
import { isMultipleOf } from '@trading-pro/contracts';

describe('built-in instruments', () => {
  it('lists at least 20 instruments across equities, ETFs, crypto and FX', () => {
    expect(BUILTIN_INSTRUMENTS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(BUILTIN_INSTRUMENTS.map((i) => i.type))).toEqual(new Set(['stock', 'fund', 'crypto', 'forex']));
    expect(new Set(BUILTIN_INSTRUMENTS.map((i) => i.symbol)).size).toBe(BUILTIN_INSTRUMENTS.length);
  });

  it('gives every instrument a consistent tick, lot, minimum and base price', () => {
    for (const i of BUILTIN_INSTRUMENTS) {
      expect(i.tickSize, i.symbol).toBeGreaterThan(0n);
      expect(isMultipleOf(i.minQty, i.lotStep), i.symbol).toBe(true);
      expect(isMultipleOf(i.basePrice, i.tickSize), i.symbol).toBe(true);
      expect(i.defaultLeverage, i.symbol).toBeLessThanOrEqual(i.maxLeverage);
    }
  });

  it('trades US equities in New York hours and crypto around the clock', () => {
    const catalog = builtinCatalog();
    expect(catalog.get('AAPL')?.session).toEqual({ spec: '0930-1600:23456', timezone: 'America/New_York', calendar: 'NYSE' });
    expect(catalog.get('AAPL')?.maxLeverage).toBe(4);
    expect(catalog.get('BTCUSD')?.session.spec).toBe('24x7');
    expect(catalog.get('EURUSD')?.session.spec).toBe('1700-1700:23456');
    expect(catalog.get('NOPE')).toBeUndefined();
  });
});
