/** The WebSocket stream against the real server: shared topics, restart with sinceSeq resume, staleness, refusals. */
import { afterEach, describe, expect, it } from 'vitest';
import { OrderType, Side, TradingProClient, topicOf, type ConnectionState, type Order } from '../src/index.ts';
import { eventually } from './eventually.ts';
import { startLiveServer, type LiveServer } from './server.ts';

const ACCOUNT = 'DEMO-001';
let server: LiveServer | undefined;
let clients: TradingProClient[] = [];

function connect(options: Partial<ConstructorParameters<typeof TradingProClient>[0]> = {}): TradingProClient {
  if (!server) throw new Error('no server');
  const client = new TradingProClient({ baseUrl: server.url, ...options });
  clients.push(client);
  return client;
}

afterEach(async () => {
  for (const client of clients) client.close();
  clients = [];
  await server?.close();
  server = undefined;
});

describe('WsStreamClient', () => {
  it('shares one server subscription between listeners of a topic and ends it with the last one', async () => {
    server = await startLiveServer();
    const client = connect();
    const topic = topicOf('orders', { accountId: ACCOUNT });
    const first = client.stream.orders(ACCOUNT, () => undefined);
    const second = client.stream.orders(ACCOUNT, () => undefined);
    client.stream.equity(ACCOUNT, () => undefined);
    const gateway = () => (server as LiveServer).current.gateway;
    await eventually(() => gateway().activeTopics().get(topic) === 1, 5000, 'one subscription');
    expect(gateway().connectionCount()).toBe(1);
    first();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(gateway().activeTopics().get(topic)).toBe(1);
    second();
    await eventually(() => !gateway().activeTopics().has(topic), 5000, 'unsubscribed');
    expect(gateway().activeTopics().has(topicOf('equity', { accountId: ACCOUNT }))).toBe(true);
  });

  it('reconnects by itself after a server restart and delivers every order event exactly once, in order', async () => {
    const live = await startLiveServer();
    server = live;
    const client = connect({ reconnect: { initialDelayMs: 100, maxDelayMs: 1000 } });
    const trader = connect();
    const seen: Order[] = [];
    const states: ConnectionState[] = [];
    client.stream.onStateChange((state) => states.push(state));
    await client.stream.orders(ACCOUNT, (order) => seen.push(order)).ready;

    const place = () => trader.broker.placeOrder({ symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty: 0.001 });
    for (let i = 0; i < 5; i++) await place();
    await live.stop();
    await eventually(() => client.stream.state !== 'connected', 5000, 'connection lost');
    await live.start();
    const backAt = Date.now();
    // Fills while the client may still be reconnecting: the resume must replay them.
    for (let i = 0; i < 5; i++) await place();
    await eventually(() => client.stream.state === 'connected', 5000, 'reconnected');
    expect(Date.now() - backAt).toBeLessThan(5000);
    for (let i = 0; i < 5; i++) await place();

    const journal = async () => ((await live.current.context.store?.read(ACCOUNT, 0, { routes: ['orders'] })) ?? []).map((record) => record.data as Order);
    await eventually(
      async () => {
        const journaled = await journal();
        // 15 market orders: each journals at least its fill.
        return seen.length >= journaled.length && journaled.length >= 15;
      },
      10_000,
      'every order event',
    );
    expect(seen).toEqual(await journal());
    expect(states).toContain('reconnecting');
  });

  it('resyncs by itself when too far behind to resume: the current orders over REST, then live updates', async () => {
    const live = await startLiveServer({ limits: { ws: { replayLimit: 3 } } });
    server = live;
    const client = connect({ reconnect: { initialDelayMs: 2_000, maxDelayMs: 2_000 } });
    const latest = new Map<string, Order>();
    const resyncs: string[] = [];
    client.stream.onResync((topic) => resyncs.push(topic));
    client.stream.orders(ACCOUNT, (order) => latest.set(order.id, order));
    const trader = connect();
    // Updates arrive once the subscription is confirmed (orders placed before it are not its business):
    // from then on the client resumes from its seq.
    await eventually(async () => {
      await trader.broker.placeOrder({ symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty: 0.001 });
      return latest.size > 0;
    }, 5000, 'first update');
    await live.stop();
    await eventually(() => client.stream.state !== 'connected', 5000, 'connection lost');
    await live.start();
    // More happens before the client is back than the server replays.
    for (let i = 0; i < 15; i++) await trader.broker.placeOrder({ symbol: 'BTCUSD', type: OrderType.Market, side: i % 2 ? Side.Sell : Side.Buy, qty: 0.001 });
    await eventually(() => resyncs.length > 0, 10_000, `resync (${client.stream.state})`);
    expect(resyncs).toEqual([topicOf('orders', { accountId: ACCOUNT })]);
    const { orderId } = await trader.broker.placeOrder({ symbol: 'BTCUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.001, limitPrice: 1_000 });
    const expected = await trader.broker.orders();
    await eventually(() => latest.get(orderId) !== undefined && latest.size === expected.length, 10_000, 'snapshot and live');
    for (const order of expected) expect(latest.get(order.id)).toEqual(order);
  });

  it('reports a silent topic as stale and clears it when data flows again', async () => {
    server = await startLiveServer();
    const client = connect({ staleAfterMs: { orders: 200 } });
    const topic = topicOf('orders', { accountId: ACCOUNT });
    const stale: string[] = [];
    const fresh: string[] = [];
    client.stream.onStale((t) => stale.push(t));
    client.stream.onFresh((t) => fresh.push(t));
    client.stream.orders(ACCOUNT, () => undefined);
    await eventually(() => stale.includes(topic), 5000, 'stale');
    expect(client.stream.staleTopics()).toEqual([topic]);
    await client.broker.placeOrder({ symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty: 0.001 });
    await eventually(() => fresh.includes(topic), 5000, 'fresh');
    expect(client.stream.staleTopics()).toEqual([]);
  });

  it('reports a subscription the server refuses and delivers nothing for it', async () => {
    server = await startLiveServer();
    const client = connect();
    const errors: { code: string; topic?: string }[] = [];
    client.stream.onError((error) => errors.push(error));
    const received: Order[] = [];
    client.stream.orders('SOMEONE-ELSE', (order) => received.push(order));
    await eventually(() => errors.find((e) => e.code === 'SUBSCRIBE_FAILED'), 5000, 'refusal');
    expect(errors.find((e) => e.code === 'SUBSCRIBE_FAILED')?.topic).toBe(topicOf('orders', { accountId: 'SOMEONE-ELSE' }));
    expect(received).toEqual([]);
  });

  for (const credentials of ['header', 'query'] as const) {
    it(`authenticates the WebSocket with the token in the ${credentials}`, async () => {
      server = await startLiveServer({ auth: { mode: 'token', tokens: [{ token: 'secret-a', accountId: ACCOUNT }] } });
      const client = connect({ token: 'secret-a', wsCredentials: credentials });
      const seen: Order[] = [];
      await client.stream.orders(ACCOUNT, (order) => seen.push(order)).ready;
      const { orderId } = await client.broker.placeOrder({ symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty: 0.001 });
      await eventually(() => seen.find((o) => o.id === orderId), 5000, 'update');
    });
  }
});
