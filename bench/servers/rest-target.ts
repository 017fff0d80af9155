/**
 * A benchmark target in its own process: `empty` is a bare Fastify POST route (the ceiling),
 * `trading` is the full server with the durable journal. Prints `PORT <n>` when listening.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Fastify from 'fastify';
import { buildApp } from '../../packages/server/src/app.ts';
import { benchConfig } from './bench-config.ts';

const kind = process.argv[2] ?? 'empty';

// The event loop's delays, printed on exit: how long anything waited behind the server's own work.
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
// CPU time used by this process, printed on exit: per request it barely moves with other load on the machine.
let cpuFrom = process.cpuUsage();
let mainFrom = process.threadCpuUsage();
// SIGUSR2 starts the measurements afresh (after a benchmark's setup or warm-up).
process.on('SIGUSR2', () => {
  loop.reset();
  cpuFrom = process.cpuUsage();
  mainFrom = process.threadCpuUsage();
});
// A clean exit on a signal lets --cpu-prof write its profile.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stdout.write(`LOOP ${JSON.stringify({ maxMs: loop.max / 1e6, p99Ms: loop.percentile(99) / 1e6 })}\n`);
    const cpu = process.cpuUsage(cpuFrom);
    const main = process.threadCpuUsage(mainFrom);
    process.stdout.write(`CPU ${JSON.stringify({ us: cpu.user + cpu.system, mainUs: main.user + main.system })}\n`);
    process.exit(0);
  });
}

async function main(): Promise<void> {
  if (kind === 'empty') {
    const app = Fastify({ logger: false });
    let n = 0;
    app.post('/api/v1/broker/orders', async () => ({ orderId: String(++n) }));
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    process.stdout.write(`PORT ${new URL(address).port}\n`);
    return;
  }
  const dataDir = process.env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'tp-bench-'));
  const { app } = await buildApp({ config: benchConfig(dataDir), logger: false });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`PORT ${new URL(address).port}\n`);
}

void main();
