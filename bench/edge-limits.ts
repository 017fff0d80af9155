/**
 * What the default limits cost: REST throughput of the full server with limits off and with the defaults
 * (500/s, burst 1,000 per client), the load spread over 64 client addresses (X-Forwarded-For from the trusted
 * loopback proxy) so that no client reaches its limit and every request pays for its bucket. Runs alternate
 * off/on (BENCH_ROUNDS, 3 by default) and keep each side's best, which damps noise from other work on the machine.
 */
import { type BenchResult, isMain, percentile, printResult, round, writeResult } from './lib.ts';
import { closedLoop, startTarget, stopTarget } from './load.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const CLIENTS = 64;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const marketOrder = (i: number) => JSON.stringify({ symbol: 'BTCUSD', type: 2, side: i % 2 ? -1 : 1, qty: 0.001 });
const client = (connection: number) => ({ 'x-forwarded-for': `198.51.100.${connection % CLIENTS}` });

interface Run {
  readonly rate: number;
  /** Server CPU time per request: the cost itself, little moved by other work on the machine. */
  readonly cpuUs: number;
  readonly p50: number;
  readonly p99: number;
  readonly limited: number;
}

async function measure(mode: 'off' | 'default', path: string, method: 'GET' | 'POST'): Promise<Run> {
  const { port, child } = await startTarget('rest-target', ['trading'], { LIMITS: mode });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  try {
    const load = { port, path, method, connections: CONNECTIONS, body: marketOrder, headers: client };
    await closedLoop({ ...load, seconds: 1 }); // warm-up
    child.kill('SIGUSR2');
    const result = await closedLoop({ ...load, seconds: SECONDS });
    await stopTarget(child);
    const cpu = JSON.parse(/CPU (\{.*\})/.exec(out)?.[1] ?? '{"us":0}') as { us: number };
    return {
      rate: result.requests / result.seconds,
      cpuUs: cpu.us / result.requests,
      p50: percentile(result.latenciesMs, 50),
      p99: percentile(result.latenciesMs, 99),
      limited: result.statuses[429] ?? 0,
    };
  } finally {
    await stopTarget(child);
  }
}

export async function run(): Promise<BenchResult> {
  const cases = [
    { label: 'GET /broker/positions', path: '/api/v1/broker/positions', method: 'GET' as const },
    { label: 'POST /broker/orders (market, journaled)', path: '/api/v1/broker/orders', method: 'POST' as const },
  ];
  const rows: Record<string, string | number>[] = [];
  const summary: Record<string, number> = {};
  for (const { label, path, method } of cases) {
    const best: Record<'off' | 'default', Run | undefined> = { off: undefined, default: undefined };
    const cpu: Record<'off' | 'default', number[]> = { off: [], default: [] };
    for (let round = 0; round < ROUNDS; round++) {
      // Each round swaps which side goes first, so neither always follows the other's teardown.
      for (const mode of round % 2 === 0 ? (['off', 'default'] as const) : (['default', 'off'] as const)) {
        const run = await measure(mode, path, method);
        cpu[mode].push(run.cpuUs);
        if (best[mode] === undefined || run.rate > (best[mode]?.rate ?? 0)) best[mode] = run;
      }
    }
    for (const mode of ['off', 'default'] as const) {
      const run = best[mode] as Run;
      rows.push({
        route: label,
        limits: mode === 'off' ? 'off (limits.enabled: false)' : 'default (500/s, burst 1,000 per client)',
        'req/s (best)': Math.round(run.rate),
        'server CPU µs/req (median)': round(percentile(cpu[mode], 50), 1),
        'p50 ms': round(run.p50, 3),
        'p99 ms': round(run.p99, 3),
        '429s': run.limited,
      });
    }
    // Throughput of a saturated server is the inverse of its CPU time per request.
    const off = percentile(cpu.off, 50);
    const on = percentile(cpu.default, 50);
    summary[`${label}: CPU per request added by the default limits, % (goal < 5)`] = round(((on - off) / off) * 100, 1);
    summary[`${label}: best throughput lost, %`] = round((((best.off as Run).rate - (best.default as Run).rate) / (best.off as Run).rate) * 100, 1);
  }
  return { name: `Cost of the default limits, ${CONNECTIONS} keep-alive connections over ${CLIENTS} client addresses, ${SECONDS} s, best of ${ROUNDS}`, rows, summary };
}

if (isMain(import.meta.url)) {
  const result = await run();
  printResult(result);
  writeResult('edge-limits', result);
}
