/**
 * `trading-pro backtest`: reads a CSV of bars and a strategy module, runs the backtester, prints the summary and
 * writes `<out>.json` and `<out>.html`. The engine does the work; this file only does the I/O around it.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatReportText, parseCsvBars, renderReportHtml, runBacktest } from '@trading-pro/engine';
import type { Strategy } from '@trading-pro/engine';
import { BACKTEST_USAGE, UsageError, parseBacktestArgs } from './backtest-options.ts';

/** A problem with the inputs (a missing file, a bad row, a module without a strategy): exit code 1. */
export class BacktestInputError extends Error {
  override readonly name = 'BacktestInputError';
}

async function readData(file: string): Promise<string> {
  const path = resolve(file);
  if (!existsSync(path)) throw new BacktestInputError(`data file not found: ${path}`);
  return readFile(path, 'utf8');
}

function isStrategy(value: unknown): value is Strategy<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  const init = candidate.init;
  return typeof candidate.name === 'string' && typeof candidate.onBar === 'function' && (init === undefined || typeof init === 'function');
}

/** Imports the module at `file` (TypeScript runs as is on Node 24) and returns its `strategy` export. */
export async function loadStrategy(file: string): Promise<Strategy<unknown>> {
  const path = resolve(file);
  if (!existsSync(path)) throw new BacktestInputError(`strategy file not found: ${path}`);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new BacktestInputError(`cannot load the strategy ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const strategy = module.strategy;
  if (!isStrategy(strategy)) {
    throw new BacktestInputError(`${path} does not export a strategy: expected \`export const strategy = { name: '…', onBar(bar, ctx) { … } }\``);
  }
  return strategy;
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
  const text = await readData(options.data);
  const bars = parseCsvBars(text, options.data);
  const strategy = await loadStrategy(options.strategy);
  const { report } = runBacktest({
    symbol: options.symbol,
    bars,
    strategy,
    initialCash: options.cash,
    commission: options.commission,
    slippage: options.slippage,
    spreadTicks: options.spreadTicks,
    latencyMs: options.latencyMs,
    ...(options.quoteSize === undefined ? {} : { quoteSize: options.quoteSize }),
  });
  const [json, html] = await writeReports(options.out, `${JSON.stringify(report, null, 2)}\n`, renderReportHtml(report));
  process.stdout.write(`${formatReportText(report)}\nwrote ${json}\nwrote ${html}\n`);
}

/** The command: prints errors as one clear line (no stack) and sets the exit code (2 usage, 1 input or strategy). */
export async function backtest(argv: readonly string[]): Promise<void> {
  try {
    await runCommand(argv);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError) {
      process.stderr.write(`backtest: ${message}\n\n${BACKTEST_USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`backtest: ${message}\n`);
    process.exitCode = 1;
  }
}
