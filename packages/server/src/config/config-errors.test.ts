import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { ConfigError, defaultConfig, parseConfig, patchConfig, type ConfigPatch } from './load-config.ts';
import { closest } from './did-you-mean.ts';

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

async function startError(patch: ConfigPatch): Promise<string> {
  const config = patchConfig(defaultConfig({ DATA_DIR: '/nonexistent' }), patch);
  const error = await buildApp({ config, start: false, logger: false }).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as Error).message;
}

describe('config errors', () => {
  it.each([
    ['brokers:\n  paper: { comission: { rate: 0.001 } }', 'brokers.paper.comission: unknown key — did you mean commission?'],
    ['brokers:\n  paper: { slipage: { model: percent, value: 0.001 } }', 'brokers.paper.slipage: unknown key — did you mean slippage?'],
    ['brokers:\n  paper: { latencyMS: 5 }', 'brokers.paper.latencyMS: unknown key — did you mean latencyMs?'],
    ['brokers:\n  binanse: { apiKey: k, secret: s }', 'brokers.binanse: unknown key — did you mean binance?'],
    ['brokers:\n  binance: { apikey: k, secret: s }', 'brokers.binance.apikey: unknown key — did you mean apiKey?'],
    ['brokers:\n  alpaca: { keyId: k, secretKey: s, extendedHour: true }', 'brokers.alpaca.extendedHour: unknown key — did you mean extendedHours?'],
    ['brokers:\n  ib: { clientID: 3 }', 'brokers.ib.clientID: unknown key — did you mean clientId?'],
    ['servr: { port: 8000 }', 'servr: unknown key — did you mean server?'],
  ])('names the key and the likely intended one: %s', (yaml, expected) => {
    const message = errorOf(() => parseConfig(yaml, {}, 'x.yaml'));
    expect(message).toBe(`config error in x.yaml at ${expected.replace(/^([^:]+): /, '$1: ')}`);
  });

  it('lists the known keys when none is close', () => {
    expect(errorOf(() => parseConfig('brokers:\n  paper: { frobnicate: 1 }', {}, 'x.yaml'))).toMatch(/at brokers\.paper\.frobnicate: unknown key; known keys: latencyMs, latency, slippage, commission/);
  });

  it('names the choices of an enumeration instead of each failed branch', () => {
    expect(errorOf(() => parseConfig('storage: { driver: mysql }', {}, 'x.yaml'))).toBe('config error in x.yaml at storage.driver: must be one of sqlite, postgres');
    expect(errorOf(() => parseConfig('server: { logLevel: verbose }', {}, 'x.yaml'))).toBe(
      'config error in x.yaml at server.logLevel: must be one of fatal, error, warn, info, debug, trace, silent',
    );
    expect(errorOf(() => parseConfig('brokers:\n  paper: { slippage: { model: percnt } }', {}, 'x.yaml'))).toBe(
      'config error in x.yaml at brokers.paper.slippage.model: must be one of none, fixed, percent, sqrt',
    );
  });

  it('reports the branch a union value chose', () => {
    expect(errorOf(() => parseConfig('storage: { driver: sqlite, pth: x }', {}, 'x.yaml'))).toBe('config error in x.yaml at storage.pth: unknown key — did you mean path?');
    expect(errorOf(() => parseConfig('auth: { mode: token, tokens: [{ token: 0123456789abcdef, acountId: DEMO-001 }] }', {}, 'x.yaml'))).toBe(
      'config error in x.yaml at auth.tokens[0].acountId: unknown key — did you mean accountId?',
    );
  });

  it('validates broker option values with their path', () => {
    expect(errorOf(() => parseConfig('brokers:\n  paper: { latencyMs: -5 }', {}, 'x.yaml'))).toMatch(/^config error in x\.yaml at brokers\.paper\.latencyMs: must be >= 0$/);
    expect(errorOf(() => parseConfig('brokers:\n  ib: { port: fast }', {}, 'x.yaml'))).toMatch(/^config error in x\.yaml at brokers\.ib\.port: /);
  });

  it('keeps every message on one line', () => {
    for (const yaml of ['brokers: { paper: { comission: 1 } }', 'storage: { driver: mysql }', 'accounts: []', 'server: { port: 99999 }']) {
      expect(errorOf(() => parseConfig(yaml, {}, 'x.yaml'))).not.toContain('\n');
    }
  });

  it('suggests the broker kind an account probably meant', async () => {
    const accounts = [{ id: 'A', name: 'A', broker: 'binanse', currency: 'USD', initialBalance: 1000 }];
    expect(await startError({ accounts })).toMatch(/^config error at accounts\[0\]\.broker: unknown broker "binanse" — did you mean binance\?; known: /);
  });

  it("turns an adapter's refusal of its options into a config error naming the key", async () => {
    const accounts = [{ id: 'A', name: 'A', broker: 'binance', currency: 'USD', initialBalance: 1000 }];
    expect(await startError({ accounts, brokers: { binance: { secret: 's' } } })).toBe('config error at brokers.binance.apiKey: is required');
  });

  it('matches typos, not other words', () => {
    expect(closest('comission', ['commission', 'latencyMs'])).toBe('commission');
    expect(closest('LATENCYMS', ['latencyMs'])).toBe('latencyMs');
    expect(closest('binanse', ['paper', 'binance', 'bybit'])).toBe('binance');
    expect(closest('frobnicate', ['latencyMs', 'slippage'])).toBeUndefined();
  });
});
