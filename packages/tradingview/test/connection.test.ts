/**
 * What the Trading Platform sees of the connection: Connecting while the server is away, Connected again when it is
 * back, with the account's updates still flowing; a readable Error status when the server cannot be reached; and a
 * switch between the credential's accounts from the Account Manager's menu.
 */
import { ConnectionStatus, OrderStatus, OrderType, Side } from '@trading-pro/contracts';
import { TradingProClient, type BrokerConnectionStatus, type TradingClient } from '@trading-pro/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startLiveServer, type LiveServer } from '../../sdk/test/server.ts';
import { NotificationType, createBrokerFactory, type TradingProBroker } from '../src/index.ts';
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

describe("the server's broker connection", () => {
  it('passes a lost and a restored broker connection to the host, with a notification each', async () => {
    const server = await startLiveServer();
    const real = new TradingProClient({ baseUrl: server.url });
    // The paper broker never drops: the test speaks for the server's broker-connection route, everything else is real.
    let announce: (status: BrokerConnectionStatus) => void = () => undefined;
    const stream = new Proxy(real.stream, {
      get(target, key) {
        if (key === 'brokerConnection') {
          return (accountId: string, listener: (status: BrokerConnectionStatus) => void) => {
            announce = listener;
            return target.brokerConnection(accountId, listener);
          };
        }
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const client: TradingClient = { broker: real.broker, datafeed: real.datafeed, stream, offline: false, close: () => real.close() };
    const host = new FakeTradingHost();
    const broker = createBrokerFactory({ client })(host) as TradingProBroker;
    try {
      await broker.ready;
      await eventually(() => expect(broker.connectionStatus()).toBe(ConnectionStatus.Connected));
      expect(host.notifications).toEqual([]);
      announce({ status: ConnectionStatus.Disconnected, message: 'venue maintenance', disconnectType: 2, timestamp: 1 });
      expect(broker.connectionStatus()).toBe(ConnectionStatus.Disconnected);
      expect(host.connectionUpdates.at(-1)).toEqual({ status: ConnectionStatus.Disconnected, info: { message: 'venue maintenance', disconnectType: 2 } });
      expect(host.notifications).toEqual([{ title: 'Broker disconnected', text: 'venue maintenance', type: NotificationType.Error }]);
      announce({ status: ConnectionStatus.Connected, timestamp: 2 });
      expect(host.connectionUpdates.at(-1)?.status).toBe(ConnectionStatus.Connected);
      expect(host.notifications.at(-1)).toEqual({ title: 'Broker connected', text: 'The connection to the broker is back', type: NotificationType.Success });
    } finally {
      broker.close();
      client.close();
      await server.close();
    }
  });
});

describe('switching accounts from the Account Manager', () => {
  it('lists the credential\'s accounts, then trades and streams the chosen one after setCurrentAccount', async () => {
    const server = await startLiveServer({
      accounts: [
        { id: 'ACC-A', name: 'Alice', broker: 'paper', currency: 'USD', initialBalance: 100_000 },
        { id: 'ACC-B', name: 'Bob', broker: 'paper', currency: 'USD', initialBalance: 50_000 },
      ],
      // One token for both accounts, as a desk's credential would be.
      auth: { mode: 'token', tokens: [{ token: 'desk-token', accountId: 'ACC-A' }, { token: 'desk-token', accountId: 'ACC-B' }] },
    });
    const host = new FakeTradingHost();
    const broker = createBrokerFactory({ baseUrl: server.url, token: 'desk-token' })(host) as TradingProBroker;
    try {
      expect((await broker.accountsMetainfo()).map((account) => account.id)).toEqual(['ACC-A', 'ACC-B']);
      expect(broker.currentAccount()).toBe('ACC-A');
      const equity = broker.accountManagerInfo().summary.find((field) => field.text === 'Equity')?.wValue;
      expect(equity?.value()).toBe(100_000);

      broker.setCurrentAccount('ACC-B');
      expect(broker.currentAccount()).toBe('ACC-B');
      await eventually(() => expect(host.currentAccountUpdates).toBe(1));
      expect(equity?.value()).toBe(50_000);
      const { orderId = '' } = await broker.placeOrder({ symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty: 0.01 });
      await eventually(() => expect(host.lastOrder(orderId)?.status).toBe(OrderStatus.Filled));
      expect((await broker.orders()).map((order) => order.id)).toEqual([orderId]);
      const other = new TradingProClient({ baseUrl: server.url, token: 'desk-token', accountId: 'ACC-A' });
      expect(await other.broker.orders()).toEqual([]);
      other.close();
    } finally {
      broker.close();
      await server.close();
    }
  });

  it('refuses to switch a broker built on a client it was given (that client serves one account)', async () => {
    const server = await startLiveServer();
    const client = new TradingProClient({ baseUrl: server.url });
    const broker = createBrokerFactory({ client })(new FakeTradingHost()) as TradingProBroker;
    try {
      await broker.ready;
      expect(() => broker.setCurrentAccount('OTHER')).toThrow(/one account/);
      expect(broker.currentAccount()).toBe('DEMO-001');
    } finally {
      broker.close();
      client.close();
      await server.close();
    }
  });
});
