import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ConfigPatch, defaultConfig, patchConfig } from '../config/load-config.ts';
import { parseClusterArgs } from './cluster-args.ts';
import { runCluster } from './cluster-command.ts';
import { ClusterRefusedError, planCluster } from './cluster-plan.ts';

const SHARED: ConfigPatch = {
  storage: { driver: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/test' },
  bus: { driver: 'nats', servers: 'nats://127.0.0.1:4222' },
};
const config = (patch: ConfigPatch = {}) => patchConfig(defaultConfig({}), patch);
const plan = (argv: string[], patch: ConfigPatch = SHARED) => planCluster(parseClusterArgs(argv), config(patch));

describe('the cluster plan', () => {
  it('puts process i on the public port + i, each with the configured modules', () => {
    expect(plan(['--processes', '3', '--port', '8000'])).toEqual({
      publicHost: '127.0.0.1',
      publicPort: 8000,
      processes: [
        { index: 1, port: 8001, modules: ['broker', 'datafeed'] },
        { index: 2, port: 8002, modules: ['broker', 'datafeed'] },
        { index: 3, port: 8003, modules: ['broker', 'datafeed'] },
      ],
    });
  });

  it('follows the layout in order', () => {
    expect(plan(['--layout', 'broker,datafeed:2', '--port', '7000']).processes.map((p) => [p.port, p.modules.join('+')])).toEqual([
      [7001, 'broker'],
      [7002, 'datafeed'],
      [7003, 'datafeed'],
    ]);
  });

  it('refuses several broker processes on the embedded SQLite store, naming the configuration to use', () => {
    expect(() => plan(['--processes', '2', '--port', '8000'], {})).toThrow(ClusterRefusedError);
    expect(() => plan(['--processes', '2', '--port', '8000'], {})).toThrow(
      /^a cluster of 2 broker processes needs a shared store and bus \(this configuration has storage\.driver sqlite, bus\.driver inprocess\): put storage: \{driver: postgres, .*bus: \{driver: nats, .*--processes 1$/,
    );
  });

  it('refuses PostgreSQL with the in-process bus: the other processes would never hear of an account’s events', () => {
    expect(() => plan(['--processes', '2', '--port', '8000'], { storage: SHARED.storage })).toThrow(/bus\.driver inprocess/);
  });

  it('runs one process, or one broker process beside datafeed-only ones, on SQLite', () => {
    expect(plan(['--processes', '1', '--port', '8000'], {}).processes).toHaveLength(1);
    expect(plan(['--layout', 'broker+datafeed,datafeed:2', '--port', '8000'], {}).processes).toHaveLength(3);
  });

  it('refuses auth none when nginx would listen beyond loopback', () => {
    expect(() => plan(['--processes', '1', '--port', '8000'], { server: { host: '0.0.0.0' } })).toThrow(/auth\.mode "none" is allowed only on a loopback host, and nginx would listen on 0\.0\.0\.0/);
  });

  it('refuses a trustProxy that would not believe nginx on loopback', () => {
    expect(() => plan(['--processes', '1', '--port', '8000'], { http: { trustProxy: ['10.0.0.0/8'] } })).toThrow(/http\.trustProxy \(10\.0\.0\.0\/8\) does not trust 127\.0\.0\.1/);
  });
});

describe('trading-pro cluster before anything starts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-cluster-cmd-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(argv: string[], env: Record<string, string | undefined> = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCluster(argv, { env: { DATA_DIR: dir, PATH: process.env.PATH, ...env }, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  }

  it('says in one line how to get nginx when it is missing, and exits 1', async () => {
    const { code, err, out } = await run(['--processes', '1', '--port', '18000'], { NGINX: join(dir, 'no-nginx-here') });
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/nginx is not installed.*apt-get install nginx.*brew install nginx/);
  });

  it('refuses two processes on the default SQLite store in one line, and exits 1', async () => {
    const { code, err } = await run(['--processes', '2', '--port', '18000']);
    expect(code).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^a cluster of 2 broker processes needs a shared store and bus/);
  });

  it('names the bad key of the configuration file', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'storage: {driver: postgress}\n');
    const { code, err } = await run(['--processes', '1', '--port', '18000', '--config', file]);
    expect(code).toBe(1);
    expect(err[0]).toMatch(/^config error in .*bad\.yaml at storage/);
  });

  it('answers a usage mistake with exit code 2 and the usage', async () => {
    const { code, err } = await run(['--processes', 'two', '--port', '18000']);
    expect(code).toBe(2);
    expect(err[0]).toMatch(/^--processes must be a whole number[^]*usage: trading-pro cluster --processes N --port P/);
  });

  it('names the ports already taken before starting anything', async () => {
    const holder = createServer();
    await new Promise<void>((listening) => holder.listen({ host: '127.0.0.1', port: 0 }, listening));
    const taken = (holder.address() as AddressInfo).port;
    try {
      // The public port is free or not, the first process's port is taken: one line, exit 1, nothing started.
      const { code, err, out } = await run(['--processes', '1', '--port', String(taken - 1)], { NGINX: process.execPath });
      expect(code).toBe(1);
      expect(out).toEqual([]);
      expect(err).toHaveLength(1);
      expect(err[0]).toMatch(new RegExp(`^ports? (\\d+, )?${taken} already in use: the cluster needs ${taken - 1}-${taken}; choose another --port$`));
    } finally {
      await new Promise((closed) => holder.close(closed));
    }
  });

  it('prints its usage on --help', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^usage: trading-pro cluster/);
  });
});
