/** The TradingView example at /tradingview/: served with the licensed library present, a clear 404 without it. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../src/http/edge.ts';
import { TRADINGVIEW_CONTENT_SECURITY_POLICY } from '../src/http/tradingview-routes.ts';
import { startServer, type TestServer } from './harness.ts';

const INDEX = '<!doctype html><title>Trading Pro on TradingView</title><script src="charting_library/charting_library.standalone.js"></script>';
const LIBRARY = 'var TradingView = { widget: function () {} };';
const BUNDLE = 'export function createDatafeed() {}';

const root = mkdtempSync(join(tmpdir(), 'tp-tradingview-'));
/** The example with a stand-in for the library, and the adapters' bundle. */
const withLibrary = join(root, 'with-library');
const bundle = join(root, 'dist', 'trading-pro-tradingview.js');
mkdirSync(join(withLibrary, 'charting_library'), { recursive: true });
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(withLibrary, 'index.html'), INDEX);
writeFileSync(join(withLibrary, 'charting_library', 'charting_library.standalone.js'), LIBRARY);
writeFileSync(join(root, 'secret.txt'), 'not for the browser');
writeFileSync(bundle, BUNDLE);

const servers: TestServer[] = [];
const serve = async (dir: string, bundlePath = bundle) => {
  const server = await startServer({ server: { web: true, modules: ['datafeed'], tradingview: { dir, bundle: bundlePath } } });
  servers.push(server);
  return server;
};
afterAll(async () => {
  for (const server of servers) await server.close();
  rmSync(root, { recursive: true, force: true });
});

const directives = (policy: string | null) => new Map((policy ?? '').split(';').map((part) => { const [name = '', ...sources] = part.trim().split(/\s+/); return [name, sources]; }));

describe('the TradingView example with the library in place', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await serve(withLibrary);
  });

  it('serves index.html at /tradingview/ and sends /tradingview there', async () => {
    const page = await fetch(`${server.url}/tradingview/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toBe(INDEX);
    const bare = await fetch(`${server.url}/tradingview`, { redirect: 'manual' });
    expect(bare.status).toBe(302);
    expect(bare.headers.get('location')).toBe('/tradingview/');
  });

  it('serves the library and the adapters\' bundle as JavaScript', async () => {
    const library = await fetch(`${server.url}/tradingview/charting_library/charting_library.standalone.js`);
    expect(library.status).toBe(200);
    expect(library.headers.get('content-type')).toMatch(/javascript/);
    expect(await library.text()).toBe(LIBRARY);
    const adapters = await fetch(`${server.url}/tradingview/trading-pro-tradingview.js`);
    expect(adapters.status).toBe(200);
    expect(adapters.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await adapters.text()).toBe(BUNDLE);
  });

  it('lets the library frame its blob: page and start blob: workers there, and nowhere else', async () => {
    const page = await fetch(`${server.url}/tradingview/`);
    expect(page.headers.get('content-security-policy')).toBe(TRADINGVIEW_CONTENT_SECURITY_POLICY);
    const policy = directives(page.headers.get('content-security-policy'));
    expect(policy.get('frame-src')).toEqual(["'self'", 'blob:']);
    expect(policy.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(policy.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    // The terminal and the API keep the tight policy.
    for (const path of ['/', '/api/v1/health']) {
      const other = await fetch(`${server.url}${path}`);
      expect(other.headers.get('content-security-policy'), path).toBe(CONTENT_SECURITY_POLICY);
      expect(directives(other.headers.get('content-security-policy')).get('script-src'), path).toEqual(["'self'"]);
    }
  });

  it('serves nothing outside the example directory', async () => {
    for (const path of ['/tradingview/%2e%2e/secret.txt', '/tradingview/..%2fsecret.txt', '/tradingview/nope.js']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain('not for the browser');
    }
  });
});

describe('the TradingView example without the library', () => {
  it('answers 404 with where to put the library, and serves it as soon as it is there', async () => {
    const dir = join(root, 'later');
    mkdirSync(dir);
    writeFileSync(join(dir, 'index.html'), INDEX);
    const server = await serve(dir);
    for (const path of ['/tradingview/', '/tradingview/index.html', '/tradingview/trading-pro-tradingview.js']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      const text = await res.text();
      expect(text, path).toContain(`${dir}/charting_library/`);
      expect(text, path).toContain('docs/tradingview.md');
    }
    mkdirSync(join(dir, 'charting_library'));
    expect((await fetch(`${server.url}/tradingview/`)).status).toBe(200);
  });

  it('answers 404 with the same page when the example directory itself is missing', async () => {
    const server = await serve(join(root, 'absent'));
    const res = await fetch(`${server.url}/tradingview/`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('charting_library');
  });

  it('says how to build the adapters\' bundle when it is missing', async () => {
    const server = await serve(withLibrary, join(root, 'dist', 'absent.js'));
    const res = await fetch(`${server.url}/tradingview/trading-pro-tradingview.js`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('npm run build -w @trading-pro/tradingview');
    expect((await fetch(`${server.url}/tradingview/`)).status).toBe(200);
  });

  it('is not served when the web pages are off', async () => {
    const server = await startServer({ server: { web: false, modules: ['datafeed'], tradingview: { dir: withLibrary, bundle } } });
    servers.push(server);
    const res = await server.request('GET', '/tradingview/');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
