/**
 * Builds the configured market sources: the main one (`market.source`: the simulated market by default, CSV bar
 * files, or an exchange's public data) and the named `market.sources` (any of those, the Alpaca market data API,
 * or IB market data through TWS / IB Gateway). Paper accounts trade on the one they name; the datafeed serves them all.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AlpacaMarketSource, CcxtMarketSource, IbMarketSource, createPublicExchange } from '@trading-pro/brokers';
import { CombinedMarketSource, CsvMarketSource, LiveSimulatedSource, type MarketSource } from '@trading-pro/engine';
import { ConfigError } from './config/load-config.ts';
import type { Config } from './config/schema.ts';

export type Market = MarketSource;

type SourceConfig = NonNullable<Config['market']['sources']>[string];

/** The main source under its name `default`, then each named source, in configuration order. */
export interface Markets {
  readonly main: MarketSource;
  readonly byName: ReadonlyMap<string, MarketSource>;
  /** What the datafeed serves: the main source alone, or every source with colliding names namespaced. */
  readonly combined: MarketSource;
}

function fail(key: string, message: string): never {
  throw new ConfigError(`config error at ${key}: ${message}`);
}

function csvSource(key: string, csvDir: string | undefined, intervalMs: number): MarketSource {
  if (!csvDir) fail(`${key}.csvDir`, 'the csv source needs a directory of <SYMBOL>.csv files');
  let names: string[];
  try {
    names = readdirSync(csvDir).filter((name) => name.toLowerCase().endsWith('.csv'));
  } catch (error) {
    fail(`${key}.csvDir`, `cannot read ${csvDir}: ${(error as Error).message}`);
  }
  const files = names.map((name) => ({ symbol: basename(name, '.csv').toUpperCase(), name, text: readFileSync(join(csvDir, name), 'utf8') }));
  // Replays from each file's first bar every time the server starts.
  return new CsvMarketSource({ files, intervalMs });
}

function ccxtSource(key: string, spec: { exchange?: string | undefined; symbols?: readonly string[] | undefined; baseUrl?: string | undefined; wsUrl?: string | undefined; stream?: boolean | undefined }, intervalMs: number): MarketSource {
  if (!spec.exchange) fail(`${key}.exchange`, 'the ccxt source needs an exchange id, e.g. binance');
  if (!spec.symbols) fail(`${key}.symbols`, 'the ccxt source needs the symbols to quote, e.g. [BTC/USDT]');
  let exchange;
  try {
    exchange = createPublicExchange(spec.exchange, { ...(spec.baseUrl ? { baseUrl: spec.baseUrl } : {}), ...(spec.wsUrl ? { wsUrl: spec.wsUrl } : {}) });
  } catch (error) {
    fail(`${key}.exchange`, (error as Error).message);
  }
  return new CcxtMarketSource({ exchange, symbols: spec.symbols, pollIntervalMs: intervalMs, ...(spec.stream === undefined ? {} : { useWebSocket: spec.stream }) });
}

function namedSource(name: string, spec: SourceConfig, config: Config): MarketSource {
  const key = `market.sources.${name}`;
  const intervalMs = spec.intervalMs ?? config.market.intervalMs;
  switch (spec.kind) {
    case 'simulated':
      return new LiveSimulatedSource({ seed: spec.seed ?? config.market.seed, intervalMs });
    case 'csv':
      return csvSource(key, spec.csvDir, intervalMs);
    case 'ccxt':
      return ccxtSource(key, spec, intervalMs);
    case 'alpaca':
      if (!spec.keyId || !spec.secretKey) fail(`${key}.keyId`, 'the alpaca source needs keyId and secretKey (market data API credentials)');
      if (!spec.symbols) fail(`${key}.symbols`, 'the alpaca source needs the symbols to quote, e.g. [AAPL, SPY]');
      return new AlpacaMarketSource({
        keyId: spec.keyId,
        secretKey: spec.secretKey,
        symbols: spec.symbols,
        pollIntervalMs: intervalMs,
        ...(spec.baseUrl ? { dataUrl: spec.baseUrl } : {}),
        ...(spec.feed ? { feed: spec.feed } : {}),
        ...(spec.stream === undefined ? {} : { stream: spec.stream }),
        ...(spec.wsUrl ? { streamUrl: spec.wsUrl } : {}),
      });
    case 'ib':
      if (!spec.symbols) fail(`${key}.symbols`, 'the ib source needs the symbols to quote, e.g. [AAPL, EURUSD]');
      return new IbMarketSource({
        symbols: spec.symbols,
        ...(spec.host ? { host: spec.host } : {}),
        ...(spec.port === undefined ? {} : { port: spec.port }),
        ...(spec.clientId === undefined ? {} : { clientId: spec.clientId }),
      });
  }
}

/** Creates the main source (see `createMarkets` for all of them) and, when live, starts it. */
export async function createMarket(config: Config, options: { live: boolean }): Promise<Market> {
  const { market } = config;
  let source: MarketSource;
  switch (market.source) {
    case 'simulated':
      source = new LiveSimulatedSource({ seed: market.seed, intervalMs: market.intervalMs });
      break;
    case 'csv':
      source = csvSource('market', market.csvDir, market.intervalMs);
      break;
    case 'ccxt':
      source = ccxtSource('market', market, market.intervalMs);
      break;
  }
  if (options.live) await source.start?.();
  return source;
}

/** Every configured source around an already built main one; the named ones are started when live. */
export async function createMarkets(config: Config, main: MarketSource, options: { live: boolean }): Promise<Markets> {
  const byName = new Map<string, MarketSource>([['default', main]]);
  for (const [name, spec] of Object.entries(config.market.sources ?? {})) {
    if (name === 'default') fail('market.sources.default', 'the name default is the main market source');
    byName.set(name, namedSource(name, spec, config));
  }
  if (options.live) for (const [name, source] of byName) if (name !== 'default') await source.start?.();
  const combined = byName.size === 1 ? main : new CombinedMarketSource([...byName].map(([name, source]) => ({ name, source })));
  return { main, byName, combined };
}
