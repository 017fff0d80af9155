/**
 * `trading-pro cluster --processes 2` on PostgreSQL and NATS, as an operator runs it: REST and WebSocket through
 * nginx on P and straight to P+1 and P+2, each process's `/health`, the client's address, Host and Origin as the
 * servers see them behind nginx, and SIGTERM leaving no process and no port behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderType, Side } from '@trading-pro/contracts';
import { findNginx } from '../src/cluster/nginx-binary.ts';
import { eventually } from './harness.ts';
import { dropSchemas, NATS_SERVERS, POSTGRES_URL, serviceAvailable, uniqueName } from './services.ts';
import { TestSocket } from './ws-client.ts';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const available = (await serviceAvailable('PostgreSQL')) && (await serviceAvailable('NATS')) && (findNginx(process.env) !== undefined || process.env.CI !== undefined);
if (findNginx(process.env) === undefined && !process.env.CI) process.stderr.write('nginx is not installed: the cluster suite is skipped (apt-get install nginx; CI runs it)\n');

/** Burst per client address on each process: small enough to reach through nginx, large enough for the other tests. */
const BURST = 60;

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A public port P with P, P+1 and P+2 free. */
async function freePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const free = await Promise.all(Array.from({ length: count }, (_, i) => portFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error('no free run of ports');
}

interface Health {
  status: string;
  process: { id: string; pid: number };
  accounts: Array<{ id: string; owner: string }>;
}

async function json<T>(url: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The parent pid of a live process (Linux /proc), to tell the cluster's own children. */
const parentOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);

/** Every pid whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((candidate) => {
      try {
        return parentOf(candidate) === pid;
      } catch {
        return false;
      }
    });
}

interface Launched {
  readonly port: number;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  readonly output: () => string;
  readonly servers: number[];
  readonly nginx: number;
}

/**
 * Runs `trading-pro cluster <args> --port P --config <file>` and waits until it says it is ready: on PostgreSQL and
 * NATS with a schema and subject prefix of its own, or (no schema) on the embedded default.
 */
async function launch(args: readonly string[], dir: string, schema?: string): Promise<Launched> {
  const port = await freePorts(3);
  const config = join(dir, `${schema ?? 'embedded'}.yaml`);
  const drivers = schema === undefined ? [] : [`storage: {driver: postgres, url: "${POSTGRES_URL}", schema: ${schema}}`, `bus: {driver: nats, servers: "${NATS_SERVERS}", prefix: ${schema}}`];
  writeFileSync(
    config,
    [
      ...drivers,
      'server: {logLevel: warn, web: false}',
      // No refill within the test: the burst alone decides when a client address is throttled.
      `limits: {rest: {perSecond: 0.001, burst: ${BURST}}}`,
      '',
    ].join('\n'),
  );
  const child = spawn(process.execPath, [cli, 'cluster', ...args, '--port', String(port), '--config', config], {
    env: { ...process.env, DATA_DIR: dir, LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // The announcement ends with this line, after the processes' pids.
  const ready = 'Ctrl-C stops them all';
  await eventually(() => output.includes(ready) || child.exitCode !== null, 45_000, 'the cluster to be ready');
  if (!output.includes(ready)) throw new Error(`the cluster did not start:\n${output}`);
  return {
    port,
    child,
    exited,
    output: () => output,
    servers: [...output.matchAll(/process \d \(pid (\d+), http:\/\/127\.0\.0\.1:\d+/g)].map((m) => Number(m[1])),
    nginx: Number(/nginx \(pid (\d+)\)/.exec(output)?.[1]),
  };
}

async function shutDown(launched: Launched | undefined): Promise<void> {
  if (launched === undefined || launched.child.exitCode !== null) return;
  launched.child.kill('SIGTERM');
  await launched.exited;
}

describe.skipIf(!available)('trading-pro cluster --processes 2 on PostgreSQL and NATS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-cluster-'));
  const name = uniqueName('tp_cluster');
  const sockets: TestSocket[] = [];
  let cluster: Launched;
  let port = 0;
  const url = (offset = 0) => `http://127.0.0.1:${port + offset}`;

  beforeAll(async () => {
    cluster = await launch(['--processes', '2'], dir, name);
    port = cluster.port;
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) await socket.close();
    await shutDown(cluster);
    await dropSchemas([name]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('announces nginx on P and the two processes on P+1 and P+2, children of the cluster', () => {
    const output = cluster.output();
    expect(output).toContain(`Trading Pro cluster is ready at http://localhost:${port}/`);
    expect(output).toMatch(new RegExp(`process 1 \\(pid \\d+, http://127\\.0\\.0\\.1:${port + 1}, broker\\+datafeed\\)`));
    expect(output).toMatch(new RegExp(`process 2 \\(pid \\d+, http://127\\.0\\.0\\.1:${port + 2}, broker\\+datafeed\\)`));
    expect(cluster.servers).toHaveLength(2);
    for (const pid of [...cluster.servers, cluster.nginx]) expect(parentOf(pid)).toBe(cluster.child.pid);
  });

  it('names each process in its /health: distinct ids, and the pid of the server process itself', async () => {
    const first = await json<Health>(`${url(1)}/api/v1/health`);
    const second = await json<Health>(`${url(2)}/api/v1/health`);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(first.body.process.pid).toBe(cluster.servers[0]);
    expect(second.body.process.pid).toBe(cluster.servers[1]);
    expect(first.body.process.id).not.toBe(second.body.process.id);
    // Through nginx, both answer in turn.
    const seen = new Set<number>();
    for (let i = 0; i < 6; i++) seen.add((await json<Health>(`${url()}/api/v1/health`)).body.process.pid);
    expect([...seen].sort()).toEqual([...cluster.servers].sort());
  });

  it('takes an order through nginx and delivers its update to sockets on nginx, P+1 and P+2', async () => {
    const origin = `http://localhost:${port}`;
    const viaNginx = new TestSocket(`http://localhost:${port}`, { origin });
    const onFirst = new TestSocket(url(1));
    const onSecond = new TestSocket(url(2));
    sockets.push(viaNginx, onFirst, onSecond);
    for (const socket of [viaNginx, onFirst, onSecond]) {
      await socket.opened;
      expect((await socket.subscribe('orders', { accountId: 'DEMO-001' })).payload.status).toBe('ok');
    }
    const clientOrderId = `cluster-${Date.now()}`;
    // The browser's view: same-origin POST to localhost:P; nginx passes Host, so the servers see their own origin.
    const placed = await json<{ orderId: string }>(`http://localhost:${port}/api/v1/broker/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.1, limitPrice: 1, clientOrderId }),
    });
    expect(placed.status).toBe(200);
    for (const socket of [viaNginx, onFirst, onSecond]) {
      await socket.waitFor((f) => f.type === 'orders.update' && (f.payload.payload as { clientOrderId?: string }).clientOrderId === clientOrderId, 'the order on every socket', 10_000);
    }
    // Either process answers for the order, directly.
    for (const offset of [1, 2]) {
      const order = await json<{ id: string; clientOrderId: string }>(`${url(offset)}/api/v1/broker/orders/${placed.body.orderId}`);
      expect(order.status).toBe(200);
      expect(order.body.clientOrderId).toBe(clientOrderId);
    }
  });

  it('judges Origin against the Host and scheme the client used, as nginx passes them', async () => {
    const refused = await json<{ error: { code: string } }>(`http://localhost:${port}/api/v1/broker/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.1, limitPrice: 1 }),
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    // nginx sets X-Forwarded-Proto to the scheme the client used: one the client sends is replaced, not believed.
    const overridden = await json<{ orderId: string }>(`http://localhost:${port}/api/v1/broker/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `http://localhost:${port}`, 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.1, limitPrice: 1 }),
    });
    expect(overridden.status).toBe(200);
  });

  it("rate-limits each client by the address nginx forwards, not nginx's own", async () => {
    const from = (address: string) => fetch(`${url()}/api/v1/datafeed/config`, { headers: { 'x-forwarded-for': address } }).then(async (r) => (await r.arrayBuffer(), r.status));
    let throttled = false;
    // Both processes' bursts, with room to spare: the first client is throttled within them.
    for (let i = 0; i < 3 * BURST && !throttled; i++) throttled = (await from('203.0.113.7')) === 429;
    expect(throttled).toBe(true);
    // Another client behind the same nginx is untouched.
    expect(await from('203.0.113.8')).toBe(200);
  });

  it('stops nginx and every process on SIGTERM, leaving no process and no port behind', async () => {
    const workers = childrenOf(cluster.nginx);
    expect(workers.length).toBeGreaterThan(0);
    const everyone = [...cluster.servers, cluster.nginx, ...workers];
    cluster.child.kill('SIGTERM');
    expect(await cluster.exited).toBe(0);
    await eventually(() => everyone.every((pid) => !alive(pid)), 10_000, 'every child to be gone');
    for (const offset of [0, 1, 2]) expect(await portFree(port + offset)).toBe(true);
    expect(cluster.output()).toContain('cluster stopped');
  });
});

describe.skipIf(!available)('trading-pro cluster --layout broker+datafeed,datafeed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-cluster-layout-'));
  const name = uniqueName('tp_cluster');
  let cluster: Launched;

  beforeAll(async () => {
    cluster = await launch(['--layout', 'broker+datafeed,datafeed'], dir, name);
  }, 60_000);

  afterAll(async () => {
    await shutDown(cluster);
    await dropSchemas([name]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends broker paths to the broker process only and market data to both', async () => {
    const base = `http://127.0.0.1:${cluster.port}`;
    // The datafeed-only process has no broker routes: were nginx to send it one, the answer would be 404.
    expect((await json(`http://127.0.0.1:${cluster.port + 2}/api/v1/broker/account`)).status).toBe(404);
    for (let i = 0; i < 6; i++) expect((await json(`${base}/api/v1/broker/account`)).status).toBe(200);
    const pids = new Set<number>();
    for (let i = 0; i < 6; i++) {
      expect((await json(`${base}/api/v1/datafeed/config`)).status).toBe(200);
      pids.add((await json<Health>(`${base}/api/v1/health`)).body.process.pid);
    }
    expect([...pids].sort()).toEqual([...cluster.servers].sort());
  });

  it('opens sockets for account topics on the broker process, and for market data with ?module=datafeed', async () => {
    // Were one of them sent to the datafeed-only process, its orders subscription would be refused.
    const accounts = Array.from({ length: 4 }, () => new TestSocket(`http://127.0.0.1:${cluster.port}`));
    const market = new TestSocket(`http://127.0.0.1:${cluster.port}`, { query: '?module=datafeed' });
    try {
      for (const socket of accounts) {
        await socket.opened;
        expect((await socket.subscribe('orders', { accountId: 'DEMO-001' })).payload.status).toBe('ok');
      }
      await market.opened;
      expect((await market.subscribe('quotes', { symbol: 'BTCUSD' })).payload.status).toBe('ok');
    } finally {
      for (const socket of [...accounts, market]) await socket.close();
    }
  });

  it('stops both processes and nginx when the datafeed process dies, saying which and why', async () => {
    const datafeedPid = cluster.servers[1] as number;
    process.kill(datafeedPid, 'SIGKILL');
    expect(await cluster.exited).toBe(1);
    expect(cluster.output()).toMatch(new RegExp(`cluster stopping: process 2 \\(pid ${datafeedPid}, http://127\\.0\\.0\\.1:${cluster.port + 2}, datafeed\\) was killed by SIGKILL`));
    await eventually(() => [...cluster.servers, cluster.nginx].every((pid) => !alive(pid)), 10_000, 'every child to be gone');
    for (const offset of [0, 1, 2]) expect(await portFree(cluster.port + offset)).toBe(true);
  });
});

describe.skipIf(findNginx(process.env) === undefined && !process.env.CI)('trading-pro cluster --processes 1 on the embedded SQLite store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-cluster-sqlite-'));
  let cluster: Launched;

  beforeAll(async () => {
    cluster = await launch(['--processes', '1'], dir);
  }, 60_000);

  afterAll(async () => {
    await shutDown(cluster);
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes an order through nginx, journals it in SQLite under DATA_DIR, and stops cleanly', async () => {
    const placed = await json<{ orderId: string }>(`http://127.0.0.1:${cluster.port}/api/v1/broker/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.1, limitPrice: 1 }),
    });
    expect(placed.status).toBe(200);
    expect((await json(`http://127.0.0.1:${cluster.port + 1}/api/v1/broker/orders/${placed.body.orderId}`)).status).toBe(200);
    expect(readdirSync(dir)).toContain('trading-pro.db');
    cluster.child.kill('SIGTERM');
    expect(await cluster.exited).toBe(0);
    await eventually(() => [...cluster.servers, cluster.nginx].every((pid) => !alive(pid)), 10_000, 'every child to be gone');
  });
});
