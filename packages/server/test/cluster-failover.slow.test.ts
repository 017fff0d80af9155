/**
 * Two real server processes (`trading-pro serve`) on one PostgreSQL schema and one NATS subject prefix: commands and
 * WebSocket updates across processes, resume on the other process, the owner killed with SIGKILL (every
 * acknowledged order present once, the account taken over within the lease), and fencing (an owner stopped past
 * its lease steps down when it continues and never writes again).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { OrderType, Side, type Order } from '@trading-pro/contracts';
import { eventually } from './harness.ts';
import { killServerProcess, startServerProcess, type ServerProcess } from './server-process.ts';
import { dropSchemas, NATS_SERVERS, POSTGRES_URL, serviceAvailable, uniqueName } from './services.ts';
import { TestSocket } from './ws-client.ts';

const available = (await serviceAvailable('PostgreSQL')) && (await serviceAvailable('NATS'));
const LEASE_MS = 2_000;
const dataDir = mkdtempSync(join(tmpdir(), 'tp-cluster-'));
const schemas: string[] = [];
const running: ServerProcess[] = [];
const sockets: TestSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) await socket.close();
  for (const server of running.splice(0)) await killServerProcess(server);
});
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await dropSchemas(schemas);
});

/** A cluster's config: its own schema and subject prefix, a short lease. */
function clusterConfig(): { path: string; schema: string } {
  const schema = uniqueName('tp_cluster');
  schemas.push(schema);
  const path = join(dataDir, `${schema}.yaml`);
  writeFileSync(
    path,
    [
      `storage: { driver: postgres, url: "${POSTGRES_URL}", schema: ${schema} }`,
      `bus: { driver: nats, servers: "${NATS_SERVERS}", prefix: ${schema} }`,
      `cluster: { leaseMs: ${LEASE_MS}, forwardTimeoutMs: 1000 }`,
      'brokers: { paper: { latencyMs: 0 } }',
      '',
    ].join('\n'),
  );
  return { path, schema };
}

async function serve(config: string): Promise<ServerProcess & { id: string }> {
  const server = await startServerProcess({ config, dataDir });
  running.push(server);
  const health = await getJson<{ process: { id: string; pid: number } }>(`${server.base}/health`);
  expect(health.process.pid).toBe(server.child.pid);
  return { ...server, id: health.process.id };
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  return (await res.json()) as T;
}

async function ownerSeenBy(server: ServerProcess): Promise<string | undefined> {
  const health = await getJson<{ accounts: { owner?: string }[] }>(`${server.base}/health`);
  return health.accounts[0]?.owner;
}

function place(server: ServerProcess, body: Record<string, unknown>): Promise<{ status: number; body: { orderId?: string; error?: { code: string } } }> {
  return fetch(`${server.base}/broker/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5_000) }).then(
    async (res) => ({ status: res.status, body: (await res.json()) as { orderId?: string; error?: { code: string } } }),
  );
}

/** Every order of the account, newest first, through every page. */
async function allOrders(server: ServerProcess): Promise<Order[]> {
  const out: Order[] = [];
  for (let cursor: string | null = null; ; ) {
    const res: Response = await fetch(`${server.base}/broker/orders?limit=1000${cursor === null ? '' : `&before=${cursor}`}`);
    out.push(...((await res.json()) as Order[]));
    cursor = res.headers.get('x-next-cursor');
    if (cursor === null) return out;
  }
}

async function socketOn(server: ServerProcess, sinceSeq?: number): Promise<TestSocket> {
  const socket = new TestSocket(server.url);
  sockets.push(socket);
  await socket.opened;
  const response = await socket.subscribe('orders', { accountId: 'DEMO-001', ...(sinceSeq === undefined ? {} : { sinceSeq }) });
  expect(response.payload.status).toBe('ok');
  return socket;
}

const seqsOf = (socket: TestSocket) => socket.updates('orders.update').map((f) => f.payload.seq ?? 0);

/** The seqs of the account's order events in the journal. */
async function journalOrderSeqs(schema: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ seq: string }>(`SELECT seq FROM "${schema}".account_events WHERE account_id = 'DEMO-001' AND route = 'orders' ORDER BY seq`);
    return rows.map((row) => Number(row.seq));
  } finally {
    await client.end();
  }
}

/** The two processes: the one that owns the account and the other one. */
async function ownerAndOther(a: ServerProcess & { id: string }, b: ServerProcess & { id: string }) {
  const owner = await eventually(() => ownerSeenBy(b), 10_000, 'an owner');
  expect(await ownerSeenBy(a)).toBe(owner);
  return owner === a.id ? { owner: a, other: b } : { owner: b, other: a };
}

describe.skipIf(!available)('two server processes on PostgreSQL and NATS', () => {
  it('takes commands on either process and delivers every update to the sockets of both, once and in order; resume works on either', async () => {
    const { path, schema } = clusterConfig();
    const { owner, other } = await ownerAndOther(await serve(path), await serve(path));
    const [onOwner, onOther] = [await socketOn(owner), await socketOn(other)];
    const ids = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const placed = await place(i % 2 === 0 ? other : owner, { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice: 1 + (i % 5), clientOrderId: `two-${i}` });
      expect(placed.status).toBe(200);
      ids.add(placed.body.orderId ?? '');
    }
    const journal = await journalOrderSeqs(schema);
    await eventually(() => seqsOf(onOther).length >= journal.length && seqsOf(onOwner).length >= journal.length, 10_000, 'every update on both processes');
    expect(seqsOf(onOther)).toEqual(journal);
    expect(seqsOf(onOwner)).toEqual(journal);
    expect(new Set((await allOrders(other)).map((o) => o.id))).toEqual(ids);

    // A client that read a third of the updates on the owner resumes on the other process.
    const since = journal[Math.floor(journal.length / 3)] ?? 0;
    const resumed = await socketOn(other, since);
    await place(owner, { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice: 2 });
    const after = await journalOrderSeqs(schema);
    await eventually(() => seqsOf(resumed).at(-1) === after.at(-1), 10_000, 'the replay and the live update');
    expect(seqsOf(resumed)).toEqual(after.filter((seq) => seq > since));
  });

  it('after kill -9 of the owner, the other process takes over within the lease; every acknowledged order is there once', async () => {
    const { path, schema } = clusterConfig();
    const { owner, other } = await ownerAndOther(await serve(path), await serve(path));
    const watcher = await socketOn(other);
    const acked = new Map<string, string>(); // clientOrderId → orderId
    let unavailable = 0;
    let stop = false;
    /** Places orders through both processes; a 503 or a dropped connection is retried with the same clientOrderId on the survivor. */
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const clientOrderId = `kill-${w}-${i}`;
        const body = { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice: 1, clientOrderId };
        let via = w % 2 === 0 ? owner : other;
        for (let attempt = 0; ; attempt++) {
          const answer = await place(via, body).catch(() => undefined);
          if (answer?.status === 200 && answer.body.orderId !== undefined) {
            acked.set(clientOrderId, answer.body.orderId);
            break;
          }
          if (answer !== undefined) {
            expect(answer).toMatchObject({ status: 503, body: { error: { code: 'BROKER_UNAVAILABLE' } } });
            unavailable += 1;
          }
          expect(attempt).toBeLessThan(500);
          via = other;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    await eventually(() => acked.size >= 60, 20_000, 'orders before the kill');
    const killedAt = Date.now();
    await killServerProcess(owner);
    const takenOver = await eventually(async () => (await ownerSeenBy(other)) === other.id && Date.now(), 3 * LEASE_MS + 5_000, 'the takeover');
    const ackedBeforeTakeover = acked.size;
    await eventually(() => acked.size >= ackedBeforeTakeover + 60, 20_000, 'orders after the takeover');
    stop = true;
    await Promise.all(writers);

    process.stdout.write(`takeover ${takenOver - killedAt} ms after kill -9 (lease ${LEASE_MS} ms); ${acked.size} orders acknowledged, ${unavailable} answered 503 and retried\n`);
    // Within the lease, plus one renewal round to notice, plus what the test's polling adds.
    expect(takenOver - killedAt).toBeLessThan(LEASE_MS + LEASE_MS / 3 + 1_000);
    const orders = await allOrders(other);
    const byClient = new Map<string, Order[]>();
    for (const order of orders) if (order.clientOrderId !== undefined) byClient.set(order.clientOrderId, [...(byClient.get(order.clientOrderId) ?? []), order]);
    for (const [clientOrderId, orderId] of acked) expect(byClient.get(clientOrderId)?.map((o) => o.id)).toEqual([orderId]);
    expect([...byClient.values()].every((list) => list.length === 1)).toBe(true);
    // The socket on the survivor saw every order event of the journal once, in order, across the failover.
    const journal = await journalOrderSeqs(schema);
    await eventually(() => seqsOf(watcher).length >= journal.length, 10_000, 'the watcher to catch up');
    expect(seqsOf(watcher)).toEqual(journal);
  });

  it('fences an owner stopped past its lease: another takes over, and once continued the old one steps down and never writes', async () => {
    const { path, schema } = clusterConfig();
    const { owner, other } = await ownerAndOther(await serve(path), await serve(path));
    expect((await place(other, { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice: 1, clientOrderId: 'fence-0' })).status).toBe(200);
    owner.child.kill('SIGSTOP');
    await eventually(async () => (await ownerSeenBy(other)) === other.id, 3 * LEASE_MS + 5_000, 'the takeover');
    const during = await place(other, { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice: 1, clientOrderId: 'fence-1' });
    expect(during.status).toBe(200);
    const seqBefore = (await journalOrderSeqs(schema)).at(-1);

    owner.child.kill('SIGCONT');
    // The continued process knows its lease ran out before it acts: it refuses (503, safe to retry) until it has
    // stepped down, then forwards to the new owner.
    await eventually(async () => {
      const answer = await place(owner, { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice: 1, clientOrderId: 'fence-2' });
      if (answer.status !== 200) expect(answer).toMatchObject({ status: 503, body: { error: { code: 'BROKER_UNAVAILABLE' } } });
      return answer.status === 200;
    }, 10_000, 'the continued process to forward the order');
    await eventually(async () => (await ownerSeenBy(owner)) === other.id, 10_000, 'the old owner to name the new one');
    const orders = await allOrders(other);
    expect(orders.filter((o) => o.clientOrderId?.startsWith('fence-')).map((o) => o.clientOrderId)).toEqual(['fence-2', 'fence-1', 'fence-0']);
    // Exactly one order event was written since: the new owner's for fence-2 (a limit order resting: one version).
    expect((await journalOrderSeqs(schema)).filter((seq) => seq > (seqBefore ?? 0))).toHaveLength(1);
    const lease = new pg.Client({ connectionString: POSTGRES_URL });
    await lease.connect();
    const { rows } = await lease.query<{ owner: string; epoch: string }>(`SELECT owner, epoch FROM "${schema}".account_leases WHERE account_id = 'DEMO-001'`);
    await lease.end();
    // Epoch 1 was the stopped owner's; every later one belongs to the process that took over.
    expect(rows[0]?.owner).toBe(other.id);
    expect(Number(rows[0]?.epoch)).toBeGreaterThanOrEqual(2);
  });
});
