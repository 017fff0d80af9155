import { describe, expect, it } from 'vitest';
import { parseFixed as f } from '@trading-pro/contracts';
import type { Instrument } from '../market/instrument.ts';
import { rateCommission } from './commission.ts';
import { sessionMarketHours } from './market-hours.ts';
import { fixedSlippage, noSlippage, percentSlippage, slippageModelOf, slippedPrice, sqrtImpactSlippage } from './slippage.ts';

const CENT = f('0.01');
const TICK = f('0.01');

describe('slippage models', () => {
  it('fills at the touch without slippage', () => {
    expect(slippedPrice(noSlippage, 1, f('100.00'), f('10'), f('100'), TICK)).toBe(f('100.00'));
  });

  it('moves a fixed distance against the taker', () => {
    const model = fixedSlippage(0.05);
    expect(slippedPrice(model, 1, f('100.00'), f('1'), f('1'), TICK)).toBe(f('100.05'));
    expect(slippedPrice(model, -1, f('100.00'), f('1'), f('1'), TICK)).toBe(f('99.95'));
  });

  it('moves a percentage and rounds to the tick in the adverse direction', () => {
    const model = percentSlippage(0.0005); // 5 bp of 100.01 = 0.050005
    expect(slippedPrice(model, 1, f('100.01'), f('1'), f('1'), TICK)).toBe(f('100.07'));
    expect(slippedPrice(model, -1, f('100.01'), f('1'), f('1'), TICK)).toBe(f('99.95'));
  });

  it('grows with the square root of size over displayed size', () => {
    const model = sqrtImpactSlippage(0.001);
    // qty = displayed: 0.1% of 100 = 0.10; qty = 4 × displayed: 0.2% = 0.20
    expect(slippedPrice(model, 1, f('100'), f('10'), f('10'), TICK)).toBe(f('100.10'));
    expect(slippedPrice(model, 1, f('100'), f('40'), f('10'), TICK)).toBe(f('100.20'));
  });

  it('never sells at or below zero', () => {
    expect(slippedPrice(fixedSlippage(5), -1, f('1.00'), f('1'), f('1'), TICK)).toBe(TICK);
  });

  it('builds models from configuration and rejects negative values', () => {
    expect(slippageModelOf(undefined)).toBe(noSlippage);
    expect(slippageModelOf({ model: 'fixed', value: 0.02 }).slippage(f('1'), f('1'), f('1'))).toBe(f('0.02'));
    expect(() => slippageModelOf({ model: 'percent', value: -1 })).toThrow(RangeError);
  });
});

describe('commission model', () => {
  it('charges rate × notional rounded to the cent', () => {
    const model = rateCommission(0.001, 0);
    expect(model.commission(f('1234.5'), 0n, CENT)).toBe(f('1.23')); // 1.2345 → 1.23 (half-even)
    expect(model.commission(f('1235.5'), 0n, CENT)).toBe(f('1.24'));
  });

  it('tops the first fills up to the per-order minimum, then charges the rate', () => {
    const model = rateCommission(0.001, 1);
    expect(model.commission(f('100'), 0n, CENT)).toBe(f('1')); // 0.10 < min
    expect(model.commission(f('100'), f('1'), CENT)).toBe(f('0.1'));
    expect(model.commission(f('5000'), 0n, CENT)).toBe(f('5'));
  });
});

const equity: Instrument = {
  symbol: 'AAPL', description: 'Apple', type: 'stock', exchange: 'NASDAQ', currency: 'USD', tickSize: TICK, lotStep: f('1'), minQty: f('1'),
  session: { spec: '0930-1600:23456', timezone: 'America/New_York' }, maxLeverage: 4, defaultLeverage: 1,
};
const crypto: Instrument = { ...equity, symbol: 'BTCUSD', type: 'crypto', session: { spec: '24x7', timezone: 'Etc/UTC' } };

describe('market-hours model', () => {
  it('expires DAY orders at the session close, or at the next 00:00 UTC for 24x7 markets', () => {
    const hours = sessionMarketHours(true);
    expect(hours.dayExpiry(equity, Date.parse('2026-11-20T15:00:00Z'))).toBe(Date.parse('2026-11-20T21:00:00Z'));
    expect(hours.dayExpiry(crypto, Date.parse('2026-11-20T15:00:00Z'))).toBe(Date.parse('2026-11-21T00:00:00Z'));
  });

  it('treats every market as open when hours are not checked', () => {
    const saturday = Date.parse('2026-11-21T15:00:00Z');
    expect(sessionMarketHours(true).isOpen(equity, saturday)).toBe(false);
    expect(sessionMarketHours(false).isOpen(equity, saturday)).toBe(true);
    expect(sessionMarketHours(true).isOpen(crypto, saturday)).toBe(true);
  });
});
