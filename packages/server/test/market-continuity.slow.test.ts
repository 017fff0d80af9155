/**
 * The simulated market continues across restarts: after SIGTERM and after kill -9 the chart's past bars are the same,
 * the first quote carries on from the last one, and resting orders near the market are still resting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OrderStatus, OrderType, Side, type Bar, type History, type Order, type QuoteData } from '@trading-pro/contracts';
import { killServerProcess, startServerProcess, type ServerProcess } from './server-process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'tp-continuity-'));
const children: ServerProcess[] = [];

afterAll(async () => {
  for (const child of children) await killServerProcess(child);
  rmSync(dataDir, { recursive: true, force: true });
});

async function startProcess(): Promise<ServerProcess> {
  const server = await startServerProcess({ dataDir });
  children.push(server);
  return server;
}

async function get<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return (await res.json()) as T;
}

async function post<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  return (await res.json()) as T;
}

async function lastPrice(base: string): Promise<number> {
  const [quote] = await get<QuoteData[]>(`${base}/datafeed/quotes?symbols=BTCUSD`);
  if (quote?.s !== 'ok' || !('lp' in quote.v)) throw new Error('no BTCUSD quote');
  return quote.v.lp;
}

/** Complete one-minute bars of the last hour before `before` (ms, minute-aligned). */
async function bars(base: string, before: number): Promise<Bar[]> {
  return (await get<History>(`${base}/datafeed/history?symbol=BTCUSD&resolution=1&from=${before - 3_600_000}&to=${before}`)).bars;
}

describe('simulated market continuity', () => {
  it('keeps past bars and carries quotes and resting orders on across SIGTERM and kill -9', async () => {
    let server = await startProcess();
    let base = server.base;
    const price = await lastPrice(base);
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const before = await bars(base, minute);
    expect(before.length).toBe(60);
    // Resting orders 2% away: a market that jumped at the restart would fill them.
    const buy = await post<{ orderId: string }>(`${base}/broker/orders`, { symbol: 'BTCUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice: Math.round(price * 0.98) });
    const sell = await post<{ orderId: string }>(`${base}/broker/orders`, { symbol: 'BTCUSD', type: OrderType.Limit, side: Side.Sell, qty: 0.01, limitPrice: Math.round(price * 1.02) });
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      const last = await lastPrice(base);
      await killServerProcess(server, signal);
      server = await startProcess();
      base = server.base;
      const next = await lastPrice(base);
      expect(Math.abs(next - last) / last, `${signal}: ${last} → ${next}`).toBeLessThan(0.005);
      expect(await bars(base, minute), signal).toEqual(before);
      for (const id of [buy.orderId, sell.orderId]) expect((await get<Order>(`${base}/broker/orders/${id}`)).status, signal).toBe(OrderStatus.Working);
    }
    await killServerProcess(server, 'SIGTERM');
  }, 60_000);
});
