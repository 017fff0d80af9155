/** Builds the configured market source: the simulated market (default), CSV bar files, or an exchange's public data. */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CcxtMarketSource, createPublicExchange } from '@trading-pro/brokers';
import { CsvMarketSource, LiveSimulatedSource, type MarketSource } from '@trading-pro/engine';
import { ConfigError } from './config/load-config.ts';
import type { Config } from './config/schema.ts';

export type Market = MarketSource;

/** Creates the source and, when live, starts it (an exchange source loads its instruments first). */
export async function createMarket(config: Config, options: { live: boolean }): Promise<Market> {
  const { market } = config;
  let source: MarketSource;
  switch (market.source) {
    case 'simulated':
      source = new LiveSimulatedSource({ seed: market.seed, intervalMs: market.intervalMs });
      break;
    case 'csv': {
      if (!market.csvDir) throw new ConfigError('config error at market.csvDir: the csv source needs a directory of <SYMBOL>.csv files');
      let names: string[];
      try {
        names = readdirSync(market.csvDir).filter((name) => name.toLowerCase().endsWith('.csv'));
      } catch (error) {
        throw new ConfigError(`config error at market.csvDir: cannot read ${market.csvDir}: ${(error as Error).message}`);
      }
      const files = names.map((name) => ({ symbol: basename(name, '.csv').toUpperCase(), name, text: readFileSync(join(market.csvDir as string, name), 'utf8') }));
      source = new CsvMarketSource({ files, intervalMs: market.intervalMs });
      break;
    }
    case 'ccxt': {
      if (!market.exchange) throw new ConfigError('config error at market.exchange: the ccxt source needs an exchange id, e.g. binance');
      if (!market.symbols) throw new ConfigError('config error at market.symbols: the ccxt source needs the symbols to quote, e.g. [BTC/USDT]');
      let exchange;
      try {
        exchange = createPublicExchange(market.exchange, { ...(market.baseUrl ? { baseUrl: market.baseUrl } : {}), ...(market.wsUrl ? { wsUrl: market.wsUrl } : {}) });
      } catch (error) {
        throw new ConfigError(`config error at market.exchange: ${(error as Error).message}`);
      }
      source = new CcxtMarketSource({ exchange, symbols: market.symbols, pollIntervalMs: market.intervalMs, ...(market.stream === undefined ? {} : { useWebSocket: market.stream }) });
      break;
    }
  }
  if (options.live) await source.start?.();
  return source;
}
