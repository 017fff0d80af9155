/**
 * Memory under live load over time: `npm start` (default configuration, a data directory of its own), a few
 * WebSocket clients subscribed to the quotes of every built-in symbol and to 1-minute bars of some, and orders placed
 * and canceled at a modest rate. Prints the server's RSS (/proc) and V8 heap used (/metrics) every sample, then a
 * verdict from a least-squares line through the second half of the samples (the first half includes warm-up).
 *
 *   npx node bench/soak.ts [--minutes 60] [--sample-seconds 60] [--clients 4] [--orders-per-second 2]
 *
 * Not part of `npm test` nor of `npm run bench`: it runs for as long as asked (an hour by default).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { builtinCatalog } from '@trading-pro/engine';
import { type BenchResult, loadAverageRows, printResult, round, writeResult } from './lib.ts';
import { healthy, memoryOf, npmStart, postJson } from './npm-start.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '60' },
    'sample-seconds': { type: 'string', default: '60' },
    clients: { type: 'string', default: '4' },
    'orders-per-second': { type: 'string', default: '2' },
  },
});
const MINUTES = Number(values.minutes);
const SAMPLE_MS = Number(values['sample-seconds']) * 1000;
const CLIENTS = Number(values.clients);
const ORDERS_PER_SECOND = Number(values['orders-per-second']);
/** Working orders kept: past this, each new order cancels the oldest. */
const WORKING = 50;
/** A fitted change over the second half smaller than this (or than twice the samples' scatter around the line) is flat. */
const FLAT_MIB = 2;
const BAR_SYMBOLS = ['AAPL', 'BTCUSD', 'ETHUSD', 'EURUSD'];

interface Sample {
  readonly minute: number;
  readonly rssMiB: number;
  readonly anonMiB: number;
  readonly heapUsedMiB: number;
}

/** The least-squares line through (x, y): its slope per unit of x, and the scatter (standard deviation) around it. */
export function lineOf(points: readonly { readonly x: number; readonly y: number }[]): { slope: number; scatter: number } {
  const n = points.length;
  if (n < 2) return { slope: 0, scatter: 0 };
  const mx = points.reduce((sum, p) => sum + p.x, 0) / n;
  const my = points.reduce((sum, p) => sum + p.y, 0) / n;
  const sxx = points.reduce((sum, p) => sum + (p.x - mx) ** 2, 0);
  const sxy = points.reduce((sum, p) => sum + (p.x - mx) * (p.y - my), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const scatter = Math.sqrt(points.reduce((sum, p) => sum + (p.y - my - slope * (p.x - mx)) ** 2, 0) / n);
  return { slope, scatter };
}

async function heapUsedMiB(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const match = /^trading_pro_nodejs_heap_size_used_bytes\s+([\d.e+]+)/m.exec(text);
  return match === null ? Number.NaN : Number(match[1]) / 1048576;
}

/** A client subscribed to every symbol's quotes and to 1-minute bars of a few; counts the updates it gets. */
function subscriber(base: string, symbols: readonly string[], counts: { quotes: number; bars: number }): Promise<WebSocket> {
  const socket = new WebSocket(`${base.replace('http', 'ws')}/api/v1/ws`);
  socket.addEventListener('message', (event) => {
    const type = (JSON.parse(String(event.data)) as { type: string }).type;
    if (type === 'quotes.update') counts.quotes += 1;
    else if (type === 'bars.update') counts.bars += 1;
  });
  return new Promise((done, fail) => {
    socket.addEventListener('error', () => fail(new Error('WebSocket failed')), { once: true });
    socket.addEventListener(
      'open',
      () => {
        for (const symbol of symbols) socket.send(JSON.stringify({ type: 'quotes.subscribe', payload: { symbol } }));
        for (const symbol of BAR_SYMBOLS) socket.send(JSON.stringify({ type: 'bars.subscribe', payload: { symbol, resolution: '1' } }));
        done(socket);
      },
      { once: true },
    );
  });
}

export async function run(): Promise<BenchResult> {
  const load = loadavg()[0] ?? 0;
  const scratch = mkdtempSync(join(tmpdir(), 'tp-bench-soak-'));
  const compileCache = join(scratch, 'compile-cache');
  // A first start fills the compile cache, as a user's earlier starts have: the soak measures a usual start.
  const first = await npmStart({ dataDir: join(scratch, 'data-first'), compileCache });
  await healthy(first.base).finally(() => first.stop());
  const server = await npmStart({ dataDir: join(scratch, 'data'), compileCache });
  const counts = { quotes: 0, bars: 0, placed: 0, canceled: 0 };
  const samples: Sample[] = [];
  const sockets: WebSocket[] = [];
  let ordering: ReturnType<typeof setInterval> | undefined;
  try {
    await healthy(server.base);
    const symbols = builtinCatalog().list().map((instrument) => instrument.symbol);
    for (let i = 0; i < CLIENTS; i++) sockets.push(await subscriber(server.base, symbols, counts));
    const working: string[] = [];
    let busy = false;
    let i = 0;
    ordering = setInterval(() => {
      if (busy) return;
      busy = true;
      void (async () => {
        const { status, json } = await postJson(`${server.base}/api/v1/broker/orders`, { symbol: 'ETHUSD', type: 1, side: 1, qty: 0.01, limitPrice: 1 + (i++ % 100) });
        if (status === 200) {
          counts.placed += 1;
          working.push((json as { orderId: string }).orderId);
        }
        if (working.length > WORKING) {
          const response = await fetch(`${server.base}/api/v1/broker/orders/${working.shift() ?? ''}`, { method: 'DELETE' });
          await response.body?.cancel();
          if (response.status === 200) counts.canceled += 1;
        }
      })().finally(() => (busy = false));
    }, 1000 / ORDERS_PER_SECOND);
    const started = performance.now();
    for (let next = SAMPLE_MS; next <= MINUTES * 60_000; next += SAMPLE_MS) {
      await new Promise((resolveWait) => setTimeout(resolveWait, Math.max(0, next - (performance.now() - started))));
      const memory = memoryOf(server.pid);
      const sample = { minute: round(next / 60_000, 2), rssMiB: memory.rssMiB, anonMiB: memory.anonMiB, heapUsedMiB: await heapUsedMiB(server.base) };
      samples.push(sample);
      process.stdout.write(`${sample.minute} min: RSS ${round(sample.rssMiB, 1)} MiB (anonymous ${round(sample.anonMiB, 1)}), heap used ${round(sample.heapUsedMiB, 1)} MiB (quotes ${counts.quotes}, bar updates ${counts.bars}, orders ${counts.placed} placed, ${counts.canceled} canceled)\n`);
    }
  } finally {
    clearInterval(ordering);
    for (const socket of sockets) socket.close();
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
  const secondHalf = samples.slice(Math.floor(samples.length / 2));
  const hours = ((secondHalf.at(-1)?.minute ?? 0) - (secondHalf[0]?.minute ?? 0)) / 60;
  const lineOver = (pick: (s: Sample) => number) => lineOf(secondHalf.map((s) => ({ x: s.minute / 60, y: pick(s) })));
  const rss = lineOver((s) => s.rssMiB);
  const heap = lineOver((s) => s.heapUsedMiB);
  const change = rss.slope * hours;
  const flat = Math.abs(change) <= Math.max(FLAT_MIB, 2 * rss.scatter);
  const verdict = flat ? 'flat' : `${change > 0 ? 'growing' : 'shrinking'} by ${round(Math.abs(rss.slope), 1)} MiB/h`;
  process.stdout.write(`verdict: RSS ${verdict} over the second half (fitted change ${round(change, 1)} MiB, scatter ${round(rss.scatter, 1)} MiB; heap used ${round(heap.slope, 1)} MiB/h)\n`);
  return {
    name: `Soak: ${MINUTES} min of live quotes to ${CLIENTS} clients and ${ORDERS_PER_SECOND} orders/s (verdict: RSS ${verdict})`,
    rows: samples.map((s) => ({ minute: s.minute, 'RSS MiB': round(s.rssMiB, 1), 'anonymous MiB': round(s.anonMiB, 1), 'heap used MiB': round(s.heapUsedMiB, 1) })),
    summary: {
      'RSS MiB/h over the second half': round(rss.slope, 1),
      'RSS fitted change over the second half, MiB (flat within 2 or twice the scatter)': round(change, 1),
      'RSS scatter around the line, MiB': round(rss.scatter, 1),
      'heap used MiB/h over the second half': round(heap.slope, 1),
      'quote updates received': counts.quotes,
      'bar updates received': counts.bars,
      'orders placed': counts.placed,
      'orders canceled': counts.canceled,
      ...loadAverageRows(load),
    },
  };
}

const result = await run();
printResult(result);
writeResult('soak', result);
