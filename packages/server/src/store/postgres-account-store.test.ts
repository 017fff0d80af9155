import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../../test/harness.ts';
import { POSTGRES_URL, serviceAvailable, uniqueName } from '../../test/services.ts';
import { accountStoreConformance, orderEvent } from '../../test/store-conformance.ts';
import { PostgresAccountStore } from './postgres-account-store.ts';
import { quoteIdent } from './postgres-schema.ts';

const available = await serviceAvailable('PostgreSQL');
const schemas: string[] = [];

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  if (schemas.length === 0) return;
  await admin(async (client) => {
    for (const schema of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  });
});

function freshSchema(): string {
  const schema = uniqueName('tp_store');
  schemas.push(schema);
  return schema;
}

describe.skipIf(!available)('PostgreSQL', () => {
  accountStoreConformance({
    name: 'PostgreSQL',
    fresh: async () => freshSchema(),
    open: (schema) => PostgresAccountStore.open({ url: POSTGRES_URL, schema, lockTimeoutMs: 100 }),
    blockWrites: async (schema) => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query('BEGIN');
      await client.query(`LOCK TABLE ${quoteIdent(schema)}.account_events IN ACCESS EXCLUSIVE MODE`);
      return async () => {
        await client.query('COMMIT');
        await client.end();
      };
    },
    markNewer: (schema) => admin((client) => client.query(`UPDATE ${quoteIdent(schema)}.store_meta SET value = '99' WHERE key = 'schema_version'`)).then(() => undefined),
  });

  describe('PostgreSQL account store (its own)', () => {
    it('migrates an empty database once when several processes start at once', async () => {
      const schema = freshSchema();
      const stores = await Promise.all(Array.from({ length: 5 }, () => PostgresAccountStore.open({ url: POSTGRES_URL, schema })));
      const versions = await admin((client) => client.query<{ value: string }>(`SELECT value FROM ${quoteIdent(schema)}.store_meta WHERE key = 'schema_version'`));
      expect(versions.rows.map((r) => r.value)).toEqual(['2']);
      await stores[0]?.append('A', [orderEvent('1')], 1);
      expect(await stores[4]?.lastSeq('A')).toBe(1);
      await Promise.all(stores.map((s) => s.close()));
    });

    it('fences a deposed owner: once another process takes the expired lease, the old one can neither append nor renew', async () => {
      const schema = freshSchema();
      const paused = await PostgresAccountStore.open({ url: POSTGRES_URL, schema });
      const next = await PostgresAccountStore.open({ url: POSTGRES_URL, schema });
      expect(await paused.acquireLease('A', 'p1', 200)).toBe(1);
      expect(await next.acquireLease('A', 'p2', 200)).toBeUndefined();
      await paused.append('A', [orderEvent('1')], 1);
      await paused.append('B', [orderEvent('b1')], 1);
      // p1 stops renewing (a paused process); p2 takes the lease once it expires.
      const epoch = await eventually(() => next.acquireLease('A', 'p2', 60_000), 5_000, 'the lease to expire');
      expect(epoch).toBe(2);
      // p1 wakes up: its append and snapshot are refused by the database (and it is told, to step down), other
      // accounts' appends still commit.
      const fenced: string[] = [];
      paused.onFenced((accountId) => fenced.push(accountId));
      const refused = paused.append('A', [orderEvent('2')], 2);
      const other = paused.append('B', [orderEvent('b2')], 2);
      await expect(refused).rejects.toThrow(/fenced: the lease of A was taken over/);
      expect((await other)[0]?.seq).toBe(2);
      expect(fenced).toEqual(['A']);
      await expect(paused.saveSnapshot('A', { seq: 1, time: 2, data: { stale: true } })).rejects.toThrow(/fenced/);
      expect(await paused.renewLease('A', 'p1', 60_000)).toBe(false);
      expect(await next.renewLease('A', 'p2', 60_000)).toBe(true);
      expect((await next.append('A', [orderEvent('3')], 3))[0]?.seq).toBe(2);
      expect((await next.read('A', 0)).map((r) => (r.data as { id: string }).id)).toEqual(['1', '3']);
      expect(await next.loadSnapshot('A')).toBeUndefined();
      // Leases are visible to every process; a released one is free at once.
      expect(await paused.leaseHolders(['A', 'B'])).toEqual(new Map([['A', 'p2']]));
      await next.releaseLease('A', 'p2');
      expect(await paused.leaseHolders(['A'])).toEqual(new Map());
      expect(await paused.acquireLease('A', 'p1', 60_000)).toBe(3);
      // The new epoch numbers from the journal as p2 left it, not from what p1 remembered.
      expect((await paused.append('A', [orderEvent('4')], 3))[0]?.seq).toBe(3);
      await Promise.all([paused.close(), next.close()]);
    });

    it('refuses rows a second writer already put at the same seq, without keeping any of the batch', async () => {
      const schema = freshSchema();
      const one = await PostgresAccountStore.open({ url: POSTGRES_URL, schema });
      const two = await PostgresAccountStore.open({ url: POSTGRES_URL, schema });
      await one.append('A', [orderEvent('1')], 1);
      await two.append('A', [orderEvent('2')], 1);
      // `one` still believes the journal ends at 1: its next append collides with seq 2 and is refused whole.
      await expect(one.append('A', [orderEvent('3'), orderEvent('4')], 2)).rejects.toThrow(/duplicate key/);
      expect((await one.read('A', 0)).map((r) => r.seq)).toEqual([1, 2]);
      // Numbering restarts from what is committed.
      expect((await one.append('A', [orderEvent('5')], 3))[0]?.seq).toBe(3);
      await Promise.all([one.close(), two.close()]);
    });
  });
});
