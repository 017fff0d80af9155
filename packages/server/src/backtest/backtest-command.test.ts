/** `trading-pro backtest` end to end: the real CLI in a child process, on the example data and on broken inputs. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BacktestReport } from '@trading-pro/engine';
import { ROOT, runCli, type CliResult } from '../../test/cli-process.ts';

const DATA = join(ROOT, 'examples/data/aapl-daily.csv');
const STRATEGY = join(ROOT, 'examples/strategies/sma-cross.ts');

const cli = (args: readonly string[], cwd: string): Promise<CliResult> => runCli(['backtest', ...args], cwd);

const workDir = () => mkdtempSync(join(tmpdir(), 'trading-pro-backtest-'));
const EXAMPLE = ['--data', DATA, '--strategy', STRATEGY, '--commission', '0.001', '--slippage', 'percent:0.0005'];

describe('trading-pro backtest', () => {
  it('backtests the SMA crossover over the example daily bars: summary, JSON report and chart page', async () => {
    const dir = workDir();
    const result = await cli([...EXAMPLE, '--out', 'out/sma'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'out/sma.json'), 'utf8')) as BacktestReport;
    for (const key of ['sharpe', 'sortino', 'cagr', 'volatility', 'calmar', 'maxDrawdown', 'maxDrawdownDuration', 'exposure', 'winRate', 'profitFactor', 'averageWin', 'averageLoss', 'commissions', 'benchmark']) {
      expect(report, key).toHaveProperty(key);
    }
    expect(report.benchmark.totalReturn).toBeLessThan(0);
    expect(report.symbol).toBe('AAPL');
    expect(report.bars).toBeGreaterThanOrEqual(500);
    expect(report.to - report.from).toBeGreaterThanOrEqual(2 * 365 * 86_400_000);
    expect(report.settings).toMatchObject({ commission: { rate: 0.001, min: 0 }, slippage: { model: 'percent', value: 0.0005 }, initialCash: 100_000 });
    const { summary } = report;
    expect(summary.trades).toBeGreaterThan(0);
    expect(summary.fills).toBe(report.executions.length);
    expect(summary.fees).toBeGreaterThan(0);
    expect(summary.netPL).toBeCloseTo(summary.finalEquity - summary.initialCash, 6);
    expect(summary.netPL).toBeCloseTo(summary.realizedPL + summary.unrealizedPL - summary.fees, 6);
    expect(summary.maxDrawdownPct).toBeGreaterThan(0);
    expect(report.curve.equity).toHaveLength(report.bars);
    expect(result.stdout).toContain(`${report.strategy} on AAPL`);

    const html = readFileSync(join(dir, 'out/sma.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).not.toMatch(/(?:src|href)=["']?https?:/);
    expect(html).not.toContain('<script');
  });

  it('writes the same JSON twice for the same inputs', async () => {
    const dir = workDir();
    const [first, second] = await Promise.all([cli([...EXAMPLE, '--out', 'a'], dir), cli([...EXAMPLE, '--out', 'b'], dir)]);
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe(readFileSync(join(dir, 'a.json'), 'utf8'));
  });

  it('names a missing data file', async () => {
    const dir = workDir();
    const result = await cli(['--data', 'missing.csv', '--strategy', STRATEGY], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(join(dir, 'missing.csv'));
    expect(existsSync(join(dir, 'backtest-report.json'))).toBe(false);
  });

  it('names the bad row of a CSV file', async () => {
    const dir = workDir();
    writeFileSync(join(dir, 'bad.csv'), 'time,open,high,low,close,volume\n2026-01-05,10,11,9,10.5,100\n2026-01-06,10,1O,9,10,100\n');
    const result = await cli(['--data', 'bad.csv', '--strategy', STRATEGY, '--symbol', 'XYZ'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.csv row 3, column high/);
  });

  it('refuses an unknown option with the usage', async () => {
    const result = await cli([...EXAMPLE, '--bogus', '1'], workDir());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--bogus/);
    expect(result.stderr).toMatch(/usage: trading-pro backtest/);
  });

  it('refuses a module without a strategy export', async () => {
    const dir = workDir();
    writeFileSync(join(dir, 'nothing.ts'), 'export const strategies = [];\n');
    const result = await cli(['--data', DATA, '--strategy', 'nothing.ts'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/nothing\.ts does not export a strategy/);
  });
});
