/**
 * The example page in Chromium: examples/tradingview/index.html with the adapters' browser bundle, as `npm start`
 * serves it (at /tradingview/ of the real server, under that route's Content-Security-Policy), and from its own origin
 * (as the example's README describes for serving the folder elsewhere: `SERVER` set, the page's origin in
 * `http.allowedOrigins`). TradingView's library is licensed, so a stand-in
 * `charting_library.standalone.js` takes its place: its `TradingView.widget` calls the datafeed and the broker the way
 * the library does (onReady, resolveSymbol, getBars, subscribeBars; broker_factory, accountsMetainfo, placeOrder) and
 * records what it got. A second stand-in refuses `broker_factory`, as a library without trading would, to check the
 * page falls back to the chart alone.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumAvailable } from '../../server/test/chromium.ts';
import { startLiveServer } from '../../sdk/test/server.ts';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../../examples/tradingview/index.html', import.meta.url));
const BUNDLE = join(PACKAGE, 'dist/browser/trading-pro-tradingview.js');

/** Drives the widget options like the library, into `window.__tv`; with `refuseBroker`, throws on a broker. */
const standInLibrary = (refuseBroker: boolean) => `
window.TradingView = {
  widget: function (options) {
    if (${refuseBroker} && options.broker_factory) throw new Error('unknown option broker_factory');
    const log = (window.__tv = { options: Object.keys(options).sort() });
    const until = async (check) => { while (!check()) await new Promise((resolve) => setTimeout(resolve, 20)); };
    (async () => {
      const datafeed = options.datafeed;
      const configuration = await new Promise((resolve) => datafeed.onReady(resolve));
      log.resolutions = configuration.supported_resolutions;
      const symbolInfo = await new Promise((resolve, reject) => datafeed.resolveSymbol(options.symbol, resolve, reject));
      log.ticker = symbolInfo.ticker;
      const to = Math.floor(Date.now() / 1000);
      const bars = await new Promise((resolve, reject) => datafeed.getBars(symbolInfo, options.interval, { from: to - 600, to, countBack: 30, firstDataRequest: true }, resolve, reject));
      log.bars = { count: bars.length, ms: bars.every((bar) => bar.time > 1e12 && bar.time < to * 1000) };
      log.serverTime = await new Promise((resolve) => datafeed.getServerTime(resolve));
      log.realtime = await new Promise((resolve) => datafeed.subscribeBars(symbolInfo, options.interval, (bar) => resolve(bar.time >= bars[bars.length - 1].time), 'chart', () => {}));
      if (options.broker_factory) {
        const orders = new Map();
        const host = {
          factory: { createWatchedValue: (value) => ({ value: () => value, setValue: (next) => (value = next), subscribe() {}, unsubscribe() {} }) },
          orderUpdate: (order) => orders.set(order.id, order.status),
          positionUpdate() {}, executionUpdate() {}, equityUpdate() {}, plUpdate() {}, connectionStatusUpdate() {}, currentAccountUpdate() {}, showNotification() {},
          defaultContextMenuActions: async () => [],
        };
        const broker = options.broker_factory(host);
        log.accounts = (await broker.accountsMetainfo()).map((account) => account.id);
        log.supportPositions = options.broker_config.configFlags.supportPositions;
        const { orderId } = await broker.placeOrder({ symbol: options.symbol, type: 2, side: 1, qty: 0.01 });
        await until(() => orders.get(orderId) === 2);
        log.filled = orderId;
      }
      log.done = true;
    })().catch((error) => { log.error = String(error); log.done = true; });
  },
};
`;

interface Recorded {
  options: string[];
  resolutions: string[];
  ticker: string;
  bars: { count: number; ms: boolean };
  realtime: boolean;
  serverTime: number;
  accounts?: string[];
  supportPositions?: boolean;
  filled?: string;
  error?: string;
}

describe.skipIf(!chromiumAvailable())('examples/tradingview/index.html in Chromium, against the real server', () => {
  let root: string;
  let browser: Browser;
  const closers: (() => Promise<void>)[] = [];

  /** Files of `dir` over HTTP on their own loopback port (another origin than the API server). */
  async function staticOrigin(dir: string): Promise<string> {
    const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.map': 'application/json' };
    const server: Server = createServer((request, response) => {
      const path = normalize(join(dir, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)));
      const file = path.endsWith('/') ? join(path, 'index.html') : path;
      if (!file.startsWith(dir) || !existsSync(file)) return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      createReadStream(file).pipe(response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** A copy of the example folder with a stand-in library. */
  function exampleFolder(name: string, refuseBroker: boolean): string {
    const dir = join(root, name);
    mkdirSync(join(dir, 'charting_library'), { recursive: true });
    writeFileSync(join(dir, 'charting_library', 'charting_library.standalone.js'), standInLibrary(refuseBroker));
    copyFileSync(EXAMPLE, join(dir, 'index.html'));
    return dir;
  }

  /** The example as `npm start` serves it: the server's /tradingview/ route, the bundle from the package's dist/. */
  async function serveFromServer(): Promise<string> {
    const dir = exampleFolder('served', false);
    const server = await startLiveServer({ market: { source: 'simulated', seed: 9, intervalMs: 20 }, server: { web: true, tradingview: { dir, bundle: BUNDLE } } });
    closers.push(() => server.close());
    return `${server.url}/tradingview/`;
  }

  /** The example folder with a stand-in library and the bundle, on its own origin, pointed at a fresh API server. */
  async function serveElsewhere(refuseBroker: boolean): Promise<string> {
    const dir = exampleFolder(refuseBroker ? 'charts-only' : 'platform', refuseBroker);
    copyFileSync(BUNDLE, join(dir, 'trading-pro-tradingview.js'));
    const origin = await staticOrigin(dir);
    const api = await startLiveServer({ market: { source: 'simulated', seed: 9, intervalMs: 20 }, http: { allowedOrigins: [origin] } });
    closers.push(() => api.close());
    const page = readFileSync(EXAMPLE, 'utf8');
    expect(page).toContain('const SERVER = undefined;');
    writeFileSync(join(dir, 'index.html'), page.replace('const SERVER = undefined;', `const SERVER = ${JSON.stringify(api.url)};`));
    return `${origin}/`;
  }

  async function open(url: string): Promise<Recorded> {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(url);
    await page.waitForFunction(() => (window as { __tv?: { done?: boolean } }).__tv?.done === true, undefined, { timeout: 30_000 });
    const recorded = await page.evaluate(() => (window as unknown as { __tv: Recorded }).__tv);
    expect(problems).toEqual([]);
    expect(await page.locator('#status').isHidden()).toBe(true);
    await page.close();
    return recorded;
  }

  beforeAll(async () => {
    await promisify(execFile)('npm', ['run', 'build'], { cwd: PACKAGE });
    root = mkdtempSync(join(tmpdir(), 'tp-tradingview-page-'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const close of closers) await close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('served by the server at /tradingview/, gives the Trading Platform a datafeed and a broker that trades', async () => {
    const before = Math.floor(Date.now() / 1000);
    const recorded = await open(`${await serveFromServer()}?symbol=BTCUSD&interval=1`);
    expect(recorded.error).toBeUndefined();
    expect(Number.isInteger(recorded.serverTime) && recorded.serverTime >= before && recorded.serverTime <= Math.ceil(Date.now() / 1000)).toBe(true);
    expect(recorded).toMatchObject({ ticker: 'BTCUSD', bars: { count: 30, ms: true }, realtime: true, accounts: ['DEMO-001'], supportPositions: true });
    expect(recorded.filled).toEqual(expect.any(String));
  });

  it('from its own origin, gives the Trading Platform a datafeed and a broker that trades: bars in ms, real time, a filled order', async () => {
    const recorded = await open(`${await serveElsewhere(false)}?symbol=BTCUSD&interval=1`);
    expect(recorded.error).toBeUndefined();
    expect(recorded.options).toEqual(expect.arrayContaining(['datafeed', 'broker_factory', 'broker_config', 'library_path', 'container', 'symbol', 'interval']));
    expect(recorded).toMatchObject({ resolutions: ['1', '5', '15', '60', '1D'], ticker: 'BTCUSD', bars: { count: 30, ms: true }, realtime: true, accounts: ['DEMO-001'], supportPositions: true });
    expect(recorded.filled).toEqual(expect.any(String));
  });

  it('falls back to the chart alone when the library takes no broker', async () => {
    const recorded = await open(`${await serveElsewhere(true)}?symbol=ETHUSD&interval=5`);
    expect(recorded.error).toBeUndefined();
    expect(recorded.options).not.toContain('broker_factory');
    expect(recorded).toMatchObject({ ticker: 'ETHUSD', bars: { count: 30, ms: true }, realtime: true });
    expect(recorded.accounts).toBeUndefined();
  });
});
