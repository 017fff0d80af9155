/**
 * Durability: kill -9 the server in the middle of a stream of orders, restart it on the same data
 * directory, and check that every acknowledged order is there in the state it was acknowledged in,
 * that no order is duplicated, and that nothing half-done appears.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OrderStatus, OrderType, Side, type Account, type Execution, type Order, type Position } from '@trading-pro/contracts';
import { dropSchemas, NATS_SERVERS, POSTGRES_URL, serviceAvailable, uniqueName } from './services.ts';
import { eventually } from './harness.ts';
import { killServerProcess, startServerProcess, type ServerProcess } from './server-process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'tp-crash-'));
const schemas: string[] = [];
const scaleOut = (await serviceAvailable('PostgreSQL')) && (await serviceAvailable('NATS'));

afterAll(async () => {
  for (const child of children) await killServerProcess(child);
  rmSync(dataDir, { recursive: true, force: true });
  await dropSchemas(schemas);
});

/** The embedded default (no file), or a config file putting the journal on PostgreSQL and the bus on NATS. */
function configFile(driver: 'embedded' | 'postgres+nats'): string {
  if (driver === 'embedded') return '';
  const schema = uniqueName('tp_crash');
  schemas.push(schema);
  const path = join(dataDir, `${schema}.yaml`);
  writeFileSync(path, `storage: { driver: postgres, url: "${POSTGRES_URL}", schema: ${schema} }\nbus: { driver: nats, servers: "${NATS_SERVERS}", prefix: ${schema} }\n`);
  return path;
}

const children: ServerProcess[] = [];
async function startProcess(config: string): Promise<ServerProcess> {
  const server = await startServerProcess({ config, dataDir });
  children.push(server);
  return server;
}

async function json<T>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: (await res.json()) as T };
}

function post(base: string, body: unknown): Promise<{ status: number; body: { orderId?: string } }> {
  return json(`${base}/broker/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe.each([
  { driver: 'embedded' as const, skip: false },
  { driver: 'postgres+nats' as const, skip: !scaleOut },
])('crash recovery ($driver)', ({ driver, skip }) => {
  it.skipIf(skip)('keeps every acknowledged order, duplicates none and shows nothing half-done after kill -9', async () => {
    const config = configFile(driver);
    const first = await startProcess(config);
    const acked = new Map<string, Order>(); // clientOrderId → state seen right after the ack
    const sent: string[] = [];
    let stop = false;

    // Four concurrent writers: resting limits (never fill) and small market orders (fill at once).
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const clientOrderId = `w${w}-${i}`;
        const market = i % 3 === 0;
        const body = market
          ? { symbol: 'BTCUSD', type: OrderType.Market, side: i % 2 ? Side.Sell : Side.Buy, qty: 0.001, clientOrderId }
          : { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice: 1, clientOrderId };
        sent.push(clientOrderId);
        let res: Awaited<ReturnType<typeof post>>;
        try {
          res = await post(first.base, body);
        } catch {
          return; // the process died mid-request: this order was never acknowledged
        }
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        if (!res.body.orderId) continue;
        try {
          const state = await json<Order>(`${first.base}/broker/orders/${res.body.orderId}`);
          if (state.status === 200) acked.set(clientOrderId, state.body);
        } catch {
          return;
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (acked.size < 150) await new Promise((r) => setTimeout(r, 5));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    if (first.child.exitCode === null && first.child.signalCode === null) await new Promise((r) => first.child.once('exit', r));

    const second = await startProcess(config);
    // On PostgreSQL the restarted process owns the account once the killed one's lease has run out.
    await eventually(async () => {
      const { body } = await json<{ process: { id: string }; accounts: { owner?: string }[] }>(`${second.base}/health`);
      return body.accounts[0]?.owner === body.process.id;
    }, 15_000, 'the restarted process to own the account');
    const orders = (await json<Order[]>(`${second.base}/broker/orders`)).body;
    const byClientId = new Map<string, Order[]>();
    for (const order of orders) if (order.clientOrderId) byClientId.set(order.clientOrderId, [...(byClientId.get(order.clientOrderId) ?? []), order]);

    // Every acknowledged order is there, once, in the state it had.
    for (const [clientOrderId, seen] of acked) {
      const found = byClientId.get(clientOrderId) ?? [];
      expect(found, clientOrderId).toHaveLength(1);
      expect(found[0]).toEqual(seen);
    }
    // No duplicates at all, and only orders that were actually sent.
    for (const [clientOrderId, found] of byClientId) {
      expect(found, clientOrderId).toHaveLength(1);
      expect(sent).toContain(clientOrderId);
    }
    // Nothing half-done: every filled order has its executions, and positions match the executions.
    const executions = (await json<Execution[]>(`${second.base}/broker/executions/BTCUSD`)).body;
    for (const order of orders.filter((o) => o.symbol === 'BTCUSD' && o.status === OrderStatus.Filled)) {
      const fills = executions.filter((e) => e.orderId === order.id);
      expect(fills.reduce((sum, e) => sum + e.qty, 0)).toBeCloseTo(order.filledQty, 8);
    }
    const net = executions.reduce((sum, e) => sum + e.side * e.qty, 0);
    const position = (await json<Position[]>(`${second.base}/broker/positions`)).body.find((p) => p.symbol === 'BTCUSD');
    expect((position?.qty ?? 0) * (position?.side ?? 1)).toBeCloseTo(net, 8);
    const account = (await json<Account>(`${second.base}/broker/account`)).body;
    const commissions = executions.reduce((sum, e) => sum + e.commission, 0);
    expect(account.balance).toBeCloseTo(100_000 + account.realizedPL - commissions, 2);

    // The restarted server keeps working and keeps idempotency across the restart.
    const [someId, someOrder] = [...acked.entries()][0] ?? [];
    const replay = await post(second.base, someOrder?.type === OrderType.Market
      ? { symbol: 'BTCUSD', type: OrderType.Market, side: someOrder.side, qty: 0.001, clientOrderId: someId }
      : { symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice: 1, clientOrderId: someId });
    expect(replay).toEqual({ status: 200, body: { orderId: someOrder?.id } });
    second.child.kill('SIGKILL');
  }, 60_000);
});
