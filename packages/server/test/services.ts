/**
 * The PostgreSQL and NATS servers that scale-out tests run against (on loopback; CI starts them). A test suite
 * skips with a message only when a service cannot be reached outside CI; in CI an unreachable service fails it.
 */
import { randomUUID } from 'node:crypto';
import { connect as connectTcp } from 'node:net';
import pg from 'pg';
import { afterAll } from 'vitest';
import type { ConfigPatch } from './harness.ts';

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const NATS_SERVERS = process.env.TEST_NATS_SERVERS ?? 'nats://127.0.0.1:4222';

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connectTcp({ host: hostname, port: port === '' ? defaultPort : Number(port), timeout: 1_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Whether the service answers; outside CI an unreachable one is reported on stderr so the skip is explained. */
const checked = new Map<string, Promise<boolean>>();
export function serviceAvailable(name: 'PostgreSQL' | 'NATS'): Promise<boolean> {
  let answer = checked.get(name);
  if (answer === undefined) {
    answer = check(name);
    checked.set(name, answer);
  }
  return answer;
}

async function check(name: 'PostgreSQL' | 'NATS'): Promise<boolean> {
  const up = name === 'PostgreSQL' ? await reachable(POSTGRES_URL, 5432) : await reachable(NATS_SERVERS.split(',')[0] ?? '', 4222);
  if (up || process.env.CI) return true;
  process.stderr.write(`${name} is not reachable on loopback: its tests are skipped (start it as docs/deployment.md says; CI runs them)\n`);
  return false;
}

/** A name no other test uses: a schema, a subject prefix. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

/** Drops the schemas a suite made (and empties the list). */
export async function dropSchemas(schemas: string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    for (const schema of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

const scaleOutAvailable = (await serviceAvailable('PostgreSQL')) && (await serviceAvailable('NATS'));

/** The drivers an integration suite runs on: the embedded default, and PostgreSQL + NATS (skipped only when unreachable outside CI). */
export const DRIVERS = [
  { driver: 'embedded' as const, skip: false },
  { driver: 'postgres+nats' as const, skip: !scaleOutAvailable },
];

const madeSchemas: string[] = [];
afterAll(() => dropSchemas(madeSchemas));

/** The configuration a driver needs: nothing for the default, a schema and subject prefix of its own otherwise. */
export async function driverPatch(driver: 'embedded' | 'postgres+nats'): Promise<ConfigPatch> {
  if (driver === 'embedded') return {};
  const name = uniqueName('tp_test');
  madeSchemas.push(name);
  return { storage: { driver: 'postgres', url: POSTGRES_URL, schema: name }, bus: { driver: 'nats', servers: NATS_SERVERS, prefix: name } };
}
