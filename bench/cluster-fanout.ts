/**
 * Fan-out of account events to 5,000 WebSocket subscribers spread over 2 processes of a cluster, beside the same
 * subscribers on 1 process, both on PostgreSQL and NATS. The events are real: resting limit orders POSTed to the
 * account's owner on a fixed schedule, each journaled, and its `orders.update` delivered to every subscriber of the
 * account (on the other process after crossing NATS). Each order's clientOrderId carries its scheduled send time,
 * so the load processes histogram receive time − scheduled time as in ws-fanout.ts.
 */
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { type BenchResult, loadAverageRows, round, runWhenMain } from './lib.ts';
import { postgresReachable, type ServeCluster, type ServeProcess, startServeCluster } from './servers/serve-processes.ts';
import { wallNow } from './servers/ws-fanout-publisher.ts';
import {
  BASE_RATE,
  BASE_SECONDS,
  BATCH,
  fdLimit,
  highest,
  type Load,
  LOAD_PROCESSES,
  P99_BAR_MS,
  Peer,
  type Publish,
  row,
  type Step,
  step,
  STEP_SECONDS,
  SUBSCRIBERS,
} from './ws-fanout.ts';

const ACCOUNT = 'DEMO-001';
const STEP_RATES = [20, 40, 80, 160];
/** The send time follows this in every update frame of the run's orders. */
const STAMP = '"clientOrderId":"t';

/** Places `rate` orders/s on the owner for `seconds`, each stamped with its scheduled send time. */
function orderPublisher(owner: ServeProcess, cluster: ServeCluster): Publish {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  return async (rate, seconds) => {
    const total = Math.round(rate * seconds);
    const period = 1000 / rate;
    const cpu0 = cluster.cpuMs();
    const start = wallNow();
    let sent = 0;
    let lagMs = 0;
    const answers: Promise<void>[] = [];
    const place = (sentAt: number) =>
      new Promise<void>((done) => {
        const body = JSON.stringify({ symbol: 'ETHUSD', type: 1, side: 1, qty: 0.01, limitPrice: 1, clientOrderId: `t${sentAt.toFixed(3)}` });
        const req = request({ host: '127.0.0.1', port: owner.port, path: '/api/v1/broker/orders', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
          res.resume();
          res.once('end', () => done());
        });
        req.once('error', () => done());
        req.end(body);
      });
    await new Promise<void>((finished) => {
      const tick = () => {
        const now = wallNow();
        if (sent < total) lagMs = Math.max(lagMs, now - (start + sent * period));
        while (sent < total && start + sent * period <= now) answers.push(place(start + sent++ * period));
        if (sent < total) setTimeout(tick, Math.max(0, start + sent * period - wallNow()));
        else finished();
      };
      tick();
    });
    await Promise.all(answers);
    const cpuMs = cluster.cpuMs() - cpu0;
    return { count: sent, lagMs, cpuMs, cpuPercent: (100 * cpuMs) / (wallNow() - start) };
  };
}

/** Subscribers split evenly over the processes, orders stepped up until delivery no longer keeps up. */
async function measure(processes: number): Promise<{ steps: Step[]; connectMs: number; failed: number; framesPerOrder: number }> {
  const cluster = await startServeCluster(processes, 'bench_cluster_fanout');
  const loads: Load[] = Array.from({ length: LOAD_PROCESSES }, () => new Peer('ws-fanout-clients.ts'));
  try {
    const { owner } = await cluster.ownerOf(ACCOUNT);
    const t0 = performance.now();
    const per = Math.ceil(SUBSCRIBERS / LOAD_PROCESSES);
    const connected = await Promise.all(
      loads.map((load, i) => {
        const port = (cluster.processes[i % processes] as ServeProcess).port;
        return load.ask({ type: 'connect', kind: 'ours', port, count: Math.min(per, SUBSCRIBERS - i * per), batch: BATCH, stamp: STAMP }, 'connected');
      }),
    );
    const connectMs = performance.now() - t0;
    const failed = connected.reduce((sum, c) => sum + c.failed, 0);
    const publish = orderPublisher(owner, cluster);
    // How many orders.update frames one resting order makes, learned on the warm-up: every later step expects as many.
    const warm = await step(publish, loads, BASE_RATE, 1);
    const framesPerOrder = Math.max(1, Math.round(warm.received / Math.max(1, warm.published * (SUBSCRIBERS - failed))));
    const steps = [await step(publish, loads, BASE_RATE, BASE_SECONDS, framesPerOrder)];
    for (const rate of STEP_RATES) {
      if (!steps.at(-1)?.keptUp) break;
      steps.push(await step(publish, loads, rate, STEP_SECONDS, framesPerOrder));
    }
    return { steps, connectMs, failed, framesPerOrder };
  } finally {
    await Promise.all(loads.map((load) => load.stop()));
    await cluster.stop();
  }
}

export async function run(): Promise<BenchResult> {
  const name = `Fan-out of one account's order updates to ${SUBSCRIBERS} WebSocket subscribers on 1 process and spread over 2 (PostgreSQL + NATS): ${BASE_RATE} orders/s for ${BASE_SECONDS} s, then ${STEP_SECONDS} s per rate step`;
  if (!(await postgresReachable())) return { name, rows: [{ server: 'PostgreSQL not reachable at BENCH_POSTGRES_URL: not run' }] };
  const load = loadavg()[0] ?? 0;
  const limit = fdLimit();
  if (limit < SUBSCRIBERS + 100) throw new Error(`fd limit ${limit} is too low for ${SUBSCRIBERS} sockets; raise it with ulimit -n`);
  process.stdout.write(
    `cluster-fanout: ${SUBSCRIBERS} subscribers to orders {accountId: ${ACCOUNT}} in ${LOAD_PROCESSES} load processes, each load process on one server process; resting limit orders POSTed to the owner, journaled in PostgreSQL, published on NATS; latency = receive time − the order's scheduled send time (in its clientOrderId); server CPU = all server processes\n`,
  );
  const rows: Array<Record<string, string | number>> = [];
  const summary: Record<string, number> = {};
  for (const processes of [1, 2]) {
    const label = processes === 1 ? '1 process' : `${processes} processes`;
    let measured: Awaited<ReturnType<typeof measure>>;
    try {
      measured = await measure(processes);
    } catch (error) {
      rows.push({ server: `${label}: not run (${(error as Error).message})` });
      continue;
    }
    process.stdout.write(`${label}: ${SUBSCRIBERS - measured.failed} subscribers connected in ${Math.round(measured.connectMs)} ms (${measured.failed} failed); ${measured.framesPerOrder} update frame(s) per order\n`);
    for (const s of measured.steps) rows.push(row(label, s));
    const base = measured.steps[0];
    summary[`${label}: p50 ms at ${BASE_RATE}/s`] = round(base?.p50 ?? Number.NaN, 2);
    summary[`${label}: p99 ms at ${BASE_RATE}/s (goal < ${P99_BAR_MS})`] = round(base?.p99 ?? Number.NaN, 2);
    summary[`${label}: highest rate kept up, orders/s`] = highest(measured.steps, (s) => s.keptUp);
  }
  Object.assign(summary, loadAverageRows(load));
  return { name, rows, summary };
}

await runWhenMain(import.meta.url, 'cluster-fanout', run);
