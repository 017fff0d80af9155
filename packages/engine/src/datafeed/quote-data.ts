/** Maps engine quotes and bars to TradingView's `QuoteData` and `Bar` (JSON numbers at the API edge). */
import { fromFixed } from '@trading-pro/contracts';
import type { Bar, QuoteData } from '@trading-pro/contracts';
import type { MarketBar } from '../market/bar.ts';
import type { Instrument } from '../market/instrument.ts';
import type { MarketQuote } from '../market/quote.ts';
import type { DayStats } from '../market/source.ts';
import { marketFields } from './symbol-info.ts';

export function toBar(bar: MarketBar): Bar {
  return {
    time: bar.time,
    open: fromFixed(bar.open),
    high: fromFixed(bar.high),
    low: fromFixed(bar.low),
    close: fromFixed(bar.close),
    volume: fromFixed(bar.volume),
  };
}

export function quoteError(symbol: string, message: string): QuoteData {
  return { s: 'error', n: symbol, v: { errmsg: message } };
}

/** `ch`/`chp` are against the previous day's close (0 when unknown); the day's figures fall back to the quote. */
export function toQuoteData(instrument: Instrument, quote: MarketQuote, stats: DayStats | undefined, now = quote.time): QuoteData {
  const prevClose = stats?.prevClose;
  const change = prevClose === undefined ? 0n : quote.last - prevClose;
  const percent = prevClose === undefined || prevClose === 0n ? 0 : Math.round((Number(change * 1_000_000n / prevClose) / 10_000) * 100) / 100;
  return {
    s: 'ok',
    n: instrument.symbol,
    v: {
      lp: fromFixed(quote.last),
      bid: fromFixed(quote.bid),
      ask: fromFixed(quote.ask),
      bid_size: fromFixed(quote.bidSize),
      ask_size: fromFixed(quote.askSize),
      ch: fromFixed(change),
      chp: percent,
      volume: fromFixed(stats?.volume ?? 0n),
      open_price: fromFixed(stats?.open ?? quote.last),
      high_price: fromFixed(stats?.high ?? quote.last),
      low_price: fromFixed(stats?.low ?? quote.last),
      prev_close_price: fromFixed(prevClose ?? quote.last),
      short_name: instrument.symbol,
      exchange: instrument.exchange,
      description: instrument.description,
      original_name: `${instrument.exchange}:${instrument.symbol}`,
      time: quote.time,
      ...marketFields(instrument, now),
    },
  };
}
