/**
 * What the default limits cost: two servers side by side, one with `limits.enabled: false`, one with the defaults
 * (500/s, burst 1,000 per client), loaded at the same time by the same generator, so that whatever else runs on the
 * machine weighs on both alike. The load is spread over 64 client addresses (X-Forwarded-For from the trusted loopback
 * proxy) so that no client reaches its limit and every request pays for its bucket. The cost is the server CPU time
 * per request (throughput of a saturated server is its inverse), as the median of BENCH_ROUNDS rounds (3).
 */
import type { ChildProcess } from 'node:child_process';
import { Authenticator } from '../packages/server/src/http/auth.ts';
import { OriginGuard } from '../packages/server/src/http/origin-guard.ts';
import { KeyedRateLimiter } from '../packages/server/src/http/rate-limit.ts';
import { benchConfig } from './servers/bench-config.ts';
import { type BenchResult, isMain, percentile, printResult, round, writeResult } from './lib.ts';
import { closedLoop, startTarget, stopTarget } from './load.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CLIENTS = 64;

const marketOrder = (i: number) => JSON.stringify({ symbol: 'BTCUSD', type: 2, side: i % 2 ? -1 : 1, qty: 0.001 });
const client = (connection: number) => ({ 'x-forwarded-for': `198.51.100.${connection % CLIENTS}` });

type Mode = 'off' | 'default';

interface Run {
  readonly rate: number;
  /** Server CPU time per request. */
  readonly cpuUs: number;
  readonly p50: number;
  readonly p99: number;
  readonly limited: number;
}

async function target(mode: Mode): Promise<{ port: number; child: ChildProcess; output: () => string }> {
  const { port, child } = await startTarget('rest-target', ['trading'], { LIMITS: mode });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return { port, child, output: () => out };
}

/** One round: both servers under the same load at the same time. */
async function pair(path: string, method: 'GET' | 'POST'): Promise<Record<Mode, Run>> {
  const servers = { off: await target('off'), default: await target('default') };
  const load = (port: number, seconds: number) => closedLoop({ port, path, method, connections: CONNECTIONS, seconds, body: marketOrder, headers: client });
  try {
    await Promise.all([load(servers.off.port, 1), load(servers.default.port, 1)]); // warm-up
    servers.off.child.kill('SIGUSR2');
    servers.default.child.kill('SIGUSR2');
    const [off, on] = await Promise.all([load(servers.off.port, SECONDS), load(servers.default.port, SECONDS)]);
    await Promise.all([stopTarget(servers.off.child), stopTarget(servers.default.child)]);
    const run = (mode: Mode, result: typeof off): Run => {
      const cpu = JSON.parse(/CPU (\{.*\})/.exec(servers[mode].output())?.[1] ?? '{"us":0}') as { us: number };
      return { rate: result.requests / result.seconds, cpuUs: cpu.us / result.requests, p50: percentile(result.latenciesMs, 50), p99: percentile(result.latenciesMs, 99), limited: result.statuses[429] ?? 0 };
    };
    return { off: run('off', off), default: run('default', on) };
  } finally {
    await Promise.all([stopTarget(servers.off.child), stopTarget(servers.default.child)]);
  }
}

/** The limit's own work per request, alone in this process: the client's key, its address, one bucket take. */
function limitWorkUs(): number {
  const config = benchConfig('/tmp/unused', 'default');
  const auth = new Authenticator(config);
  const guard = new OriginGuard(config.http);
  const limiter = new KeyedRateLimiter(config.limits.rest, Date.now);
  const requests = Array.from({ length: CLIENTS }, (_, i) => ({ headers: client(i), query: {}, socket: { remoteAddress: '127.0.0.1' } }));
  const n = 500_000;
  let granted = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const request = requests[i % CLIENTS] as (typeof requests)[number];
    if (limiter.take(auth.limitKey(request, guard.clientAddress(request))) === 0) granted++;
  }
  const us = ((performance.now() - t0) * 1000) / n;
  return granted > 0 ? us : Number.NaN;
}

export async function run(): Promise<BenchResult> {
  const workUs = limitWorkUs();
  const cases = [
    { label: 'GET /broker/positions', path: '/api/v1/broker/positions', method: 'GET' as const },
    { label: 'POST /broker/orders (market, journaled)', path: '/api/v1/broker/orders', method: 'POST' as const },
  ];
  const rows: Record<string, string | number>[] = [];
  const summary: Record<string, number> = {};
  for (const { label, path, method } of cases) {
    const rounds: Record<Mode, Run>[] = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push(await pair(path, method));
    const median = (mode: Mode, pick: (run: Run) => number) => percentile(rounds.map((r) => pick(r[mode])), 50);
    for (const mode of ['off', 'default'] as const) {
      rows.push({
        route: label,
        limits: mode === 'off' ? 'off (limits.enabled: false)' : 'default (500/s, burst 1,000 per client)',
        'req/s': Math.round(median(mode, (r) => r.rate)),
        'server CPU µs/req': round(median(mode, (r) => r.cpuUs), 1),
        'p50 ms': round(median(mode, (r) => r.p50), 3),
        'p99 ms': round(median(mode, (r) => r.p99), 3),
        '429s': rounds.reduce((sum, r) => sum + r[mode].limited, 0),
      });
    }
    const ratios = rounds.map((r) => r.default.cpuUs / r.off.cpuUs - 1);
    summary[`${label}: CPU per request added by the default limits, % (median of rounds; goal < 5)`] = round(percentile(ratios, 50) * 100, 1);
    summary[`${label}: the limit's own work (${round(workUs, 2)} µs) over the server CPU per request, %`] = round((workUs / median('off', (r) => r.cpuUs)) * 100, 1);
    summary[`${label}: throughput lost, % (median of rounds)`] = round(percentile(rounds.map((r) => 1 - r.default.rate / r.off.rate), 50) * 100, 1);
  }
  return { name: `Cost of the default limits: two servers loaded side by side, ${CONNECTIONS} keep-alive connections each over ${CLIENTS} client addresses, ${SECONDS} s, median of ${ROUNDS} rounds`, rows, summary };
}

if (isMain(import.meta.url)) {
  const result = await run();
  printResult(result);
  writeResult('edge-limits', result);
}
