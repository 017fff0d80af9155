/**
 * What the Trading Platform sees of the connection: Connecting while the server is away, Connected again when it is
 * back, with the account's updates still flowing; and a readable Error status when the server cannot be reached.
 */
import { ConnectionStatus, OrderStatus, OrderType, Side } from '@trading-pro/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startLiveServer, type LiveServer } from '../../sdk/test/server.ts';
import { createBrokerFactory, type TradingProBroker } from '../src/index.ts';
import { FakeTradingHost, rejectionOf } from './fake-host.ts';

describe('broker connection status', () => {
  let server: LiveServer;
  let host: FakeTradingHost;
  let broker: TradingProBroker;

  beforeAll(async () => {
    server = await startLiveServer();
    host = new FakeTradingHost();
    broker = createBrokerFactory({ baseUrl: server.url, notifications: true })(host) as TradingProBroker;
    await broker.ready;
  });

  afterAll(async () => {
    broker?.close();
    await server?.close();
  });

  it('goes Connecting while the server restarts, Connected after, and the account streams resume', async () => {
    await eventually(() => expect(broker.connectionStatus()).toBe(ConnectionStatus.Connected));
    await server.stop();
    await eventually(() => expect(host.connectionUpdates.at(-1)?.status).toBe(ConnectionStatus.Connecting));
    expect(broker.connectionStatus()).toBe(ConnectionStatus.Connecting);
    await server.start();
    await eventually(() => expect(host.connectionUpdates.at(-1)?.status).toBe(ConnectionStatus.Connected), 10_000);
    const statuses = host.connectionUpdates.map((update) => update.status);
    expect(statuses).toEqual([ConnectionStatus.Connected, ConnectionStatus.Connecting, ConnectionStatus.Connected]);
    const { orderId = '' } = await broker.placeOrder({ symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty: 0.01 });
    await eventually(() => expect(host.lastOrder(orderId)?.status).toBe(OrderStatus.Filled));
  });

  it('reports Error with a readable message when the server cannot be reached, and rejects calls with it', async () => {
    const idle = await startLiveServer();
    const url = idle.url;
    await idle.close();
    const offline = new FakeTradingHost();
    const unreachable = createBrokerFactory({ baseUrl: url })(offline) as TradingProBroker;
    const failure = await rejectionOf(unreachable.ready);
    expect(failure.message).toMatch(/cannot reach the server/);
    expect(offline.connectionUpdates).toEqual([{ status: ConnectionStatus.Error, info: { message: failure.message } }]);
    expect(unreachable.connectionStatus()).toBe(ConnectionStatus.Error);
    expect((await rejectionOf(unreachable.orders())).message).toBe(failure.message);
    unreachable.close();
  });
});
