/**
 * The server on PostgreSQL and NATS (the scale-out drivers): commands, WebSocket updates with their seq, resume,
 * idempotency across a restart, account isolation, and health naming the process and each account's owner.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { OrderType, Side, type Order } from '@trading-pro/contracts';
import { eventually, startServer, type ConfigPatch, type TestServer } from './harness.ts';
import { dropSchemas, NATS_SERVERS, POSTGRES_URL, serviceAvailable, uniqueName } from './services.ts';
import { TestSocket } from './ws-client.ts';

const available = (await serviceAvailable('PostgreSQL')) && (await serviceAvailable('NATS'));
const schemas: string[] = [];
const servers: TestServer[] = [];
const sockets: TestSocket[] = [];
afterAll(async () => {
  for (const socket of sockets) await socket.close();
  for (const server of servers) await server.close();
  await dropSchemas(schemas);
});

const ALICE = 'alice-token-0123456789';
const BOB = 'bob-token-0123456789abc';
const as = (token: string) => ({ authorization: `Bearer ${token}` });

function drivers(): ConfigPatch {
  const name = uniqueName('tp_scale');
  schemas.push(name);
  return {
    storage: { driver: 'postgres', url: POSTGRES_URL, schema: name },
    bus: { driver: 'nats', servers: NATS_SERVERS, prefix: name },
    accounts: [
      { id: 'ACC-A', name: 'Alice', broker: 'paper', currency: 'USD', initialBalance: 100_000 },
      { id: 'ACC-B', name: 'Bob', broker: 'paper', currency: 'USD', initialBalance: 50_000 },
    ],
    auth: { mode: 'token', tokens: [{ token: ALICE, accountId: 'ACC-A' }, { token: BOB, accountId: 'ACC-B' }] },
  };
}

async function start(patch: ConfigPatch): Promise<TestServer> {
  const server = await startServer(patch);
  servers.push(server);
  return server;
}

async function stop(server: TestServer): Promise<void> {
  servers.splice(servers.indexOf(server), 1);
  await server.close();
}

describe.skipIf(!available)('the server on PostgreSQL and NATS', () => {
  it('journals commands in PostgreSQL and streams their updates in seq order, resumable', async () => {
    const patch = drivers();
    const server = await start(patch);
    const socket = new TestSocket(server.url, { header: `Bearer ${ALICE}` });
    sockets.push(socket);
    await socket.opened;
    const subscribed = await socket.subscribe('orders', { accountId: 'ACC-A' });
    expect(subscribed.payload.status).toBe('ok');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const placed = await server.request('POST', '/broker/orders', { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.1, limitPrice: 1 + i }, as(ALICE));
      expect(placed.body).toMatchObject({ orderId: expect.any(String) });
      ids.push((placed.body as { orderId: string }).orderId);
    }
    await eventually(() => socket.updates('orders.update').length >= 5, 5_000, 'five order updates');
    const seqs = socket.updates('orders.update').map((f) => f.payload.seq ?? 0);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // The rows are in the configured schema.
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    const rows = await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "${schemas.at(-1)}".account_orders WHERE account_id = 'ACC-A'`);
    await client.end();
    expect(Number(rows.rows[0]?.n)).toBe(5);
    // A client resuming after the second update gets the rest, exactly once.
    const resumed = new TestSocket(server.url, { header: `Bearer ${ALICE}` });
    sockets.push(resumed);
    await resumed.opened;
    await resumed.subscribe('orders', { accountId: 'ACC-A', sinceSeq: seqs[1] });
    await eventually(() => resumed.updates('orders.update').length >= seqs.length - 2, 5_000, 'the replay');
    expect(resumed.updates('orders.update').map((f) => f.payload.seq)).toEqual(seqs.slice(2));
    const listed = await server.request('GET', '/broker/orders', undefined, as(ALICE));
    expect((listed.body as Order[]).map((o) => o.id)).toEqual([...ids].reverse());
    expect(Number(listed.headers.get('x-account-seq'))).toBe(seqs.at(-1));
  });

  it('keeps orders and clientOrderId idempotency across a restart, and keeps accounts apart', async () => {
    const patch = drivers();
    const first = await start(patch);
    const body = { symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty: 0.01, clientOrderId: 'restart-1' };
    const placed = await first.request('POST', '/broker/orders', body, as(ALICE));
    expect(placed.status).toBe(200);
    const resting = await first.request('POST', '/broker/orders', { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.1, limitPrice: 2 }, as(BOB));
    await stop(first);

    const second = await start(patch);
    expect(await second.request('POST', '/broker/orders', body, as(ALICE))).toMatchObject({ status: 200, body: placed.body });
    expect((await second.request('POST', '/broker/orders', { ...body, qty: 0.02 }, as(ALICE))).status).toBe(409);
    const position = await second.request('GET', '/broker/positions', undefined, as(ALICE));
    expect(position.body).toMatchObject([{ symbol: 'BTCUSD', qty: 0.01 }]);
    // Each account sees only its own orders (order ids are per account).
    const bobOrder = (resting.body as { orderId: string }).orderId;
    expect((await second.request('GET', `/broker/orders/${bobOrder}`, undefined, as(BOB))).body).toMatchObject({ symbol: 'ETHUSD' });
    expect(((await second.request('GET', '/broker/orders', undefined, as(ALICE))).body as Order[]).map((o) => o.symbol)).toEqual(['BTCUSD']);
    expect(((await second.request('GET', '/broker/orders', undefined, as(BOB))).body as Order[]).map((o) => o.symbol)).toEqual(['ETHUSD']);
    expect((await second.request('GET', '/broker/orders', undefined, { ...as(ALICE), 'x-account-id': 'ACC-B' })).status).toBe(403);
  });

  it('answers a repeated clientOrderId with the first answer, journaling it once, even when the repeats race', async () => {
    const server = await start(drivers());
    const body = { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.2, limitPrice: 7, clientOrderId: 'race-1' };
    const answers = await Promise.all(Array.from({ length: 5 }, () => server.request('POST', '/broker/orders', body, as(ALICE))));
    expect(new Set(answers.map((a) => JSON.stringify([a.status, a.body])))).toEqual(new Set([JSON.stringify([200, answers[0]?.body])]));
    const seq = await server.context.store?.lastSeq('ACC-A');
    expect((await server.request('POST', '/broker/orders', body, as(ALICE))).body).toEqual(answers[0]?.body);
    expect(await server.context.store?.lastSeq('ACC-A')).toBe(seq);
    expect(((await server.request('GET', '/broker/orders', undefined, as(ALICE))).body as Order[]).filter((o) => o.clientOrderId === 'race-1')).toHaveLength(1);
    expect((await server.request('POST', '/broker/orders', { ...body, qty: 0.3 }, as(ALICE))).body).toMatchObject({ error: { code: 'CONFLICT' } });
  });

  it('names the process and the owner of each account on /health, and reports the storage', async () => {
    const server = await start(drivers());
    const health = await server.request('GET', '/health', undefined, as(ALICE));
    const body = health.body as { process: { id: string; pid: number }; accounts: { id: string; owner: string }[]; storage: { status: string } };
    expect(body.process).toEqual({ id: server.context.processId, pid: process.pid });
    expect(body.accounts).toEqual([{ id: 'ACC-A', brokerStatus: expect.any(Number), owner: body.process.id }]);
    expect(body.storage).toEqual({ status: 'ok' });
    expect((await server.request('GET', '/health')).body).toEqual({ status: 'ok', version: expect.any(String), uptimeS: expect.any(Number) });
  });

  it('serves an account from a second process: commands forwarded to the owner, updates and reads on both, health naming the owner', async () => {
    const patch = { ...drivers(), cluster: { leaseMs: 5_000, forwardTimeoutMs: 2_000 } };
    const owner = await start(patch);
    const other = await start(patch);
    const ownerId = owner.context.processId;
    const health = (await other.request('GET', '/health', undefined, as(ALICE))).body as { process: { id: string }; accounts: { id: string; owner: string }[] };
    expect(health.process.id).toBe(other.context.processId);
    expect(health.accounts).toEqual([{ id: 'ACC-A', brokerStatus: 1, owner: ownerId }]);

    const [onOwner, onOther] = [new TestSocket(owner.url, { header: `Bearer ${ALICE}` }), new TestSocket(other.url, { header: `Bearer ${ALICE}` })];
    sockets.push(onOwner, onOther);
    await Promise.all([onOwner.opened, onOther.opened]);
    expect((await onOther.subscribe('orders', { accountId: 'ACC-A' })).payload.status).toBe('ok');
    expect((await onOwner.subscribe('orders', { accountId: 'ACC-A' })).payload.status).toBe('ok');
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const via = i % 2 === 0 ? other : owner;
      const placed = await via.request('POST', '/broker/orders', { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.1, limitPrice: 1 + i, clientOrderId: `fwd-${i}` }, as(ALICE));
      expect(placed.body).toMatchObject({ orderId: expect.any(String) });
      ids.push((placed.body as { orderId: string }).orderId);
    }
    // The same clientOrderId through the other process answers the first order, and places nothing.
    const again = await other.request('POST', '/broker/orders', { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.1, limitPrice: 2, clientOrderId: 'fwd-1' }, as(ALICE));
    expect(again).toMatchObject({ status: 200, body: { orderId: ids[1] } });
    // Errors keep their code and status across the hop.
    const conflict = await other.request('POST', '/broker/orders', { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.3, limitPrice: 2, clientOrderId: 'fwd-1' }, as(ALICE));
    expect(conflict).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
    const rejected = await other.request('POST', '/broker/orders', { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 1_000_000, limitPrice: 2 }, as(ALICE));
    expect(rejected).toMatchObject({ status: 422, body: { error: { code: 'INSUFFICIENT_BUYING_POWER' } } });
    expect((await other.request('DELETE', '/broker/orders/nope', undefined, as(ALICE))).status).toBe(404);

    const seqsOn = (socket: TestSocket) => socket.updates('orders.update').map((f) => f.payload.seq ?? 0);
    const last = await owner.context.store?.lastSeq('ACC-A');
    await eventually(() => seqsOn(onOther).at(-1) === last && seqsOn(onOwner).at(-1) === last, 5_000, 'every update on both processes');
    expect(seqsOn(onOther)).toEqual(seqsOn(onOwner));
    expect(new Set(seqsOn(onOther)).size).toBe(seqsOn(onOther).length);
    expect(seqsOn(onOther)).toEqual([...seqsOn(onOther)].sort((x, y) => x - y));

    const listed = await other.request('GET', '/broker/orders', undefined, as(ALICE));
    expect((listed.body as Order[]).filter((o) => o.clientOrderId?.startsWith('fwd-')).map((o) => o.id)).toEqual([...ids].reverse());
    expect(Number(listed.headers.get('x-account-seq'))).toBe(last);
    const account = await other.request('GET', '/broker/account', undefined, as(ALICE));
    expect(account).toMatchObject({ status: 200, body: { id: 'ACC-A' } });
    expect(Number(account.headers.get('x-account-seq'))).toBe(last);

    // A resume on the non-owner replays from PostgreSQL, then goes on live: each event once.
    const resumed = new TestSocket(other.url, { header: `Bearer ${ALICE}` });
    sockets.push(resumed);
    await resumed.opened;
    const since = seqsOn(onOwner)[1] ?? 0;
    await resumed.subscribe('orders', { accountId: 'ACC-A', sinceSeq: since });
    await owner.request('POST', '/broker/orders', { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.1, limitPrice: 1 }, as(ALICE));
    await eventually(() => seqsOn(onOwner).length === seqsOn(onOther).length && seqsOn(resumed).at(-1) === seqsOn(onOwner).at(-1), 5_000, 'the replay and the live update');
    expect(seqsOn(resumed)).toEqual(seqsOn(onOwner).filter((seq) => seq > since));

  });

  it('resumes on a process the bus has not yet told of the latest event: it reads the journal instead of refusing', async () => {
    const patch = { ...drivers(), cluster: { leaseMs: 5_000, forwardTimeoutMs: 2_000 } };
    const owner = await start(patch);
    const other = await start(patch);
    await owner.request('POST', '/broker/orders', { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.1, limitPrice: 1 }, as(ALICE));
    // An event committed whose bus message never reaches the other process (lost, or still on its way).
    const order = { id: 'unpublished', symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.1, limitPrice: 1, status: 6, filledQty: 0, commission: 0, createTime: 1, updateTime: 1 };
    const [record] = (await owner.context.store?.append('ACC-A', [{ route: 'orders', data: order } as never], 1)) ?? [];
    const newest = record?.seq ?? 0;
    expect(other.context.accounts.get('ACC-A')?.seq()).toBeLessThan(newest);
    const socket = new TestSocket(other.url, { header: `Bearer ${ALICE}` });
    sockets.push(socket);
    await socket.opened;
    // The client saw the newest event on the owner.
    const answer = await socket.subscribe('orders', { accountId: 'ACC-A', sinceSeq: newest });
    expect(answer.payload).toMatchObject({ status: 'ok', seq: newest });
    // One that saw the one before gets the newest from there.
    const behind = new TestSocket(other.url, { header: `Bearer ${ALICE}` });
    sockets.push(behind);
    await behind.opened;
    expect((await behind.subscribe('orders', { accountId: 'ACC-A', sinceSeq: newest - 1 })).payload).toMatchObject({ status: 'ok', seq: newest });
    await behind.waitFor((f) => f.type === 'orders.update' && f.payload.seq === newest, 'the unpublished event, from the journal');
    expect(socket.updates('orders.update')).toEqual([]);
  });

  it('moves an account to another process when its owner stops, and the new owner continues its journal', async () => {
    const patch = { ...drivers(), cluster: { leaseMs: 3_000, forwardTimeoutMs: 2_000 } };
    const first = await start(patch);
    const second = await start(patch);
    const placed = await second.request('POST', '/broker/orders', { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.1, limitPrice: 3, clientOrderId: 'move-1' }, as(ALICE));
    expect(placed.status).toBe(200);
    await stop(first);
    const health = await eventually(async () => {
      const body = (await second.request('GET', '/health', undefined, as(ALICE))).body as { accounts: { owner?: string }[] };
      return body.accounts[0]?.owner === second.context.processId && body;
    }, 5_000, 'the second process to own the account');
    expect(health.accounts).toEqual([{ id: 'ACC-A', brokerStatus: 1, owner: second.context.processId }]);
    expect(await second.request('POST', '/broker/orders', { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.1, limitPrice: 3, clientOrderId: 'move-1' }, as(ALICE))).toMatchObject({ status: 200, body: placed.body });
    const next = await second.request('POST', '/broker/orders', { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.1, limitPrice: 4 }, as(ALICE));
    expect(next.status).toBe(200);
    const orders = (await second.request('GET', '/broker/orders', undefined, as(ALICE))).body as Order[];
    expect(orders.map((o) => o.limitPrice)).toEqual([4, 3]);
  });

  it('answers 503 BROKER_UNAVAILABLE when no process owns the account, and changes nothing', async () => {
    const patch = { ...drivers(), cluster: { leaseMs: 60_000, forwardTimeoutMs: 500 } };
    const first = await start(patch);
    const second = await start(patch);
    expect((await second.request('GET', '/broker/account', undefined, as(ALICE))).status).toBe(200);
    // The owner's lease is held in the database, but the owner is gone without releasing it (as after kill -9).
    await first.context.bus.close();
    const refused = await second.request('POST', '/broker/orders', { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.1, limitPrice: 3, clientOrderId: 'gone-1' }, as(ALICE));
    expect(refused).toMatchObject({ status: 503, body: { error: { code: 'BROKER_UNAVAILABLE' } } });
    expect(await second.context.store?.lastSeq('ACC-A')).toBe(await first.context.store?.lastSeq('ACC-A'));
  });

  it('refuses to start with a clear message when PostgreSQL cannot be reached', async () => {
    await expect(startServer({ storage: { driver: 'postgres', url: 'postgres://postgres@127.0.0.1:1/test' } })).rejects.toThrow(/cannot open PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/test/);
  });
});
