/** Node 20 has no global WebSocket: the stream then connects through the optional `ws` package. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OrderType, Side, TradingProClient } from '../src/index.ts';
import { eventually, startLiveServer, type LiveServer } from './server.ts';

describe('the stream without a global WebSocket', () => {
  let server: LiveServer;
  let client: TradingProClient | undefined;
  const saved = globalThis.WebSocket;

  beforeEach(async () => {
    server = await startLiveServer();
    Reflect.deleteProperty(globalThis, 'WebSocket');
  });

  afterEach(async () => {
    globalThis.WebSocket = saved;
    client?.close();
    await server.close();
  });

  it('connects through ws and delivers confirmed subscriptions', async () => {
    expect(globalThis.WebSocket).toBeUndefined();
    client = new TradingProClient({ baseUrl: server.url });
    const [account] = await client.broker.accounts();
    const seen: string[] = [];
    const subscription = client.stream.orders(String(account?.id), (order) => seen.push(order.id));
    await subscription.ready;
    expect(client.stream.state).toBe('connected');
    const { orderId } = await client.broker.placeOrder({ symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty: 0.01 });
    await eventually(() => expect(seen).toContain(orderId));
  });
});
