/** Builds the configured market source: the simulated market (default), CSV bar files, or an exchange. */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CsvMarketSource, LiveSimulatedSource, type MarketSource } from '@trading-pro/engine';
import { ConfigError } from './config/load-config.ts';
import type { Config } from './config/schema.ts';

export type Market = MarketSource;

export function createMarket(config: Config, options: { live: boolean }): Market {
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
    default:
      throw new ConfigError(`config error at market.source: "${market.source}" is not available in this build`);
  }
  if (options.live) void source.start?.();
  return source;
}
