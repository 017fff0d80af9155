/**
 * Durable REST order placement against the paper engine, side by side with an empty Fastify POST route
 * measured the same way in the same run (required: ≥ 0.7× the empty route's throughput for resting limit orders,
 * ≥ 0.5× for filled market orders).
 */
import { type BenchResult, isMain, percentile, printResult, round, writeResult } from './lib.ts';
import { closedLoop, startTarget, stopTarget } from './load.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

const limitOrder = (i: number) => JSON.stringify({ symbol: 'ETHUSD', type: 1, side: 1, qty: 0.01, limitPrice: 1 + (i % 100) });
const marketOrder = (i: number) => JSON.stringify({ symbol: 'BTCUSD', type: 2, side: i % 2 ? -1 : 1, qty: 0.001 });

async function measure(target: 'empty' | 'trading', label: string, body: (i: number) => string) {
  const { port, child } = await startTarget('rest-target', [target]);
  try {
    await closedLoop({ port, path: '/api/v1/broker/orders', connections: CONNECTIONS, seconds: 1, body }); // warm-up
    const load = await closedLoop({ port, path: '/api/v1/broker/orders', connections: CONNECTIONS, seconds: SECONDS, body });
    const ok = load.statuses[200] ?? 0;
    return {
      row: {
        target: label,
        'req/s': Math.round(load.requests / load.seconds),
        'p50 ms': round(percentile(load.latenciesMs, 50), 3),
        'p99 ms': round(percentile(load.latenciesMs, 99), 3),
        'non-200': load.requests - ok + load.errors,
      },
      rate: load.requests / load.seconds,
    };
  } finally {
    await stopTarget(child);
  }
}

export async function run(): Promise<BenchResult> {
  const empty = await measure('empty', 'empty Fastify POST route (baseline)', limitOrder);
  const limits = await measure('trading', 'place limit order (journaled, resting)', limitOrder);
  const markets = await measure('trading', 'place market order (journaled, filled)', marketOrder);
  return {
    name: `REST order placement, ${CONNECTIONS} keep-alive connections, ${SECONDS} s each`,
    rows: [empty.row, limits.row, markets.row],
    summary: {
      'ratio limit/empty (required ≥ 0.7)': round(limits.rate / empty.rate, 3),
      'ratio market/empty (required ≥ 0.5)': round(markets.rate / empty.rate, 3),
    },
  };
}

if (isMain(import.meta.url)) {
  const result = await run();
  printResult(result);
  writeResult('rest-orders', result);
}
