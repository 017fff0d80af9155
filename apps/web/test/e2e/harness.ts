/**
 * End-to-end harness: the real server built in-process (temp data dir, loopback, serving apps/web/dist), restartable on
 * the same port and data, a static-only server for the offline case, and Chromium driven by playwright-core.
 */
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp, type App } from '../../../../packages/server/src/app.ts';
import { defaultConfig } from '../../../../packages/server/src/config/load-config.ts';
import type { Config } from '../../../../packages/server/src/config/schema.ts';
import { CHROMIUM } from '../../../../packages/server/test/chromium.ts';

export const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
export { chromiumAvailable } from '../../../../packages/server/test/chromium.ts';

export interface Backend {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Stops the server, keeping its data. */
  stop(): Promise<void>;
  /** Starts a new server on the same port and data directory. */
  restart(): Promise<void>;
  /** Stops the server and deletes its data. */
  dispose(): Promise<void>;
}

function configFor(dataDir: string, port: number): Config {
  const base = defaultConfig({ DATA_DIR: dataDir });
  return { ...base, server: { ...base.server, host: '127.0.0.1', port, logLevel: 'silent', web: true } } as Config;
}

export async function startBackend(): Promise<Backend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tp-web-e2e-'));
  let app: App | null = null;
  let port = 0;

  async function launch(): Promise<void> {
    const built = await buildApp({ config: configFor(dataDir, port), logger: false });
    await built.app.listen({ host: '127.0.0.1', port });
    port = (built.app.server.address() as AddressInfo).port;
    app = built;
  }

  async function stop(): Promise<void> {
    const current = app;
    app = null;
    await current?.app.close();
  }

  await launch();
  return {
    get url() {
      return `http://127.0.0.1:${port}/`;
    },
    get port() {
      return port;
    },
    dataDir,
    stop,
    restart: launch,
    async dispose() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

/** Serves dist/ with no API behind it: every /api request gets 502, as a proxy in front of a dead server answers. */
export async function startStaticOnly(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/api/')) {
      response.writeHead(502).end('bad gateway');
      return;
    }
    const file = normalize(join(DIST, path === '/' ? 'index.html' : path));
    if (!file.startsWith(DIST) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  server.on('upgrade', (_request, socket) => socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface PageOptions {
  readonly colorScheme?: 'light' | 'dark';
  /** Settings written to the browser before the terminal starts (the `trading-pro.settings` entry). */
  readonly settings?: Record<string, unknown>;
}

/** A page of the terminal at `url`, waiting until the account is loaded. */
export async function openTerminal(browser: Browser, url: string, viewport = { width: 1440, height: 900 }, options: PageOptions = {}): Promise<Page> {
  const page = await browser.newPage({ viewport, colorScheme: options.colorScheme ?? 'dark' });
  if (options.settings !== undefined) {
    const entry = JSON.stringify(options.settings);
    await page.addInitScript((value) => {
      if (sessionStorage.getItem('settings-seeded') === null) {
        localStorage.setItem('trading-pro.settings', value);
        sessionStorage.setItem('settings-seeded', '1');
      }
    }, entry);
  }
  await page.goto(url);
  await page.getByRole('tab', { name: /Positions/ }).waitFor();
  return page;
}
