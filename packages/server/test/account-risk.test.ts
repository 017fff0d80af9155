/**
 * Pre-trade risk on every path, tried over HTTP as a trader would: modifies, market orders in flight,
 * leverage changes, concurrent closes and reverses, per-account limits; and every change published.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OrderStatus, OrderType, Side, type Account, type Order, type Position, type QuoteData } from '@trading-pro/contracts';
import { eventually, startServer, type TestServer } from './harness.ts';
import { TestSocket } from './ws-client.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server whose market orders wait out a latency window, so several can be in flight at once. */
async function slowServer(latencyMs = 400): Promise<TestServer> {
  server = await startServer({ brokers: { paper: { latencyMs, slippage: { model: 'none' }, commission: { rate: 0, min: 0 }, clockIntervalMs: 20 } } });
  return server;
}

async function ask(s: TestServer, symbol = 'BTCUSD'): Promise<number> {
  const [quote] = (await s.request('GET', `/datafeed/quotes?symbols=${symbol}`)).body as QuoteData[];
  return Number((quote?.v as { ask: number }).ask);
}

const account = async (s: TestServer) => (await s.request('GET', '/broker/account')).body as Account;
const positions = async (s: TestServer) => (await s.request('GET', '/broker/positions')).body as Position[];

async function openLong(s: TestServer, qty: number): Promise<void> {
  const res = await s.request('POST', '/broker/orders', { symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty });
  expect(res.status).toBe(200);
  await eventually(async () => (await positions(s)).find((p) => p.symbol === 'BTCUSD' && p.qty === qty && p.side === Side.Buy), 5_000, 'long position');
}

describe('pre-trade risk over HTTP', () => {
  it('refuses to grow a resting order beyond the account, and leaves it exactly as it was', async () => {
    const s = (server = await startServer());
    const price = Math.round((await ask(s)) * 0.9);
    const { orderId } = (await s.request('POST', '/broker/orders', { symbol: 'BTCUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice: price })).body as { orderId: string };
    const before = (await s.request('GET', `/broker/orders/${orderId}`)).body as Order;
    const grown = await s.request('PUT', `/broker/orders/${orderId}`, { qty: 1000 });
    expect(grown.status).toBe(422);
    expect(grown.body).toMatchObject({ error: { code: 'INSUFFICIENT_BUYING_POWER' } });
    const moved = await s.request('PUT', `/broker/orders/${orderId}`, { qty: 10, limitPrice: Math.round((await ask(s)) * 1.05) });
    expect(moved.status).toBe(422);
    expect((await s.request('GET', `/broker/orders/${orderId}`)).body).toEqual(before);
    expect(await positions(s)).toEqual([]);
  });

  it('counts market orders in flight: of five buys of 90% of buying power, one is taken', async () => {
    const s = await slowServer();
    const { buyingPower } = await account(s);
    const qty = Math.floor(((buyingPower * 0.9) / (await ask(s))) * 1000) / 1000;
    const answers = await Promise.all(Array.from({ length: 5 }, () => s.request('POST', '/broker/orders', { symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 422, 422, 422, 422]);
    for (const refused of answers.filter((a) => a.status === 422)) expect(refused.body).toMatchObject({ error: { code: 'INSUFFICIENT_BUYING_POWER' } });
    await eventually(async () => (await positions(s)).length === 1, 5_000);
    const after = await account(s);
    expect(after.marginUsed).toBeLessThanOrEqual(after.equity);
  });

  it('refuses a leverage change that would leave margin above equity', async () => {
    const s = (server = await startServer());
    expect((await s.request('PUT', '/broker/leverage', { symbol: 'BTCUSD', leverage: 10 })).status).toBe(200);
    const { buyingPower } = await account(s);
    await openLong(s, Math.floor(((buyingPower * 10 * 0.8) / (await ask(s))) * 1000) / 1000);
    const lowered = await s.request('PUT', '/broker/leverage', { symbol: 'BTCUSD', leverage: 2 });
    expect(lowered.status).toBe(422);
    expect(lowered.body).toMatchObject({ error: { code: 'INSUFFICIENT_BUYING_POWER' } });
    expect((await s.request('GET', '/broker/leverage?symbol=BTCUSD')).body).toMatchObject({ leverage: 10 });
  });

  it('lets two concurrent closes of a long leave it flat, never short', async () => {
    const s = await slowServer();
    await openLong(s, 0.5);
    const answers = await Promise.all([s.request('POST', '/broker/positions/BTCUSD/close'), s.request('POST', '/broker/positions/BTCUSD/close')]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    await eventually(async () => (await positions(s)).length === 0, 5_000, 'flat');
    // Closing more than what is not already being closed is a conflict too.
    await openLong(s, 0.5);
    expect((await s.request('POST', '/broker/positions/BTCUSD/close', { amount: 0.3 })).status).toBe(200);
    expect((await s.request('POST', '/broker/positions/BTCUSD/close', { amount: 0.3 })).status).toBe(409);
    await eventually(async () => (await positions(s)).find((p) => p.qty === 0.2 && p.side === Side.Buy), 5_000, 'the rest of the long');
  });

  it('lets one of two concurrent reverses of long 1 through: the position ends short 1', async () => {
    const s = await slowServer();
    await openLong(s, 1);
    const answers = await Promise.all([s.request('POST', '/broker/positions/BTCUSD/reverse'), s.request('POST', '/broker/positions/BTCUSD/reverse')]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    // The reverse may fill in parts against the book's depth: judge the position once nothing works any more.
    const live = new Set<number>([OrderStatus.Placing, OrderStatus.Working, OrderStatus.Inactive]);
    await eventually(async () => ((await s.request('GET', '/broker/orders')).body as Order[]).every((o) => !live.has(o.status)), 5_000, 'the reverse done');
    expect((await positions(s)).map((p) => [p.side, p.qty])).toEqual([[Side.Sell, 1]]);
  });

  it('rejects an order beyond an account risk limit as a recorded RISK_LIMIT, and refuses a modify beyond it', async () => {
    const s = (server = await startServer({ accounts: [{ id: 'DEMO-001', name: 'Demo', broker: 'paper', currency: 'USD', initialBalance: 100_000, risk: { maxOrderNotional: 5_000, maxOpenOrders: 2 } }] }));
    const price = Math.round((await ask(s)) * 0.5);
    const big = await s.request('POST', '/broker/orders', { symbol: 'BTCUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.2, limitPrice: price });
    expect(big.status).toBe(422);
    const detail = (big.body as { error: { code: string; details: { orderId: string }[] } }).error;
    expect(detail.code).toBe('RISK_LIMIT');
    expect(((await s.request('GET', `/broker/orders/${detail.details[0]?.orderId}`)).body as Order).status).toBe(OrderStatus.Rejected);
    const small = (await s.request('POST', '/broker/orders', { symbol: 'BTCUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice: price })).body as { orderId: string };
    const modify = await s.request('PUT', `/broker/orders/${small.orderId}`, { qty: 0.5 });
    expect(modify.status).toBe(422);
    expect(((await s.request('GET', `/broker/orders/${small.orderId}`)).body as Order).qty).toBe(0.01);
    await s.request('POST', '/broker/orders', { symbol: 'BTCUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice: price });
    const third = await s.request('POST', '/broker/orders', { symbol: 'BTCUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice: price });
    expect(third.body).toMatchObject({ error: { code: 'RISK_LIMIT', message: expect.stringContaining('maxOpenOrders') } });
  });
});

describe('every state change is published', () => {
  it('publishes the position with its new take-profit (and the untouched stop-loss) when brackets are edited', async () => {
    const s = (server = await startServer());
    await openLong(s, 0.01);
    const price = await ask(s);
    const ws = new TestSocket(s.url);
    await ws.opened;
    await ws.subscribe('positions', { accountId: 'DEMO-001' });
    expect((await s.request('PUT', '/broker/positions/BTCUSD/brackets', { takeProfit: Math.round(price * 1.2), stopLoss: Math.round(price * 0.8) })).status).toBe(200);
    expect((await s.request('PUT', '/broker/positions/BTCUSD/brackets', { takeProfit: Math.round(price * 1.3) })).status).toBe(200);
    const update = await ws.waitFor((f) => f.type === 'positions.update' && (f.payload.payload as Position).takeProfit === Math.round(price * 1.3));
    expect(update.payload.payload).toMatchObject({ stopLoss: Math.round(price * 0.8) });
    expect(update.payload.seq).toBeGreaterThan(0);
    expect(((await positions(s))[0] as Position).takeProfit).toBe(Math.round(price * 1.3));
    await ws.close();
  });

  it('publishes a leverage change on the equity topic, with its seq', async () => {
    const s = (server = await startServer());
    const ws = new TestSocket(s.url);
    await ws.opened;
    const { payload } = await ws.subscribe('equity', { accountId: 'DEMO-001' });
    expect((await s.request('PUT', '/broker/leverage', { symbol: 'BTCUSD', leverage: 5 })).status).toBe(200);
    const update = await ws.waitFor((f) => f.type === 'equity.update' && f.payload.seq !== undefined);
    expect(update.payload.seq).toBeGreaterThan(payload.seq ?? 0);
    expect(update.payload.payload).toMatchObject({ buyingPower: expect.any(Number), marginUsed: expect.any(Number) });
    await ws.close();
  });
});
