/** A closed-loop HTTP load generator over keep-alive connections, and a child-process launcher. */
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly seconds: number;
  readonly latenciesMs: number[];
  readonly statuses: Record<number, number>;
}

/**
 * Starts `bench/servers/<script>.ts <args>` and resolves with its port once it prints `PORT n` (PROFILE_TARGET=1:
 * CPU profiles in /tmp/prof; TARGET_NODE_ARGS: more options for the target's node, space-separated).
 */
export async function startTarget(script: string, args: string[] = [], env: Record<string, string> = {}): Promise<{ port: number; child: ChildProcess }> {
  const nodeArgs = [...(process.env.PROFILE_TARGET ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), ...(process.env.TARGET_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
  const child = spawn(process.execPath, [...nodeArgs, resolve(HERE, 'servers', `${script}.ts`), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((ok, fail) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /PORT (\d+)/.exec(out);
      if (match) ok(Number(match[1]));
    });
    child.once('exit', (code) => fail(new Error(`${script} exited with ${code}`)));
  });
  return { port, child };
}

export function stopTarget(child: ChildProcess): Promise<void> {
  return new Promise((ok) => {
    if (child.exitCode !== null) return ok();
    child.once('exit', () => ok());
    child.kill('SIGTERM');
  });
}

/**
 * Keeps `connections` requests in flight for `seconds`, each connection sending its next request as soon
 * as the previous answer arrives. `body(i)` gives the i-th request body.
 */
export async function closedLoop(options: { port: number; path: string; connections: number; seconds: number; body: (i: number) => string; method?: 'GET' | 'POST'; headers?: (connection: number) => Record<string, string> }): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latenciesMs: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  let issued = 0;
  const start = performance.now();
  const deadline = start + options.seconds * 1000;
  const one = (payload: string, extra: Record<string, string>) =>
    new Promise<void>((done) => {
      const t0 = performance.now();
      const req = request(
        options.method === 'GET'
          ? { host: '127.0.0.1', port: options.port, path: options.path, method: 'GET', agent, headers: extra }
          : { host: '127.0.0.1', port: options.port, path: options.path, method: 'POST', agent, headers: { ...extra, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
        (res) => {
          res.resume();
          res.once('end', () => {
            latenciesMs.push(performance.now() - t0);
            statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
            done();
          });
        },
      );
      req.once('error', () => {
        errors++;
        done();
      });
      req.end(options.method === 'GET' ? undefined : payload);
    });
  const worker = async (connection: number) => {
    const extra = options.headers?.(connection) ?? {};
    while (performance.now() < deadline) await one(options.body(issued++), extra);
  };
  await Promise.all(Array.from({ length: options.connections }, (_, connection) => worker(connection)));
  agent.destroy();
  return { requests: latenciesMs.length, errors, seconds: (performance.now() - start) / 1000, latenciesMs, statuses };
}
