/**
 * Builds the configured market sources: the main one (`market.source`: the simulated market by default, CSV bar
 * files, or an exchange's public data) and the named `market.sources` (any of those, the Alpaca market data API,
 * or IB market data through TWS / IB Gateway). Paper accounts trade on the one they name; the datafeed serves them all.
 * Each is started under a `MarketSupervisor`: a venue that cannot be reached leaves its source degraded and retried.
 * ccxt and @stoqey/ib are imported only when a source of theirs is configured.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AlpacaMarketSource } from '@trading-pro/brokers';
import { CombinedMarketSource, CsvMarketSource, LiveSimulatedSource, type MarketSource } from '@trading-pro/engine';
import { ConfigError } from './config/load-config.ts';
import type { Config } from './config/schema.ts';
import { MarketSupervisor, type MarketLog, type MarketSourceHealth, type MarketSupervisorOptions } from './market-supervisor.ts';

export type Market = MarketSource;

type SourceConfig = NonNullable<Config['market']['sources']>[string];

/** The main source under its name `default`, then each named source, in configuration order. */
export interface Markets {
  readonly main: MarketSource;
  readonly byName: ReadonlyMap<string, MarketSource>;
  /** What the datafeed serves: the main source alone, or every source with colliding names namespaced. */
  readonly combined: MarketSource;
  /** Each started source's state (`/health`); sources that need no start (simulated, CSV) are always ok. */
  health(): MarketSourceHealth[];
  /** Logs degraded sources and their recoveries (the app's logger exists only after the sources started). */
  useLog(log: MarketLog): void;
  /** Stops every source and its retries. */
  stop(): Promise<void>;
}

export interface MarketsOptions {
  /** Starts the sources (false when only the routes are built, e.g. for the specs). */
  readonly live: boolean;
  /** Whether the main source is started here too (not when the caller passed its own). */
  readonly startMain?: boolean;
  readonly retry?: MarketSupervisorOptions;
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

async function ccxtSource(key: string, spec: { exchange?: string | undefined; symbols?: readonly string[] | undefined; baseUrl?: string | undefined; wsUrl?: string | undefined; stream?: boolean | undefined }, intervalMs: number): Promise<MarketSource> {
  if (!spec.exchange) fail(`${key}.exchange`, 'the ccxt source needs an exchange id, e.g. binance');
  if (!spec.symbols) fail(`${key}.symbols`, 'the ccxt source needs the symbols to quote, e.g. [BTC/USDT]');
  const { CcxtMarketSource, createPublicExchange } = await import('@trading-pro/brokers/ccxt');
  let exchange;
  try {
    exchange = createPublicExchange(spec.exchange, { ...(spec.baseUrl ? { baseUrl: spec.baseUrl } : {}), ...(spec.wsUrl ? { wsUrl: spec.wsUrl } : {}) });
  } catch (error) {
    fail(`${key}.exchange`, (error as Error).message);
  }
  return new CcxtMarketSource({ exchange, symbols: spec.symbols, pollIntervalMs: intervalMs, ...(spec.stream === undefined ? {} : { useWebSocket: spec.stream }) });
}

async function namedSource(name: string, spec: SourceConfig, config: Config): Promise<MarketSource> {
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
    case 'ib': {
      if (!spec.symbols) fail(`${key}.symbols`, 'the ib source needs the symbols to quote, e.g. [AAPL, EURUSD]');
      const { IbMarketSource } = await import('@trading-pro/brokers/ib');
      return new IbMarketSource({
        symbols: spec.symbols,
        ...(spec.host ? { host: spec.host } : {}),
        ...(spec.port === undefined ? {} : { port: spec.port }),
        ...(spec.clientId === undefined ? {} : { clientId: spec.clientId }),
      });
    }
  }
}

/** Creates the main source (see `createMarkets`, which starts it with all the others). */
export async function createMarket(config: Config): Promise<Market> {
  const { market } = config;
  switch (market.source) {
    case 'simulated':
      return new LiveSimulatedSource({ seed: market.seed, intervalMs: market.intervalMs });
    case 'csv':
      return csvSource('market', market.csvDir, market.intervalMs);
    case 'ccxt':
      return ccxtSource('market', market, market.intervalMs);
  }
}

/**
 * Every configured source around the main one; when live, each is started under a supervisor. The start waits for
 * each source's first attempt; one that fails on the network is left degraded and retried, and the start goes on.
 */
export async function createMarkets(config: Config, main: MarketSource, options: MarketsOptions): Promise<Markets> {
  const byName = new Map<string, MarketSource>([['default', main]]);
  for (const [name, spec] of Object.entries(config.market.sources ?? {})) {
    if (name === 'default') fail('market.sources.default', 'the name default is the main market source');
    byName.set(name, await namedSource(name, spec, config));
  }
  const supervisors: MarketSupervisor[] = [];
  if (options.live) {
    for (const [name, source] of byName) {
      if (name === 'default' && options.startMain === false) continue;
      const supervisor = new MarketSupervisor(name, source, options.retry);
      try {
        await supervisor.start();
      } catch (error) {
        for (const started of supervisors) await started.stop();
        throw error;
      }
      supervisors.push(supervisor);
    }
  }
  const combined = byName.size === 1 ? main : new CombinedMarketSource([...byName].map(([name, source]) => ({ name, source })));
  return {
    main,
    byName,
    combined,
    health: () => supervisors.map((supervisor) => supervisor.health()),
    useLog: (log) => {
      for (const supervisor of supervisors) supervisor.useLog(log);
    },
    stop: async () => {
      for (const supervisor of supervisors) await supervisor.stop();
      // Sources started by the caller, or not at all, are stopped too, as they were before supervision.
      for (const source of byName.values()) if (!supervisors.some((supervisor) => supervisor.source === source)) await source.stop?.();
    },
  };
}
