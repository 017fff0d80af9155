/**
 * Server processes as a cluster runs them: `trading-pro serve` with one configuration on PostgreSQL and NATS (a fresh
 * schema and subject prefix per run, limits raised as in bench-config.ts), each on its own ephemeral loopback port.
 * The benchmarks that measure delivery across processes talk to them directly (nginx would add a hop of its own).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const CLI = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../packages/server/src/cli.ts');
export const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const NATS_URL = process.env.BENCH_NATS_URL ?? 'nats://127.0.0.1:4222';

export interface ServeProcess {
  readonly port: number;
  readonly pid: number;
  readonly child: ChildProcess;
}

export interface ServeCluster {
  readonly processes: readonly ServeProcess[];
  /** The process owning `accountId` by its /health (`owner` = a process id), and the others. */
  ownerOf(accountId: string): Promise<{ owner: ServeProcess; others: ServeProcess[] }>;
  /** CPU time (user + system) of every server process so far, in ms (Linux /proc). */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** Whether PostgreSQL answers at BENCH_POSTGRES_URL. */
export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

function configYaml(schema: string): string {
  return [
    `storage: {driver: postgres, url: "${POSTGRES_URL}", schema: ${schema}}`,
    `bus: {driver: nats, servers: "${NATS_URL}", prefix: ${schema}}`,
    'server: {logLevel: silent, web: false}',
    'limits:',
    '  rest: {perSecond: 1000000000, burst: 1000000000}',
    '  ws: {perClient: 1000000, total: 1000000, subscribesPerSecond: 1000000000}',
    '',
  ].join('\n');
}

function startOne(config: string, dataDir: string): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--config', config], {
    env: { ...process.env, DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((ok, fail) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ready at http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (match && child.pid !== undefined) ok({ port: Number(match[1]), pid: child.pid, child });
    });
    child.once('exit', (code) => fail(new Error(`trading-pro serve exited with ${code} before it was ready`)));
  });
}

async function health(port: number): Promise<{ process: { id: string }; accounts: Array<{ id: string; owner: string }> }> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
  return (await response.json()) as { process: { id: string }; accounts: Array<{ id: string; owner: string }> };
}

function cpuOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime, fields 14 and 15 of stat (11 and 12 after the command), in clock ticks (100 per second).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Starts `count` processes one after another (the first takes the accounts' leases) on a schema of their own. */
export async function startServeCluster(count: number, name: string): Promise<ServeCluster> {
  const schema = `${name}_${process.pid}_${Date.now().toString(36)}`;
  const dir = mkdtempSync(join(tmpdir(), 'tp-bench-cluster-'));
  const config = join(dir, 'cluster.yaml');
  writeFileSync(config, configYaml(schema));
  const processes: ServeProcess[] = [];
  const stop = async () => {
    await Promise.all(
      processes.map(
        ({ child }) =>
          new Promise<void>((ok) => {
            if (child.exitCode !== null) return ok();
            child.once('exit', () => ok());
            child.kill('SIGTERM');
          }),
      ),
    );
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < count; i++) processes.push(await startOne(config, dir));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    processes,
    async ownerOf(accountId) {
      const answers = await Promise.all(processes.map(async (p) => ({ p, health: await health(p.port) })));
      const ownerId = answers.flatMap((a) => a.health.accounts).find((a) => a.id === accountId)?.owner;
      const owner = answers.find((a) => a.health.process.id === ownerId)?.p;
      if (owner === undefined) throw new Error(`no process names an owner of ${accountId} in its /health`);
      return { owner, others: processes.filter((p) => p !== owner) };
    },
    cpuMs: () => processes.reduce((sum, p) => sum + cpuOf(p.pid), 0),
    stop,
  };
}
