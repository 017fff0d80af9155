import { describe, expect, it } from 'vitest';
import { buyAndHold, curveFigures, exposureOf, tradeFigures } from './performance.ts';

const YEAR = 365.25 * 24 * 3_600_000;
// Five bars a quarter-year apart: one year, four returns: +10 %, −10 %, +2/9, 0.
const time = [0, 1, 2, 3, 4].map((i) => (i * YEAR) / 4);
const equity = [100, 110, 99, 121, 121];

describe('curve figures against hand-computed values', () => {
  const figures = curveFigures(time, equity, 100);
  // mean r = (0.1 − 0.1 + 2/9 + 0) / 4 = 1/18 = 0.0555…; sample stdev = √(Σ(r − 1/18)² / 3) = 0.137885; 4 returns a year.
  it('CAGR: 100 → 121 in one year is 21 %', () => expect(figures.cagr).toBeCloseTo(0.21, 10));
  it('volatility: 0.137885 × √4', () => expect(figures.volatility).toBeCloseTo(0.27577, 5));
  it('Sharpe: (1/18) / 0.137885 × √4', () => expect(figures.sharpe).toBeCloseTo(0.805823, 5));
  it('Sortino: (1/18) / √(0.1² / 4) × √4 = 2.2222', () => expect(figures.sortino).toBeCloseTo(2.222222, 5));
  it('max drawdown: 110 → 99 is 10 %; Calmar 0.21 / 0.1', () => {
    expect(figures.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(figures.calmar).toBeCloseTo(2.1, 10);
  });
  it('max drawdown duration: from the peak at bar 1 until the equity is back above it at bar 3', () => expect(figures.maxDrawdownDuration).toBe(YEAR / 2));
  it('a drawdown never recovered lasts until the last bar', () => expect(curveFigures(time, [100, 120, 90, 100, 110], 100).maxDrawdownDuration).toBe((3 * YEAR) / 4));
  it('total return', () => expect(figures.totalReturn).toBeCloseTo(0.21, 12));
  it('has no ratios without a denominator', () => {
    const flat = curveFigures(time, [100, 100, 100, 100, 100], 100);
    expect(flat).toMatchObject({ cagr: 0, volatility: 0, sharpe: null, sortino: null, calmar: null, maxDrawdown: 0, maxDrawdownDuration: 0 });
  });
});

describe('trade figures', () => {
  it('win rate, profit factor 50 / 15, average win 25 and loss −7.5', () => {
    expect(tradeFigures([30, -10, 20, -5])).toEqual({ winRate: 0.5, profitFactor: 50 / 15, averageWin: 25, averageLoss: -7.5 });
  });
  it('no profit factor without a loss; zeros without trades', () => {
    expect(tradeFigures([10]).profitFactor).toBeNull();
    expect(tradeFigures([])).toEqual({ winRate: 0, profitFactor: null, averageWin: 0, averageLoss: 0 });
  });
});

describe('exposure and benchmark', () => {
  it('counts the bars a trade spans, an open one until the end', () => {
    expect(exposureOf(time, [{ entryTime: time[1] as number, exitTime: time[3] as number }])).toBe(2 / 5);
    expect(exposureOf(time, [{ entryTime: time[1] as number, exitTime: time[3] as number }, { entryTime: time[4] as number }])).toBe(3 / 5);
  });
  it('buy and hold marks the initial cash invested at the first close', () => {
    expect(buyAndHold([50, 55, 45, 60, 66], 100)).toEqual([100, 110, 90, 120, 132]);
  });
});
