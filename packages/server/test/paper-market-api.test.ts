/** The paper market at the API edge: symbols in any case, market status in symbol info and quotes, refusals with reasons. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderStatus, OrderType, Side, type Execution, type Order, type Position, type QuoteData, type SymbolInfo } from '@trading-pro/contracts';
import { eventually, startServer, type TestServer } from './harness.ts';
import { TestSocket } from './ws-client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

describe('symbols in any case', () => {
  it('takes lowercase symbols in REST bodies, paths and queries and answers with the canonical one', async () => {
    const placed = await server.request('POST', '/broker/orders', { symbol: 'btcusd', type: OrderType.Market, side: Side.Buy, qty: 0.002 });
    expect(placed.status, JSON.stringify(placed.body)).toBe(200);
    const { orderId } = placed.body as { orderId: string };
    await eventually(async () => ((await server.request('GET', `/broker/orders/${orderId}`)).body as Order).status === OrderStatus.Filled);
    expect(((await server.request('GET', `/broker/orders/${orderId}`)).body as Order).symbol).toBe('BTCUSD');
    expect(((await server.request('GET', '/broker/orders?symbol=btcusd')).body as Order[]).map((o) => o.id)).toContain(orderId);
    expect((await server.request('GET', '/broker/executions/btcusd')).body as Execution[]).toHaveLength(1);
    expect(((await server.request('GET', '/broker/leverage?symbol=btcusd')).body as { symbol: string }).symbol).toBe('BTCUSD');
    const closed = await server.request('POST', '/broker/positions/btcusd/close', { amount: 0.001 });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    await eventually(async () => ((await server.request('GET', '/broker/positions')).body as Position[]).find((p) => p.symbol === 'BTCUSD')?.qty === 0.001);
  });

  it('takes lowercase symbols in WebSocket params and answers on the canonical topic', async () => {
    const socket = new TestSocket(server.url);
    await socket.opened;
    const response = await socket.subscribe('quotes', { symbol: 'btcusd' });
    expect(response.payload).toMatchObject({ status: 'ok', topic: 'quotes:{"symbol":"BTCUSD"}' });
    socket.socket.close();
  });
});

describe('market status', () => {
  it('tells the market status and next open and close in symbol info and quotes', async () => {
    const info = (await server.request('GET', '/datafeed/symbols?symbol=aapl')).body as SymbolInfo;
    expect(['open', 'pre', 'post', 'closed']).toContain(info.marketStatus);
    expect(info.nextOpen).toBeGreaterThan(Date.now() - 86_400_000);
    expect(info.nextClose).toBeGreaterThan(info.marketStatus === 'open' ? Date.now() : (info.nextOpen ?? 0));
    expect(info.session_holidays).toContain('20261126');
    const crypto = (await server.request('GET', '/datafeed/symbols?symbol=BTCUSD')).body as SymbolInfo;
    expect(crypto).toMatchObject({ marketStatus: 'open' });
    expect(crypto.nextOpen).toBeUndefined();
    const [quote] = (await server.request('GET', '/datafeed/quotes?symbols=AAPL')).body as QuoteData[];
    expect(quote?.v).toMatchObject({ marketStatus: info.marketStatus, nextOpen: info.nextOpen });
  });
});

describe('refusals with reasons', () => {
  it('refuses a buy stop below the ask and a price beyond the precision with 400, recording nothing', async () => {
    const [quote] = (await server.request('GET', '/datafeed/quotes?symbols=BTCUSD')).body as QuoteData[];
    const ask = (quote?.v as { ask: number }).ask;
    const before = ((await server.request('GET', '/broker/orders')).body as Order[]).length;
    const stop = await server.request('POST', '/broker/orders', { symbol: 'BTCUSD', type: OrderType.Stop, side: Side.Buy, qty: 0.001, stopPrice: Math.floor(ask - 100) });
    expect(stop.status).toBe(400);
    expect(JSON.stringify(stop.body)).toContain('above the ask');
    const tiny = await server.request('POST', '/broker/orders', { symbol: 'BTCUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.001, limitPrice: 1e-9 });
    expect(tiny.status).toBe(400);
    expect(((await server.request('GET', '/broker/orders')).body as Order[]).length).toBe(before);
  });
});
