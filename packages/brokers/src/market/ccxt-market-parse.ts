/** Pure mapping from ccxt's unified public data (markets, tickers, OHLCV rows) to engine instruments, quotes and bars. */
import { parseFixed, roundToStep, toFixed } from '@trading-pro/contracts';
import type { Fixed } from '@trading-pro/contracts';
import { CRYPTO_SESSION } from '@trading-pro/engine';
import type { DayStats, Instrument, MarketBar, MarketQuote, Resolution } from '@trading-pro/engine';
import type { MarketInterface, OHLCV, Ticker } from 'ccxt';

/** ccxt's `TICK_SIZE` precision mode: precision values are steps (0.01), not decimal places (2). */
const CCXT_TICK_SIZE = 4;

export const CCXT_TIMEFRAMES: Readonly<Record<Resolution, string>> = { '1': '1m', '5': '5m', '15': '15m', '60': '1h', '1D': '1d' };

/** Our symbol for a ccxt market: base and quote joined (`BTC/USDT` → `BTCUSDT`). */
export function symbolOfMarket(market: Pick<MarketInterface, 'base' | 'quote'>): string {
  return `${market.base}${market.quote}`.toUpperCase();
}

/** A price or amount step from ccxt's precision; unknown precision falls back to the finest step we hold (1e-8). */
function stepOf(precision: number | undefined, precisionMode: number): Fixed {
  if (precision === undefined || !Number.isFinite(precision)) return 1n;
  if (precisionMode === CCXT_TICK_SIZE) {
    const step = toFixed(precision);
    return step > 0n ? step : 1n;
  }
  return parseFixed(`1e-${Math.min(8, Math.max(0, Math.round(precision)))}`);
}

/** A spot market as an always-open, cash-only instrument. */
export function instrumentOfMarket(market: MarketInterface, exchangeName: string, precisionMode: number): Instrument {
  const tickSize = stepOf(market.precision.price, precisionMode);
  const lotStep = stepOf(market.precision.amount, precisionMode);
  const min = market.limits.amount?.min;
  const minQty = min !== undefined && min > 0 ? roundToStep(toFixed(min), lotStep, 'ceil') : lotStep;
  return {
    symbol: symbolOfMarket(market),
    description: `${market.base} / ${market.quote}`,
    type: 'crypto',
    exchange: exchangeName.toUpperCase(),
    currency: market.quote,
    tickSize,
    lotStep,
    minQty: minQty > 0n ? minQty : lotStep,
    session: CRYPTO_SESSION,
    maxLeverage: 1,
    defaultLeverage: 1,
  };
}

function price(value: number | undefined, tick: Fixed): Fixed | undefined {
  return value === undefined || !Number.isFinite(value) ? undefined : roundToStep(toFixed(value), tick);
}

function amount(value: number | undefined, step: Fixed): Fixed {
  return value === undefined || !Number.isFinite(value) || value <= 0 ? 0n : roundToStep(toFixed(value), step, 'down');
}

/**
 * A ticker as a quote; undefined when it has no usable price. `volume` is what traded since `previous`
 * (the growth of the rolling 24-hour volume, 0 when it shrank).
 */
export function quoteOfTicker(instrument: Instrument, ticker: Ticker, previous: Ticker | undefined, now: number): MarketQuote | undefined {
  const last = price(ticker.last ?? ticker.close, instrument.tickSize);
  const bid = price(ticker.bid, instrument.tickSize) ?? last;
  const ask = price(ticker.ask, instrument.tickSize) ?? last;
  const traded = previous?.baseVolume !== undefined && ticker.baseVolume !== undefined ? ticker.baseVolume - previous.baseVolume : 0;
  const quoteLast = last ?? (bid !== undefined && ask !== undefined ? roundToStep((bid + ask) / 2n, instrument.tickSize) : undefined);
  if (quoteLast === undefined || bid === undefined || ask === undefined) return undefined;
  return {
    symbol: instrument.symbol,
    time: ticker.timestamp ?? now,
    bid,
    ask,
    last: quoteLast,
    bidSize: amount(ticker.bidVolume, instrument.lotStep),
    askSize: amount(ticker.askVolume, instrument.lotStep),
    volume: amount(traded, instrument.lotStep),
  };
}

export function dayStatsOfTicker(instrument: Instrument, ticker: Ticker): DayStats | undefined {
  const last = price(ticker.last ?? ticker.close, instrument.tickSize);
  const open = price(ticker.open, instrument.tickSize) ?? last;
  if (open === undefined) return undefined;
  return {
    open,
    high: price(ticker.high, instrument.tickSize) ?? open,
    low: price(ticker.low, instrument.tickSize) ?? open,
    volume: amount(ticker.baseVolume, instrument.lotStep),
    prevClose: price(ticker.previousClose, instrument.tickSize),
  };
}

/** An OHLCV row as a bar, prices on the tick; rows with a missing field are dropped (undefined). */
export function barOfOhlcv(instrument: Instrument, row: OHLCV): MarketBar | undefined {
  const [time, open, high, low, close, volume] = row;
  const values = [open, high, low, close].map((v) => price(v, instrument.tickSize));
  const [o, h, l, c] = values;
  if (time === undefined || o === undefined || h === undefined || l === undefined || c === undefined) return undefined;
  return { time, open: o, high: h, low: l, close: c, volume: volume === undefined ? 0n : toFixed(Math.max(0, volume)) };
}
