/**
 * `trading-pro run` listens for Ctrl+C from its first moment: a stop asked for while the run is still starting (its
 * connection, its warm-up, its first orders) stops it as soon as it has started, with its orders canceled; before,
 * a signal in that window found no handler and killed the process with its orders working.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand, type StopSignal } from '../src/strategy/run-command.ts';
import { ROOT } from './cli-process.ts';
import { startServer, type TestServer } from './harness.ts';

let server: TestServer | undefined;
afterAll(async () => {
  await server?.close();
});

describe('trading-pro run and a stop while it starts', () => {
  it('stops once started when the stop came during the start, and exits 0', async () => {
    server = await startServer();
    let stop: ((reason: string) => void) | undefined;
    let released = false;
    const signals: StopSignal = (onStop) => {
      stop = onStop;
      return () => {
        released = true;
      };
    };
    const out: string[] = [];
    const err: string[] = [];
    const exit = runCommand(
      ['--strategy', join(ROOT, 'examples/strategies/sma-cross.ts'), '--account', 'DEMO-001', '--symbols', 'BTCUSD', '--warmup', '30'],
      { TRADING_PRO_URL: server.url },
      (text) => void out.push(text),
      (text) => void err.push(text),
      signals,
    );
    // The command listens before it connects.
    expect(stop).toBeDefined();
    stop?.('SIGINT');
    expect(await exit).toBe(0);
    expect(err.join('')).toBe('');
    const output = out.join('');
    expect(output).toMatch(/running sma-cross on DEMO-001: BTCUSD/);
    expect(output).toMatch(/stopped \(SIGINT\); canceled \d+ working orders? of this run/);
    expect(released).toBe(true);
  });
});
