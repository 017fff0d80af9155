/** Shared fixtures for the engine's tests: two instruments, a quote builder, an engine factory. */
import { parseFixed } from '@trading-pro/contracts';
import { catalogOf } from '../market/instrument.ts';
import type { Instrument } from '../market/instrument.ts';
import type { MarketQuote } from '../market/quote.ts';
import type { PaperEngineConfig } from './core.ts';
import { PaperEngine } from './engine.ts';

/** Friday 2026-11-20 10:00 New York: US equities are open. */
export const T0 = Date.parse('2026-11-20T15:00:00Z');

export const AAPL: Instrument = {
  symbol: 'AAPL',
  description: 'Apple Inc.',
  type: 'stock',
  exchange: 'NASDAQ',
  currency: 'USD',
  tickSize: parseFixed('0.01'),
  lotStep: parseFixed('1'),
  minQty: parseFixed('1'),
  session: { spec: '0930-1600:23456', timezone: 'America/New_York' },
  maxLeverage: 4,
  defaultLeverage: 1,
};

export const BTC: Instrument = {
  symbol: 'BTCUSD',
  description: 'Bitcoin',
  type: 'crypto',
  exchange: 'SIM',
  currency: 'USD',
  tickSize: parseFixed('0.5'),
  lotStep: parseFixed('0.001'),
  minQty: parseFixed('0.001'),
  session: { spec: '24x7', timezone: 'Etc/UTC' },
  maxLeverage: 10,
  defaultLeverage: 2,
};

export const CATALOG = catalogOf([AAPL, BTC]);

export function makeEngine(overrides: Partial<PaperEngineConfig> = {}): PaperEngine {
  return new PaperEngine({ accountId: 'TEST-1', accountName: 'Test', currency: 'USD', initialBalance: 100_000, instruments: CATALOG, ...overrides });
}

export function quote(symbol: string, bid: string, ask: string, options: { time?: number; bidSize?: string; askSize?: string } = {}): MarketQuote {
  return {
    symbol,
    time: options.time ?? T0,
    bid: parseFixed(bid),
    ask: parseFixed(ask),
    last: parseFixed(bid),
    bidSize: parseFixed(options.bidSize ?? '1000'),
    askSize: parseFixed(options.askSize ?? '1000'),
    volume: 0n,
  };
}

/**
 * A record in the object form journals and snapshot images were written in before the compact one: bigint fields as
 * decimal strings, undefined fields dropped (what the decoders must still read).
 */
export function encodeRecord(value: object): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const source = value as Record<string, unknown>;
  for (const key in source) {
    const field = source[key];
    if (field !== undefined) record[key] = typeof field === 'bigint' ? field.toString() : field;
  }
  return record;
}
