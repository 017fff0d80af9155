import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteJournal } from './sqlite-journal.ts';

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tp-journal-'));
  dirs.push(dir);
  return join(dir, 'j.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const order = (id: string) => ({ route: 'orders' as const, data: { id } as never, state: { internal: id } });

describe('SqliteJournal', () => {
  it('numbers events per account from 1, strictly increasing', () => {
    const journal = new SqliteJournal(tempPath());
    expect(journal.append('A', [order('1'), order('2')], 10).map((r) => r.seq)).toEqual([1, 2]);
    expect(journal.append('B', [order('x')], 11).map((r) => r.seq)).toEqual([1]);
    expect(journal.append('A', [order('3')], 12).map((r) => r.seq)).toEqual([3]);
    expect(journal.lastSeq('A')).toBe(3);
    journal.close();
  });

  it('keeps everything across reopening', () => {
    const path = tempPath();
    const first = new SqliteJournal(path);
    first.append('A', [order('1'), { route: 'executions', data: { id: 'e1' } as never }], 10);
    first.close();
    const second = new SqliteJournal(path);
    expect(second.lastSeq('A')).toBe(2);
    expect(second.read('A', 0)).toEqual([
      { accountId: 'A', seq: 1, time: 10, route: 'orders', data: { id: '1' }, state: { internal: '1' } },
      { accountId: 'A', seq: 2, time: 10, route: 'executions', data: { id: 'e1' } },
    ]);
    expect(second.append('A', [order('3')], 11)[0]?.seq).toBe(3);
    second.close();
  });

  it('reads after a seq, by route, with a limit', () => {
    const journal = new SqliteJournal(tempPath());
    journal.append('A', [order('1'), { route: 'executions', data: {} as never }, order('2'), order('3')], 1);
    expect(journal.read('A', 1, { routes: ['orders'] }).map((r) => r.seq)).toEqual([3, 4]);
    expect(journal.read('A', 0, { limit: 2 }).map((r) => r.seq)).toEqual([1, 2]);
    expect(journal.read('A', 4)).toEqual([]);
    journal.close();
  });

  it('appends a batch atomically: a failing batch leaves nothing behind', () => {
    const journal = new SqliteJournal(tempPath());
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => journal.append('A', [order('1'), { route: 'orders', data: circular as never }], 1)).toThrow();
    expect(journal.read('A', 0)).toEqual([]);
    expect(journal.append('A', [order('ok')], 2)[0]?.seq).toBe(1);
    journal.close();
  });

  it('commits the appends of one turn together and makes them visible to others once durable', async () => {
    const path = tempPath();
    const journal = new SqliteJournal(path);
    journal.append('A', [order('1')], 1);
    journal.append('A', [order('2')], 1);
    journal.append('B', [order('3')], 1);
    const other = new DatabaseSync(path, { readOnly: true });
    const count = () => (other.prepare('SELECT COUNT(*) AS n FROM account_events').get() as { n: number }).n;
    expect(count()).toBe(0);
    await journal.durable();
    expect(count()).toBe(3);
    other.close();
    journal.close();
  });

  it('undoes only the failing batch of an open transaction', async () => {
    const journal = new SqliteJournal(tempPath());
    journal.append('A', [order('1')], 1);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => journal.append('A', [order('2'), { route: 'orders', data: circular as never }], 1)).toThrow();
    journal.append('A', [order('3')], 1);
    await journal.durable();
    expect(journal.read('A', 0).map((r) => [r.seq, (r.data as { id: string }).id])).toEqual([
      [1, '1'],
      [2, '3'],
    ]);
    journal.close();
  });

  it('appends a batch larger than one statement can bind, atomically', async () => {
    const journal = new SqliteJournal(tempPath());
    const many = Array.from({ length: 1_234 }, (_, i) => order(String(i)));
    expect(journal.append('A', many, 1).at(-1)?.seq).toBe(1_234);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => journal.append('A', [...many, { route: 'orders', data: circular as never }], 2)).toThrow();
    await journal.durable();
    expect(journal.read('A', 0).map((r) => r.seq)).toEqual(Array.from({ length: 1_234 }, (_, i) => i + 1));
    journal.close();
  });
});
