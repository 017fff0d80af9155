/** A quote feed for the paper broker whose one price (BTCUSD, no spread) a test sets; every change is pushed at once. */
import { fixedToString, parseFixed } from '@trading-pro/contracts';
import { catalogOf, type Instrument, type MarketQuote } from '@trading-pro/engine';
import type { QuoteFeed } from '../../src/paper/quote-feed.ts';

export const BTC: Instrument = {
  symbol: 'BTCUSD',
  description: 'Bitcoin',
  type: 'crypto',
  exchange: 'SIM',
  currency: 'USD',
  tickSize: parseFixed('0.01'),
  lotStep: parseFixed('0.001'),
  minQty: parseFixed('0.001'),
  session: { spec: '24x7', timezone: 'Etc/UTC' },
  maxLeverage: 10,
  defaultLeverage: 1,
};

export class ControlledFeed implements QuoteFeed {
  readonly #listeners = new Set<(quote: MarketQuote) => void>();
  #quote: MarketQuote;

  constructor(price: string) {
    this.#quote = quoteAt(price);
  }

  instruments() {
    return catalogOf([BTC]);
  }

  quote(symbol: string): MarketQuote | undefined {
    return symbol === BTC.symbol ? this.#quote : undefined;
  }

  subscribe(listener: (quote: MarketQuote) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get price(): number {
    return Number(fixedToString(this.#quote.last));
  }

  setPrice(price: number): void {
    this.#quote = quoteAt(price.toFixed(2));
    for (const listener of this.#listeners) listener(this.#quote);
  }
}

function quoteAt(price: string): MarketQuote {
  const value = parseFixed(price);
  return { symbol: BTC.symbol, time: Date.now(), bid: value, ask: value, last: value, bidSize: parseFixed('1000'), askSize: parseFixed('1000'), volume: 0n };
}

