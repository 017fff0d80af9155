/** What the paper broker needs from a market source: instruments, the latest quote, and a stream of quotes. */
import type { InstrumentCatalog, MarketQuote } from '@trading-pro/engine';

export interface QuoteFeed {
  /** `simulated`, `csv`, `ccxt:binance`, … (the market source's kind). */
  readonly kind?: string;
  instruments(): InstrumentCatalog;
  quote(symbol: string): MarketQuote | undefined;
  subscribe(listener: (quote: MarketQuote) => void): () => void;
}
