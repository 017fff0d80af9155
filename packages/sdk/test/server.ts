/** Starts the real server on loopback for the SDK's integration tests, and restarts it on the same port and data. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type App } from '../../server/src/app.ts';
import { type ConfigPatch, defaultConfig, patchConfig } from '../../server/src/config/load-config.ts';
import type { Config } from '../../server/src/config/schema.ts';

export { eventually } from './eventually.ts';

export interface LiveServer {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  current: App;
  /** Stops the app (the port closes; the data stays). */
  stop(): Promise<void>;
  /** Starts a new app on the same port and data directory. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export type { ConfigPatch };

function configFor(dataDir: string, patch: ConfigPatch): Config {
  const base = defaultConfig({ DATA_DIR: dataDir });
  return patchConfig(base, { ...patch, server: { port: 0, logLevel: 'silent', web: false, ...patch.server } });
}

export async function startLiveServer(patch: ConfigPatch = {}): Promise<LiveServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tp-sdk-'));
  const config = configFor(dataDir, patch);
  let current = await buildApp({ logger: false, config });
  const address = await current.app.listen({ host: '127.0.0.1', port: 0 });
  const port = Number(new URL(address).port);
  let running = true;
  const server: LiveServer = {
    url: address,
    port,
    dataDir,
    current,
    async stop() {
      if (!running) return;
      running = false;
      // app.close() waits for upgraded sockets, and the gateway's own onClose hook runs only after that: drop them first.
      current.gateway.close();
      await current.app.close();
    },
    async start() {
      current = await buildApp({ logger: false, config });
      await current.app.listen({ host: '127.0.0.1', port });
      server.current = current;
      running = true;
    },
    async close() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}
