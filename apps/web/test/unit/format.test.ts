/** Prices on the tick, quantities on the lot, money with grouped thousands. */
import { describe, expect, it } from 'vitest';
import { formatDateTime, formatMoney, formatPercent, formatPrice, formatQty, formatSignedMoney, formatTime, trendClass } from '../../src/lib/format.ts';

describe('format', () => {
  it('shows a price with the decimals of its tick and grouped thousands', () => {
    expect(formatPrice(65016.58, 0.01)).toBe('65,016.58');
    expect(formatPrice(1.0823, 0.00001)).toBe('1.08230');
    expect(formatPrice(4512.3, 0.25)).toBe('4,512.25');
    expect(formatPrice(190, 0.01)).toBe('190.00');
  });

  it('shows a quantity on its lot step without trailing zeros', () => {
    expect(formatQty(0.5, 0.00001)).toBe('0.5');
    expect(formatQty(0.30000000000000004, 0.00001)).toBe('0.3');
    expect(formatQty(12500, 1)).toBe('12,500');
  });

  it('shows money, signed P&L and percentages', () => {
    expect(formatMoney(100000, 'USD')).toBe('100,000.00 USD');
    expect(formatSignedMoney(1234.5)).toBe('+1,234.50');
    expect(formatSignedMoney(-12)).toBe('-12.00');
    expect(formatSignedMoney(0)).toBe('0.00');
    expect(formatPercent(1.49)).toBe('+1.49%');
  });

  it('shows a dash for missing values instead of NaN', () => {
    expect(formatPrice(undefined, 0.01)).toBe('—');
    expect(formatMoney(Number.NaN)).toBe('—');
    expect(formatTime(undefined)).toBe('—');
  });

  it('shows UTC times', () => {
    expect(formatTime(Date.UTC(2026, 4, 4, 14, 3, 27))).toBe('14:03:27');
    expect(formatDateTime(Date.UTC(2026, 4, 4, 14, 3, 27))).toBe('2026-05-04 14:03:27');
  });

  it('classifies a signed value', () => {
    expect(trendClass(2)).toBe('up');
    expect(trendClass(-2)).toBe('down');
    expect(trendClass(0)).toBe('flat');
  });
});
