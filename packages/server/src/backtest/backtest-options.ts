/** Parses `trading-pro backtest` arguments into backtest settings, with errors that say what to fix. */
import { basename } from 'node:path';
import type { SlippageConfig } from '@trading-pro/engine';
import { UsageError, commandOptions } from '../strategy/command-options.ts';

export const BACKTEST_USAGE = `usage: trading-pro backtest --data bars.csv --strategy strategy.ts [options]

  --data <file|dir>      CSV of bars: time,open,high,low,close,volume (required); several symbols: --data once
                         per file, or a directory of them (every .csv in it), one file per symbol
  --strategy <file>      module exporting \`strategy\` ({ name, params?, init?, onBar }) or a default export (required)
  --param <name=value>   a strategy parameter (repeatable), parsed as the type of the default it declares
  --symbol <symbol>      one data file: its symbol; default: each file's name up to the first - _ or .
                         (aapl-daily.csv → AAPL)
  --cash <amount>        starting cash (default 100000)
  --commission <rate>    per fill, rate × notional (default 0); --commission-min <amount> per order
  --slippage <model>     none | fixed:<price> | percent:<fraction> | sqrt:<coefficient> (default none)
  --spread-ticks <n>     quoted spread in ticks (default 1)
  --quote-size <qty>     displayed size per quote (default: a quarter of the bar's volume)
  --latency <ms>         order latency (default 1: orders fill on the quotes after the bar)
  --out <path>           writes <path>.json and <path>.html (default backtest-report)`;

export { UsageError };

export interface BacktestCommandOptions {
  /** Data files or directories, as given. */
  readonly data: readonly string[];
  readonly strategy: string;
  /** The symbol of the one data file, when given. */
  readonly symbol?: string;
  /** `name=value` texts, checked against the strategy's parameters once it is loaded. */
  readonly params: readonly string[];
  readonly cash: number;
  readonly commission: { readonly rate: number; readonly min: number };
  readonly slippage: SlippageConfig;
  readonly spreadTicks: number;
  readonly quoteSize?: number;
  readonly latencyMs: number;
  readonly out: string;
  readonly help: boolean;
}

function numberOption(name: string, text: string | undefined, fallback: number, check: (n: number) => boolean = (n) => n >= 0): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value)) throw new UsageError(`--${name} must be a number ≥ 0, got ${JSON.stringify(text)}`);
  return value;
}

export function parseSlippage(text: string | undefined): SlippageConfig {
  if (text === undefined || text === 'none') return { model: 'none' };
  const [model, raw] = text.split(':');
  const value = Number(raw);
  if ((model === 'fixed' || model === 'percent' || model === 'sqrt') && raw !== undefined && raw.trim() !== '' && Number.isFinite(value) && value >= 0) return { model, value };
  throw new UsageError(`--slippage must be none, fixed:<price>, percent:<fraction> or sqrt:<coefficient>, got ${JSON.stringify(text)}`);
}

/** aapl-daily.csv → AAPL */
export function symbolFromFile(file: string): string {
  return (basename(file).split(/[-_.]/)[0] ?? '').toUpperCase();
}

export function parseBacktestArgs(argv: readonly string[]): BacktestCommandOptions {
  const { text, list, help } = commandOptions(argv, {
    data: { type: 'string', multiple: true },
    strategy: { type: 'string' },
    param: { type: 'string', multiple: true },
    symbol: { type: 'string' },
    cash: { type: 'string' },
    commission: { type: 'string' },
    'commission-min': { type: 'string' },
    slippage: { type: 'string' },
    'spread-ticks': { type: 'string' },
    'quote-size': { type: 'string' },
    latency: { type: 'string' },
    out: { type: 'string' },
  });
  const data = list('data');
  const strategy = text('strategy');
  if (!help && data.length === 0) throw new UsageError('--data <file.csv> is required');
  if (!help && strategy === undefined) throw new UsageError('--strategy <file.ts> is required');
  const quoteSize = text('quote-size');
  const symbol = text('symbol');
  if (symbol !== undefined && data.length > 1) throw new UsageError('--symbol names the symbol of one data file; with several, each file is named after its symbol');
  return {
    data,
    strategy: strategy ?? '',
    ...(symbol === undefined ? {} : { symbol }),
    params: list('param'),
    cash: numberOption('cash', text('cash'), 100_000, (n) => n > 0),
    commission: { rate: numberOption('commission', text('commission'), 0), min: numberOption('commission-min', text('commission-min'), 0) },
    slippage: parseSlippage(text('slippage')),
    spreadTicks: numberOption('spread-ticks', text('spread-ticks'), 1, (n) => Number.isInteger(n) && n >= 0),
    ...(quoteSize === undefined ? {} : { quoteSize: numberOption('quote-size', quoteSize, 0, (n) => n > 0) }),
    latencyMs: numberOption('latency', text('latency'), 1, (n) => Number.isInteger(n) && n >= 0),
    out: text('out') ?? 'backtest-report',
    help,
  };
}
