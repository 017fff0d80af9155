/** `trading-pro serve` as a real child process on an ephemeral loopback port (crash, cluster and failover suites). */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../src/cli.ts');

export interface ServerProcess {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:port` */
  readonly url: string;
  /** The API base (`…/api/v1`). */
  readonly base: string;
  /** Resolves when the process has exited (whatever the cause). */
  readonly exited: Promise<void>;
}

/** Starts the server with a config file (or none: the embedded default) and resolves once it says it is ready. */
export async function startServerProcess(options: { config?: string; dataDir: string; env?: Record<string, string> }): Promise<ServerProcess> {
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: { ...process.env, DATA_DIR: options.dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', TRADING_PRO_CONFIG: options.config ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}${err}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ready at (http:\/\/[^/\s]+)\//.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${err}`));
    });
  });
  return { child, url, base: `${url}/api/v1`, exited };
}

/** Kills the process (SIGKILL unless told otherwise) and waits until it is gone. */
export async function killServerProcess(server: ServerProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill(signal);
  await server.exited;
}
