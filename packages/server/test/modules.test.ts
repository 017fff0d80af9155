/** Modules: `server.modules` / ENABLED_MODULES choose what a process serves, and start only what it needs. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OrderType, Side } from '@trading-pro/contracts';
import { loadConfig, parseConfig } from '../src/config/load-config.ts';
import { startServer, type TestServer } from './harness.ts';
import { TestSocket } from './ws-client.ts';

const servers: TestServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.close();
});

describe('modules', () => {
  it('reads them from server.modules and from ENABLED_MODULES, which wins', () => {
    expect(parseConfig('server: { modules: [datafeed] }', {}).server.modules).toEqual(['datafeed']);
    expect(loadConfig([], { ENABLED_MODULES: 'broker, datafeed' }).server.modules).toEqual(['broker', 'datafeed']);
    expect(parseConfig('server: { modules: [broker, datafeed] }', { ENABLED_MODULES: 'broker' }).server.modules).toEqual(['broker']);
    expect(() => loadConfig([], { ENABLED_MODULES: 'broker,trading' })).toThrow(/ENABLED_MODULES: unknown module trading/);
    expect(() => parseConfig('server: { modules: [] }', {})).toThrow(/server.modules/);
  });

  it('starts no account, broker or journal in a datafeed-only process, and serves the datafeed', async () => {
    const server = await startServer({ server: { modules: ['datafeed'] } });
    servers.push(server);
    expect(server.context.store).toBeUndefined();
    expect(server.context.accounts.size).toBe(0);
    // No journal file was opened (nor its lock taken) in the data directory.
    expect(existsSync(join(server.dataDir, 'trading-pro.db'))).toBe(false);
    expect(readdirSync(server.dataDir)).toEqual([]);
    expect((await server.request('GET', '/datafeed/config')).status).toBe(200);
    expect((await server.request('GET', '/datafeed/symbols?symbol=AAPL')).status).toBe(200);
    expect((await server.request('POST', '/broker/orders', { symbol: 'AAPL', type: OrderType.Market, side: Side.Buy, qty: 1 })).status).toBe(404);
    const health = await server.request('GET', '/health');
    expect(health.body).toMatchObject({ status: 'ok', storage: { status: 'ok' }, accounts: [] });
    const socket = new TestSocket(server.url);
    await socket.opened;
    expect((await socket.subscribe('quotes', { symbol: 'ETHUSD' })).payload.status).toBe('ok');
    expect((await socket.subscribe('orders', { accountId: 'DEMO-001' })).payload.status).toBe('error');
    await socket.close();
  });

  it('serves the broker alone without the datafeed routes', async () => {
    const server = await startServer({ server: { modules: ['broker'] } });
    servers.push(server);
    expect(server.context.accounts.size).toBe(1);
    expect((await server.request('GET', '/datafeed/config')).status).toBe(404);
    expect((await server.request('POST', '/broker/orders', { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.1, limitPrice: 1 })).status).toBe(200);
  });
});
