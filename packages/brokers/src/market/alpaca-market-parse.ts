/** Pure parsers of Alpaca market data API v2 payloads (snapshots, bars) into quotes, day figures and bars. */
import { parseFixed, roundToStep } from '@trading-pro/contracts';
import type { Fixed } from '@trading-pro/contracts';
import { US_EQUITY_SESSION } from '@trading-pro/engine';
import type { DayStats, Instrument, MarketBar, MarketQuote, Resolution } from '@trading-pro/engine';

/** `GET /v2/stocks/snapshots` entry (fields as documented; all optional in practice). */
export interface AlpacaSnapshot {
  readonly latestTrade?: { readonly t: string; readonly p: number; readonly s: number };
  readonly latestQuote?: { readonly t: string; readonly bp: number; readonly bs: number; readonly ap: number; readonly as: number };
  readonly minuteBar?: AlpacaBar;
  readonly dailyBar?: AlpacaBar;
  readonly prevDailyBar?: AlpacaBar;
}

export interface AlpacaBar {
  readonly t: string;
  readonly o: number;
  readonly h: number;
  readonly l: number;
  readonly c: number;
  readonly v: number;
}

export const ALPACA_TIMEFRAMES: Readonly<Record<Resolution, string>> = { '1': '1Min', '5': '5Min', '15': '15Min', '60': '1Hour', '1D': '1Day' };

/** A US equity as Alpaca trades it: NYSE calendar, cent ticks, whole shares. */
export function alpacaInstrument(symbol: string): Instrument {
  return {
    symbol,
    description: symbol,
    type: 'stock',
    exchange: 'ALPACA',
    currency: 'USD',
    tickSize: parseFixed('0.01'),
    lotStep: parseFixed('1'),
    minQty: parseFixed('1'),
    session: US_EQUITY_SESSION,
    maxLeverage: 4,
    defaultLeverage: 1,
  };
}

const price = (value: number, instrument: Instrument): Fixed => roundToStep(parseFixed(String(value)), instrument.tickSize, 'half-even');
const size = (value: number): Fixed => parseFixed(String(value));

/** The quote of a snapshot (undefined without a quote): sizes in shares (v2 reports them in shares). */
export function quoteOfSnapshot(instrument: Instrument, snapshot: AlpacaSnapshot, previous: AlpacaSnapshot | undefined): MarketQuote | undefined {
  const quote = snapshot.latestQuote;
  if (quote === undefined || !(quote.bp > 0) || !(quote.ap > 0)) return undefined;
  const trade = snapshot.latestTrade;
  const bid = price(quote.bp, instrument);
  const ask = price(quote.ap, instrument);
  const last = trade === undefined ? bid : price(trade.p, instrument);
  const before = previous?.dailyBar?.v;
  const volume = snapshot.dailyBar !== undefined && before !== undefined && snapshot.dailyBar.v > before ? snapshot.dailyBar.v - before : 0;
  return {
    symbol: instrument.symbol,
    time: Math.max(Date.parse(quote.t), trade === undefined ? 0 : Date.parse(trade.t)),
    bid,
    ask: ask > bid ? ask : bid + instrument.tickSize,
    last,
    bidSize: size(quote.bs),
    askSize: size(quote.as),
    volume: size(volume),
  };
}

export function dayStatsOfSnapshot(instrument: Instrument, snapshot: AlpacaSnapshot): DayStats | undefined {
  const day = snapshot.dailyBar;
  if (day === undefined) return undefined;
  return { open: price(day.o, instrument), high: price(day.h, instrument), low: price(day.l, instrument), volume: size(day.v), prevClose: snapshot.prevDailyBar === undefined ? undefined : price(snapshot.prevDailyBar.c, instrument) };
}

/** A bar; daily bars are stamped 00:00 UTC of their date (Alpaca stamps them at midnight New York). */
export function barOfAlpaca(instrument: Instrument, bar: AlpacaBar, resolution: Resolution): MarketBar {
  const time = Date.parse(bar.t);
  const date = new Date(time + 12 * 3_600_000); // midnight New York is 04:00 or 05:00 UTC of the same date
  return {
    time: resolution === '1D' ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) : time,
    open: price(bar.o, instrument),
    high: price(bar.h, instrument),
    low: price(bar.l, instrument),
    close: price(bar.c, instrument),
    volume: size(bar.v),
  };
}
