/**
 * Order round trip across a cluster: two `trading-pro serve` processes on PostgreSQL and NATS, resting limit orders
 * POSTed at a fixed open-loop rate (1,000/s by default) and timed until their `orders.update` arrives on a WebSocket,
 * with the socket on the account's owner (the same-process figure) and on the other process (the update crosses
 * NATS), and with both the command and the socket on the other process (the command is forwarded to the owner too).
 * Each path runs on a fresh cluster, at 100/s and then at the measured rate.
 */
import { loadavg } from 'node:os';
import { type BenchResult, loadAverageRows, percentile, round, runWhenMain } from './lib.ts';
import { postgresReachable, type ServeCluster, type ServeProcess, startServeCluster } from './servers/serve-processes.ts';
import { openLoop, row, type Step } from './ws-roundtrip.ts';

const ACCOUNT = 'DEMO-001';
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** A light rate first, so the cost of each hop shows apart from any saturation at RATE. */
const LIGHT_RATE = 100;
const LIGHT_SECONDS = 3;

const complete = (step: Step) => step.failed === 0 && step.updates === step.sent;

export async function run(): Promise<BenchResult> {
  const name = `Order round trip across 2 processes (PostgreSQL + NATS), REST place → orders.update on WS, open loop at ${LIGHT_RATE}/s for ${LIGHT_SECONDS} s, then ${RATE}/s for ${SECONDS} s, per path; sustained = every order answered 200 and every update arrived`;
  if (!(await postgresReachable())) return { name, rows: [{ path: 'PostgreSQL not reachable at BENCH_POSTGRES_URL: not run' }] };
  const load = loadavg()[0] ?? 0;
  process.stdout.write(
    `cluster-roundtrip: two trading-pro serve processes (one configuration: PostgreSQL store, NATS bus) on loopback ports, no nginx; this process POSTs resting ETHUSD limit buys with a clientOrderId over keep-alive node:http and times each until the orders.update carrying it arrives on a WebSocket subscribed to ${ACCOUNT}\n`,
  );
  const rows: Array<Record<string, string | number>> = [];
  const summary: Record<string, number> = {};
  const paths = [
    { label: 'same process: REST and WS on the owner', key: 'same process', rest: 'owner', ws: 'owner' },
    { label: 'REST on the owner, WS on the other process', key: 'WS on a non-owner', rest: 'owner', ws: 'other' },
    { label: 'REST and WS on the other process (command forwarded)', key: 'REST and WS on a non-owner', rest: 'other', ws: 'other' },
  ] as const;
  // A fresh cluster per path, so resting orders do not pile up from one path to the next.
  for (const path of paths) {
    let cluster: ServeCluster;
    try {
      cluster = await startServeCluster(2, 'bench_cluster_rt');
    } catch (error) {
      return { name, rows: [{ path: `the second process did not start (${(error as Error).message}): cross-process accounts are needed` }] };
    }
    try {
      const { owner, others } = await cluster.ownerOf(ACCOUNT);
      const other = others[0];
      if (other === undefined) throw new Error('a cluster of two has another process');
      const pick = (which: 'owner' | 'other'): ServeProcess => (which === 'owner' ? owner : other);
      const rest = pick(path.rest);
      const ws = pick(path.ws);
      await openLoop(rest.port, LIGHT_RATE, 1, 'warm', ws.port);
      for (const [rate, seconds] of [
        [LIGHT_RATE, LIGHT_SECONDS],
        [RATE, SECONDS],
      ] as const) {
        const step = await openLoop(rest.port, rate, seconds, `r${rate}`, ws.port);
        rows.push({ path: path.label, ...row(step, complete(step) ? 'yes' : 'no') });
        summary[`${path.key} at ${rate}/s: p50 ms`] = round(percentile(step.roundTripMs, 50), 3);
        summary[`${path.key} at ${rate}/s: p99 ms`] = round(percentile(step.roundTripMs, 99), 3);
        summary[`${path.key} at ${rate}/s: updates received of orders sent`] = step.sent === 0 ? 0 : round(step.updates / step.sent, 4);
      }
    } finally {
      await cluster.stop();
    }
  }
  Object.assign(summary, loadAverageRows(load));
  return { name, rows, summary };
}

await runWhenMain(import.meta.url, 'cluster-roundtrip', run);
