/** The broker REST API end to end: real server, real HTTP, the paper broker on the simulated market. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderStatus, OrderType, Side, type Account, type Execution, type Order, type Position } from '@trading-pro/contracts';
import { startServer, sqliteJournal, type TestServer } from './harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const get = async <T>(path: string) => {
  const res = await server.request('GET', path);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as T;
};
const quote = (symbol: string) => {
  const q = server.context.market.quote(symbol);
  if (!q) throw new Error(`no quote for ${symbol}`);
  return { bid: Number(q.bid) / 1e8, ask: Number(q.ask) / 1e8 };
};
const journalSeq = () => sqliteJournal(server).readNow('DEMO-001', 0).at(-1)?.seq ?? 0;

describe('broker REST API', () => {
  it('fills a market order and shows the order, position, execution and new balance', async () => {
    const before = await get<Account>('/broker/account');
    const placed = await server.request('POST', '/broker/orders', { symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty: 0.01 });
    expect(placed.status).toBe(200);
    const { orderId } = placed.body as { orderId: string };

    const order = await get<Order>(`/broker/orders/${orderId}`);
    expect(order).toMatchObject({ id: orderId, symbol: 'BTCUSD', status: OrderStatus.Filled, filledQty: 0.01, side: Side.Buy });
    expect(order.avgPrice).toBeGreaterThan(0);

    const positions = await get<Position[]>('/broker/positions');
    expect(positions.find((p) => p.symbol === 'BTCUSD')).toMatchObject({ id: 'BTCUSD', side: Side.Buy, qty: 0.01, avgPrice: order.avgPrice });

    const executions = await get<Execution[]>('/broker/executions/BTCUSD');
    expect(executions.at(-1)).toMatchObject({ orderId, symbol: 'BTCUSD', qty: 0.01, price: order.avgPrice, side: Side.Buy });

    const after = await get<Account>('/broker/account');
    expect(after.balance).toBeCloseTo(before.balance - order.commission, 2);
    expect(after.equity).toBeCloseTo(after.balance + after.unrealizedPL, 2);
    expect(after.marginUsed).toBeGreaterThan(0);
  });

  it('lists orders newest first, filters by status and reports the journal seq', async () => {
    const { orderId } = (await server.request('POST', '/broker/orders', { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.1, limitPrice: 1 })).body as { orderId: string };
    const res = await server.request('GET', '/broker/orders');
    const orders = res.body as Order[];
    expect(orders[0]?.id).toBe(orderId);
    expect(Number(res.headers.get('x-account-seq'))).toBe(journalSeq());
    const working = await get<Order[]>(`/broker/orders?status=${OrderStatus.Working}`);
    expect(working.every((o) => o.status === OrderStatus.Working)).toBe(true);
    expect(working.map((o) => o.id)).toContain(orderId);
  });

  it('modifies and cancels a resting limit order', async () => {
    const { orderId } = (await server.request('POST', '/broker/orders', { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.5, limitPrice: 10 })).body as { orderId: string };
    expect((await server.request('PUT', `/broker/orders/${orderId}`, { limitPrice: 11, qty: 0.4 })).body).toEqual({ success: true });
    expect(await get<Order>(`/broker/orders/${orderId}`)).toMatchObject({ limitPrice: 11, qty: 0.4, status: OrderStatus.Working });
    expect((await server.request('DELETE', `/broker/orders/${orderId}`)).body).toEqual({ success: true });
    expect((await get<Order>(`/broker/orders/${orderId}`)).status).toBe(OrderStatus.Canceled);
  });

  it('answers 409 when modifying or canceling a final order, 404 for an unknown one', async () => {
    const { orderId } = (await server.request('POST', '/broker/orders', { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.1, limitPrice: 5 })).body as { orderId: string };
    await server.request('DELETE', `/broker/orders/${orderId}`);
    const again = await server.request('DELETE', `/broker/orders/${orderId}`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'CONFLICT' } });
    expect((await server.request('PUT', `/broker/orders/${orderId}`, { limitPrice: 6 })).status).toBe(409);
    const missing = await server.request('GET', '/broker/orders/NOPE-1');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('cancels many orders by symbol', async () => {
    const ids: string[] = [];
    for (const limitPrice of [2, 3, 4]) {
      ids.push(((await server.request('POST', '/broker/orders', { symbol: 'SOLUSD', type: OrderType.Limit, side: Side.Buy, qty: 1, limitPrice })).body as { orderId: string }).orderId);
    }
    const res = await server.request('POST', '/broker/orders/cancel', { symbol: 'SOLUSD' });
    expect(res.status).toBe(200);
    expect(new Set((res.body as { canceled: string[] }).canceled)).toEqual(new Set(ids));
  });

  it.each([
    ['malformed JSON', '{"symbol":'],
    ['an unknown field', { symbol: 'BTCUSD', type: 2, side: 1, qty: 0.01, colour: 'red' }],
    ['a string quantity', { symbol: 'BTCUSD', type: 2, side: 1, qty: '0.01' }],
    ['a zero quantity', { symbol: 'BTCUSD', type: 2, side: 1, qty: 0 }],
    ['an unknown side', { symbol: 'BTCUSD', type: 2, side: 2, qty: 0.01 }],
    ['a limit order without limitPrice', { symbol: 'BTCUSD', type: 1, side: 1, qty: 0.01 }],
    ['a price off the tick', { symbol: 'BTCUSD', type: 1, side: 1, qty: 0.01, limitPrice: 100.001 }],
    ['a quantity off the lot step', { symbol: 'AAPL', type: 1, side: 1, qty: 1.5, limitPrice: 100 }],
  ])('rejects %s with 400 VALIDATION_ERROR and records nothing', async (_what, body) => {
    const seq = journalSeq();
    const ordersBefore = (await get<Order[]>('/broker/orders')).length;
    const res = await server.request('POST', '/broker/orders', body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'VALIDATION_ERROR', message: expect.any(String) } });
    expect(journalSeq()).toBe(seq);
    expect((await get<Order[]>('/broker/orders')).length).toBe(ordersBefore);
  });

  it('records a business rejection as a Rejected order with its reason (422)', async () => {
    const seq = journalSeq();
    const res = await server.request('POST', '/broker/orders', { symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty: 1000 });
    expect(res.status).toBe(422);
    const body = res.body as { error: { code: string; message: string; details: { orderId: string }[] } };
    expect(body.error.code).toBe('INSUFFICIENT_BUYING_POWER');
    const orderId = body.error.details[0]?.orderId ?? '';
    const order = await get<Order>(`/broker/orders/${orderId}`);
    expect(order.status).toBe(OrderStatus.Rejected);
    expect(order.rejectReason).toBe(body.error.message);
    expect(journalSeq()).toBeGreaterThan(seq);
  });

  it('records an unknown symbol as rejected (422 UNKNOWN_SYMBOL)', async () => {
    const res = await server.request('POST', '/broker/orders', { symbol: 'NOPE', type: OrderType.Market, side: Side.Buy, qty: 1 });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'UNKNOWN_SYMBOL' } });
  });

  it('is idempotent on clientOrderId and refuses the same id with another body', async () => {
    const body = { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.2, limitPrice: 7, clientOrderId: 'my-order-1' };
    const first = await server.request('POST', '/broker/orders', body);
    const seq = journalSeq();
    const second = await server.request('POST', '/broker/orders', body);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(journalSeq()).toBe(seq);
    const conflict = await server.request('POST', '/broker/orders', { ...body, qty: 0.3 });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ error: { code: 'CONFLICT' } });
  });

  it('previews an order without placing it', async () => {
    const seq = journalSeq();
    const res = await server.request('POST', '/broker/orders/preview', { symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty: 0.01 });
    expect(res.status).toBe(200);
    const preview = res.body as { confirmId: string; sections: { rows: { title: string; value: string }[] }[] };
    expect(preview.confirmId).toEqual(expect.any(String));
    const titles = preview.sections.flatMap((s) => s.rows.map((r) => r.title.toLowerCase())).join('|');
    expect(titles).toMatch(/commission/);
    expect(titles).toMatch(/margin/);
    expect(titles).toMatch(/buying power/);
    expect(journalSeq()).toBe(seq);
  });

  it('closes part of a position, reverses it and closes the rest', async () => {
    await server.request('POST', '/broker/orders', { symbol: 'XRPUSD', type: OrderType.Market, side: Side.Buy, qty: 100 });
    const xrp = async () => (await get<Position[]>('/broker/positions')).find((p) => p.symbol === 'XRPUSD');
    expect(await xrp()).toMatchObject({ qty: 100, side: Side.Buy });
    expect((await server.request('POST', '/broker/positions/XRPUSD/close', { amount: 40 })).status).toBe(200);
    expect(await xrp()).toMatchObject({ qty: 60, side: Side.Buy });
    expect((await server.request('POST', '/broker/positions/XRPUSD/reverse')).status).toBe(200);
    expect(await xrp()).toMatchObject({ qty: 60, side: Side.Sell });
    expect((await server.request('POST', '/broker/positions/XRPUSD/close')).status).toBe(200);
    expect(await xrp()).toBeUndefined();
    expect((await server.request('POST', '/broker/positions/XRPUSD/close')).status).toBe(404);
  });

  it('puts brackets on a position and removes them', async () => {
    await server.request('POST', '/broker/orders', { symbol: 'ETHUSD', type: OrderType.Market, side: Side.Buy, qty: 1 });
    const { bid } = quote('ETHUSD');
    const takeProfit = Math.round(bid * 1.2 * 100) / 100;
    const stopLoss = Math.round(bid * 0.8 * 100) / 100;
    expect((await server.request('PUT', '/broker/positions/ETHUSD/brackets', { takeProfit, stopLoss })).status).toBe(200);
    expect((await get<Position[]>('/broker/positions')).find((p) => p.symbol === 'ETHUSD')).toMatchObject({ takeProfit, stopLoss });
    const children = (await get<Order[]>(`/broker/orders?status=${OrderStatus.Working}`)).filter((o) => o.parentId === 'ETHUSD');
    expect(children.map((o) => o.type).sort()).toEqual([OrderType.Limit, OrderType.Stop]);
    expect((await server.request('PUT', '/broker/positions/ETHUSD/brackets', { takeProfit: null, stopLoss: null })).status).toBe(200);
    const position = (await get<Position[]>('/broker/positions')).find((p) => p.symbol === 'ETHUSD');
    expect(position?.takeProfit).toBeUndefined();
    expect(position?.stopLoss).toBeUndefined();
  });

  it('reads and sets leverage within bounds', async () => {
    const info = await get<{ symbol: string; leverage: number; min: number; max: number; step: number }>('/broker/leverage?symbol=BTCUSD');
    expect(info.symbol).toBe('BTCUSD');
    expect(info.max).toBeGreaterThan(info.min);
    const set = await server.request('PUT', '/broker/leverage', { symbol: 'BTCUSD', leverage: info.max });
    expect(set.body).toMatchObject({ symbol: 'BTCUSD', leverage: info.max });
    const tooHigh = await server.request('PUT', '/broker/leverage', { symbol: 'BTCUSD', leverage: info.max + 100 });
    expect(tooHigh.status).toBe(400);
    expect((await server.request('GET', '/broker/leverage')).status).toBe(400);
  });

  it('serves accounts, capability flags, health and versions', async () => {
    expect(await get('/broker/accounts')).toEqual([{ id: 'DEMO-001', name: 'Demo', currency: 'USD' }]);
    expect(await get('/broker/config')).toMatchObject({ broker: 'paper', supportOrderBrackets: true, supportLeverage: true, supportPlaceOrderPreview: true });
    expect(await get('/health')).toMatchObject({
      status: 'ok',
      version: expect.any(String),
      storage: { status: 'ok' },
      process: { id: expect.any(String), pid: process.pid },
      accounts: [{ id: 'DEMO-001', brokerStatus: 1, owner: expect.any(String) }],
    });
    expect(await get('/versions')).toEqual({ current: 'v1', supported: ['v1'] });
  });

  it('exposes Prometheus metrics of the traffic it served', async () => {
    const res = await fetch(`${server.url}/metrics`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toMatch(/trading_pro_http_requests_total\{method="POST",route="\/api\/v1\/broker\/orders",status="200"\} \d+/);
    expect(text).toMatch(/trading_pro_journal_seq\{account="DEMO-001"\} [1-9]/);
    expect(text).toMatch(/trading_pro_broker_connected\{account="DEMO-001",broker="paper"\} 1/);
  });

  it('answers unknown routes with the error shape', async () => {
    const res = await server.request('GET', '/nothing/here');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
