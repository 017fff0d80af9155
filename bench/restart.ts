/**
 * Restart cost as the journal grows: a paper account's journal of 1,000,000 events (market orders that fill,
 * and a thousand resting limits that stay working) is written through the real account core and SQLite store;
 * then the server is started on it as `npm start` does, timed from spawn to "ready", with its memory (RSS) once
 * ready and at its peak. Baseline: the same start on an empty data directory, in the same run. A third start
 * without the snapshot shows what the snapshots save.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { OrderType, Side } from '@trading-pro/contracts';
import { AccountCore, PaperBroker, parsePaperOptions, type QuoteFeed } from '@trading-pro/brokers';
import { builtinCatalog, type MarketQuote } from '@trading-pro/engine';
import { SqliteAccountStore } from '../packages/server/src/store/sqlite-account-store.ts';
import { type BenchResult, isMain, printResult, round, writeResult } from './lib.ts';

const EVENTS = Number(process.env.BENCH_RESTART_EVENTS ?? 1_000_000);
const RESTING = 1_000;
const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../packages/server/src/cli.ts');

/** One BTCUSD quote that never moves: market orders fill at once, limits far below rest. */
function fixedFeed(): QuoteFeed {
  const catalog = builtinCatalog();
  const quote: MarketQuote = { symbol: 'BTCUSD', time: Date.now(), bid: 6_500_000_000_000n, ask: 6_500_000_000_000n, last: 6_500_000_000_000n, bidSize: 100_000_000_000n, askSize: 100_000_000_000n, volume: 0n };
  return { instruments: () => catalog, quote: (symbol) => (symbol === 'BTCUSD' ? quote : undefined), subscribe: () => () => undefined };
}

/** Writes a journal of at least `events` events for DEMO-001 through the account core; returns the seconds it took. */
async function writeJournal(dataDir: string, events: number): Promise<number> {
  const store = new SqliteAccountStore(join(dataDir, 'trading-pro.db'));
  const core = new AccountCore({ accountId: 'DEMO-001', name: 'Demo', currency: 'USD', store, publish: () => undefined, now: Date.now });
  const broker = new PaperBroker({ accountId: 'DEMO-001', accountName: 'Demo', currency: 'USD', initialBalance: 100_000, onEvents: core.sink, now: Date.now, account: core.state }, fixedFeed(), parsePaperOptions({}));
  await core.load(broker);
  await broker.connect();
  const started = performance.now();
  for (let i = 0; i < RESTING; i += 100) {
    await Promise.all(Array.from({ length: 100 }, (_, j) => core.placeOrder({ symbol: 'BTCUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.001, limitPrice: 1_000 + i + j })));
  }
  while (core.state.seq < events) {
    await Promise.all(Array.from({ length: 200 }, (_, j) => core.placeOrder({ symbol: 'BTCUSD', type: OrderType.Market, side: j % 2 ? Side.Sell : Side.Buy, qty: 0.001 })));
  }
  const seconds = (performance.now() - started) / 1000;
  await broker.disconnect();
  await core.stop();
  await store.close();
  return seconds;
}

interface Start {
  readonly readyMs: number;
  readonly rssMiB: number;
  readonly peakMiB: number;
}

/** Starts the server as `npm start` does on `dataDir`; resolves once it prints that it is ready. */
function start(dataDir: string): Promise<Start> {
  return new Promise((done, fail) => {
    const began = performance.now();
    const child = spawn(process.execPath, [CLI, 'serve'], {
      env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', TRADING_PRO_CONFIG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!/ready at/.test(out)) return;
      const readyMs = performance.now() - began;
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kib = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
      child.once('exit', () => done({ readyMs, rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 }));
      child.kill('SIGTERM');
    });
    child.once('exit', (code) => {
      if (!/ready at/.test(out)) fail(new Error(`server exited with ${code} before it was ready`));
    });
  });
}

export async function run(): Promise<BenchResult> {
  const empty = mkdtempSync(join(tmpdir(), 'tp-bench-restart-empty-'));
  const full = mkdtempSync(join(tmpdir(), 'tp-bench-restart-'));
  try {
    const writeSeconds = await writeJournal(full, EVENTS);
    const db = new DatabaseSync(join(full, 'trading-pro.db'), { readOnly: true });
    const written = (db.prepare('SELECT COUNT(*) AS n FROM account_events').get() as { n: number }).n;
    db.close();
    const baseline = await start(empty);
    await start(empty); // the second start of an empty store is the fair baseline (the first creates it)
    const emptyStart = await start(empty);
    const withSnapshot = await start(full);
    const again = await start(full);
    const rw = new DatabaseSync(join(full, 'trading-pro.db'));
    rw.exec('DELETE FROM account_snapshots');
    rw.close();
    const withoutSnapshot = await start(full);
    const row = (label: string, events: number, s: Start) => ({ 'start on': label, events, 'ready ms': Math.round(s.readyMs), 'RSS MiB': round(s.rssMiB, 0), 'peak MiB': round(s.peakMiB, 0) });
    const best = withSnapshot.readyMs < again.readyMs ? withSnapshot : again;
    return {
      name: `Restart to ready with the journal's length (${written.toLocaleString('en-US')} events, ${RESTING} working orders)`,
      rows: [
        row('empty data dir (baseline)', 0, emptyStart.readyMs < baseline.readyMs ? emptyStart : baseline),
        row('full journal, last snapshot + tail', written, best),
        row('full journal, no snapshot (full fold)', written, withoutSnapshot),
      ],
      summary: {
        'journal written, events/s (account core + SQLite, in process)': Math.round(written / writeSeconds),
        'ready ms over baseline (goal < 1000)': Math.round(best.readyMs - emptyStart.readyMs),
        'RSS MiB over baseline': round(best.rssMiB - emptyStart.rssMiB, 0),
      },
    };
  } finally {
    rmSync(empty, { recursive: true, force: true });
    rmSync(full, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const result = await run();
  printResult(result);
  writeResult('restart', result);
}
