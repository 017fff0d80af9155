/**
 * `trading-pro backtest`: reads CSV files of bars (one per symbol) and a strategy module, runs the backtester, prints
 * the summary and writes `<out>.json` and `<out>.html`. The engine does the work; this file only does the I/O around it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { StrategyError, formatReportText, parseCsvBars, renderReportHtml, runBacktest } from '@trading-pro/engine';
import type { BacktestData } from '@trading-pro/engine';
import { ParamError, resolveParams } from '../strategy/strategy-params.ts';
import { StrategyInputError, describeStrategyError, loadStrategy } from '../strategy/load-strategy.ts';
import { BACKTEST_USAGE, UsageError, parseBacktestArgs, symbolFromFile } from './backtest-options.ts';
import type { BacktestCommandOptions } from './backtest-options.ts';

/** The CSV files `--data` names: files as given, directories as every `.csv` in them, in name order. */
function dataFiles(paths: readonly string[]): string[] {
  return paths.flatMap((given) => {
    const path = resolve(given);
    if (!existsSync(path)) throw new StrategyInputError(`data file not found: ${path}`);
    if (!statSync(path).isDirectory()) return [path];
    const files = readdirSync(path).filter((name) => name.toLowerCase().endsWith('.csv')).sort();
    if (files.length === 0) throw new StrategyInputError(`no .csv files in ${path}`);
    return files.map((name) => join(path, name));
  });
}

async function readData(options: BacktestCommandOptions): Promise<BacktestData[]> {
  const files = dataFiles(options.data);
  if (options.symbol !== undefined && files.length > 1) throw new UsageError('--symbol names the symbol of one data file; with several, each file is named after its symbol');
  const data = await Promise.all(
    files.map(async (file) => {
      const symbol = options.symbol ?? symbolFromFile(file);
      if (symbol === '') throw new UsageError(`--symbol is required: the data file name ${basename(file)} does not start with one`);
      return { symbol, bars: parseCsvBars(await readFile(file, 'utf8'), options.data.length === 1 && files.length === 1 ? (options.data[0] as string) : file) };
    }),
  );
  const seen = new Set<string>();
  for (const { symbol } of data) {
    if (seen.has(symbol)) throw new StrategyInputError(`two data files are named after ${symbol}: one file per symbol`);
    seen.add(symbol);
  }
  return data;
}

async function writeReports(out: string, json: string, html: string): Promise<[string, string]> {
  const base = resolve(out);
  await mkdir(dirname(base), { recursive: true });
  const files: [string, string] = [`${base}.json`, `${base}.html`];
  await writeFile(files[0], json);
  await writeFile(files[1], html);
  return files;
}

async function runCommand(argv: readonly string[]): Promise<void> {
  const options = parseBacktestArgs(argv);
  if (options.help) {
    process.stdout.write(`${BACKTEST_USAGE}\n`);
    return;
  }
  const data = await readData(options);
  const { strategy, path } = await loadStrategy(options.strategy);
  const params = resolveParams(strategy.params, options.params);
  let report;
  try {
    ({ report } = runBacktest({
      data,
      strategy,
      params,
      log: (line) => void process.stdout.write(`${line}\n`),
      initialCash: options.cash,
      commission: options.commission,
      slippage: options.slippage,
      spreadTicks: options.spreadTicks,
      latencyMs: options.latencyMs,
      ...(options.quoteSize === undefined ? {} : { quoteSize: options.quoteSize }),
    }));
  } catch (error) {
    if (error instanceof StrategyError) throw new StrategyInputError(describeStrategyError(error, path));
    throw error;
  }
  const [json, html] = await writeReports(options.out, `${JSON.stringify(report, null, 2)}\n`, renderReportHtml(report));
  process.stdout.write(`${formatReportText(report)}\nwrote ${json}\nwrote ${html}\n`);
}

/** The command: prints errors as one clear line (no stack) and sets the exit code (2 usage, 1 input or strategy). */
export async function backtest(argv: readonly string[]): Promise<void> {
  try {
    await runCommand(argv);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError || error instanceof ParamError) {
      process.stderr.write(`backtest: ${message}\n\n${BACKTEST_USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`backtest: ${message}\n`);
    process.exitCode = 1;
  }
}
