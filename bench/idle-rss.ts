/**
 * Idle memory of `npm start` with the default configuration: the resident set (RSS) of the node process npm spawns,
 * 10 s after `/health` first answers; then again after 10,000 resting limit orders placed over REST. It starts as it
 * does after `npm install`, whose postinstall fills Node's compile cache (`fill-compile-cache.js`, into a directory of
 * this run); a start with an empty cache (the cache deleted after the install) is measured too.
 * Baseline: a fresh node process of the same binary, in the same run. Goals: idle < 150 MiB, < 200 MiB with the orders.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchResult, loadAverageRows, runWhenMain, round } from './lib.ts';
import { type Memory, freshNodeRss, healthy, memoryOf, npmStart, postJson } from './npm-start.ts';

const ORDERS = Number(process.env.BENCH_RSS_ORDERS ?? 10_000);
const SETTLE_MS = 10_000;
const CONCURRENCY = 8;

const FILL_CACHE = resolve(dirname(fileURLToPath(import.meta.url)), '../packages/server/src/fill-compile-cache.js');

const settle = () => new Promise((resolveWait) => setTimeout(resolveWait, SETTLE_MS));

/**
 * Resting buy limits far under the market (ETHUSD, 24×7): each reserves well under a dollar of buying power. Each
 * connection speaks for a client address of its own (X-Forwarded-For through the trusted loopback proxy), so the
 * default per-client limit paces each of them, not all of them together.
 */
async function placeResting(base: string, count: number): Promise<number> {
  let next = 0;
  let placed = 0;
  const worker = async (_: unknown, connection: number) => {
    const client = { 'x-forwarded-for': `198.51.100.${connection}` };
    for (let i = next++; i < count; i = next++) {
      const { status, json } = await postJson(`${base}/api/v1/broker/orders`, { symbol: 'ETHUSD', type: 1, side: 1, qty: 0.01, limitPrice: 1 + (i % 100) }, client);
      if (status !== 200) throw new Error(`order ${i} answered ${status}: ${JSON.stringify(json)}`);
      placed += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return placed;
}

const row = (label: string, memory: Memory, note: string) => ({ process: label, 'RSS MiB': round(memory.rssMiB, 0), 'peak MiB': round(memory.peakMiB, 0), note });

export async function run(): Promise<BenchResult> {
  const load = loadavg()[0] ?? 0;
  const scratch = mkdtempSync(join(tmpdir(), 'tp-bench-idle-rss-'));
  const cache = join(scratch, 'compile-cache');
  try {
    const fresh = await freshNodeRss();
    const first = await npmStart({ dataDir: join(scratch, 'data-first'), compileCache: join(scratch, 'empty-compile-cache') });
    let cold: Memory;
    try {
      await healthy(first.base);
      await settle();
      cold = memoryOf(first.pid);
    } finally {
      await first.stop();
    }
    // What npm install's postinstall does.
    execFileSync(process.execPath, [FILL_CACHE], { env: { ...process.env, NODE_COMPILE_CACHE: cache }, stdio: 'ignore' });
    const server = await npmStart({ dataDir: join(scratch, 'data'), compileCache: cache });
    let idle: Memory;
    let loaded: Memory;
    let placed: number;
    let placeSeconds: number;
    try {
      await healthy(server.base);
      await settle();
      idle = memoryOf(server.pid);
      const t0 = performance.now();
      placed = await placeResting(server.base, ORDERS);
      placeSeconds = (performance.now() - t0) / 1000;
      await settle();
      loaded = memoryOf(server.pid);
    } finally {
      await server.stop();
    }
    return {
      name: 'Idle memory of npm start (default configuration), RSS of the server process',
      rows: [
        { process: 'fresh node process (baseline)', 'RSS MiB': round(fresh, 0), 'peak MiB': '', note: 'node -e, same binary' },
        row('npm start, compile cache empty', cold, '10 s after /health; the cache deleted after npm install'),
        row('npm start', idle, '10 s after /health; the first start after npm install, as every later one'),
        row(`npm start + ${placed.toLocaleString('en-US')} resting limit orders`, loaded, `placed over REST in ${round(placeSeconds, 1)} s, then 10 s`),
      ],
      summary: {
        'idle RSS MiB (goal < 150)': round(idle.rssMiB, 0),
        'RSS MiB with the resting orders (goal < 200)': round(loaded.rssMiB, 0),
        'idle RSS MiB over a fresh node process': round(idle.rssMiB - fresh, 0),
        'RSS MiB with the compile cache empty': round(cold.rssMiB, 0),
        ...loadAverageRows(load),
      },
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await runWhenMain(import.meta.url, 'idle-rss', run);
