/**
 * Durable journal throughput, SQLite beside PostgreSQL in the same run: committed appends per second through each
 * store's `append` (one order event each, as an account's command writes), with a few hundred appends in flight
 * over 10 accounts, as a busy server keeps them; and the latency of one append alone (the commit round trip).
 * PostgreSQL runs when it answers at BENCH_POSTGRES_URL (default the loopback server); its schema is dropped after.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { OrderStatus, OrderType, Side } from '@trading-pro/contracts';
import type { StoredEvent } from '@trading-pro/brokers';
import type { ServerAccountStore } from '../packages/server/src/store/open-store.ts';
import { PostgresAccountStore } from '../packages/server/src/store/postgres-account-store.ts';
import { SqliteAccountStore } from '../packages/server/src/store/sqlite-account-store.ts';
import { type BenchResult, isMain, percentile, printResult, round, writeResult } from './lib.ts';
import { POSTGRES_URL, postgresReachable } from './servers/serve-processes.ts';

const APPENDS = Number(process.env.BENCH_JOURNAL_APPENDS ?? 20_000);
const IN_FLIGHT = 256;
const ACCOUNTS = 10;
const SINGLES = 200;

const event = (i: number): StoredEvent => ({
  route: 'orders',
  data: { id: String(i), symbol: 'BTCUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.001, status: OrderStatus.Working, limitPrice: 1_000, filledQty: 0, commission: 0, createTime: i, updateTime: i, clientOrderId: `c${i}` },
  requestKey: `{"i":${i}}`,
});

async function measure(name: string, store: ServerAccountStore): Promise<Record<string, string | number>> {
  // IN_FLIGHT appenders share the accounts; each waits for its commit before its next append.
  let next = 0;
  const started = performance.now();
  const worker = async (account: number) => {
    for (let i = next++; i < APPENDS; i = next++) await store.append(`A${account}`, [event(i)], Date.now());
  };
  const lanes: Promise<void>[] = [];
  for (let k = 0; k < IN_FLIGHT; k++) lanes.push(worker(k % ACCOUNTS));
  await Promise.all(lanes);
  const seconds = (performance.now() - started) / 1000;
  const single: number[] = [];
  for (let i = 0; i < SINGLES; i++) {
    const t0 = performance.now();
    await store.append('SOLO', [event(APPENDS + i)], Date.now());
    single.push(performance.now() - t0);
  }
  return { store: name, appends: APPENDS, 'appends/s': Math.round(APPENDS / seconds), 'one append p50 ms': round(percentile(single, 50), 3), 'one append p99 ms': round(percentile(single, 99), 3) };
}

export async function run(): Promise<BenchResult> {
  const rows: Record<string, string | number>[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'tp-bench-journal-'));
  try {
    const sqlite = new SqliteAccountStore(join(dir, 'journal.db'));
    rows.push(await measure('sqlite (sync normal)', sqlite));
    await sqlite.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (await postgresReachable()) {
    const schema = `bench_journal_${process.pid}`;
    const store = await PostgresAccountStore.open({ url: POSTGRES_URL, schema });
    try {
      rows.push(await measure('postgresql (loopback)', store));
    } finally {
      await store.close();
      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    }
  } else {
    rows.push({ store: 'postgresql', appends: 0, 'appends/s': 'not reachable at BENCH_POSTGRES_URL' });
  }
  return { name: `journal: committed appends, ${IN_FLIGHT} in flight over ${ACCOUNTS} accounts`, rows };
}

if (isMain(import.meta.url)) {
  const result = await run();
  printResult(result);
  writeResult('journal', result);
}
