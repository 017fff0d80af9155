/**
 * Fan-out target, our server: the full app from `buildApp` (simulated market, paper broker, gateway). Clients
 * subscribe to `orders` of DEMO-001; on command, quote-shaped updates are published on the account's bus
 * subject as journal-record-shaped messages (not journaled), so they take the gateway's real path: bus →
 * account producer → topic registry (serialized once) → delivery queue → every subscribed socket.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../packages/server/src/app.ts';
import { accountSubject } from '../../packages/server/src/bus/bus.ts';
import { benchConfig } from './bench-config.ts';
import type { JournalRecord } from '@trading-pro/brokers';
import { FANOUT_ACCOUNT, FANOUT_ROUTE, servePublisher } from './ws-fanout-publisher.ts';

const dataDir = process.env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'tp-bench-fanout-'));
const { app, context, gateway } = await buildApp({ config: benchConfig(dataDir), logger: false });
const address = await app.listen({ host: '127.0.0.1', port: 0, backlog: 2048 });
const subject = accountSubject(FANOUT_ACCOUNT);

servePublisher(
  Number(new URL(address).port),
  (data, n) => {
    const record: JournalRecord = { accountId: FANOUT_ACCOUNT, seq: n, time: Math.floor(data.v.sentAt), route: FANOUT_ROUTE, data };
    context.bus.publish(subject, record);
  },
  () => gateway.connectionCount(),
);
