/**
 * Order round trip: a resting limit order placed over keep-alive REST at a fixed open-loop rate, timed until
 * the `orders.update` carrying its clientOrderId arrives on a WebSocket subscribed to the account. The trading
 * server runs in its own process (a fresh one per rate, so resting orders do not pile up across steps).
 */
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import WebSocket from 'ws';
import { type BenchResult, isMain, percentile, printResult, round, writeResult } from './lib.ts';
import { startTarget, stopTarget } from './load.ts';

const ACCOUNT = 'DEMO-001';
const BASE_RATE = Number(process.env.BENCH_RATE ?? 1000);
const BASE_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 3);
const STEP_RATES = [2000, 4000, 5000, 8000, 10000, 16000];
/** The rate whose p99 has its own goal (< 10 ms), and the sustained rate's goal. */
const GOAL_RATE = 5000;
const GOAL_SUSTAINED = 10_000;
/** A rate is sustained while its p99 stays within this multiple of the base rate's p99. */
const P99_FACTOR = 5;
const DRAIN_MS = 3000;
/**
 * Each fresh server first takes this many seconds of orders at up to WARM_RATE: the figures are the steady state.
 * Until the JIT has compiled the order path (about 30,000 orders), the server answers slower and its compiler
 * threads compete for the CPU: measured a second at a time under load, throughput rises by half over the first
 * three to four seconds.
 */
const WARM_SECONDS = Number(process.env.BENCH_WARMUP ?? 5);
const WARM_RATE = 4000;

export interface Step {
  readonly rate: number;
  readonly seconds: number;
  readonly sent: number;
  readonly sendRate: number;
  readonly ok: number;
  readonly failed: number;
  readonly updates: number;
  readonly ackMs: number[];
  readonly roundTripMs: number[];
}

/** Subscribes to the account's orders; resolves once the subscription is confirmed. */
async function subscribeOrders(port: number, onUpdate: (clientOrderId: string, at: number) => void): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/ws`, { perMessageDeflate: false });
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
  });
  const confirmed = new Promise<void>((ok, fail) => {
    ws.on('message', (data: Buffer) => {
      const at = performance.now();
      const frame = JSON.parse(data.toString()) as { type: string; payload: { status?: string; message?: string; payload?: { clientOrderId?: string } } };
      if (frame.type === 'orders.update') {
        const id = frame.payload.payload?.clientOrderId;
        if (id !== undefined) onUpdate(id, at);
      } else if (frame.type === 'orders.subscribe.response') {
        if (frame.payload.status === 'ok') ok();
        else fail(new Error(`subscribe refused: ${frame.payload.message ?? ''}`));
      }
    });
  });
  ws.send(JSON.stringify({ type: 'orders.subscribe', payload: { accountId: ACCOUNT } }));
  await confirmed;
  return ws;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

/**
 * Sends `rate × seconds` orders on a fixed schedule, whatever the answers do (open loop): a 1 ms timer sends
 * every order that is due, so at high rates orders leave in small bursts of rate/1000. The WebSocket listens on
 * `wsPort` (another process of a cluster), the same server by default.
 */
export async function openLoop(port: number, rate: number, seconds: number, prefix: string, wsPort = port): Promise<Step> {
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const sentAt = new Map<string, number>();
  const roundTripMs: number[] = [];
  const ackMs: number[] = [];
  let ok = 0;
  let failed = 0;
  const ws = await subscribeOrders(wsPort, (id, at) => {
    const t0 = sentAt.get(id);
    if (t0 === undefined) return;
    sentAt.delete(id);
    roundTripMs.push(at - t0);
  });
  const place = (i: number) => {
    const clientOrderId = `${prefix}-${i}`;
    const body = JSON.stringify({ symbol: 'ETHUSD', type: 1, side: 1, qty: 0.01, limitPrice: 1 + (i % 10), clientOrderId });
    const t0 = performance.now();
    sentAt.set(clientOrderId, t0);
    const req = request(
      { host: '127.0.0.1', port, path: '/api/v1/broker/orders', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.once('end', () => {
          ackMs.push(performance.now() - t0);
          if (res.statusCode === 200) ok++;
          else failed++;
        });
      },
    );
    req.once('error', () => failed++);
    req.end(body);
  };

  const total = Math.round(rate * seconds);
  let sent = 0;
  const start = performance.now();
  await new Promise<void>((done) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      while (sent < due) place(sent++);
      if (sent < total) setTimeout(tick, 1);
      else done();
    };
    tick();
  });
  const sendSeconds = (performance.now() - start) / 1000;
  await until(() => ok + failed === total && roundTripMs.length >= ok, DRAIN_MS);
  ws.close();
  agent.destroy();
  return { rate, seconds, sent, sendRate: sent / sendSeconds, ok, failed, updates: roundTripMs.length, ackMs, roundTripMs };
}

/** One rate against a fresh server, after its warm-up. */
async function measure(rate: number, seconds: number): Promise<Step> {
  const { port, child } = await startTarget('rest-target', ['trading']);
  try {
    await openLoop(port, Math.min(rate, WARM_RATE), WARM_SECONDS, 'warm');
    return await openLoop(port, rate, seconds, `r${rate}`);
  } finally {
    await stopTarget(child);
  }
}

const maxOf = (values: readonly number[]) => values.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);

function sustained(step: Step, baseP99: number): boolean {
  const p99 = percentile(step.roundTripMs, 99);
  return step.failed === 0 && step.updates === step.sent && step.sendRate >= 0.95 * step.rate && p99 <= P99_FACTOR * baseP99;
}

export function row(step: Step, verdict: string): Record<string, string | number> {
  return {
    'rate /s': step.rate,
    'sent /s': Math.round(step.sendRate),
    orders: step.sent,
    'HTTP 200': step.ok,
    updates: step.updates,
    'ack p50 ms': round(percentile(step.ackMs, 50), 3),
    'ack p99 ms': round(percentile(step.ackMs, 99), 3),
    'round trip p50 ms': round(percentile(step.roundTripMs, 50), 3),
    'p99 ms': round(percentile(step.roundTripMs, 99), 3),
    'max ms': round(maxOf(step.roundTripMs), 3),
    sustained: verdict,
  };
}

export async function run(): Promise<BenchResult> {
  const load = loadavg()[0] ?? 0;
  process.stdout.write(
    `ws-roundtrip: trading server (bench/servers/rest-target.ts trading, SQLite journal) in its own process, a fresh one per rate; this process subscribes to orders {accountId: ${ACCOUNT}}, POSTs resting ETHUSD limit buys with a clientOrderId over keep-alive node:http, and times each from the POST leaving to the orders.update carrying its clientOrderId\n`,
  );
  const base = await measure(BASE_RATE, BASE_SECONDS);
  const baseP99 = percentile(base.roundTripMs, 99);
  const rows = [row(base, sustained(base, baseP99) ? 'yes' : 'no')];
  let best = base;
  let firstFail: number | undefined;
  let atGoalRate: Step | undefined;
  for (const rate of STEP_RATES) {
    const step = await measure(rate, STEP_SECONDS);
    if (rate === GOAL_RATE) atGoalRate = step;
    const ok = sustained(step, baseP99);
    rows.push(row(step, ok ? 'yes' : 'no'));
    if (!ok) {
      firstFail = rate;
      break;
    }
    best = step;
  }
  if (firstFail !== undefined && firstFail > best.rate * 1.25) {
    // One refinement between the last sustained rate and the first that was not.
    const step = await measure(Math.round((best.rate + firstFail) / 2 / 100) * 100, STEP_SECONDS);
    const ok = sustained(step, baseP99);
    rows.push(row(step, ok ? 'yes' : 'no'));
    if (ok) best = step;
  }
  if (atGoalRate === undefined) {
    // The rate with a goal of its own is measured even when the steps stopped below it.
    atGoalRate = await measure(GOAL_RATE, STEP_SECONDS);
    rows.push(row(atGoalRate, sustained(atGoalRate, baseP99) ? 'yes' : 'no'));
  }
  return {
    name: `Order round trip, REST place (keep-alive) → orders.update on WS, open loop; ${BASE_RATE}/s for ${BASE_SECONDS} s, then ${STEP_SECONDS} s per step; sustained = all updates, no HTTP errors, p99 ≤ ${P99_FACTOR}× the ${BASE_RATE}/s p99`,
    rows,
    summary: {
      [`p50 ms at ${BASE_RATE}/s (goal < 1)`]: round(percentile(base.roundTripMs, 50), 3),
      [`p99 ms at ${BASE_RATE}/s (goal < 5)`]: round(baseP99, 3),
      [`max ms at ${BASE_RATE}/s`]: round(maxOf(base.roundTripMs), 3),
      [`updates received at ${BASE_RATE}/s`]: base.updates,
      [`orders sent at ${BASE_RATE}/s`]: base.sent,
      [`p99 ms at ${GOAL_RATE}/s (goal < 10)`]: atGoalRate === undefined ? -1 : round(percentile(atGoalRate.roundTripMs, 99), 3),
      [`highest sustained rate /s (goal ≥ ${GOAL_SUSTAINED})`]: best.rate,
      'p50 ms at highest sustained rate': round(percentile(best.roundTripMs, 50), 3),
      'p99 ms at highest sustained rate': round(percentile(best.roundTripMs, 99), 3),
      'load average (1 min) before the run': round(load, 2),
      'load average (1 min) after the run': round(loadavg()[0] ?? 0, 2),
    },
  };
}

if (isMain(import.meta.url)) {
  const result = await run();
  printResult(result);
  writeResult('ws-roundtrip', result);
}
