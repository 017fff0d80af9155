/**
 * A benchmark target in its own process: `empty` is a bare Fastify POST route (the ceiling),
 * `trading` is the full server with the durable journal. Prints `PORT <n>` when listening.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { buildApp } from '../../packages/server/src/app.ts';
import { benchConfig } from './bench-config.ts';

const kind = process.argv[2] ?? 'empty';

// A clean exit on a signal lets --cpu-prof write its profile.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));

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
