/**
 * Limits at the edge: REST token buckets per credential (per address in auth none) with 429 and Retry-After,
 * WebSocket connections per client and in total, frames per second per connection, sockets that never finish a
 * request head, and subscriptions only to symbols that exist. Time is a fake clock the tests move.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigPatch } from '../src/config/load-config.ts';
import { eventually, startServer, type TestServer } from './harness.ts';
import { raw, rawSocket, upgrade } from './raw-http.ts';
import { TestSocket } from './ws-client.ts';
import { KeyedRateLimiter, TokenBucket } from '../src/http/rate-limit.ts';

const API = '/api/v1';
const ACCOUNT = 'DEMO-001';

class FakeClock {
  t = 1_767_225_600_000;
  readonly now = () => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

const servers: TestServer[] = [];
const sockets: TestSocket[] = [];
async function serve(patch: ConfigPatch, clock = new FakeClock()): Promise<{ server: TestServer; clock: FakeClock }> {
  const server = await startServer(patch, { now: clock.now });
  servers.push(server);
  return { server, clock };
}
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((socket) => socket.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('token buckets', () => {
  it('grants a burst, then the steady rate, and says how long to wait', () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ perSecond: 2, burst: 3 }, clock.t);
    expect([bucket.take(clock.t), bucket.take(clock.t), bucket.take(clock.t)]).toEqual([0, 0, 0]);
    expect(bucket.take(clock.t)).toBeCloseTo(0.5);
    clock.advance(500);
    expect(bucket.take(clock.t)).toBe(0);
    expect(bucket.full(clock.t + 10_000)).toBe(true);
  });

  it('forgets full buckets when many keys come and go, so a flood of keys does not grow memory', () => {
    const clock = new FakeClock();
    const limiter = new KeyedRateLimiter({ perSecond: 10, burst: 10 }, clock.now, 100);
    // Ten rounds of a hundred new keys each, one second apart: a key whose bucket has refilled is forgotten.
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 100; i++) limiter.take(`k${round}-${i}`);
      clock.advance(1_000);
    }
    expect(limiter.size).toBeLessThanOrEqual(200);
  });
});

describe('REST rate limit', () => {
  it('answers 429 RATE_LIMITED with Retry-After past the burst, and serves again once the bucket refills', async () => {
    const { server, clock } = await serve({ limits: { rest: { perSecond: 2, burst: 3 } } });
    for (let i = 0; i < 3; i++) expect((await server.request('GET', '/broker/account')).status).toBe(200);
    const limited = await server.request('GET', '/datafeed/config');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ error: { code: 'RATE_LIMITED', message: expect.stringContaining('too many requests') } });
    expect(limited.headers.get('retry-after')).toBe('1');
    // Health and the documents are never limited: a monitor keeps seeing the server.
    expect((await server.request('GET', '/health')).status).toBe(200);
    clock.advance(1_000);
    expect((await server.request('GET', '/broker/positions')).status).toBe(200);
    expect((await server.request('GET', '/broker/positions')).status).toBe(200);
    expect((await server.request('GET', '/broker/positions')).status).toBe(429);
  });

  it('keeps a bucket per credential in token mode, and limits bad tokens by address', async () => {
    const alice = 'alice-token-0123456789';
    const bob = 'bob-token-0123456789abc';
    const tokens = [
      { token: alice, accountId: 'ACC-A' },
      { token: bob, accountId: 'ACC-B' },
    ];
    const { server } = await serve({
      accounts: [
        { id: 'ACC-A', name: 'Alice', broker: 'paper', currency: 'USD', initialBalance: 1_000 },
        { id: 'ACC-B', name: 'Bob', broker: 'paper', currency: 'USD', initialBalance: 1_000 },
      ],
      auth: { mode: 'token', tokens },
      limits: { rest: { perSecond: 1, burst: 2 } },
    });
    const as = (token: string) => ({ authorization: `Bearer ${token}` });
    for (let i = 0; i < 2; i++) expect((await server.request('GET', '/broker/account', undefined, as(alice))).status).toBe(200);
    expect((await server.request('GET', '/broker/account', undefined, as(alice))).status).toBe(429);
    expect((await server.request('GET', '/broker/account', undefined, as(bob))).status).toBe(200);
    // Each request with another made-up token still counts against the address.
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await server.request('GET', '/broker/account', undefined, as(`guess-${i}-0123456789abcdef`))).status);
    expect(statuses).toEqual([401, 401, 429, 429]);
  });

  it('counts each client address separately behind a trusted proxy', async () => {
    const { server } = await serve({ limits: { rest: { perSecond: 1, burst: 1 } } });
    const from = (address: string) => raw(server.url, 'GET', `${API}/broker/account`, { headers: { 'x-forwarded-for': address } });
    expect((await from('203.0.113.1')).status).toBe(200);
    expect((await from('203.0.113.1')).status).toBe(429);
    expect((await from('203.0.113.2')).status).toBe(200);
  });

  it('is off with limits.enabled: false', async () => {
    const { server } = await serve({ limits: { enabled: false, rest: { perSecond: 1, burst: 1 } } });
    for (let i = 0; i < 5; i++) expect((await server.request('GET', '/broker/account')).status).toBe(200);
  });
});

describe('WebSocket limits', () => {
  it('caps connections per client and in total; a refused upgrade is an HTTP 429 in the error shape', async () => {
    const { server } = await serve({ limits: { ws: { perClient: 2, total: 3 } } });
    const first = new TestSocket(server.url);
    const second = new TestSocket(server.url);
    sockets.push(first, second);
    await Promise.all([first.opened, second.opened]);
    expect(await upgrade(server.url)).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMITED' } } });
    // Another client (behind the trusted loopback proxy) still gets in, up to the total.
    expect((await upgrade(server.url, { 'X-Forwarded-For': '198.51.100.7' })).status).toBe(101);
    await eventually(() => server.gateway.connectionCount() === 2, 2000, 'the probe socket closed');
    const third = new TestSocket(server.url, { query: '' });
    sockets.push(third);
    await expect(third.opened).rejects.toThrow(/429/);
    // Closing one frees its place.
    await first.close();
    await eventually(() => server.gateway.connectionCount() === 1, 2000, 'a socket closed');
    expect((await upgrade(server.url)).status).toBe(101);
  });

  it('answers frames beyond subscribesPerSecond with an error frame RATE_LIMITED, and takes them again a second later', async () => {
    const { server, clock } = await serve({ limits: { ws: { subscribesPerSecond: 5 } } });
    const socket = new TestSocket(server.url);
    sockets.push(socket);
    await socket.opened;
    for (let i = 0; i < 8; i++) socket.send({ type: 'quotes.subscribe', payload: { symbol: 'BTCUSD' } });
    await eventually(() => socket.updates('quotes.subscribe.response').length === 8 && socket.updates('error').length === 3, 5000, '8 answers and 3 refusals');
    expect(socket.updates('error').every((frame) => frame.payload.code === 'RATE_LIMITED')).toBe(true);
    // The refused ones are answered too, so a client waiting for its confirmation can retry.
    const answers = socket.updates('quotes.subscribe.response').map((frame) => frame.payload.code ?? frame.payload.status);
    expect(answers).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(socket.isOpen).toBe(true);
    clock.advance(1_000);
    expect((await socket.subscribe('equity', { accountId: ACCOUNT })).payload.status).toBe('ok');
  });

  it('subscribes only to symbols that exist', async () => {
    const { server } = await serve({});
    const socket = new TestSocket(server.url);
    sockets.push(socket);
    await socket.opened;
    for (const [route, payload] of [
      ['quotes', { symbol: 'NOPE' }],
      ['bars', { symbol: 'NOPE', resolution: '1' }],
      ['executions', { accountId: ACCOUNT, symbol: 'NOPE' }],
    ] as const) {
      const answer = await socket.subscribe(route, payload);
      expect(answer.payload).toMatchObject({ status: 'error', code: 'NOT_FOUND' });
    }
    expect((await socket.subscribe('executions', { accountId: ACCOUNT, symbol: 'BTCUSD' })).payload.status).toBe('ok');
    expect(server.gateway.activeTopics().size).toBe(1);
  });
});

describe('request heads', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ limits: { headerTimeoutMs: 300 } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('closes a socket that sends nothing, and one that never finishes its request head', async () => {
    const started = Date.now();
    const [silent, partial] = await Promise.all([rawSocket(server.url, ''), rawSocket(server.url, 'GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ')]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(silent).not.toMatch(/200 OK/);
    expect(partial).not.toMatch(/200 OK/);
  });

  it('still serves a request whose head arrives in time', async () => {
    expect((await server.request('GET', '/health')).status).toBe(200);
  });
});
