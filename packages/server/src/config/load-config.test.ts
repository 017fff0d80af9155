import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultConfig, isLoopback, loadConfig, parseConfig } from './load-config.ts';

const CONTRACT_EXAMPLE = `
server: { host: 127.0.0.1, port: 8000 }
storage: { driver: sqlite, path: ./data/trading-pro.db }
accounts:
  - { id: ACC-A, name: Alice, broker: paper, currency: USD, initialBalance: 100000 }
  - { id: ACC-B, name: Bob, broker: paper, currency: USD, initialBalance: 50000 }
auth:
  mode: token
  tokens:
    - { token: "\${TOKEN_A}", accountId: ACC-A }
    - { token: "\${TOKEN_B}", accountId: ACC-B }
brokers:
  paper: { latencyMs: 0, slippage: { model: percent, value: 0.0005 }, commission: { rate: 0.001, min: 0 }, seed: 42 }
  binance: { apiKey: "\${BINANCE_API_KEY:}", secret: "\${BINANCE_SECRET:}", testnet: true }
`;
const TOKENS = { TOKEN_A: 'alice-token-0123456789', TOKEN_B: 'bob-token-0123456789ab' };

function expectConfigError(run: () => unknown, text: string): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(text);
    return;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('defaults to one demo paper account on loopback without auth', () => {
    const config = loadConfig([], {});
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 8000 });
    expect(config.accounts).toEqual([{ id: 'DEMO-001', name: 'Demo', broker: 'paper', currency: 'USD', initialBalance: 100000 }]);
    expect(config.auth.mode).toBe('none');
    expect(config.storage).toMatchObject({ driver: 'sqlite', path: join('data', 'trading-pro.db') });
  });

  it('takes HOST, PORT, DATA_DIR and ENABLED_MODULES from the environment', () => {
    const config = loadConfig([], { HOST: '127.0.0.2', PORT: '9001', DATA_DIR: '/tmp/x', ENABLED_MODULES: 'datafeed' });
    expect(config.server).toMatchObject({ host: '127.0.0.2', port: 9001, modules: ['datafeed'] });
    expect(config.storage).toMatchObject({ path: join('/tmp/x', 'trading-pro.db') });
  });

  it("accepts CONTRACT.md's example with ${NAME} and ${NAME:default} from the environment", () => {
    const config = parseConfig(CONTRACT_EXAMPLE, TOKENS);
    expect(config.accounts.map((a) => a.id)).toEqual(['ACC-A', 'ACC-B']);
    expect(config.auth.tokens).toEqual([
      { token: TOKENS.TOKEN_A, accountId: 'ACC-A' },
      { token: TOKENS.TOKEN_B, accountId: 'ACC-B' },
    ]);
    expect(config.brokers.binance).toEqual({ apiKey: '', secret: '', testnet: true });
    expect(config.brokers.paper).toMatchObject({ slippage: { model: 'percent', value: 0.0005 } });
  });

  it('interpolates numbers and keeps tokens as strings', () => {
    const config = parseConfig('server: { port: "${P:8123}" }\nauth: { mode: token, tokens: [{ token: "${T}", accountId: DEMO-001 }] }', { T: '12345678901234567890' });
    expect(config.server.port).toBe(8123);
    expect(config.auth.tokens[0]?.token).toBe('12345678901234567890');
  });

  it('names the missing environment variable and its key', () => {
    expectConfigError(() => parseConfig(CONTRACT_EXAMPLE, {}), 'auth.tokens[0].token: environment variable TOKEN_A is not set');
  });

  it('names the key of a wrong value', () => {
    expectConfigError(() => parseConfig('server: { port: 70000 }', {}), 'server.port');
    expectConfigError(() => parseConfig('accounts: [{ id: A, name: A, broker: paper, currency: USD, initialBalance: -1 }]', {}), 'accounts[0].initialBalance');
    expectConfigError(() => parseConfig('server: { colour: blue }', {}), 'server.colour');
    expectConfigError(() => parseConfig('accounts: [{ id: A, name: A, broker: paper, currency: USD }]', {}), 'accounts[0]');
  });

  it('rejects tokens for unknown accounts, duplicate accounts, and token mode without tokens', () => {
    expectConfigError(() => parseConfig('auth: { mode: token, tokens: [{ token: "0123456789abcdef", accountId: NOPE }] }', {}), 'auth.tokens[0].accountId');
    expectConfigError(
      () => parseConfig('accounts: [{ id: A, name: A, broker: paper, currency: USD, initialBalance: 1 }, { id: A, name: B, broker: paper, currency: USD, initialBalance: 1 }]', {}),
      'accounts[1].id',
    );
    expectConfigError(() => parseConfig('auth: { mode: token }', {}), 'auth.tokens');
  });

  it('takes named market sources and refuses an account naming an unknown one or a source of an unknown kind', () => {
    const config = parseConfig(
      'market: { sources: { crypto: { kind: ccxt, exchange: binance, symbols: [BTC/USDT] } } }\naccounts: [{ id: A, name: A, broker: paper, currency: USD, initialBalance: 1, marketSource: crypto, paper: { offHours: reject } }]',
      {},
    );
    expect(config.accounts[0]).toMatchObject({ marketSource: 'crypto', paper: { offHours: 'reject' } });
    expectConfigError(() => parseConfig('accounts: [{ id: A, name: A, broker: paper, currency: USD, initialBalance: 1, marketSource: nope }]', {}), 'accounts[0].marketSource');
    expectConfigError(() => parseConfig('market: { sources: { x: { kind: bloomberg } } }', {}), 'market.sources.x.kind');
  });

  it('reports invalid YAML and unreadable files', () => {
    expectConfigError(() => parseConfig('server: [', {}), 'not valid YAML');
    expectConfigError(() => loadConfig(['--config', '/nonexistent/x.yaml'], {}), 'cannot read /nonexistent/x.yaml');
  });

  it('loads the file named by --config or TRADING_PRO_CONFIG', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-config-'));
    const path = join(dir, 'c.yaml');
    writeFileSync(path, 'server: { port: 8111 }\n');
    expect(loadConfig(['--config', path], {}).server.port).toBe(8111);
    expect(loadConfig([], { TRADING_PRO_CONFIG: path, PORT: '8112' }).server.port).toBe(8112);
  });

  it('knows loopback hosts', () => {
    expect(['127.0.0.1', 'localhost', '::1', '127.1.2.3'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '10.0.0.1', 'example.com'].some(isLoopback)).toBe(false);
    expect(defaultConfig({}).server.host).toBe('127.0.0.1');
  });

  it('accepts the example files in config/', () => {
    const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../config');
    const env = { TOKEN_A: 'a'.repeat(32), TOKEN_B: 'b'.repeat(32), TOKEN_PAPER: 'p'.repeat(32), TOKEN_BINANCE: 'n'.repeat(32), TOKEN_BYBIT: 'y'.repeat(32), TOKEN_ALPACA: 'l'.repeat(32) };
    const creds = { BINANCE_API_KEY: '1', BINANCE_SECRET: '2', BYBIT_API_KEY: '3', BYBIT_SECRET: '4', ALPACA_KEY_ID: '12345', ALPACA_SECRET_KEY: '6' };
    expect(loadConfig(['--config', join(dir, 'example.yaml')], env).accounts.map((a) => a.id)).toEqual(['ACC-A', 'ACC-B']);
    const venues = loadConfig(['--config', join(dir, 'venues.example.yaml')], { ...env, ...creds });
    expect(venues.accounts.map((a) => a.broker)).toEqual(['paper', 'binance', 'bybit', 'alpaca']);
    expect(venues.brokers.alpaca).toMatchObject({ keyId: '12345', paper: true });
  });

  it('merges partial http and limits sections over their defaults and names a bad key', () => {
    const config = parseConfig('limits: { rest: { perSecond: 50 } }\nhttp: { hosts: [trading.lan] }', {});
    expect(config.limits).toMatchObject({ enabled: true, rest: { perSecond: 50, burst: 1_000 }, ws: { perClient: 256, total: 10_000, subscribesPerSecond: 100 }, headerTimeoutMs: 30_000 });
    expect(config.http).toEqual({ hosts: ['trading.lan'], allowedOrigins: [], trustProxy: ['loopback'] });
    expect(() => parseConfig('http: { allowedOrigins: [evil] }', {})).toThrow(/http\.allowedOrigins\[0\]/);
    expect(() => parseConfig('limits: { ws: { perClient: 0 } }', {})).toThrow(/limits\.ws\.perClient/);
  });
});
