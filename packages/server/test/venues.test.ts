/** Accounts on real venues: built from the config, and an unreachable venue never takes the server down. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionStatus, OrderType, Side } from '@trading-pro/contracts';
import { buildApp } from '../src/app.ts';
import { defaultConfig } from '../src/config/load-config.ts';
import { startServer, sqliteJournal, type TestServer } from './harness.ts';

const PAPER = 'paper-token-0123456789';
const BINANCE = 'binance-token-0123456789';
const as = (token: string) => ({ authorization: `Bearer ${token}` });

let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    accounts: [
      { id: 'PAPER-1', name: 'Paper', broker: 'paper', currency: 'USD', initialBalance: 10_000 },
      { id: 'BIN-1', name: 'Binance', broker: 'binance', currency: 'USD', initialBalance: 1 },
    ],
    auth: { mode: 'token', tokens: [{ token: PAPER, accountId: 'PAPER-1' }, { token: BINANCE, accountId: 'BIN-1' }] },
    // Nothing listens on port 9: every call to this "venue" fails at once.
    brokers: { binance: { apiKey: 'key', secret: 'secret', baseUrl: 'http://127.0.0.1:9', wsUrl: 'ws://127.0.0.1:9', timeoutMs: 300 } },
  });
});
afterAll(async () => {
  await server.close();
});

describe('venue accounts', () => {
  it('starts even when a venue is unreachable, and reports it in /health', async () => {
    type Health = { accounts: { id: string; brokerStatus: number }[] };
    const paper = (await server.request('GET', '/health', undefined, as(PAPER))).body as Health;
    const binance = (await server.request('GET', '/health', undefined, as(BINANCE))).body as Health;
    expect(paper.accounts).toEqual([expect.objectContaining({ id: 'PAPER-1', brokerStatus: ConnectionStatus.Connected })]);
    expect(binance.accounts).toEqual([expect.objectContaining({ id: 'BIN-1' })]);
    expect(binance.accounts[0]?.brokerStatus).not.toBe(ConnectionStatus.Connected);
    // Without a credential the answer says only that the server lives.
    expect(Object.keys((await server.request('GET', '/health')).body as object).sort()).toEqual(['status', 'uptimeS', 'version']);
  });

  it("answers commands for the unreachable venue's account with 503 and records nothing", async () => {
    const seq = sqliteJournal(server).readNow('BIN-1', 0).at(-1)?.seq ?? 0;
    const res = await server.request('POST', '/broker/orders', { symbol: 'BTC/USDT', type: OrderType.Market, side: Side.Buy, qty: 0.001 }, as(BINANCE));
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ error: { code: 'BROKER_UNAVAILABLE' } });
    expect(sqliteJournal(server).readNow('BIN-1', seq, { routes: ['orders'] })).toEqual([]);
  });

  it("shows each account its own broker's capability flags", async () => {
    expect((await server.request('GET', '/broker/config', undefined, as(BINANCE))).body).toMatchObject({ broker: 'binance', supportPositionBrackets: false });
    expect((await server.request('GET', '/broker/config', undefined, as(PAPER))).body).toMatchObject({ broker: 'paper', supportPositionBrackets: true });
  });

  it('refuses to start with an unknown broker, naming the key', async () => {
    const config = { ...defaultConfig({}), accounts: [{ id: 'X', name: 'X', broker: 'nasdaq-direct', currency: 'USD', initialBalance: 1 }] };
    await expect(buildApp({ config, start: false, logger: false })).rejects.toThrow(/accounts\[0\]\.broker: unknown broker "nasdaq-direct"/);
  });
});
