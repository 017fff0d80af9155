/** `trading-pro serve` logs readable lines through pino-pretty when asked (a terminal by default), JSON otherwise. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { logFormatOf, loggerOptions } from '../src/http/logger-options.ts';
import { eventually } from './harness.ts';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Starts a server and resolves with its stdout once the "Server listening" log line has been written. */
async function serveUntilListening(env: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'tp-cli-logs-'));
  dirs.push(dir);
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: { ...process.env, DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', TRADING_PRO_CONFIG: '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return eventually(() => /Server listening/.test(out) && /ready at/.test(out) && out, 20_000, 'listening log line');
}

// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

describe('server logs', () => {
  it('are pino-pretty lines with LOG_FORMAT=pretty', async () => {
    const line = plain(await serveUntilListening({ LOG_FORMAT: 'pretty' }))
      .split('\n')
      .find((l) => l.includes('Server listening'));
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: Server listening at http:\/\/127\.0\.0\.1:\d+/);
  });

  it('are JSON lines when stdout is not a terminal', async () => {
    const line = (await serveUntilListening({})).split('\n').find((l) => l.includes('Server listening'));
    expect(JSON.parse(line ?? '')).toMatchObject({ level: 30, msg: expect.stringMatching(/^Server listening at/) });
  });

  it('default to pretty on a terminal; LOG_FORMAT wins either way', () => {
    expect(logFormatOf({}, true)).toBe('pretty');
    expect(logFormatOf({}, false)).toBe('json');
    expect(logFormatOf({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(logFormatOf({ LOG_FORMAT: 'PRETTY' }, false)).toBe('pretty');
    expect(loggerOptions('info', 'json')).toEqual({ level: 'info' });
    expect(loggerOptions('debug', 'pretty')).toMatchObject({ level: 'debug', transport: { target: 'pino-pretty' } });
  });
});
