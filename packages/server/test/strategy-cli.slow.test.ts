/**
 * `trading-pro backtest` and `trading-pro run` with strategy modules, in child processes: parameters, several symbols,
 * modules written before parameters, errors pointing at the strategy's line, and a run stopped by SIGINT.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OrderStatus, OrderType, Side } from '@trading-pro/contracts';
import type { BacktestReport } from '@trading-pro/engine';
import { TradingProClient } from '@trading-pro/sdk';
import { waveDir } from '../../strategy/test/wave-bars.ts';
import { ROOT, runCli, startCli, type CliResult } from './cli-process.ts';
import { eventually, startServer } from './harness.ts';

const DATA = join(ROOT, 'examples/data/aapl-daily.csv');
const STRATEGY = join(ROOT, 'examples/strategies/sma-cross.ts');
const FIXTURES = join(ROOT, 'packages/server/test/fixtures/strategies');
const EXAMPLE = ['--data', DATA, '--strategy', STRATEGY];

const cli = (args: readonly string[], cwd: string): Promise<CliResult> => runCli(['backtest', ...args], cwd);
const workDir = () => mkdtempSync(join(tmpdir(), 'trading-pro-strategy-'));

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('trading-pro backtest with strategy modules', () => {
  it('runs a module without parameters (ctx.crossover) with the same fills as the example on the SMA of trading-signals', async () => {
    const dir = workDir();
    const [legacy, example] = await Promise.all([
      cli(['--data', DATA, '--strategy', join(ROOT, 'examples/strategies/sma-cross-classic.ts'), '--out', 'legacy'], dir),
      cli(['--data', DATA, '--strategy', STRATEGY, '--out', 'example'], dir),
    ]);
    expect([legacy.code, example.code]).toEqual([0, 0]);
    const fills = (name: string) => (JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as BacktestReport).executions.map((e) => [e.time, e.side, e.qty, e.price]);
    expect(fills('example').length).toBeGreaterThan(10);
    expect(fills('legacy')).toEqual(fills('example'));
  });

  it('runs a default export', async () => {
    const dir = workDir();
    const result = await cli(['--data', DATA, '--strategy', join(FIXTURES, 'default-export.ts'), '--out', 'one'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(readFileSync(join(dir, 'one.json'), 'utf8')) as BacktestReport).summary.fills).toBe(1);
  });

  it('takes --param values as the types of the declared defaults', async () => {
    const dir = workDir();
    const result = await cli([...EXAMPLE, '--param', 'fast=5', '--param', 'slow=10', '--out', 'fast'], dir);
    expect(result.code, result.stderr).toBe(0);
    const base = await cli([...EXAMPLE, '--out', 'base'], dir);
    expect(base.code).toBe(0);
    const trades = (name: string) => (JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as BacktestReport).summary.trades;
    expect(trades('fast')).toBeGreaterThan(trades('base'));
  });

  it('refuses a --param the strategy does not declare, or of the wrong type, with the usage', async () => {
    const dir = workDir();
    const unknown = await cli([...EXAMPLE, '--param', 'fsat=5'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--param fsat: unknown parameter — did you mean fast\?/);
    const typed = await cli([...EXAMPLE, '--param', 'fast=ten'], dir);
    expect(typed.code).toBe(2);
    expect(typed.stderr).toMatch(/--param fast must be a number, got "ten"/);
    const invalid = await cli([...EXAMPLE, '--param', 'fast=60'], dir);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/fast \(60\) must be below slow \(50\)/);
    expect(existsSync(join(dir, 'backtest-report.json'))).toBe(false);
  });

  it('points a strategy error at its file and line', async () => {
    const result = await cli(['--data', DATA, '--strategy', join(FIXTURES, 'throws-on-bar.ts')], workDir());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/strategy buggy failed at bar 2 \(2023-01-04T.*\) of AAPL: no price for AAPL/);
    expect(result.stderr).toContain(`${join(FIXTURES, 'throws-on-bar.ts')}:9:`);
  });

  it('backtests several symbols from a directory, one CSV file per symbol, against an equal-weight buy and hold', async () => {
    const dir = workDir();
    const data = join(dir, 'data');
    mkdirSync(data);
    const rows = readFileSync(DATA, 'utf8').trim().split('\n');
    // A second symbol: the same days at half the price, the first 100 days missing.
    const half = rows.slice(101).map((row) => row.split(',').map((cell, i) => (i === 0 || i === 5 ? cell : String(Number(cell) / 2))).join(','));
    writeFileSync(join(data, 'AAPL.csv'), `${rows.join('\n')}\n`);
    writeFileSync(join(data, 'HALF.csv'), `${[rows[0], ...half].join('\n')}\n`);
    const result = await cli(['--data', 'data', '--strategy', STRATEGY, '--out', 'both'], dir);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'both.json'), 'utf8')) as BacktestReport;
    expect(report.symbols).toEqual(['AAPL', 'HALF']);
    expect(report.bars).toBe(rows.length - 1);
    expect(new Set(report.executions.map((e) => e.symbol))).toEqual(new Set(['AAPL', 'HALF']));
    // Half the cash in each, each bought at its own first close.
    const closes = (file: string) => readFileSync(join(data, file), 'utf8').trim().split('\n').slice(1).map((row) => Number(row.split(',')[4]));
    const [aapl, other] = [closes('AAPL.csv'), closes('HALF.csv')];
    const expected = 50_000 * ((aapl.at(-1) as number) / (aapl[0] as number)) + 50_000 * ((other.at(-1) as number) / (other[0] as number));
    expect(report.benchmark.finalEquity).toBeCloseTo(expected, 6);
    expect(result.stdout).toContain('sma-cross on AAPL, HALF');
    expect(result.stdout).toContain('Buy & hold return (equal weights)');
  });

  it('refuses --symbol with several data files', async () => {
    const result = await cli(['--data', DATA, '--data', DATA, '--strategy', STRATEGY, '--symbol', 'X'], workDir());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--symbol names the symbol of one data file/);
  });
});

describe('trading-pro run', () => {
  it('runs the example on a paper account until SIGINT, which cancels its working orders, and exits 0', async () => {
    const dir = waveDir(['BTCUSD'], 3_000, 240);
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const server = await startServer({ market: { source: 'csv', seed: 1, intervalMs: 20, csvDir: dir } });
    cleanups.push(() => server.close());
    const client = new TradingProClient({ baseUrl: server.url, accountId: 'DEMO-001' });
    cleanups.push(() => client.close());
    const run = startCli(['run', '--strategy', STRATEGY, '--account', 'DEMO-001', '--symbols', 'BTCUSD', '--param', 'fast=5', '--param', 'slow=20', '--param', 'stopLoss=0.2', '--warmup', '0'], {
      env: { TRADING_PRO_URL: server.url },
    });
    cleanups.push(() => void run.child.kill('SIGKILL'));
    const stop = await eventually(
      async () => (await client.broker.workingAndRecentOrders(20)).find((o) => o.type === OrderType.Stop && o.side === Side.Sell && o.status === OrderStatus.Working),
      30_000,
      'the working stop of the first entry',
    );
    expect(run.stdout()).toMatch(/running sma-cross on DEMO-001: BTCUSD/);
    run.child.kill('SIGINT');
    const result = await run.exited;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/stopped \(SIGINT\); canceled 1 working order of this run/);
    expect((await client.broker.order(stop.id)).status).toBe(OrderStatus.Canceled);
  });

  it('points a strategy error at its file and line, after canceling, and exits 1', async () => {
    const dir = waveDir(['BTCUSD'], 3_000, 240);
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const server = await startServer({ market: { source: 'csv', seed: 1, intervalMs: 20, csvDir: dir } });
    cleanups.push(() => server.close());
    const result = await runCli(['run', '--strategy', join(FIXTURES, 'throws-on-bar.ts'), '--account', 'DEMO-001', '--symbols', 'BTCUSD'], ROOT, { TRADING_PRO_URL: server.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/strategy buggy failed at bar 2 \(.*\) of BTCUSD: no price for BTCUSD/);
    expect(result.stderr).toContain(`${join(FIXTURES, 'throws-on-bar.ts')}:9:`);
  });

  it('refuses a bad --param or a missing --account with the usage (exit 2)', async () => {
    const unknown = await runCli(['run', '--strategy', STRATEGY, '--account', 'DEMO-001', '--param', 'slwo=3'], ROOT, { TRADING_PRO_URL: 'http://127.0.0.1:9' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--param slwo: unknown parameter — did you mean slow\?/);
    const missing = await runCli(['run', '--strategy', STRATEGY], ROOT);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--account <id> is required/);
    expect(missing.stderr).toMatch(/usage: trading-pro run/);
  });
});
