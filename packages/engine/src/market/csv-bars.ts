/**
 * Parses CSV files of OHLCV bars: a required header `time,open,high,low,close,volume` (any column order), one bar
 * per row, time as ISO 8601 (UTC when no offset is given) or Unix milliseconds, rows in increasing time order.
 * Errors are `VALIDATION_ERROR`s naming the file, the row (line number, header = 1) and the column.
 */
import { ErrorCode, TradingError, parseFixed } from '@trading-pro/contracts';
import type { Fixed } from '@trading-pro/contracts';
import type { MarketBar } from './bar.ts';

export const CSV_COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
type Column = (typeof CSV_COLUMNS)[number];

/** Unix ms below this are taken for seconds by mistake (it is 1973-03-03). */
const SECONDS_SUSPECT = 100_000_000_000;

export function csvError(name: string, row: number, column: string | undefined, problem: string): TradingError {
  const where = column === undefined ? `${name} row ${row}` : `${name} row ${row}, column ${column}`;
  return new TradingError(ErrorCode.VALIDATION_ERROR, `${where}: ${problem}`, {
    details: [{ path: column === undefined ? `${name}:${row}` : `${name}:${row}:${column}`, row, ...(column === undefined ? {} : { column }), message: problem }],
  });
}

function parseHeader(name: string, line: string | undefined): Map<Column, number> {
  const expected = CSV_COLUMNS.join(',');
  if (line === undefined || line.trim() === '') throw csvError(name, 1, undefined, `header required: ${expected}`);
  const columns = line.split(',').map((c) => c.trim().toLowerCase());
  const positions = new Map<Column, number>();
  columns.forEach((column, index) => {
    const known = CSV_COLUMNS.find((c) => c === column);
    if (!known) throw csvError(name, 1, column, `unknown column (the header must be ${expected})`);
    if (positions.has(known)) throw csvError(name, 1, column, 'column appears twice');
    positions.set(known, index);
  });
  const missing = CSV_COLUMNS.find((c) => !positions.has(c));
  if (missing) throw csvError(name, 1, missing, `column missing (the header must be ${expected})`);
  return positions;
}

function parseTime(name: string, row: number, text: string): number {
  if (/^\d+$/.test(text)) {
    const ms = Number(text);
    if (ms < SECONDS_SUSPECT) throw csvError(name, row, 'time', `${text} is not Unix milliseconds (seconds? multiply by 1000)`);
    return ms;
  }
  // An ISO date-time without an offset would be read as local time: read it as UTC instead.
  const hasOffset = /(?:z|[+-]\d{2}:?\d{2})$/i.test(text);
  const ms = Date.parse(/T\d/i.test(text) && !hasOffset ? `${text}Z` : text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(ms)) throw csvError(name, row, 'time', `not an ISO 8601 time or Unix milliseconds: ${JSON.stringify(text)}`);
  return ms;
}

function parseNumber(name: string, row: number, column: Column, text: string): Fixed {
  let value: Fixed;
  try {
    value = parseFixed(text);
  } catch {
    throw csvError(name, row, column, `not a number: ${JSON.stringify(text)}`);
  }
  if (column === 'volume' ? value < 0n : value <= 0n) throw csvError(name, row, column, `must be ${column === 'volume' ? 'zero or more' : 'positive'}: ${text}`);
  return value;
}

function parseRow(name: string, row: number, fields: readonly string[], positions: ReadonlyMap<Column, number>): MarketBar {
  if (fields.length > positions.size) throw csvError(name, row, undefined, `${fields.length} fields, the header has ${positions.size}`);
  const field = (column: Column): string => {
    const text = fields[positions.get(column) ?? -1]?.trim();
    if (text === undefined || text === '') throw csvError(name, row, column, 'value missing');
    return text;
  };
  const bar = {
    time: parseTime(name, row, field('time')),
    open: parseNumber(name, row, 'open', field('open')),
    high: parseNumber(name, row, 'high', field('high')),
    low: parseNumber(name, row, 'low', field('low')),
    close: parseNumber(name, row, 'close', field('close')),
    volume: parseNumber(name, row, 'volume', field('volume')),
  };
  if (bar.high < bar.open || bar.high < bar.close || bar.high < bar.low) throw csvError(name, row, 'high', 'below open, close or low');
  if (bar.low > bar.open || bar.low > bar.close) throw csvError(name, row, 'low', 'above open or close');
  return bar;
}

/** Parses one CSV file of bars; `name` (usually the file name) appears in error messages. */
export function parseCsvBars(text: string, name: string): MarketBar[] {
  const lines = text.split(/\r?\n/);
  const positions = parseHeader(name, lines[0]?.replace(/^\uFEFF/, ''));
  const bars: MarketBar[] = [];
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line.trim() === '') continue;
    const row = index + 1;
    const bar = parseRow(name, row, line.split(','), positions);
    const previous = bars.at(-1);
    if (previous && bar.time <= previous.time) throw csvError(name, row, 'time', 'not after the previous row (rows must be in increasing time order)');
    bars.push(bar);
  }
  if (bars.length === 0) throw csvError(name, 2, undefined, 'no bars after the header');
  return bars;
}

/** Largest number of decimals in the prices: the tick of an instrument known only from its CSV file. */
export function inferTickSize(bars: readonly MarketBar[]): Fixed {
  let tick = 100_000_000n;
  for (const bar of bars) {
    for (const price of [bar.open, bar.high, bar.low, bar.close]) {
      while (tick > 1n && price % tick !== 0n) tick /= 10n;
    }
  }
  return tick;
}
