/**
 * The README's five-minute path, command by command as written there (read from README.md, so the two cannot drift):
 * install, start, open the terminal, backtest the example strategy, run it on the paper account, stop it.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { BacktestReport } from '@trading-pro/engine';
import { ROOT, type CliProcess, type CliResult } from './cli-process.ts';
import { eventually } from './harness.ts';

const exec = promisify(execFile);

/** The commands of the README's five-minute block: its shell lines without comments. */
function fiveMinuteCommands(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const marker = readme.indexOf('<!-- five-minute-path');
  if (marker < 0) throw new Error('README.md has no five-minute-path block');
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(marker))?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').replace(/^#.*$/, '').trim())
    .filter((line) => line !== '');
}

const COMMANDS = fiveMinuteCommands();
const command = (start: string): string => {
  const found = COMMANDS.find((line) => line.startsWith(start));
  if (found === undefined) throw new Error(`the README's five-minute path has no "${start}" command (it has: ${COMMANDS.join(' | ')})`);
  return found;
};

/**
 * Runs one README line through the shell (its quoting as a user's shell reads it), with the project's node first on
 * PATH, in a process group of its own: `interrupt` then signals the group, as Ctrl+C in a terminal does.
 */
function shell(line: string, cwd: string, env: Readonly<Record<string, string>> = {}): CliProcess & { exited: Promise<CliResult & { signal: NodeJS.Signals | null }> } {
  const child = spawn('/bin/sh', ['-c', `exec ${line}`], { cwd, detached: true, env: { ...process.env, PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env.PATH ?? ''}`, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<CliResult & { signal: NodeJS.Signals | null }>((done, fail) => {
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Signals the process group of a `shell` line (and ignores one already gone). */
function interrupt(process_: CliProcess, signal: NodeJS.Signals): void {
  try {
    if (process_.child.pid !== undefined) process.kill(-process_.child.pid, signal);
  } catch {
    // already exited
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('the README five-minute path', () => {
  let url = '';

  it('lists install, start, backtest and run', () => {
    expect(COMMANDS).toEqual([command('npm install'), command('npm start'), command('npx trading-pro backtest'), command('npx trading-pro run')]);
  });

  it('npm install: succeeds from the lock file with nothing left to fetch (checked as a dry run, offline)', async () => {
    const [, ...args] = command('npm install').split(' ');
    const { stdout } = await exec('npm', [...args, '--dry-run', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: ROOT, timeout: 120_000 });
    expect(stdout).not.toMatch(/^add /m);
  });

  it('npm start: serves the paper account and the web terminal', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tp-readme-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const server = shell(command('npm start'), ROOT, { PORT: '0', DATA_DIR: dataDir, LOG_FORMAT: 'json' });
    cleanups.push(async () => {
      interrupt(server, 'SIGTERM');
      await server.exited;
    });
    url = await eventually(() => /Trading Pro is ready at (http:\/\/[^/\s]+)\//.exec(server.stdout())?.[1], 60_000, 'the ready line');
    const account = (await (await fetch(`${url}/api/v1/broker/account`)).json()) as { id: string; balance: number };
    expect(account).toMatchObject({ id: 'DEMO-001', balance: 100_000 });
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="app"/);
  });

  it('npx trading-pro backtest: the example strategy over the example data, report.json and report.html', async () => {
    // A scratch folder holding the repository's examples and packages, so that the report lands there.
    const dir = mkdtempSync(join(tmpdir(), 'tp-readme-backtest-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    for (const name of ['examples', 'node_modules', 'package.json']) symlinkSync(join(ROOT, name), join(dir, name));
    const result = await shell(command('npx trading-pro backtest'), dir).exited;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/sma-cross on AAPL: 783 bars/);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as BacktestReport;
    expect(report.summary.trades).toBeGreaterThan(0);
    expect(report).toHaveProperty('sharpe');
    expect(report).toHaveProperty('benchmark');
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
  });

  it('npx trading-pro run: the same strategy on the paper account, until Ctrl+C', async () => {
    expect(url, 'the server of the npm start step').not.toBe('');
    const run = shell(command('npx trading-pro run'), ROOT, { TRADING_PRO_URL: url });
    cleanups.push(() => interrupt(run, 'SIGKILL'));
    await eventually(() => /running sma-cross on DEMO-001: BTCUSD at resolution 1 after 60 bars of warm-up/.test(run.stdout()), 60_000, 'the running line');
    interrupt(run, 'SIGINT');
    const result = await run.exited;
    // The strategy process stops cleanly (its exit code 0 is checked without npx in strategy-cli.slow.test.ts); npx
    // itself, like any process of the group without a handler, ends on the signal, as in a terminal.
    expect(result.stdout).toMatch(/stopped \(SIGINT\); canceled \d+ working orders? of this run/);
    expect(result.stderr).toBe('');
    expect(result.code === 0 || result.signal === 'SIGINT', `code ${result.code}, signal ${result.signal}`).toBe(true);
  });
});
