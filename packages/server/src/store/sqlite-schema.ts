/**
 * The SQLite store's schema, versioned: each migration runs once, in order, in one transaction, and
 * `store_meta.schema_version` records how far a database has come. A database of an older version is brought
 * up to date on open (the projections of version 2 are filled from the journal it already holds).
 */
import type { DatabaseSync } from 'node:sqlite';

const MIGRATIONS: readonly ((db: DatabaseSync) => void)[] = [
  // 1: the journal.
  (db) =>
    db.exec(`
      CREATE TABLE IF NOT EXISTS account_events (
        account_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        time INTEGER NOT NULL,
        route TEXT NOT NULL,
        data TEXT NOT NULL,
        state TEXT,
        PRIMARY KEY (account_id, seq)
      ) WITHOUT ROWID;
    `),
  // 2: snapshots and the history projected from the journal: orders (latest version by `seq`, found by newest first,
  // by working status, by clientOrderId) and executions; their bodies stay in the journal rows they point at.
  (db) => {
    db.exec(`
      CREATE TABLE account_snapshots (
        account_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        time INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE TABLE account_orders (
        account_id TEXT NOT NULL,
        order_id TEXT NOT NULL,
        first_seq INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        client_order_id TEXT,
        request_key TEXT,
        reject_code TEXT,
        status INTEGER NOT NULL,
        symbol TEXT NOT NULL,
        PRIMARY KEY (account_id, order_id)
      ) WITHOUT ROWID;
      CREATE INDEX account_orders_newest ON account_orders (account_id, first_seq);
      CREATE INDEX account_orders_status ON account_orders (account_id, status, first_seq);
      CREATE INDEX account_orders_client ON account_orders (account_id, client_order_id) WHERE client_order_id IS NOT NULL;
      CREATE TABLE account_executions (
        account_id TEXT NOT NULL,
        execution_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        symbol TEXT NOT NULL,
        PRIMARY KEY (account_id, execution_id)
      ) WITHOUT ROWID;
      CREATE INDEX account_executions_symbol ON account_executions (account_id, symbol, seq);
    `);
    // A journal written before the projections existed: fill them from it (the latest version of each order wins).
    db.exec(`
      INSERT INTO account_orders (account_id, order_id, first_seq, seq, client_order_id, request_key, reject_code, status, symbol)
      SELECT account_id, json_extract(data, '$.id'), MIN(seq), MAX(seq), NULL, NULL, NULL, 0, ''
      FROM account_events WHERE route = 'orders' GROUP BY account_id, json_extract(data, '$.id');
      UPDATE account_orders SET
        status = (SELECT json_extract(e.data, '$.status') FROM account_events e WHERE e.account_id = account_orders.account_id AND e.seq = account_orders.seq),
        symbol = (SELECT json_extract(e.data, '$.symbol') FROM account_events e WHERE e.account_id = account_orders.account_id AND e.seq = account_orders.seq),
        client_order_id = (SELECT json_extract(e.data, '$.clientOrderId') FROM account_events e WHERE e.account_id = account_orders.account_id AND e.seq = account_orders.seq),
        reject_code = (SELECT json_extract(e.state, '$.order.rejectCode') FROM account_events e WHERE e.account_id = account_orders.account_id AND e.seq = account_orders.seq),
        request_key = (SELECT json_extract(e.state, '$.order.requestKey') FROM account_events e WHERE e.account_id = account_orders.account_id AND e.seq = account_orders.first_seq);
      INSERT OR IGNORE INTO account_executions (account_id, execution_id, seq, symbol)
      SELECT account_id, json_extract(data, '$.id'), seq, json_extract(data, '$.symbol') FROM account_events WHERE route = 'executions';
    `);
  },
  // 3: the journal keyed by one integer, an account's number × 2^40 + seq (see journalKey), so that an append goes to
  // the right edge of a table's B-tree, where SQLite adds a leaf without rebalancing its neighbours (a commit writes
  // fewer pages to the log); an order event's idempotency facts in its row, so that the history can be projected from
  // the journal alone, which it now is behind the commits, in larger transactions (`projected_seq` says how far; a
  // store opened after a crash catches up from there). `account_events` stays as a view of the journal.
  (db) =>
    db.exec(`
      CREATE TABLE store_accounts (
        account_id TEXT PRIMARY KEY,
        number INTEGER NOT NULL UNIQUE,
        projected_seq INTEGER NOT NULL
      );
      INSERT INTO store_accounts (account_id, number, projected_seq)
        SELECT account_id, ROW_NUMBER() OVER (ORDER BY account_id), MAX(seq) FROM account_events GROUP BY account_id;
      CREATE TABLE journal (
        id INTEGER PRIMARY KEY,
        time INTEGER NOT NULL,
        route TEXT NOT NULL,
        data TEXT NOT NULL,
        state TEXT,
        request_key TEXT,
        reject_code TEXT
      );
      INSERT INTO journal (id, time, route, data, state)
        SELECT a.number * ${ACCOUNT_SPAN} + e.seq, e.time, e.route, e.data, e.state FROM account_events e JOIN store_accounts a USING (account_id) ORDER BY 1;
      DROP TABLE account_events;
      CREATE VIEW account_events AS
        SELECT a.account_id, j.id - a.number * ${ACCOUNT_SPAN} AS seq, j.time, j.route, j.data, j.state, j.request_key, j.reject_code
        FROM journal j JOIN store_accounts a ON a.number = j.id / ${ACCOUNT_SPAN};
    `),
];

/** Seqs per account in the journal's key: 2^40 (35 years at 1,000 events a second). */
export const ACCOUNT_SPAN = 2 ** 40;
/** Account numbers go up to this, so that every key is a safe integer in JavaScript. */
export const MAX_ACCOUNTS = Math.floor(Number.MAX_SAFE_INTEGER / ACCOUNT_SPAN);

/** The journal's key of an account's seq. */
export function journalKey(accountNumber: number, seq: number): number {
  return accountNumber * ACCOUNT_SPAN + seq;
}

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Runs `body` in one write transaction: committed whole, or rolled back and rethrown. */
export function transaction(db: DatabaseSync, body: () => void): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    body();
    db.exec('COMMIT');
  } catch (error) {
    // SQLite may already have rolled the transaction back (a full disk does).
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

export function migrate(db: DatabaseSync): void {
  db.exec('CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const row = db.prepare("SELECT value FROM store_meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
  let version = row === undefined ? 0 : Number(row.value);
  if (version > SCHEMA_VERSION) throw new Error(`the store has schema version ${version}, newer than this server's ${SCHEMA_VERSION}: upgrade the server`);
  const from = version;
  while (version < SCHEMA_VERSION) {
    const step = MIGRATIONS[version];
    if (step === undefined) break;
    transaction(db, () => {
      step(db);
      db.prepare("INSERT OR REPLACE INTO store_meta (key, value) VALUES ('schema_version', ?)").run(String(version + 1));
    });
    version += 1;
  }
  // A migration may have rewritten the whole journal through the log: copy it into the database and empty the log
  // now, so that it does not hold a second copy on disk until the first checkpoint.
  if (version !== from) db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
}
