/** A value outside an enumeration is one sentence naming the allowed values, not one entry per failed branch. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './harness.ts';
import { collapseEnumErrors } from '../src/http/enum-errors.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const place = (body: Record<string, unknown>) => server.request('POST', '/broker/orders', { symbol: 'BTCUSD', type: 2, side: 1, qty: 0.01, ...body });

describe('enumeration errors', () => {
  it('"side": "buy" is one error: side must be 1 (buy) or -1 (sell)', async () => {
    const answer = await place({ side: 'buy' });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      error: { code: 'VALIDATION_ERROR', message: 'body/side must be 1 (buy) or -1 (sell)', details: [{ path: 'body/side', message: 'must be 1 (buy) or -1 (sell)' }] },
    });
  });

  it('names every order type and the time-in-force choices', async () => {
    expect(((await place({ type: 'market' })).body as { error: { message: string } }).error.message).toBe(
      'body/type must be 1 (limit), 2 (market), 3 (stop) or 4 (stop limit)',
    );
    expect(((await place({ duration: { type: 'GTD' } })).body as { error: { message: string } }).error.message).toBe('body/duration/type must be "GTC", "DAY", "IOC" or "FOK"');
  });

  it('leaves other errors as they are', () => {
    const errors = [{ instancePath: '/qty', keyword: 'type', message: 'must be number', params: { type: 'number' } }];
    expect(collapseEnumErrors(errors)).toEqual(errors);
  });
});
