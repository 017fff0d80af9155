/**
 * Durable REST order placement against the paper engine, side by side with an empty Fastify POST route
 * measured the same way in the same run (required: ≥ 0.7× the empty route's throughput for resting limit orders,
 * ≥ 0.5× for filled market orders).
 *
 * The three targets are measured in turn, round after round (each in a fresh process), and each ratio is the
 * median of the rounds' ratios: on a shared machine the speed of the CPU drifts by a quarter within a minute, so
 * one pass compares targets measured at different speeds. Each row also gives the target's CPU time per answered
 * request (all its threads, and its event loop alone), which moves much less with the rest of the machine.
 *
 * Each target serves the same load for BENCH_WARMUP seconds before it is measured: the figures are the steady state.
 * The trading server has far more code for the JIT to compile than the empty route: measured a second at a time, its
 * compiler threads use 15–85 µs per request for its first three to four seconds under load (then 1–10), and its
 * throughput rises by half over them; the empty route settles within two to three. Five rounds, so that the medians
 * do not follow one slow round.
 *
 *   npx node bench/rest-orders.ts      # BENCH_SECONDS=5 BENCH_WARMUP=5 BENCH_CONNECTIONS=32 BENCH_ROUNDS=5
 */
import { type BenchResult, isMain, percentile, printResult, round, writeResult } from './lib.ts';
import { closedLoop, startTarget, stopTarget } from './load.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);

const limitOrder = (i: number) => JSON.stringify({ symbol: 'ETHUSD', type: 1, side: 1, qty: 0.01, limitPrice: 1 + (i % 100) });
const marketOrder = (i: number) => JSON.stringify({ symbol: 'BTCUSD', type: 2, side: i % 2 ? -1 : 1, qty: 0.001 });

interface Run {
  readonly rate: number;
  readonly latenciesMs: number[];
  readonly failed: number;
  /** CPU µs per answered request: every thread of the target, and its main thread (the event loop). */
  readonly cpuUs: number;
  readonly loopUs: number;
}

async function measure(target: 'empty' | 'trading', body: (i: number) => string): Promise<Run> {
  const { port, child } = await startTarget('rest-target', [target]);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    await closedLoop({ port, path: '/api/v1/broker/orders', connections: CONNECTIONS, seconds: WARMUP, body });
    child.kill('SIGUSR2'); // the target's CPU counters start here
    const load = await closedLoop({ port, path: '/api/v1/broker/orders', connections: CONNECTIONS, seconds: SECONDS, body });
    await stopTarget(child);
    const ok = load.statuses[200] ?? 0;
    const cpu = JSON.parse(/CPU (\{.*\})/.exec(output)?.[1] ?? '{}') as { us?: number; mainUs?: number };
    return {
      rate: ok / load.seconds,
      latenciesMs: load.latenciesMs,
      failed: load.requests - ok + load.errors,
      cpuUs: (cpu.us ?? Number.NaN) / Math.max(1, ok),
      loopUs: (cpu.mainUs ?? Number.NaN) / Math.max(1, ok),
    };
  } finally {
    await stopTarget(child);
  }
}

const median = (values: readonly number[]) => percentile(values, 50);

export async function run(): Promise<BenchResult> {
  const targets = [
    { label: 'empty Fastify POST route (baseline)', kind: 'empty' as const, body: limitOrder },
    { label: 'place limit order (journaled, resting)', kind: 'trading' as const, body: limitOrder },
    { label: 'place market order (journaled, filled)', kind: 'trading' as const, body: marketOrder },
  ];
  const runs: Run[][] = targets.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, target] of targets.entries()) runs[i]?.push(await measure(target.kind, target.body));
  }
  const ratios = (i: number) => median(Array.from({ length: ROUNDS }, (_, r) => (runs[i]?.[r]?.rate ?? 0) / (runs[0]?.[r]?.rate ?? 1)));
  return {
    name: `REST order placement, ${CONNECTIONS} keep-alive connections, ${SECONDS} s each after ${WARMUP} s of warm-up, ${ROUNDS} interleaved rounds (medians)`,
    rows: targets.map((target, i) => {
      const all = runs[i] ?? [];
      const latencies = all.flatMap((one) => one.latenciesMs);
      return {
        target: target.label,
        'req/s': Math.round(median(all.map((one) => one.rate))),
        rounds: all.map((one) => Math.round(one.rate)).join(' '),
        'p50 ms': round(percentile(latencies, 50), 3),
        'p99 ms': round(percentile(latencies, 99), 3),
        'CPU µs/req': Math.round(median(all.map((one) => one.cpuUs))),
        'loop µs/req': Math.round(median(all.map((one) => one.loopUs))),
        'non-200': all.reduce((sum, one) => sum + one.failed, 0),
      };
    }),
    summary: {
      'ratio limit/empty (required ≥ 0.7)': round(ratios(1), 3),
      'ratio market/empty (required ≥ 0.5)': round(ratios(2), 3),
    },
  };
}

if (isMain(import.meta.url)) {
  const result = await run();
  printResult(result);
  writeResult('rest-orders', result);
}
