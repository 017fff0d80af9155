/** Bounded lists: orders and executions newest first, `limit` (default 500, max 1,000) and the `before` cursor from X-Next-Cursor. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderType, Side, type Execution, type Order } from '@trading-pro/contracts';
import { eventually, startServer, type TestServer } from './harness.ts';

let server: TestServer;
const placed: string[] = [];

beforeAll(async () => {
  server = await startServer();
  for (let i = 0; i < 7; i++) {
    const answer = await server.request('POST', '/broker/orders', { symbol: 'BTCUSD', type: OrderType.Market, side: i % 2 ? Side.Sell : Side.Buy, qty: 0.01 });
    placed.push((answer.body as { orderId: string }).orderId);
  }
  await eventually(async () => ((await server.request('GET', '/broker/executions/BTCUSD')).body as unknown[]).length === 7, 5000, 'seven fills');
});
afterAll(async () => {
  await server.close();
});

async function follow<T>(path: string, limit: number): Promise<{ pages: T[][]; cursors: (string | null)[] }> {
  const pages: T[][] = [];
  const cursors: (string | null)[] = [];
  let before: string | null = null;
  do {
    const answer = await server.request('GET', `${path}?limit=${limit}${before === null ? '' : `&before=${before}`}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-account-seq')).toMatch(/^\d+$/);
    pages.push(answer.body as T[]);
    before = answer.headers.get('x-next-cursor');
    cursors.push(before);
  } while (before !== null);
  return { pages, cursors };
}

describe('paged lists', () => {
  it('pages orders newest first, following X-Next-Cursor to the last page (which has none)', async () => {
    const { pages, cursors } = await follow<Order>('/broker/orders', 3);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(cursors.at(-1)).toBeNull();
    expect(pages.flat().map((order) => order.id)).toEqual([...placed].reverse());
  });

  it('pages executions newest first', async () => {
    const { pages } = await follow<Execution>('/broker/executions/BTCUSD', 2);
    const all = pages.flat();
    expect(all).toHaveLength(7);
    const times = all.map((execution) => execution.time);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(all.map((execution) => execution.orderId)).toEqual([...placed].reverse());
  });

  it('defaults to 500 and refuses more than 1,000 or a malformed cursor', async () => {
    expect(((await server.request('GET', '/broker/orders')).body as unknown[]).length).toBe(7);
    expect((await server.request('GET', '/broker/orders?limit=1001')).status).toBe(400);
    expect((await server.request('GET', '/broker/orders?limit=0')).status).toBe(400);
    expect((await server.request('GET', '/broker/executions/BTCUSD?before=abc')).status).toBe(400);
  });
});
