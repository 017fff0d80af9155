/** Bearer tokens bound to accounts: strict isolation between accounts; `none` only on loopback. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderType, Side, type Order } from '@trading-pro/contracts';
import { buildApp } from '../src/app.ts';
import { defaultConfig } from '../src/config/load-config.ts';
import { startServer, type TestServer } from './harness.ts';
import { driverPatch, DRIVERS } from './services.ts';

const ALICE = 'alice-token-0123456789';
const BOB = 'bob-token-0123456789abc';
const as = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each(DRIVERS)('authentication and account isolation ($driver)', ({ driver, skip }) => {
  if (skip) {
    it.skip('needs PostgreSQL and NATS on loopback', () => undefined);
    return;
  }
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({
      ...(await driverPatch(driver)),
      accounts: [
        { id: 'ACC-A', name: 'Alice', broker: 'paper', currency: 'USD', initialBalance: 100_000 },
        { id: 'ACC-B', name: 'Bob', broker: 'paper', currency: 'USD', initialBalance: 50_000 },
      ],
      auth: { mode: 'token', tokens: [{ token: ALICE, accountId: 'ACC-A' }, { token: BOB, accountId: 'ACC-B' }] },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses requests without a valid token (401)', async () => {
    expect((await server.request('GET', '/broker/orders')).status).toBe(401);
    expect((await server.request('GET', '/broker/orders', undefined, as('wrong-token-000000000'))).body).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect((await server.request('GET', '/broker/orders', undefined, { authorization: 'Basic abc' })).status).toBe(401);
  });

  it('lets each token see only its own account', async () => {
    expect((await server.request('GET', '/broker/accounts', undefined, as(ALICE))).body).toEqual([{ id: 'ACC-A', name: 'Alice', currency: 'USD' }]);
    expect((await server.request('GET', '/broker/account', undefined, as(BOB))).body).toMatchObject({ id: 'ACC-B', balance: 50_000 });
  });

  it("never shows or touches another account's orders", async () => {
    const placed = await server.request('POST', '/broker/orders', { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.1, limitPrice: 3 }, as(ALICE));
    const { orderId } = placed.body as { orderId: string };
    const bobsOrders = (await server.request('GET', '/broker/orders', undefined, as(BOB))).body as Order[];
    expect(bobsOrders.map((o) => o.id)).not.toContain(orderId);
    expect((await server.request('GET', `/broker/orders/${orderId}`, undefined, as(BOB))).status).toBe(404);
    expect((await server.request('DELETE', `/broker/orders/${orderId}`, undefined, as(BOB))).status).toBe(404);
    expect((await server.request('GET', `/broker/orders/${orderId}`, undefined, as(ALICE))).body).toMatchObject({ status: 6 });
  });

  it("answers 403 when a token names an account it lacks", async () => {
    const res = await server.request('GET', '/broker/account', undefined, { ...as(BOB), 'x-account-id': 'ACC-A' });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it('keeps system routes open', async () => {
    expect((await server.request('GET', '/health')).status).toBe(200);
  });

  it('refuses auth mode none on a non-loopback host', async () => {
    const config = { ...defaultConfig({}), server: { ...defaultConfig({}).server, host: '0.0.0.0' } };
    await expect(buildApp({ config, start: false, logger: false })).rejects.toThrow(/auth.mode/);
  });
});
