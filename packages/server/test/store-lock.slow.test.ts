/** One server per SQLite store: a second one refuses to start naming the holder; a dead holder's lock is taken over. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreLock, StoreLockedError } from '../src/store/store-lock.ts';
import { eventually } from './harness.ts';

const CLI = resolve(import.meta.dirname, '../src/cli.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'tp-lock-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Run {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exitCode: () => number | null;
}

function serve(dir: string, extraEnv: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: { ...process.env, DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', TRADING_PRO_CONFIG: '', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  let code: number | null = null;
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  child.once('exit', (exit) => (code = exit ?? -1));
  return { child, stdout: () => out, stderr: () => err, exitCode: () => code };
}

async function ready(run: Run): Promise<void> {
  await eventually(() => {
    if (run.exitCode() !== null) throw new Error(`server exited: ${run.stderr()}`);
    return /ready at/.test(run.stdout());
  }, 20_000, 'server ready');
}

describe('SQLite store lock', () => {
  it('refuses a second server on the same store, naming the PID that holds it, and takes a dead holder’s lock over at once', async () => {
    const first = serve(dataDir);
    await ready(first);
    const lockFile = join(dataDir, 'trading-pro.db.lock');
    expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(first.child.pid));

    const second = serve(dataDir);
    const code = await eventually(() => second.exitCode() ?? undefined, 20_000, 'second server exits');
    expect(code).not.toBe(0);
    expect(second.stderr()).toContain(`in use by process ${first.child.pid}`);
    expect(second.stdout()).not.toMatch(/ready at/);

    // kill -9 leaves the lock file behind; the next start sees its holder is gone.
    first.child.kill('SIGKILL');
    await eventually(() => first.exitCode() !== null, 10_000, 'first server killed');
    expect(existsSync(lockFile)).toBe(true);
    const third = serve(dataDir);
    await ready(third);
    expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(third.child.pid));

    // A clean stop removes the lock.
    third.child.kill('SIGTERM');
    await eventually(() => third.exitCode() !== null, 10_000, 'third server stopped');
    expect(existsSync(lockFile)).toBe(false);
  });

  it('is taken by the first process, refused to a second while its holder lives, and released on close', () => {
    const path = join(dataDir, 'unit.db');
    // A live process that is not us: the test runner's parent.
    writeFileSync(`${path}.lock`, `${process.ppid}\n`);
    expect(() => StoreLock.acquire(path)).toThrow(StoreLockedError);
    // A PID that cannot exist: a dead holder.
    writeFileSync(`${path}.lock`, '2147483646\n');
    const lock = StoreLock.acquire(path);
    expect(readFileSync(`${path}.lock`, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    expect(existsSync(`${path}.lock`)).toBe(false);
  });
});
