/**
 * The journal cannot commit: an outside write lock on the SQLite file, and a real full disk. Nothing changes,
 * the answer says so (503 STORAGE_UNAVAILABLE), /health says storage is failing, the server recovers by itself
 * once writes succeed again, and a retry with the same clientOrderId places the order exactly once.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { OrderType, Side, type Order, type Position } from '@trading-pro/contracts';
import { eventually, startServer, type TestServer } from './harness.ts';

const order = (clientOrderId: string) => ({ symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty: 0.01, clientOrderId });
type Health = { status: string; storage?: { status: string; message?: string } };

async function expectUnchangedWhileFailing(server: TestServer, clientOrderId: string): Promise<void> {
  const before = await server.request('GET', '/broker/orders');
  // Unrealized P&L follows the live market (exact for crypto), so only the positions themselves are compared.
  const held = async (): Promise<Omit<Position, 'pl'>[]> => ((await server.request('GET', '/broker/positions')).body as Position[]).map(({ pl: _pl, ...rest }) => rest);
  const positions = await held();
  const refused = await server.request('POST', '/broker/orders', order(clientOrderId));
  expect(refused.status).toBe(503);
  expect(refused.body).toMatchObject({ error: { code: 'STORAGE_UNAVAILABLE' } });
  const after = await server.request('GET', '/broker/orders');
  expect(after.body).toEqual(before.body);
  expect(after.headers.get('x-account-seq')).toBe(before.headers.get('x-account-seq'));
  expect(await held()).toEqual(positions);
  const health = (await server.request('GET', '/health')).body as Health;
  expect(health).toMatchObject({ status: 'degraded', storage: { status: 'failing', message: expect.any(String) } });
}

async function expectRecoveredOnce(server: TestServer, clientOrderId: string): Promise<void> {
  await eventually(async () => ((await server.request('GET', '/health')).body as Health).status === 'ok', 10_000, 'storage recovered');
  const placed = await server.request('POST', '/broker/orders', order(clientOrderId));
  expect(placed.status).toBe(200);
  const again = await server.request('POST', '/broker/orders', order(clientOrderId));
  expect(again.body).toEqual(placed.body);
  const orders = (await server.request('GET', '/broker/orders')).body as Order[];
  expect(orders.filter((o) => o.clientOrderId === clientOrderId)).toHaveLength(1);
}

describe('storage faults', () => {
  it('refuses commands while another process holds the write lock, then recovers without a restart', async () => {
    const server = await startServer();
    try {
      expect((await server.request('POST', '/broker/orders', order('before-lock'))).status).toBe(200);
      const lock = new DatabaseSync(join(server.dataDir, 'trading-pro.db'));
      lock.exec('BEGIN IMMEDIATE');
      try {
        await expectUnchangedWhileFailing(server, 'while-locked');
      } finally {
        lock.exec('COMMIT');
        lock.close();
      }
      await expectRecoveredOnce(server, 'while-locked');
    } finally {
      await server.close();
    }
  });

  describe('on a 4 MiB filesystem', () => {
    const root = mkdtempSync(join(tmpdir(), 'tp-small-disk-'));
    const mountPoint = join(root, 'data');
    mkdirSync(mountPoint);
    let mounted = false;
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint], { stdio: 'ignore' });
      mounted = true;
    } catch {
      // Not allowed to mount here (not root): the write-lock case above covers the same path.
    }
    afterAll(() => {
      if (mounted) execFileSync('umount', [mountPoint], { stdio: 'ignore' });
      rmSync(root, { recursive: true, force: true });
    });

    it.skipIf(!mounted)('starts and trades, refuses commands with the disk full, and recovers when space is freed', async () => {
      const server = await startServer({}, { dataDir: mountPoint });
      try {
        for (let i = 0; i < 20; i++) expect((await server.request('POST', '/broker/orders', order(`small-${i}`))).status).toBe(200);
        // Fill the disk to the last byte.
        const filler = join(mountPoint, 'filler');
        let size = 4 * 1024 * 1024;
        for (let part = 0; size >= 512; part++) {
          try {
            writeFileSync(`${filler}-${part}`, Buffer.alloc(size));
          } catch {
            size = Math.floor(size / 2);
          }
        }
        await expectUnchangedWhileFailing(server, 'disk-full');
        rmSync(`${filler}-0`, { force: true });
        for (let part = 1; part < 64; part++) rmSync(`${filler}-${part}`, { force: true });
        await expectRecoveredOnce(server, 'disk-full');
      } finally {
        await server.close();
      }
    });
  });
});
