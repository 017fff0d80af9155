import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { OrderStatus } from '@trading-pro/contracts';
import { accountStoreConformance, execution, order, orderEvent } from '../../test/store-conformance.ts';
import { SqliteAccountStore } from './sqlite-account-store.ts';
import { SqliteJournalWriter } from './sqlite-journal-writer.ts';

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tp-store-'));
  dirs.push(dir);
  return join(dir, 'store.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

for (const sync of ['normal', 'full'] as const) {
  accountStoreConformance({
    // Commits on the event loop (normal), or on the writer thread with an fsync each (full).
    name: sync === 'normal' ? 'SQLite' : 'SQLite (sync full)',
    fresh: async () => tempPath(),
    open: async (path) => new SqliteAccountStore(path, { sync }),
    blockWrites: async (path) => {
      const lock = new DatabaseSync(path);
      lock.exec('BEGIN IMMEDIATE');
      return async () => {
        lock.exec('COMMIT');
        lock.close();
      };
    },
    markNewer: async (path) => {
      const db = new DatabaseSync(path);
      db.exec("UPDATE store_meta SET value = '99' WHERE key = 'schema_version'");
      db.close();
    },
  });
}

describe('SQLite account store (its own)', () => {
  it('commits the appends of one turn together; readers see them only once committed', async () => {
    const path = tempPath();
    const store = new SqliteAccountStore(path);
    const first = store.append('A', [orderEvent('1')], 1);
    const second = store.append('B', [orderEvent('2')], 1);
    const other = new DatabaseSync(path, { readOnly: true });
    const count = () => (other.prepare('SELECT COUNT(*) AS n FROM account_events').get() as { n: number }).n;
    expect(count()).toBe(0);
    expect(store.readNow('A', 0)).toEqual([]);
    await Promise.all([first, second]);
    expect(count()).toBe(2);
    expect(store.readNow('A', 0)).toHaveLength(1);
    other.close();
    await store.close();
  });

  it("refuses, unwritten, the rest of a failed batch's generation at the writer", async () => {
    const path = tempPath();
    await new SqliteAccountStore(path).close();
    const db = new DatabaseSync(path);
    const writer = new SqliteJournalWriter(db);
    const batch = (seq: number) => ({ events: ['A', seq, 1, 'orders', JSON.stringify(order(String(seq))), null], orders: [], executions: [], snapshots: [] });
    const lock = new DatabaseSync(path);
    lock.exec('PRAGMA busy_timeout = 0; BEGIN IMMEDIATE');
    db.exec('PRAGMA busy_timeout = 0');
    expect(() => writer.write(batch(1), 0)).toThrow(/locked|busy/i);
    lock.exec('COMMIT');
    expect(() => writer.write(batch(2), 0)).toThrow(/earlier batch/);
    writer.write(batch(1), 1);
    expect((db.prepare('SELECT seq FROM account_events').all() as { seq: number }[]).map((r) => r.seq)).toEqual([1]);
    lock.close();
    db.close();
  });

  it.each(['normal', 'full'] as const)('keeps the write-ahead log near its limit while appends never stop (sync %s)', async (sync) => {
    const path = tempPath();
    const limit = 256 * 1024;
    const store = new SqliteAccountStore(path, { sync, logLimitBytes: limit });
    const note = 'x'.repeat(2_000);
    let largest = 0;
    let appended = 0;
    // Turn after turn, each appending before the last commit settled: the log never gets a quiet moment.
    let previous: Promise<unknown> = Promise.resolve();
    for (let turn = 0; turn < 150; turn++) {
      const batch = Array.from({ length: 10 }, () => store.append('A', [orderEvent(`O${++appended}`, { rejectReason: note })], turn));
      await previous;
      previous = Promise.all(batch);
      largest = Math.max(largest, statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await previous;
    expect(store.readNow('A', 0)).toHaveLength(appended);
    // About 3 MiB went through the log; commits went on while it was copied, until it grew by half its limit (with
    // sync full, the writer thread copies it within a commit, at its limit).
    expect(largest).toBeGreaterThan(limit / 2);
    expect(largest).toBeLessThan(2 * limit + 128 * 1024);
    expect(statSync(path).size).toBeGreaterThan(2 * 1024 * 1024);
    await store.close();
  });

  it('brings a journal of the first version up to date, filling the history from it', async () => {
    const path = tempPath();
    const old = new DatabaseSync(path);
    old.exec(`CREATE TABLE account_events (account_id TEXT NOT NULL, seq INTEGER NOT NULL, time INTEGER NOT NULL, route TEXT NOT NULL, data TEXT NOT NULL, state TEXT, PRIMARY KEY (account_id, seq)) WITHOUT ROWID`);
    const insert = old.prepare('INSERT INTO account_events VALUES (?, ?, ?, ?, ?, ?)');
    insert.run('A', 1, 1, 'orders', JSON.stringify(order('O1', { clientOrderId: 'k1' })), JSON.stringify({ type: 'order', order: { requestKey: 'key-1' } }));
    insert.run('A', 2, 2, 'orders', JSON.stringify(order('O1', { clientOrderId: 'k1', status: OrderStatus.Filled, filledQty: 1 })), null);
    insert.run('A', 3, 2, 'executions', JSON.stringify(execution('E1')), null);
    old.close();
    const store = new SqliteAccountStore(path);
    expect((await store.order('A', 'O1'))?.status).toBe(OrderStatus.Filled);
    expect(await store.clientOrder('A', 'k1')).toMatchObject({ orderId: 'O1', requestKey: 'key-1' });
    expect((await store.executions('A', { symbol: 'BTCUSD', limit: 10 })).items.map((e) => e.id)).toEqual(['E1']);
    expect((await store.append('A', [orderEvent('O2')], 3))[0]?.seq).toBe(4);
    await store.close();
  });
});
