/** A clean stop leaves a snapshot; the next start on the same data shows the same account, and trading goes on. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OrderStatus, OrderType, Side, type Account, type Order, type Position } from '@trading-pro/contracts';
import { startServer, type TestServer } from './harness.ts';

async function view(server: TestServer) {
  const orders = (await server.request('GET', '/broker/orders')).body as Order[];
  const positions = (await server.request('GET', '/broker/positions')).body as Position[];
  const { balance, realizedPL } = (await server.request('GET', '/broker/account')).body as Account;
  return { orders: orders.map((o) => [o.id, o.status, o.filledQty]), positions: positions.map((p) => [p.symbol, p.qty, p.side, p.avgPrice]), balance, realizedPL };
}

/** Margin is valued at the live price, which goes on moving across the restart: equal within a small move. */
async function marginUsed(server: TestServer): Promise<number> {
  return ((await server.request('GET', '/broker/account')).body as Account).marginUsed;
}

describe('restart', () => {
  it('shows the same orders, positions and balances after a clean restart, and places the next order after them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tp-restart-'));
    try {
      const first = await startServer({}, { dataDir });
      await first.request('POST', '/broker/orders', { symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty: 0.02 });
      await first.request('POST', '/broker/orders', { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.3, limitPrice: 100 });
      await first.request('PUT', '/broker/positions/BTCUSD/brackets', { takeProfit: 200_000 });
      const before = await view(first);
      const marginBefore = await marginUsed(first);
      expect(marginBefore).toBeGreaterThan(0);
      await first.close();
      const second = await startServer({}, { dataDir });
      try {
        expect(await view(second)).toEqual(before);
        expect(Math.abs((await marginUsed(second)) - marginBefore) / marginBefore).toBeLessThan(0.01);
        const next = (await second.request('POST', '/broker/orders', { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.1, limitPrice: 100 })).body as { orderId: string };
        const ids = ((await second.request('GET', '/broker/orders')).body as Order[]).map((o) => o.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(((await second.request('GET', `/broker/orders/${next.orderId}`)).body as Order).status).toBe(OrderStatus.Working);
        expect(((await second.request('GET', '/broker/positions')).body as Position[])[0]).toMatchObject({ takeProfit: 200_000 });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
