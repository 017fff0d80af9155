import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { findNginx } from './nginx-binary.ts';
import { type Backend, nginxConfig } from './nginx-config.ts';

const EVERY: Backend[] = [
  { port: 8001, modules: ['broker', 'datafeed'] },
  { port: 8002, modules: ['broker', 'datafeed'] },
];
const SPLIT: Backend[] = [
  { port: 8001, modules: ['broker'] },
  { port: 8002, modules: ['datafeed'] },
  { port: 8003, modules: ['datafeed'] },
];
const base = { listenHost: '127.0.0.1', listenPort: 8000, runtimeDir: '/run/tp' };

/** The body of the first `<word> <name> {` block, up to its closing brace (blocks here do not nest below this level). */
function block(config: string, head: string): string {
  const start = config.indexOf(`${head} {`);
  if (start < 0) throw new Error(`no block ${head}`);
  return config.slice(start, config.indexOf('}', start) + 1);
}

const servers = (upstream: string) => [...upstream.matchAll(/server 127\.0\.0\.1:(\d+);/g)].map((m) => Number(m[1]));

describe('the generated nginx configuration', () => {
  it('listens on the public port and sends every path to every process when each serves every module', () => {
    const config = nginxConfig({ ...base, backends: EVERY });
    expect(config).toContain('listen 127.0.0.1:8000;');
    expect(servers(block(config, 'upstream tp_all'))).toEqual([8001, 8002]);
    expect(servers(block(config, 'upstream tp_ws'))).toEqual([8001, 8002]);
    expect(block(config, 'location /')).toContain('proxy_pass http://tp_all;');
    expect(block(config, 'location = /api/v1/ws')).toContain('proxy_pass http://tp_ws;');
    expect(config).not.toContain('/api/v1/broker');
  });

  it('passes the client’s Host, address and scheme and the WebSocket upgrade', () => {
    const config = nginxConfig({ ...base, backends: EVERY });
    for (const line of [
      'proxy_http_version 1.1;',
      'proxy_set_header Host $http_host;',
      'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
      'proxy_set_header X-Forwarded-Proto $scheme;',
      'proxy_set_header Upgrade $http_upgrade;',
      'proxy_set_header Connection $connection_upgrade;',
    ]) {
      expect(config).toContain(line);
    }
    // A plain request gets an empty Connection header, so the upstream connection is kept alive.
    expect(block(config, 'map $http_upgrade $connection_upgrade')).toMatch(/default upgrade;\s+'' '';/);
  });

  it('routes by module when processes serve different modules', () => {
    const config = nginxConfig({ ...base, backends: SPLIT });
    expect(servers(block(config, 'upstream tp_broker'))).toEqual([8001]);
    expect(servers(block(config, 'upstream tp_datafeed'))).toEqual([8002, 8003]);
    expect(servers(block(config, 'upstream tp_all'))).toEqual([8001, 8002, 8003]);
    expect(block(config, 'location /api/v1/broker')).toContain('proxy_pass http://tp_broker;');
    expect(block(config, 'location /api/v1/datafeed')).toContain('proxy_pass http://tp_datafeed;');
    // Sockets go to the broker processes unless they ask for a module.
    expect(servers(block(config, 'upstream tp_ws'))).toEqual([8001]);
    expect(block(config, 'map $arg_module $tp_ws_pool')).toMatch(/default tp_ws;\s+broker tp_ws_broker;\s+datafeed tp_ws_datafeed;/);
    expect(block(config, 'location = /api/v1/ws')).toContain('proxy_pass http://$tp_ws_pool;');
  });

  it('sends sockets to the processes serving both modules when some do', () => {
    const config = nginxConfig({ ...base, backends: [{ port: 8001, modules: ['broker', 'datafeed'] }, ...SPLIT.slice(1)] });
    expect(servers(block(config, 'upstream tp_ws'))).toEqual([8001]);
    expect(servers(block(config, 'upstream tp_datafeed'))).toEqual([8001, 8002, 8003]);
  });

  it('keeps its pid, logs and temp files in the runtime directory', () => {
    const config = nginxConfig({ ...base, backends: EVERY });
    const paths = [...config.matchAll(/^\s*(?:pid|error_log|access_log|\w+_temp_path) (\S+?)[;\s]/gm)].map((m) => m[1]);
    expect(paths).toHaveLength(8);
    for (const path of paths) expect(path?.startsWith('/run/tp/')).toBe(true);
  });

  it('brackets an IPv6 listen address and names the worker user only when asked', () => {
    expect(nginxConfig({ ...base, listenHost: '::1', backends: EVERY })).toContain('listen [::1]:8000;');
    expect(nginxConfig({ ...base, backends: EVERY })).not.toMatch(/^user /m);
    expect(nginxConfig({ ...base, backends: EVERY, workerUser: ['nobody', 'nogroup'] })).toMatch(/^user nobody nogroup;$/m);
  });

  it('refuses an empty cluster', () => {
    expect(() => nginxConfig({ ...base, backends: [] })).toThrow(/at least one server process/);
  });
});

// nginx's own parser judges the files (CI installs nginx; elsewhere this part runs where it is installed).
const nginx = findNginx(process.env);
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
if (nginx === undefined && !process.env.CI) process.stderr.write('nginx is not installed: the nginx -t checks of the generated configuration are skipped (CI runs them)\n');

describe.skipIf(nginx === undefined && !process.env.CI)('nginx -t on the generated configuration', () => {
  it.each([
    ['every module everywhere', EVERY],
    ['a module split', SPLIT],
  ])('accepts %s', async (_name, backends) => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-nginx-test-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'logs'));
    mkdirSync(join(dir, 'temp'));
    const conf = join(dir, 'nginx.conf');
    const root = process.getuid?.() === 0;
    writeFileSync(conf, nginxConfig({ listenHost: '127.0.0.1', listenPort: 8000, backends, runtimeDir: dir, ...(root ? { workerUser: ['nobody', 'nogroup'] as const } : {}) }));
    const { stderr } = await promisify(execFile)(nginx ?? 'nginx', ['-t', '-q', '-p', dir, '-c', conf, '-e', join(dir, 'logs', 'error.log')]);
    expect(stderr).toBe('');
  });
});
