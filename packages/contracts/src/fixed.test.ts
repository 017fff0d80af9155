import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divRound, fixedToString, fromFixed, isMultipleOf, mulFixed, parseFixed, roundToStep, toFixed } from './fixed.ts';

describe('fixed-point decimals', () => {
  it('parses decimal strings and numbers exactly', () => {
    expect(parseFixed('0.1')).toBe(10_000_000n);
    expect(toFixed(0.1) + toFixed(0.2)).toBe(toFixed(0.3));
    expect(parseFixed('-12.5')).toBe(-1_250_000_000n);
    expect(toFixed(1e-7)).toBe(10n);
    expect(parseFixed('1.5e3')).toBe(150_000_000_000n);
  });

  it('rounds half to even beyond eight places', () => {
    expect(parseFixed('0.000000005')).toBe(0n);
    expect(parseFixed('0.000000015')).toBe(2n);
  });

  it('prints the shortest form', () => {
    expect(fixedToString(toFixed(100.25))).toBe('100.25');
    expect(fixedToString(toFixed(-0.001))).toBe('-0.001');
    expect(fromFixed(toFixed(0.30000000000000004))).toBe(0.3);
  });

  it('rounds to steps in every mode', () => {
    const cent = toFixed(0.01);
    expect(roundToStep(toFixed(1.005), cent, 'half-even')).toBe(toFixed(1));
    expect(roundToStep(toFixed(1.015), cent, 'half-even')).toBe(toFixed(1.02));
    expect(roundToStep(toFixed(1.005), cent, 'half-up')).toBe(toFixed(1.01));
    expect(roundToStep(toFixed(-1.005), cent, 'floor')).toBe(toFixed(-1.01));
    expect(roundToStep(toFixed(-1.005), cent, 'ceil')).toBe(toFixed(-1));
    expect(isMultipleOf(toFixed(0.03), cent)).toBe(true);
    expect(isMultipleOf(toFixed(0.035), cent)).toBe(false);
    expect(divRound(-7n, 2n, 'half-even')).toBe(-4n);
    expect(divRound(-5n, 2n, 'half-even')).toBe(-2n);
  });

  it('multiplies price by quantity exactly', () => {
    expect(mulFixed(toFixed(50_000.12), toFixed(0.01))).toBe(toFixed(500.0012));
  });

  it('round-trips every number of at most eight decimals (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 15), max: 10 ** 15 }), fc.integer({ min: 0, max: 8 }), (units, places) => {
        const value = units / 10 ** places;
        expect(fromFixed(toFixed(value))).toBe(value);
      }),
    );
  });

  it('gives the double nearest the decimal value for any fixed value, beyond 2^53 too (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), (value) => {
        expect(fromFixed(value)).toBe(Number(fixedToString(value)));
      }),
      { numRuns: 5_000 },
    );
    for (const edge of [2n ** 53n - 1n, 2n ** 53n, -(2n ** 53n) + 1n, 1n, -1n, 0n, 123_456_789n]) expect(fromFixed(edge)).toBe(Number(fixedToString(edge)));
  });
});
