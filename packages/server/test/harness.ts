/** Starts the real server on an ephemeral loopback port for integration tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type App, type BuildOptions } from '../src/app.ts';
import { type ConfigPatch, defaultConfig, patchConfig } from '../src/config/load-config.ts';
import { SqliteAccountStore } from '../src/store/sqlite-account-store.ts';

export interface TestServer extends App {
  readonly url: string;
  readonly dataDir: string;
  /** fetch against the API base path with JSON in and out. */
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: unknown }>;
  close(): Promise<void>;
}

export type { ConfigPatch };

export async function startServer(patch: ConfigPatch = {}, options: Partial<BuildOptions> & { dataDir?: string } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tp-server-'));
  const base = defaultConfig({ DATA_DIR: dataDir });
  const config = patchConfig(base, { ...patch, server: { port: 0, logLevel: 'silent', web: false, ...patch.server } });
  const built = await buildApp({ logger: false, ...options, config });
  const address = await built.app.listen({ host: '127.0.0.1', port: 0 });
  const request: TestServer['request'] = async (method, path, body, headers = {}) => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const response = await fetch(`${address}/api/v1${path}`, init);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // non-JSON bodies stay text
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
  return {
    ...built,
    url: address,
    dataDir,
    request,
    async close() {
      await built.app.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** GETs an API path that must answer 200 and returns its JSON body (the body is in the error otherwise). */
export async function getOk<T>(server: TestServer, path: string): Promise<T> {
  const res = await server.request('GET', path);
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

/** Polls until `check` returns a value (not undefined/false) or the timeout passes. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000, what = 'condition'): Promise<Exclude<T, undefined | false>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as Exclude<T, undefined | false>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The SQLite journal of a test server (synchronous reads for assertions). */
export function sqliteJournal(server: App): SqliteAccountStore {
  const store = server.context.store;
  if (!(store instanceof SqliteAccountStore)) throw new Error('this test server has no SQLite journal');
  return store;
}
