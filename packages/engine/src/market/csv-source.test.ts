import { ErrorCode, TradingError, parseFixed } from '@trading-pro/contracts';
import { describe, expect, it } from 'vitest';
import { parseCsvBars } from './csv-bars.ts';
import { CsvMarketSource } from './csv-source.ts';
import type { MarketQuote } from './quote.ts';

const p = parseFixed;
const MINUTES = [
  'time,open,high,low,close,volume',
  '2026-01-05T10:00:00Z,100,101,99.5,100.5,40',
  '2026-01-05T10:01:00Z,100.5,102,100,101.75,20',
  '2026-01-05T10:02:00Z,101.75,101.75,100.25,100.25,8',
  '2026-01-05T10:03:00Z,100.25,100.5,100,100.5,4',
  '2026-01-05T10:04:00Z,100.5,100.5,99,99,4',
  '2026-01-05T10:05:00Z,99,99.5,98.75,99.25,4',
].join('\n');

function errorOf(run: () => unknown): TradingError {
  try {
    run();
  } catch (error) {
    if (error instanceof TradingError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('CSV bars', () => {
  it('reads ISO or Unix-millisecond times and columns in any order', () => {
    const bars = parseCsvBars('volume,time,close,open,low,high\r\n5,1767607200000,2.5,2,1.5,3\r\n7,2026-01-05T10:01,3,2.5,2.5,3\r\n', 'x.csv');
    expect(bars).toEqual([
      { time: Date.parse('2026-01-05T10:00:00Z'), open: p('2'), high: p('3'), low: p('1.5'), close: p('2.5'), volume: p('5') },
      { time: Date.parse('2026-01-05T10:01:00Z'), open: p('2.5'), high: p('3'), low: p('2.5'), close: p('3'), volume: p('7') },
    ]);
  });

  it.each([
    ['', 'x.csv row 1: header required'],
    ['time,open,high,low,close\n', 'x.csv row 1, column volume: column missing'],
    ['time,open,high,low,close,volume,extra\n', 'x.csv row 1, column extra: unknown column'],
    ['time,open,high,low,close,volume\n2026-01-05,1,2,1,1,0\n2026-01-06,1,abc,1,1,0\n', 'x.csv row 3, column high: not a number'],
    ['time,open,high,low,close,volume\n1767607200,1,2,1,1,0\n', 'x.csv row 2, column time: 1767607200 is not Unix milliseconds'],
    ['time,open,high,low,close,volume\nyesterday,1,2,1,1,0\n', 'x.csv row 2, column time: not an ISO 8601 time'],
    ['time,open,high,low,close,volume\n2026-01-06,1,2,1,1,0\n\n2026-01-05,1,2,1,1,0\n', 'x.csv row 4, column time: not after the previous row'],
    ['time,open,high,low,close,volume\n2026-01-05,1,2,1,3,0\n', 'x.csv row 2, column high: below open, close or low'],
    ['time,open,high,low,close,volume\n2026-01-05,1,2,1.5,2,0\n', 'x.csv row 2, column low: above open or close'],
    ['time,open,high,low,close,volume\n2026-01-05,1,2,1,1\n', 'x.csv row 2, column volume: value missing'],
    ['time,open,high,low,close,volume\n2026-01-05,1,2,1,1,-1\n', 'x.csv row 2, column volume: must be zero or more'],
    ['time,open,high,low,close,volume\n2026-01-05,1,2,1,1,1,1\n', 'x.csv row 2: 7 fields, the header has 6'],
  ])('rejects bad input with the row and column: %j', (text, message) => {
    const error = errorOf(() => parseCsvBars(text, 'x.csv'));
    expect(error.code).toBe(ErrorCode.VALIDATION_ERROR);
    expect(error.message.startsWith(message)).toBe(true);
  });
});

describe('CSV market source', () => {
  it('replays each bar as four quotes ending at its close, and grows the history', async () => {
    const source = new CsvMarketSource({ files: [{ symbol: 'TEST', text: MINUTES }] });
    const received: MarketQuote[] = [];
    source.subscribe((q) => received.push(q));
    expect(source.quote('TEST')).toBeUndefined();
    const quotes = source.advance();
    expect(quotes.map((q) => q.last)).toEqual([p('100'), p('99.5'), p('101'), p('100.5')]);
    expect(quotes.map((q) => q.time - Date.parse('2026-01-05T10:00:00Z'))).toEqual([0, 15_000, 30_000, 45_000]);
    expect(quotes.reduce((sum, q) => sum + q.volume, 0n)).toBe(p('40'));
    expect(received).toEqual(quotes);
    expect(source.quote('TEST')).toMatchObject({ last: p('100.5'), bid: p('100.5'), ask: p('100.51') });
    expect(await source.history('TEST', '1', 0, Date.parse('2027-01-01'))).toHaveLength(1);
  });

  it('starts with the bars before replayFrom as history and rolls them up', async () => {
    const source = new CsvMarketSource({ files: [{ symbol: 'TEST', text: MINUTES }], replayFrom: Date.parse('2026-01-05T10:05:00Z') });
    const end = Date.parse('2027-01-01');
    expect(await source.history('TEST', '5', 0, end)).toEqual([
      { time: Date.parse('2026-01-05T10:00:00Z'), open: p('100'), high: p('102'), low: p('99'), close: p('99'), volume: p('76') },
    ]);
    expect(source.quote('TEST')?.last).toBe(p('99'));
    expect(source.dayStats('TEST')).toMatchObject({ open: p('100'), high: p('102'), prevClose: undefined });
    source.advance();
    expect(source.finished).toBe(true);
    expect(source.advance()).toEqual([]);
    expect(await source.history('TEST', '5', 0, end)).toHaveLength(2);
  });

  it('infers the tick of an unknown symbol and quotes a known equity inside its session', async () => {
    const daily = 'time,open,high,low,close,volume\n2026-01-05,190,192.5,189,191,1000\n2026-01-06,191,193,190.01,192,900\n';
    const source = new CsvMarketSource({ files: [{ symbol: 'AAPL', text: daily }, { symbol: 'TEST', text: MINUTES }] });
    expect(source.instruments().get('TEST')?.tickSize).toBe(p('0.01'));
    expect(source.instruments().get('AAPL')?.exchange).toBe('NASDAQ');
    const quotes = [...source.advance(), ...source.advance()].filter((q) => q.symbol === 'AAPL');
    expect(new Date(quotes[0]?.time ?? 0).toISOString()).toBe('2026-01-05T14:30:00.000Z');
    expect(await source.history('AAPL', '60', 0, Date.parse('2027-01-01'))).toEqual([]);
    expect(await source.history('AAPL', '1D', 0, Date.parse('2027-01-01'))).toHaveLength(1);
  });
});
