/**
 * Starts the server as a user does, `npm start` in the repository with the default configuration, on a data
 * directory of its own and an ephemeral port; finds the node process npm spawned (the server itself) to read its
 * memory from /proc. Also the REST calls the memory benchmarks make, and a fresh node process as their baseline.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface Memory {
  /** Resident set size now, MiB. */
  readonly rssMiB: number;
  /** Highest resident set size so far, MiB. */
  readonly peakMiB: number;
  /** Of the RSS: anonymous memory (heaps, stacks), MiB. */
  readonly anonMiB: number;
  /** Of the RSS: file-backed and shared pages (the node binary, SQLite's shared memory), MiB. */
  readonly fileMiB: number;
}

/** A process's resident memory, from /proc/<pid>/status. */
export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024, anonMiB: kib('RssAnon') / 1024, fileMiB: (kib('RssFile') + kib('RssShmem')) / 1024 };
}

/** Every descendant of `pid` (children first), from the parent ids in /proc/<pid>/stat. */
function descendantsOf(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: the parent id is the second field after the last ')'.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(name), parent);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  for (let queue = [pid]; queue.length > 0; ) {
    const current = queue.shift() as number;
    for (const [child, parent] of parents) {
      if (parent !== current) continue;
      found.push(child);
      queue = [...queue, child];
    }
  }
  return found;
}

export interface StartedServer {
  readonly port: number;
  /** The node process running the server (npm's child, or its shell's). */
  readonly pid: number;
  readonly base: string;
  /** Milliseconds from spawning npm to the "ready" line. */
  readonly readyMs: number;
  stop(): Promise<void>;
}

export interface NpmStartOptions {
  readonly dataDir: string;
  /** Node's compile cache directory for this run (NODE_COMPILE_CACHE), so nothing is left elsewhere. */
  readonly compileCache: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** `npm start` on an ephemeral port; resolves once the server printed that it is ready. */
export function npmStart(options: NpmStartOptions): Promise<StartedServer> {
  const began = performance.now();
  const npm: ChildProcess = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: options.dataDir, PORT: '0', HOST: '127.0.0.1', TRADING_PRO_CONFIG: '', NODE_COMPILE_CACHE: options.compileCache, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((done, fail) => {
    let out = '';
    let started = false;
    const onData = (chunk: Buffer) => {
      if (started) return;
      out += chunk.toString();
      const ready = /ready at http:\/\/[^:]+:(\d+)\//.exec(out);
      if (ready === null) return;
      started = true;
      const readyMs = performance.now() - began;
      const port = Number(ready[1]);
      const pid = descendantsOf(npm.pid as number).find((candidate) => {
        try {
          return readFileSync(`/proc/${candidate}/cmdline`, 'utf8').includes('serve') && readFileSync(`/proc/${candidate}/comm`, 'utf8').trim() !== 'sh';
        } catch {
          return false;
        }
      });
      if (pid === undefined) {
        npm.kill('SIGTERM');
        fail(new Error('npm start is ready but its node process was not found'));
        return;
      }
      const exited = new Promise<void>((resolveExit) => npm.once('exit', () => resolveExit()));
      done({
        port,
        pid,
        base: `http://127.0.0.1:${port}`,
        readyMs,
        stop: async () => {
          process.kill(pid, 'SIGTERM');
          await exited;
        },
      });
    };
    npm.stdout?.on('data', onData);
    npm.stderr?.on('data', (chunk: Buffer) => void (out += chunk.toString()));
    npm.once('exit', (code) => {
      if (!started) fail(new Error(`npm start exited with ${code} before it was ready:\n${out.slice(-2000)}`));
    });
  });
}

/** Resolves once `GET /api/v1/health` answers 200. */
export async function healthy(base: string): Promise<void> {
  for (;;) {
    const response = await fetch(`${base}/api/v1/health`).catch(() => undefined);
    if (response?.status === 200) return;
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  }
}

/** POSTs JSON; waits out a 429 (the default per-client limits) and sends again. */
export async function postJson(url: string, body: unknown, headers: Readonly<Record<string, string>> = {}): Promise<{ status: number; json: unknown }> {
  for (;;) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const json: unknown = await response.json();
    if (response.status !== 429) return { status: response.status, json };
    const retryAfterS = Number(response.headers.get('retry-after') ?? 1);
    await new Promise((resolveWait) => setTimeout(resolveWait, Math.max(50, retryAfterS * 1000)));
  }
}

/** The RSS of a fresh node process (the same binary, no script), MiB: the floor every server figure stands on. */
export function freshNodeRss(): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-e', 'process.stdout.write("up\\n"); setInterval(() => undefined, 1000)'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } });
    child.stdout.once('data', () => {
      setTimeout(() => {
        const { rssMiB } = memoryOf(child.pid as number);
        child.kill('SIGTERM');
        child.once('exit', () => done(rssMiB));
      }, 1_000);
    });
    child.once('error', fail);
  });
}
