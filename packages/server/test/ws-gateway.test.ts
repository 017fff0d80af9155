/** The WebSocket gateway end to end: real server, real sockets. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderStatus, OrderType, Side, type Order } from '@trading-pro/contracts';
import { eventually, startServer, sqliteJournal, type TestServer } from './harness.ts';
import { TestSocket } from './ws-client.ts';

const ACCOUNT = 'DEMO-001';
let server: TestServer;
const sockets: TestSocket[] = [];
const lastSeq = () => sqliteJournal(server).readNow(ACCOUNT, 0).at(-1)?.seq ?? 0;
const open = async (options?: ConstructorParameters<typeof TestSocket>[1]) => {
  const socket = new TestSocket(server.url, options);
  sockets.push(socket);
  await socket.opened;
  return socket;
};

beforeAll(async () => {
  server = await startServer({}, { gateway: { pingIntervalMs: 200, maxBufferedBytes: 256 * 1024 } });
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  await server.close();
});

describe('WebSocket gateway', () => {
  it('confirms a subscription with its topic and the current seq', async () => {
    const ws = await open();
    const response = await ws.subscribe('orders', { accountId: ACCOUNT });
    expect(response.payload).toEqual({ status: 'ok', topic: 'orders:{"accountId":"DEMO-001"}', message: 'subscribed', seq: lastSeq() });
  });

  it('streams an order from Working to Filled, its execution, position and equity', async () => {
    const ws = await open();
    for (const route of ['orders', 'executions', 'positions', 'equity']) await ws.subscribe(route, { accountId: ACCOUNT });
    const placed = await server.request('POST', '/broker/orders', { symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty: 0.01 });
    const { orderId } = placed.body as { orderId: string };
    const filled = await ws.waitFor((f) => f.type === 'orders.update' && (f.payload.payload as Order).id === orderId && (f.payload.payload as Order).status === OrderStatus.Filled, 'filled order');
    await ws.waitFor((f) => f.type === 'executions.update' && (f.payload.payload as { orderId: string }).orderId === orderId, 'execution');
    await ws.waitFor((f) => f.type === 'positions.update' && (f.payload.payload as { symbol: string }).symbol === 'BTCUSD', 'position');
    await ws.waitFor((f) => f.type === 'equity.update', 'equity');
    // Account updates carry strictly increasing seqs in journal order.
    const seqs = ws.frames.filter((f) => f.type.endsWith('.update') && f.type !== 'equity.update').map((f) => f.payload.seq ?? 0);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(filled.payload.seq).toBeLessThanOrEqual(lastSeq());
  });

  it('sends mark-to-market equity without seq, so resuming clients never take it for a journal event', async () => {
    const ws = await open();
    await ws.subscribe('equity', { accountId: ACCOUNT });
    await server.request('POST', '/broker/orders', { symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty: 0.01 });
    await ws.waitFor((f) => f.type === 'equity.update' && f.payload.seq === undefined, 'a mark-to-market update', 5000);
    const journaled = sqliteJournal(server).readNow(ACCOUNT, 0, { routes: ['equity'] }).map((r) => r.seq);
    for (const frame of ws.updates('equity.update')) if (frame.payload.seq !== undefined) expect(journaled).toContain(frame.payload.seq);
  });

  it('starts a broker-connection subscriber with the current status', async () => {
    const ws = await open();
    await ws.subscribe('broker-connection', { accountId: ACCOUNT });
    const first = await ws.waitFor((f) => f.type === 'broker-connection.update', 'status');
    expect(first.payload.payload).toMatchObject({ status: 1 });
  });

  it('filters executions by symbol when asked', async () => {
    const ws = await open();
    const response = await ws.subscribe('executions', { accountId: ACCOUNT, symbol: 'ETHUSD' });
    expect(response.payload.topic).toBe('executions:{"accountId":"DEMO-001","symbol":"ETHUSD"}');
    await server.request('POST', '/broker/orders', { symbol: 'BTCUSD', type: OrderType.Market, side: Side.Sell, qty: 0.01 });
    await server.request('POST', '/broker/orders', { symbol: 'ETHUSD', type: OrderType.Market, side: Side.Buy, qty: 0.01 });
    await ws.waitFor((f) => f.type === 'executions.update', 'ETH execution');
    expect(ws.updates('executions.update').every((f) => (f.payload.payload as { symbol: string }).symbol === 'ETHUSD')).toBe(true);
  });

  it('starts a producer with the first subscriber and stops it with the last', async () => {
    const topic = 'executions:{"accountId":"DEMO-001","symbol":"DOGEUSD"}';
    expect(server.gateway.activeTopics().has(topic)).toBe(false);
    const a = await open();
    const b = await open();
    await a.subscribe('executions', { accountId: ACCOUNT, symbol: 'DOGEUSD' });
    expect(server.gateway.activeTopics().get(topic)).toBe(1);
    await b.subscribe('executions', { accountId: ACCOUNT, symbol: 'DOGEUSD' });
    expect(server.gateway.activeTopics().get(topic)).toBe(2);
    a.send({ type: 'executions.unsubscribe', payload: { accountId: ACCOUNT, symbol: 'DOGEUSD' } });
    await a.waitFor((f) => f.type === 'executions.unsubscribe.response', 'unsubscribe response');
    expect(server.gateway.activeTopics().get(topic)).toBe(1);
    await b.close();
    await eventually(() => !server.gateway.activeTopics().has(topic), 2000, 'topic stopped');
    // The producer is really gone: a fill no longer reaches anyone, and a new subscriber starts a fresh one.
    const c = await open();
    await c.subscribe('executions', { accountId: ACCOUNT, symbol: 'DOGEUSD' });
    expect(server.gateway.activeTopics().get(topic)).toBe(1);
  });

  it('answers bad frames with error frames and keeps the socket open', async () => {
    const ws = await open();
    ws.send('{not json');
    ws.send({ type: 'nothing.subscribe', payload: {} });
    ws.send({ type: 'orders.subscribe', payload: { accountId: 7 } });
    ws.send({ type: 'bars.subscribe', payload: { symbol: 'AAPL' } });
    await eventually(() => ws.updates('error').length >= 4, 2000, 'four error frames');
    expect(ws.updates('error').map((f) => f.payload.code)).toEqual(['INVALID_JSON', 'UNKNOWN_TYPE', 'VALIDATION_ERROR', 'VALIDATION_ERROR']);
    expect(ws.isOpen).toBe(true);
    expect((await ws.subscribe('orders', { accountId: ACCOUNT })).payload.status).toBe('ok');
  });

  it('refuses a subscription to an account the credential lacks, with no data', async () => {
    const ws = await open();
    const response = await ws.subscribe('orders', { accountId: 'SOMEONE-ELSE' });
    expect(response.payload.status).toBe('error');
    await server.request('POST', '/broker/orders', { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice: 1 });
    await new Promise((r) => setTimeout(r, 50));
    expect(ws.updates('orders.update')).toHaveLength(0);
    expect(ws.isOpen).toBe(true);
  });

  it('replays every event after sinceSeq exactly once across a reconnect during a burst of fills', async () => {
    const first = await open();
    const start = (await first.subscribe('orders', { accountId: ACCOUNT })).payload.seq ?? 0;
    const burst = (async () => {
      for (let i = 0; i < 60; i++) await server.request('POST', '/broker/orders', { symbol: 'BTCUSD', type: OrderType.Market, side: i % 2 ? Side.Sell : Side.Buy, qty: 0.001 });
    })();
    await eventually(() => first.updates('orders.update').length >= 10, 5000, 'first updates');
    first.socket.terminate();
    const seen = first.updates('orders.update').map((f) => f.payload.seq ?? 0);
    const lastSeen = Math.max(...seen);
    const second = await open();
    await second.subscribe('orders', { accountId: ACCOUNT, sinceSeq: lastSeen });
    await burst;
    const expected = sqliteJournal(server).readNow(ACCOUNT, start, { routes: ['orders'] }).map((r) => r.seq);
    await eventually(() => second.updates('orders.update').at(-1)?.payload.seq === expected.at(-1), 5000, 'caught up');
    const all = [...seen, ...second.updates('orders.update').map((f) => f.payload.seq ?? 0)];
    expect(all).toEqual(expected);
  });

  it('takes the credential on the upgrade and refuses bad tokens', async () => {
    const tokenServer = await startServer({
      auth: { mode: 'token', tokens: [{ token: 'token-for-demo-0123456789', accountId: ACCOUNT }] },
    });
    try {
      await expect(new TestSocket(tokenServer.url).opened).rejects.toThrow(/401/);
      await expect(new TestSocket(tokenServer.url, { header: 'Bearer wrong-token-000000000' }).opened).rejects.toThrow(/401/);
      const byHeader = new TestSocket(tokenServer.url, { header: 'Bearer token-for-demo-0123456789' });
      await byHeader.opened;
      expect((await byHeader.subscribe('orders', { accountId: ACCOUNT })).payload.status).toBe('ok');
      const byQuery = new TestSocket(tokenServer.url, { query: '?token=token-for-demo-0123456789' });
      await byQuery.opened;
      expect((await byQuery.subscribe('orders', { accountId: ACCOUNT })).payload.status).toBe('ok');
      await Promise.all([byHeader.close(), byQuery.close()]);
    } finally {
      await tokenServer.close();
    }
  });

  it('allows at most maxSubscriptions subscriptions per connection (1,000 by default)', async () => {
    const own = await startServer({}, { gateway: { maxSubscriptions: 10 } });
    try {
      const ws = new TestSocket(own.url);
      await ws.opened;
      const symbols = own.context.market.instruments().list().map((instrument) => instrument.symbol);
      for (const symbol of symbols.slice(0, 10)) ws.send({ type: 'executions.subscribe', payload: { accountId: ACCOUNT, symbol } });
      await eventually(() => ws.updates('executions.subscribe.response').length === 10, 10_000, '10 responses');
      expect(ws.updates('executions.subscribe.response').every((f) => f.payload.status === 'ok')).toBe(true);
      const over = await ws.subscribe('executions', { accountId: ACCOUNT, symbol: symbols[10] });
      expect(over.payload.status).toBe('error');
      expect(over.payload.message).toMatch(/limit/);
      await ws.close();
    } finally {
      await own.close();
    }
  });

  it('drops a peer that stops answering pings', async () => {
    const ws = await open();
    const before = server.gateway.connectionCount();
    // Stop reading: pings go unanswered, like a dead peer.
    (ws.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    await eventually(() => server.gateway.connectionCount() < before, 3000, 'dead peer dropped');
  });

  it('shuts down promptly while clients are connected', async () => {
    const own = await startServer();
    const client = new TestSocket(own.url);
    await client.opened;
    await client.subscribe('orders', { accountId: ACCOUNT });
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(2000);
    await eventually(() => !client.isOpen, 2000, 'client sees the close');
  });

  it('drops a consumer that cannot keep up without slowing the others', async () => {
    // Heartbeats far apart, so only the buffer limit can drop the slow socket here.
    const own = await startServer({}, { gateway: { pingIntervalMs: 60_000, maxBufferedBytes: 64 * 1024 } });
    const account = own.context.accounts.get(ACCOUNT);
    if (account === undefined) throw new Error('no account');
    // A busy account: every market order is an order, an execution, a position and an equity update.
    const trade = (n: number) => Promise.all(Array.from({ length: n }, (_, j) => account.placeOrder({ symbol: 'BTCUSD', type: OrderType.Market, side: j % 2 ? Side.Sell : Side.Buy, qty: 0.001 })));
    try {
      const slow = new TestSocket(own.url);
      const fast = new TestSocket(own.url);
      await Promise.all([slow.opened, fast.opened]);
      await fast.subscribe('orders', { accountId: ACCOUNT });
      for (const route of ['orders', 'executions', 'positions', 'equity']) await slow.subscribe(route, { accountId: ACCOUNT });
      expect(own.gateway.connectionCount()).toBe(2);
      // The slow peer stops reading: its frames pile up in the kernel, then in the server's send buffer.
      (slow.socket as unknown as { _socket: { pause(): void } })._socket.pause();
      const start = account.seq();
      // Until the kernel's buffers for the paused socket are full too (how much they take varies with its tuning).
      for (let i = 0; i < 400 && own.gateway.connectionCount() === 2; i++) await trade(100);
      await eventually(() => own.gateway.connectionCount() === 1, 10_000, 'slow consumer dropped');
      // Meanwhile the fast consumer got every order update, in order.
      const expected = sqliteJournal(own).readNow(ACCOUNT, start, { routes: ['orders'] }).map((r) => r.seq);
      expect(expected.length).toBeGreaterThan(200);
      const seen = () => fast.updates('orders.update').flatMap((f) => (f.payload.seq !== undefined && f.payload.seq > start ? [f.payload.seq] : []));
      await eventually(() => seen().length === expected.length, 10_000, 'fast consumer got every update');
      expect(seen()).toEqual(expected);
      expect(fast.isOpen).toBe(true);
      await fast.close();
    } finally {
      await own.close();
    }
  });
});
