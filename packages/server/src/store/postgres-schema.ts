/**
 * The PostgreSQL store's schema, versioned like the SQLite one: each migration runs once, in order, in one
 * transaction, and `store_meta.schema_version` records how far a schema has come. Migrations run on start under
 * a transaction-scoped advisory lock keyed by the schema's name, so N processes starting at once on an empty
 * database migrate it once and the others wait, then find it done.
 */
import type { ClientBase } from 'pg';

const MIGRATIONS: readonly string[] = [
  // 1: the journal, snapshots, and the history projected from the journal (bodies stay in the journal rows).
  `
  CREATE TABLE account_events (
    account_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    time BIGINT NOT NULL,
    route TEXT NOT NULL,
    data TEXT NOT NULL,
    state TEXT,
    PRIMARY KEY (account_id, seq)
  );
  CREATE TABLE account_snapshots (
    account_id TEXT PRIMARY KEY,
    seq BIGINT NOT NULL,
    time BIGINT NOT NULL,
    data TEXT NOT NULL
  );
  CREATE TABLE account_orders (
    account_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    first_seq BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    client_order_id TEXT,
    request_key TEXT,
    reject_code TEXT,
    status INTEGER NOT NULL,
    symbol TEXT NOT NULL,
    PRIMARY KEY (account_id, order_id)
  );
  CREATE INDEX account_orders_newest ON account_orders (account_id, first_seq);
  CREATE INDEX account_orders_status ON account_orders (account_id, status, first_seq);
  CREATE INDEX account_orders_client ON account_orders (account_id, client_order_id) WHERE client_order_id IS NOT NULL;
  CREATE TABLE account_executions (
    account_id TEXT NOT NULL,
    execution_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    symbol TEXT NOT NULL,
    PRIMARY KEY (account_id, execution_id)
  );
  CREATE INDEX account_executions_symbol ON account_executions (account_id, symbol, seq);
  `,
  // 2: account ownership leases; `epoch` grows with every new owner and fences the appends of the ones before.
  `
  CREATE TABLE account_leases (
    account_id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    epoch BIGINT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
  );
  `,
];

export const PG_SCHEMA_VERSION = MIGRATIONS.length;

/** Creates the schema when missing and brings it up to date; safe when several processes call it at once. */
export async function migratePostgres(client: ClientBase, schema: string): Promise<void> {
  const quoted = quoteIdent(schema);
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`trading-pro:migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${quoted}.store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
    const row = await client.query<{ value: string }>(`SELECT value FROM ${quoted}.store_meta WHERE key = 'schema_version'`);
    let version = row.rows[0] === undefined ? 0 : Number(row.rows[0].value);
    if (version > PG_SCHEMA_VERSION) throw new Error(`the store has schema version ${version}, newer than this server's ${PG_SCHEMA_VERSION}: upgrade the server`);
    await client.query(`SET LOCAL search_path TO ${quoted}`);
    for (; version < PG_SCHEMA_VERSION; version += 1) await client.query(MIGRATIONS[version] ?? '');
    await client.query(`INSERT INTO ${quoted}.store_meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [String(version)]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
