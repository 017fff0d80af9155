/**
 * Browser safety at the edge: the Host allow-list (DNS rebinding), the Origin check on commands and WebSocket
 * upgrades (cross-site requests), CORS for configured origins only, and X-Forwarded-* believed from trusted proxies only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderType, Side } from '@trading-pro/contracts';
import { eventually, startServer, type TestServer } from './harness.ts';
import { raw, upgrade } from './raw-http.ts';

const API = '/api/v1';
const marketBuy = JSON.stringify({ symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty: 0.01 });
const json = { 'content-type': 'application/json' };

let server: TestServer;
let own: string;

beforeAll(async () => {
  server = await startServer({ http: { hosts: ['trading.lan'], allowedOrigins: ['https://app.example.com'], trustProxy: ['loopback'] } });
  own = server.url; // http://127.0.0.1:<port>
  const placed = await raw(own, 'POST', `${API}/broker/orders`, { headers: json, body: marketBuy });
  expect(placed.status).toBe(200);
  await eventually(async () => ((await server.request('GET', '/broker/positions')).body as unknown[]).length === 1, 5000, 'a position');
});
afterAll(async () => {
  await server.close();
});

const forbidden = { error: { code: 'FORBIDDEN', message: expect.any(String) } };
const openOrders = async () => ((await server.request('GET', '/broker/orders')).body as unknown[]).length;

describe('Host allow-list', () => {
  it('refuses any request, GET included, whose Host is not loopback or listed (403 FORBIDDEN)', async () => {
    for (const path of [`${API}/health`, `${API}/broker/account`, '/']) {
      const answer = await raw(own, 'GET', path, { headers: { host: 'evil.example:8000' } });
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject(forbidden);
    }
  });

  it('answers localhost, 127.0.0.1 and [::1] on any port, and the names in http.hosts', async () => {
    for (const host of ['localhost', 'localhost:1234', '127.0.0.1:80', '[::1]:8000', 'trading.lan', 'TRADING.LAN:8443']) {
      expect((await raw(own, 'GET', `${API}/health`, { headers: { host } })).status).toBe(200);
    }
  });

  it('refuses an upgrade with a foreign Host as an HTTP 403', async () => {
    expect(await upgrade(own, { Host: 'rebound.example' })).toMatchObject({ status: 403, body: forbidden });
  });
});

describe('Origin check on commands and upgrades', () => {
  it('refuses a cross-origin order and a body-less close from another site, changing nothing', async () => {
    const before = await openOrders();
    const place = await raw(own, 'POST', `${API}/broker/orders`, { headers: { ...json, origin: 'https://evil.example' }, body: marketBuy });
    expect(place.status).toBe(403);
    expect(place.body).toMatchObject(forbidden);
    // mode: 'no-cors' sends a simple POST without a preflight: it still carries Origin.
    const close = await raw(own, 'POST', `${API}/broker/positions/BTCUSD/close`, { headers: { origin: 'http://localhost:3000' } });
    expect(close.status).toBe(403);
    expect(await openOrders()).toBe(before);
    expect(((await server.request('GET', '/broker/positions')).body as unknown[]).length).toBe(1);
  });

  it('refuses Sec-Fetch-Site: cross-site without an Origin, and Origin: null', async () => {
    const before = await openOrders();
    expect((await raw(own, 'DELETE', `${API}/broker/orders/nope`, { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await raw(own, 'POST', `${API}/broker/orders`, { headers: { ...json, origin: 'null' }, body: marketBuy })).status).toBe(403);
    expect(await openOrders()).toBe(before);
  });

  it("accepts the server's own origin, listed origins and requests without Origin (bots, curl)", async () => {
    const preview = JSON.stringify({ symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty: 0.01 });
    const variants: Record<string, string>[] = [{ origin: own }, { origin: 'https://app.example.com' }, { 'sec-fetch-site': 'same-origin' }, {}];
    for (const headers of variants) {
      expect((await raw(own, 'POST', `${API}/broker/orders/preview`, { headers: { ...json, ...headers }, body: preview })).status).toBe(200);
    }
  });

  it('lets reads through from any origin, but CORS exposes them to listed origins only', async () => {
    const foreign = await raw(own, 'GET', `${API}/broker/account`, { headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(200);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const listed = await raw(own, 'GET', `${API}/broker/orders`, { headers: { origin: 'https://app.example.com' } });
    expect(listed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(listed.headers['access-control-expose-headers']).toContain('x-next-cursor');
  });

  it('answers CORS preflights for listed origins only', async () => {
    const preflight = (origin: string) =>
      raw(own, 'OPTIONS', `${API}/broker/orders`, { headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    const ok = await preflight('https://app.example.com');
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-methods']).toContain('POST');
    expect(ok.headers['access-control-allow-headers']).toContain('authorization');
    const refused = await preflight('https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject(forbidden);
  });

  it('refuses a WebSocket upgrade from another origin as an HTTP 403, and accepts its own', async () => {
    expect(await upgrade(own, { Origin: 'https://evil.example' })).toMatchObject({ status: 403, body: forbidden });
    expect(await upgrade(own, { 'Sec-Fetch-Site': 'cross-site' })).toMatchObject({ status: 403 });
    expect((await upgrade(own, { Origin: own })).status).toBe(101);
    expect((await upgrade(own, { Origin: 'https://app.example.com' })).status).toBe(101);
  });
});

describe('trusted proxies', () => {
  it('believes X-Forwarded-Proto/Host from a loopback proxy: the public origin is the server’s own', async () => {
    const headers = { ...json, host: '127.0.0.1:9', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'trading.lan', origin: 'https://trading.lan' };
    const body = JSON.stringify({ symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty: 0.01 });
    expect((await raw(own, 'POST', `${API}/broker/orders/preview`, { headers, body })).status).toBe(200);
    // The forwarded Host must be allowed too.
    expect((await raw(own, 'GET', `${API}/health`, { headers: { 'x-forwarded-host': 'evil.example' } })).status).toBe(403);
  });

  it('ignores X-Forwarded-* from peers that are not trusted', async () => {
    const untrusting = await startServer({ http: { hosts: [], allowedOrigins: [], trustProxy: ['10.0.0.0/8'] } });
    try {
      const headers = { ...json, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'trading.lan', origin: 'https://trading.lan' };
      const body = JSON.stringify({ symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty: 0.01 });
      expect((await raw(untrusting.url, 'POST', `${API}/broker/orders/preview`, { headers, body })).status).toBe(403);
      expect((await raw(untrusting.url, 'GET', `${API}/health`, { headers: { 'x-forwarded-host': 'evil.example' } })).status).toBe(200);
    } finally {
      await untrusting.close();
    }
  });

  it('refuses to start with a trustProxy entry that is not an address, a range or loopback, naming the key', async () => {
    await expect(startServer({ http: { trustProxy: ['proxy.lan'] } })).rejects.toThrow(/http\.trustProxy/);
  });
});

describe('in token mode too', () => {
  it('refuses a foreign origin even with a valid token', async () => {
    const token = 'token-mode-origin-0123456789';
    const tokenServer = await startServer({ auth: { mode: 'token', tokens: [{ token, accountId: 'DEMO-001' }] } });
    try {
      const answer = await raw(tokenServer.url, 'POST', `${API}/broker/orders`, { headers: { ...json, authorization: `Bearer ${token}`, origin: 'https://evil.example' }, body: marketBuy });
      expect(answer.status).toBe(403);
      expect((await upgrade(tokenServer.url, { Origin: 'https://evil.example', Authorization: `Bearer ${token}` })).status).toBe(403);
      expect((await raw(tokenServer.url, 'GET', `${API}/health`, { headers: { host: 'evil.example' } })).status).toBe(403);
    } finally {
      await tokenServer.close();
    }
  });
});
