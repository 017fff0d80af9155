import { parseFixed } from '@trading-pro/contracts';
import { describe, expect, it } from 'vitest';
import { BarAggregator, aggregateBars, selectBars } from './bar.ts';
import type { MarketBar } from './bar.ts';

const US_EQUITY = { spec: '0930-1600:23456', timezone: 'America/New_York' };
const CRYPTO = { spec: '24x7', timezone: 'Etc/UTC' };
const FX = { spec: '1700-1700:23456', timezone: 'America/New_York' };
const p = parseFixed;
const at = Date.parse;

describe('bar aggregator', () => {
  it('updates the forming bar in place and starts a new one on the boundary', () => {
    const agg = new BarAggregator(CRYPTO, '5');
    agg.add(at('2026-01-05T10:00:10Z'), p('100'), p('1'));
    agg.add(at('2026-01-05T10:02:00Z'), p('103'), p('2'));
    const formed = agg.add(at('2026-01-05T10:04:59.999Z'), p('99'), p('1'));
    expect(formed).toEqual({ time: at('2026-01-05T10:00:00Z'), open: p('100'), high: p('103'), low: p('99'), close: p('99'), volume: p('4') });
    const next = agg.add(at('2026-01-05T10:05:00Z'), p('101'), p('1'));
    expect(next).toEqual({ time: at('2026-01-05T10:05:00Z'), open: p('101'), high: p('101'), low: p('101'), close: p('101'), volume: p('1') });
  });

  it('aligns hourly equity bars to the 09:30 open and ignores trades outside the session', () => {
    const agg = new BarAggregator(US_EQUITY, '60');
    expect(agg.add(at('2026-01-05T14:00:00Z'), p('10'), p('1'))).toBeUndefined(); // 09:00 New York
    expect(agg.add(at('2026-01-05T14:45:00Z'), p('10'), p('1'))?.time).toBe(at('2026-01-05T14:30:00Z'));
    expect(agg.add(at('2026-01-05T20:59:00Z'), p('11'), p('1'))?.time).toBe(at('2026-01-05T20:30:00Z'));
    expect(agg.add(at('2026-01-05T21:00:00Z'), p('12'), p('1'))).toBeUndefined();
    expect(agg.current()?.close).toBe(p('11'));
  });

  it('stamps daily bars with the trading date and rolls them per session day', () => {
    const agg = new BarAggregator(FX, '1D');
    expect(agg.add(at('2026-01-05T23:00:00Z'), p('1.1'), p('1000'))?.time).toBe(at('2026-01-06T00:00:00Z')); // Mon 18:00 NY
    expect(agg.add(at('2026-01-06T21:59:00Z'), p('1.2'), p('1000'))?.time).toBe(at('2026-01-06T00:00:00Z'));
    expect(agg.add(at('2026-01-06T22:00:00Z'), p('1.3'), p('1000'))?.time).toBe(at('2026-01-07T00:00:00Z'));
  });

  it('continues the newest history bar when trades still fall inside it', () => {
    const last: MarketBar = { time: at('2026-01-05T10:00:00Z'), open: p('1'), high: p('5'), low: p('1'), close: p('2'), volume: p('10') };
    const agg = new BarAggregator(CRYPTO, '15', last);
    expect(agg.add(at('2026-01-05T10:14:00Z'), p('6'), p('1'))).toEqual({ ...last, high: p('6'), close: p('6'), volume: p('11') });
    expect(agg.add(at('2026-01-05T10:13:00Z'), p('7'), p('1'))).toBeUndefined(); // older than the last trade
  });
});

describe('bar helpers', () => {
  const minute = (time: string, close: string): MarketBar => ({ time: at(time), open: p(close), high: p(close), low: p(close), close: p(close), volume: p('1') });

  it('rolls minute bars up into session-aligned bars', () => {
    const bars = [minute('2026-01-05T14:30:00Z', '1'), minute('2026-01-05T15:29:00Z', '3'), minute('2026-01-05T15:30:00Z', '2')];
    expect(aggregateBars(bars, US_EQUITY, '60')).toEqual([
      { time: at('2026-01-05T14:30:00Z'), open: p('1'), high: p('3'), low: p('1'), close: p('3'), volume: p('2') },
      { time: at('2026-01-05T15:30:00Z'), open: p('2'), high: p('2'), low: p('2'), close: p('2'), volume: p('1') },
    ]);
  });

  it('selects a time range, or the newest bars with countback', () => {
    const bars = [1, 2, 3, 4, 5].map((time) => ({ time }));
    expect(selectBars(bars, 2, 4)).toEqual([{ time: 2 }, { time: 3 }]);
    expect(selectBars(bars, 4, 5, 3)).toEqual([{ time: 2 }, { time: 3 }, { time: 4 }]);
    expect(selectBars(bars, 9, 10)).toEqual([]);
  });
});
