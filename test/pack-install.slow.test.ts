/**
 * The published packages as a developer gets them: contracts, engine, sdk, strategy and tradingview are built and
 * packed, the tarballs are installed into an empty folder with no workspace around it, and plain JavaScript scripts
 * run by the machine's own Node (20, no global WebSocket) trade against a real server through them: the SDK directly,
 * a strategy through `@trading-pro/strategy/live`, and the TradingView adapters as the library would call them.
 * `npm publish --dry-run` must be clean.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { OrderStatus } from '@trading-pro/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer, type LiveServer } from '../packages/sdk/test/server.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../', import.meta.url));
const PACKAGES = ['contracts', 'engine', 'sdk', 'strategy', 'tradingview'] as const;
/** The packages meant for browsers too (the strategy runner is for Node). */
const BROWSER_PACKAGES: readonly string[] = ['contracts', 'engine', 'sdk', 'tradingview'];
/** The machine's Node, not the repository's pinned one. */
const MACHINE_NODE = '/usr/bin/node';

/** Environment without the repository's source condition: an outside project has none. */
function outsideEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
  delete env.NODE_OPTIONS;
  for (const key of Object.keys(env)) if (key.toLowerCase() === 'npm_config_node_options') delete env[key];
  return env;
}

/** Places a resting limit order, lists it, cancels it, and prints what it saw: one JSON object per line. */
const SCRIPT = `
import { OrderType, Side, TradingProClient } from '@trading-pro/sdk';
import { FallbackTradingClient } from '@trading-pro/sdk/fallback';

const print = (what, data) => console.log(JSON.stringify({ what, ...data }));
print('runtime', { node: process.version, globalWebSocket: typeof globalThis.WebSocket === 'function' });

const client = new TradingProClient({ baseUrl: process.env.TRADING_PRO_URL });
const accountId = (await client.broker.accounts())[0].id;
const updates = [];
let canceled = () => undefined;
const sawCancel = new Promise((resolve) => (canceled = resolve));
const subscription = client.stream.orders(accountId, (order) => {
  updates.push(order.status);
  print('update', { id: order.id, status: order.status });
  if (order.status === 1) canceled();
});
await subscription.ready;
print('subscribed', { accountId, state: client.stream.state });

const [quote] = await client.datafeed.quotes(['BTCUSD']);
const limitPrice = Math.round(quote.v.bid * 0.5);
const { orderId } = await client.broker.placeOrder({ symbol: 'BTCUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice });
print('placed', { orderId, limitPrice });
const listed = (await client.broker.orders()).find((order) => order.id === orderId);
print('listed', { id: listed?.id, status: listed?.status, limitPrice: listed?.limitPrice });
await client.broker.cancelOrder(orderId);
await sawCancel;
print('canceled', { status: (await client.broker.order(orderId)).status });
client.close();

const offline = new FallbackTradingClient({ accountId: 'OFFLINE-1' });
print('fallback', { accounts: (await offline.broker.accounts()).map((account) => account.id) });
offline.close();
`;

/** A strategy that places one far-away limit order at start; the run's stop cancels it. */
const STRATEGY_SCRIPT = `
import { TradingProClient, OrderType, Side } from '@trading-pro/sdk';
import { defineStrategy, SMA } from '@trading-pro/strategy';
import { runStrategy } from '@trading-pro/strategy/live';

const print = (what, data) => console.log(JSON.stringify({ what, ...data }));
const sma = new SMA(3);
for (const value of [1, 2, 3]) sma.add(value);
print('indicator', { sma: Number(sma.getResult()) });

const client = new TradingProClient({ baseUrl: process.env.TRADING_PRO_URL });
const accountId = (await client.broker.accounts())[0].id;
const [quote] = await client.datafeed.quotes(['BTCUSD']);
let placed;
const strategy = defineStrategy({
  name: 'packed',
  init(ctx) {
    placed = ctx.placeOrder({ type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice: Math.round(quote.v.bid * 0.5) });
  },
  onBar() {},
});
const run = await runStrategy({ client, accountId, strategy, symbols: ['BTCUSD'] });
print('placed', { orderId: placed.orderId });
let working;
for (let i = 0; i < 100 && working === undefined; i++) {
  working = (await client.broker.orders()).find((order) => order.clientOrderId === placed.orderId || order.id === placed.orderId);
  if (working === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
}
print('working', { clientOrderId: placed.orderId, id: working?.id, status: working?.status });
const outcome = await run.stop('done');
print('stopped', { canceled: outcome.canceled });
const after = (await client.broker.orders()).find((order) => order.id === working?.id);
print('after', { id: after?.id, status: after?.status });
client.close();
`;

/** The TradingView adapters from the packed package: the datafeed's onReady and a bar page, a broker's startup calls. */
const TRADINGVIEW_SCRIPT = `
import { TradingProClient } from '@trading-pro/sdk';
import { createBrokerFactory, createDatafeed, loadBrokerConfig } from '@trading-pro/tradingview';

const print = (what, data) => console.log(JSON.stringify({ what, ...data }));
print('exports', { createBrokerFactory: typeof createBrokerFactory, createDatafeed: typeof createDatafeed });
const baseUrl = process.env.TRADING_PRO_URL;
const datafeed = createDatafeed({ baseUrl });
const configuration = await new Promise((resolve) => datafeed.onReady(resolve));
print('onReady', { resolutions: configuration.supported_resolutions });
const symbolInfo = await new Promise((resolve, reject) => datafeed.resolveSymbol('BTCUSD', resolve, reject));
const to = Math.floor(Date.now() / 1000);
const bars = await new Promise((resolve, reject) => datafeed.getBars(symbolInfo, '60', { from: to - 2 * 3600, to, countBack: 5, firstDataRequest: true }, resolve, reject));
print('getBars', { count: bars.length, msTimes: bars.every((bar) => bar.time > 1e12 && bar.time < to * 1000) });
datafeed.close();

const updates = [];
const host = {
  factory: { createWatchedValue: (value) => ({ value: () => value, setValue: (next) => (value = next), subscribe() {}, unsubscribe() {} }) },
  orderUpdate() {}, positionUpdate() {}, executionUpdate() {}, plUpdate() {}, currentAccountUpdate() {}, showNotification() {},
  equityUpdate: (equity) => updates.push(['equity', equity]),
  connectionStatusUpdate: (status) => updates.push(['connection', status]),
  defaultContextMenuActions: async () => [],
};
const client = new TradingProClient({ baseUrl });
const { config, brokerConfig } = await loadBrokerConfig(client);
const broker = createBrokerFactory({ client, config })(host);
const accounts = await broker.accountsMetainfo();
print('broker', { accounts: accounts.map((account) => account.id), current: broker.currentAccount(), orders: (await broker.orders()).length, supportPositions: brokerConfig.configFlags.supportPositions });
for (let i = 0; i < 200 && broker.connectionStatus() !== 1; i++) await new Promise((resolve) => setTimeout(resolve, 25));
print('status', { status: broker.connectionStatus(), equity: updates.find(([kind]) => kind === 'equity')?.[1] });
broker.close();
client.close();
`;

describe('the packed packages, installed outside the repository', () => {
  let work: string;
  let consumer: string;
  let tarballs: string[] = [];
  let server: LiveServer;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'trading-pro-pack-'));
    await run('npm', ['run', 'build:packages'], { cwd: root, env: outsideEnv() });
    const packed = join(work, 'tarballs');
    mkdirSync(packed);
    const workspaces = PACKAGES.flatMap((name) => ['--workspace', `@trading-pro/${name}`]);
    await run('npm', ['pack', ...workspaces, '--pack-destination', packed], { cwd: root, env: outsideEnv() });
    tarballs = readdirSync(packed).map((name) => join(packed, name));
    consumer = join(work, 'consumer');
    mkdirSync(consumer);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await run('npm', ['install', '--no-save', ...tarballs], { cwd: consumer, env: outsideEnv(), timeout: 240_000 });
    writeFileSync(join(consumer, 'check.mjs'), SCRIPT);
    writeFileSync(join(consumer, 'strategy.mjs'), STRATEGY_SCRIPT);
    writeFileSync(join(consumer, 'tradingview.mjs'), TRADINGVIEW_SCRIPT);
    server = await startLiveServer();
  }, 300_000);

  afterAll(async () => {
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('installs from tarballs alone: built JavaScript and types, no sources or tests', () => {
    expect(work.startsWith('/work')).toBe(false);
    expect(tarballs.map((path) => path.replace(/^.*\//, '')).sort()).toEqual(['trading-pro-contracts-0.1.0.tgz', 'trading-pro-engine-0.1.0.tgz', 'trading-pro-sdk-0.1.0.tgz', 'trading-pro-strategy-0.1.0.tgz', 'trading-pro-tradingview-0.1.0.tgz']);
    for (const name of PACKAGES) {
      const installed = join(consumer, 'node_modules/@trading-pro', name);
      expect(existsSync(join(installed, 'dist/index.js'))).toBe(true);
      expect(existsSync(join(installed, 'dist/index.d.ts'))).toBe(true);
      expect(existsSync(join(installed, 'src'))).toBe(false);
      expect(existsSync(join(installed, 'CHANGELOG.md'))).toBe(true);
      expect(existsSync(join(installed, 'README.md'))).toBe(true);
      const files = readdirSync(join(installed, 'dist'), { recursive: true }).map(String);
      expect(files.filter((file) => /\.test\.|test-support|fixtures/.test(file))).toEqual([]);
      if (!BROWSER_PACKAGES.includes(name)) continue;
      // Browsers load these files as they are: nothing from Node's own modules.
      const nodeImports = files.filter((file) => file.endsWith('.js') && /from ["']node:|import\(["']node:|require\(/.test(readFileSync(join(installed, 'dist', file), 'utf8')));
      expect(nodeImports).toEqual([]);
    }
    // The optional WebSocket fallback for Node 20 came along.
    expect(existsSync(join(consumer, 'node_modules/ws/package.json'))).toBe(true);
  });

  it("places, lists and cancels a resting order and sees its updates over WebSocket, on the machine's Node 20", async () => {
    const { stdout } = await run(MACHINE_NODE, ['check.mjs'], { cwd: consumer, env: outsideEnv({ TRADING_PRO_URL: server.url }), timeout: 60_000 });
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const find = (what: string) => lines.find((line) => line.what === what);
    expect(find('runtime')).toMatchObject({ globalWebSocket: false });
    expect(String(find('runtime')?.node)).toMatch(/^v20\./);
    expect(find('subscribed')).toMatchObject({ state: 'connected' });
    const orderId = find('placed')?.orderId;
    expect(typeof orderId).toBe('string');
    expect(find('listed')).toMatchObject({ id: orderId, status: OrderStatus.Working, limitPrice: find('placed')?.limitPrice });
    const updates = lines.filter((line) => line.what === 'update' && line.id === orderId).map((line) => line.status);
    expect(updates).toContain(OrderStatus.Working);
    expect(updates.at(-1)).toBe(OrderStatus.Canceled);
    expect(find('canceled')).toMatchObject({ status: OrderStatus.Canceled });
    expect(find('fallback')).toMatchObject({ accounts: ['OFFLINE-1'] });
  });

  it("runs a strategy from the packed @trading-pro/strategy on a server's account: its order works, its stop cancels it", async () => {
    const { stdout } = await run(MACHINE_NODE, ['strategy.mjs'], { cwd: consumer, env: outsideEnv({ TRADING_PRO_URL: server.url }), timeout: 60_000 });
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const find = (what: string) => lines.find((line) => line.what === what);
    expect(find('indicator')).toEqual({ what: 'indicator', sma: 2 });
    const clientOrderId = find('placed')?.orderId;
    expect(typeof clientOrderId).toBe('string');
    expect(find('working')).toMatchObject({ clientOrderId, status: OrderStatus.Working });
    const orderId = find('working')?.id;
    expect(typeof orderId).toBe('string');
    expect(find('stopped')).toMatchObject({ canceled: [orderId] });
    expect(find('after')).toMatchObject({ id: orderId, status: OrderStatus.Canceled });
  });

  it("uses the packed TradingView adapters on the machine's Node 20: onReady, a page of bars in ms, a broker's startup", async () => {
    const installed = join(consumer, 'node_modules/@trading-pro/tradingview');
    expect(existsSync(join(installed, 'dist/browser/trading-pro-tradingview.js'))).toBe(true);
    const { stdout } = await run(MACHINE_NODE, ['tradingview.mjs'], { cwd: consumer, env: outsideEnv({ TRADING_PRO_URL: server.url }), timeout: 60_000 });
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const find = (what: string) => lines.find((line) => line.what === what);
    expect(find('exports')).toEqual({ what: 'exports', createBrokerFactory: 'function', createDatafeed: 'function' });
    expect(find('onReady')).toMatchObject({ resolutions: ['1', '5', '15', '60', '1D'] });
    expect(find('getBars')).toEqual({ what: 'getBars', count: 5, msTimes: true });
    expect(find('broker')).toEqual({ what: 'broker', accounts: ['DEMO-001'], current: 'DEMO-001', orders: expect.any(Number), supportPositions: true });
    expect(find('status')).toEqual({ what: 'status', status: 1, equity: expect.any(Number) });
  });

  it('without the optional ws on Node 20, still serves REST and rejects ready with NO_WEBSOCKET instead of hanging', async () => {
    const bare = join(work, 'no-ws');
    mkdirSync(bare);
    writeFileSync(join(bare, 'package.json'), JSON.stringify({ name: 'consumer-without-ws', private: true, type: 'module' }));
    await run('npm', ['install', '--no-save', '--omit=optional', ...tarballs], { cwd: bare, env: outsideEnv(), timeout: 240_000 });
    expect(existsSync(join(bare, 'node_modules/ws'))).toBe(false);
    writeFileSync(
      join(bare, 'check.mjs'),
      `import { TradingProClient } from '@trading-pro/sdk';
const client = new TradingProClient({ baseUrl: process.env.TRADING_PRO_URL });
const [account] = await client.broker.accounts();
const outcome = await client.stream.orders(account.id, () => undefined).ready.then(() => 'ready', (error) => error.code);
console.log(JSON.stringify({ account: account.id, outcome }));
client.close();
`,
    );
    const { stdout } = await run(MACHINE_NODE, ['check.mjs'], { cwd: bare, env: outsideEnv({ TRADING_PRO_URL: server.url }), timeout: 30_000 });
    expect(JSON.parse(stdout.trim())).toEqual({ account: 'DEMO-001', outcome: 'NO_WEBSOCKET' });
  });

  it('passes npm publish --dry-run without a warning', async () => {
    // Logged-in state is the publisher's, not the package's: a placeholder token keeps npm from warning about it.
    const userconfig = join(work, 'publish.npmrc');
    writeFileSync(userconfig, '//registry.npmjs.org/:_authToken=dry-run-placeholder\n');
    for (const name of PACKAGES) {
      const { stdout, stderr } = await run('npm', ['publish', '--dry-run', '--userconfig', userconfig], { cwd: join(root, 'packages', name), env: outsideEnv() });
      expect(`${stdout}${stderr}`).toContain(`@trading-pro/${name}@0.1.0`);
      expect(stderr).not.toMatch(/npm warn/i);
    }
  });
});
