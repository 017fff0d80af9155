/** The quote model of a bar: four quotes, path by direction, one-tick spread, displayed size from the volume. */
import { fromFixed, parseFixed } from '@trading-pro/contracts';
import { describe, expect, it } from 'vitest';
import { BarQuoter, barSpanOf } from './bar-quotes.ts';
import { DAY, T0, TEST, bars } from './fixtures/test-bars.ts';

const view = (quotes: ReturnType<BarQuoter['quotes']>) => quotes.map((q) => ({ t: q.time - T0, last: fromFixed(q.last), bid: fromFixed(q.bid), ask: fromFixed(q.ask), size: fromFixed(q.askSize) }));

describe('bar quotes', () => {
  const quoter = new BarQuoter(TEST, DAY);

  it('takes a bar that closed up as open → low → high → close, spread over the bar, one tick wide', () => {
    const [bar] = bars([['100', '103', '99', '102', '1000']]);
    expect(view(quoter.quotes(bar ?? missing()))).toEqual([
      { t: 0, last: 100, bid: 100, ask: 100.01, size: 250 },
      { t: DAY / 4, last: 99, bid: 99, ask: 99.01, size: 250 },
      { t: DAY / 2, last: 103, bid: 103, ask: 103.01, size: 250 },
      { t: (3 * DAY) / 4, last: 102, bid: 102, ask: 102.01, size: 250 },
    ]);
  });

  it('takes a bar that closed down as open → high → low → close', () => {
    const [bar] = bars([['102', '103', '99', '100']]);
    expect(view(quoter.quotes(bar ?? missing())).map((q) => q.last)).toEqual([102, 103, 99, 100]);
  });

  it('centres a wider spread on the price and shows a fixed size when asked', () => {
    const wide = new BarQuoter(TEST, DAY, { spreadTicks: 3, quoteSize: 5 });
    const [bar] = bars([['100', '100', '100', '100']]);
    expect(view(wide.quotes(bar ?? missing()))[0]).toEqual({ t: 0, last: 100, bid: 99.99, ask: 100.02, size: 5 });
  });

  it('shows a quarter of the volume in whole lots, at least the minimum quantity, unlimited without volume', () => {
    const [thin, none, odd] = bars([
      ['1', '1', '1', '1', '2'],
      ['1', '1', '1', '1', '0'],
      ['1', '1', '1', '1', '1003'],
    ]);
    expect(fromFixed(quoter.sizeOf(thin ?? missing()))).toBe(1);
    expect(quoter.sizeOf(none ?? missing())).toBeGreaterThan(parseFixed('1000000'));
    expect(fromFixed(quoter.sizeOf(odd ?? missing()))).toBe(250);
  });

  it('reads the bar interval from the smallest gap, daily from about a day up', () => {
    const minute = 60_000;
    const series = bars([['1', '1', '1', '1'], ['1', '1', '1', '1'], ['1', '1', '1', '1']]);
    expect(barSpanOf(series)).toBe(DAY);
    expect(barSpanOf(series.map((b, i) => ({ ...b, time: T0 + i * 5 * minute + (i === 2 ? minute : 0) })))).toBe(5 * minute);
    expect(barSpanOf(series.slice(0, 1))).toBe(DAY);
  });
});

function missing(): never {
  throw new Error('fixture missing');
}
