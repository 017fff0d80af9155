/** What the server tells strangers: in token mode /metrics needs a credential, public /health only says it lives. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './harness.ts';
import { raw } from './raw-http.ts';

const TOKEN = 'account-token-0123456789';
const METRICS_TOKEN = 'metrics-token-0123456789';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ auth: { mode: 'token', tokens: [{ token: TOKEN, accountId: 'DEMO-001' }] }, metrics: { token: METRICS_TOKEN } });
});
afterAll(async () => {
  await server.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('exposure in token mode', () => {
  it('refuses /metrics without a credential, and serves it to an account token or metrics.token', async () => {
    const anonymous = await raw(server.url, 'GET', '/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect((await raw(server.url, 'GET', '/metrics', { headers: bearer('wrong-token-0123456789') })).status).toBe(401);
    for (const token of [TOKEN, METRICS_TOKEN]) {
      const answer = await raw(server.url, 'GET', '/metrics', { headers: bearer(token) });
      expect(answer.status).toBe(200);
      expect(answer.text).toContain('trading_pro_journal_seq');
    }
  });

  it('says only status, version and uptime on public /health; the rest needs a credential', async () => {
    const anonymous = await server.request('GET', '/health');
    expect(Object.keys(anonymous.body as object).sort()).toEqual(['status', 'uptimeS', 'version']);
    const text = JSON.stringify(anonymous.body);
    expect(text).not.toContain('DEMO-001');
    const known = await server.request('GET', '/health', undefined, bearer(TOKEN));
    expect(known.body).toMatchObject({ storage: { status: 'ok' }, accounts: [{ id: 'DEMO-001' }] });
  });

  it('answers account reads only with a credential', async () => {
    for (const path of ['/broker/account', '/broker/orders', '/broker/positions', '/broker/accounts']) {
      expect((await server.request('GET', path)).status).toBe(401);
    }
  });
});

describe('exposure in auth none (loopback only)', () => {
  it('serves /metrics and the detailed /health to the local user', async () => {
    const local = await startServer();
    try {
      expect((await raw(local.url, 'GET', '/metrics')).status).toBe(200);
      expect((await local.request('GET', '/health')).body).toHaveProperty('accounts');
    } finally {
      await local.close();
    }
  });
});
