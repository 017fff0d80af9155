/**
 * Every failure in the contract's error shape, including the ones the framework and the HTTP parser raise before any
 * route runs; ids and symbols counted in code points, with control and bidi-override characters refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderType, Side } from '@trading-pro/contracts';
import { startServer, type TestServer } from './harness.ts';
import { raw, rawSocket } from './raw-http.ts';

const API = '/api/v1';
const json = { 'content-type': 'application/json' };
const errorShape = (code: string) => ({ error: { code, message: expect.any(String) } });

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const orderCount = async () => ((await server.request('GET', '/broker/orders')).body as unknown[]).length;
const limitBuy = (extra: Record<string, unknown>) => ({ symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice: 1, ...extra });

describe('framework errors in the contract shape', () => {
  it('bad percent-encoding: 400 VALIDATION_ERROR', async () => {
    const answer = await raw(server.url, 'GET', `${API}/broker/orders/%E0%A4%A`);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(errorShape('VALIDATION_ERROR'));
  });

  it('a body over 64 KiB: 413', async () => {
    const answer = await raw(server.url, 'POST', `${API}/broker/orders`, { headers: json, body: JSON.stringify(limitBuy({ pad: 'x'.repeat(70_000) })) });
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual(errorShape('VALIDATION_ERROR'));
  });

  it('a path parameter beyond the router limit: 414', async () => {
    const answer = await raw(server.url, 'GET', `${API}/broker/orders/${'a'.repeat(600)}`);
    expect(answer.status).toBe(414);
    expect(answer.body).toEqual(errorShape('VALIDATION_ERROR'));
  });

  it('an unsupported content type: 415', async () => {
    const answer = await raw(server.url, 'POST', `${API}/broker/orders`, { headers: { 'content-type': 'text/plain' }, body: 'buy' });
    expect(answer.status).toBe(415);
    expect(answer.body).toEqual(errorShape('VALIDATION_ERROR'));
  });

  it('an unknown route: 404 NOT_FOUND', async () => {
    const answer = await raw(server.url, 'GET', `${API}/nowhere`);
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual(errorShape('NOT_FOUND'));
  });

  it('malformed JSON: 400 VALIDATION_ERROR', async () => {
    const answer = await raw(server.url, 'POST', `${API}/broker/orders`, { headers: json, body: '{"symbol":' });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(errorShape('VALIDATION_ERROR'));
  });

  it('a malformed request line or an oversized head: answered in the error shape, then closed', async () => {
    const garbage = await rawSocket(server.url, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400/);
    expect(JSON.parse(garbage.slice(garbage.indexOf('\r\n\r\n') + 4))).toEqual(errorShape('VALIDATION_ERROR'));
    const huge = await rawSocket(server.url, `GET ${API}/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1\.1 431/);
    expect(JSON.parse(huge.slice(huge.indexOf('\r\n\r\n') + 4))).toEqual(errorShape('VALIDATION_ERROR'));
  });
});

describe('ids and symbols', () => {
  it('ids of 101 to 128 characters reach the route (404 unknown order), longer ones are 400', async () => {
    for (const length of [101, 128]) {
      const answer = await raw(server.url, 'GET', `${API}/broker/orders/${'o'.repeat(length)}`);
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual(errorShape('NOT_FOUND'));
    }
    expect((await raw(server.url, 'DELETE', `${API}/broker/orders/${'o'.repeat(129)}`)).body).toEqual({ error: expect.objectContaining({ code: 'VALIDATION_ERROR' }) });
  });

  it('counts clientOrderId in code points in the schema and the engine alike: 64 emoji pass, 65 do not', async () => {
    const before = await orderCount();
    const ok = await server.request('POST', '/broker/orders', limitBuy({ clientOrderId: '😀'.repeat(64) }));
    expect(ok.status).toBe(200);
    const tooLong = await server.request('POST', '/broker/orders', limitBuy({ clientOrderId: '😀'.repeat(65) }));
    expect(tooLong.status).toBe(400);
    expect(await orderCount()).toBe(before + 1);
  });

  it('refuses NUL, newlines and bidi overrides in ids and symbols, recording nothing', async () => {
    const before = await orderCount();
    for (const clientOrderId of ['a\u0000b', 'line\nbreak', 'abc\u202Efed', '\u2066x\u2069']) {
      const answer = await server.request('POST', '/broker/orders', limitBuy({ clientOrderId }));
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: { code: 'VALIDATION_ERROR' } });
    }
    expect((await server.request('POST', '/broker/orders', limitBuy({ symbol: 'ETH\u202EUSD' }))).status).toBe(400);
    expect((await raw(server.url, 'GET', `${API}/broker/orders/${encodeURIComponent('id\u202Egpj')}`)).status).toBe(400);
    expect((await raw(server.url, 'GET', `${API}/broker/executions/${encodeURIComponent('BTC\u0000')}`)).status).toBe(400);
    expect((await raw(server.url, 'GET', `${API}/datafeed/symbols?symbol=${encodeURIComponent('BTC\u202E')}`)).status).toBe(400);
    expect(await orderCount()).toBe(before);
  });

  it('answers 404 for the executions of an unknown symbol, [] for a known one never traded', async () => {
    const unknown = await server.request('GET', '/broker/executions/NOPE');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: expect.objectContaining({ code: 'NOT_FOUND' }) });
    const known = await server.request('GET', '/broker/executions/AAPL');
    expect(known.status).toBe(200);
    expect(known.body).toEqual([]);
  });
});
