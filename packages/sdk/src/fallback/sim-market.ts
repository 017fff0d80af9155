/** The offline fallback's market: a few instruments on seeded random walks, with quotes and one-minute bars. */
import { divRound, fromFixed, parseFixed, roundToStep, type Fixed } from '@trading-pro/contracts';
import type { Bar, QuoteData } from '../types.ts';

export interface SimInstrument {
  readonly symbol: string;
  readonly description: string;
  readonly type: 'crypto' | 'stock' | 'forex';
  readonly exchange: string;
  readonly tickSize: Fixed;
  readonly lotStep: Fixed;
  readonly minQty: Fixed;
  readonly maxLeverage: number;
  readonly basePrice: Fixed;
}

function instrument(type: SimInstrument['type'], symbol: string, exchange: string, description: string, price: string, tick: string, lot: string, maxLeverage: number): SimInstrument {
  return { symbol, description, type, exchange, tickSize: parseFixed(tick), lotStep: parseFixed(lot), minQty: parseFixed(lot), maxLeverage, basePrice: parseFixed(price) };
}

/** The same symbols, ticks and lot steps as the server's simulated market, so a bot behaves alike on both. */
export const SIM_INSTRUMENTS: readonly SimInstrument[] = [
  instrument('crypto', 'BTCUSD', 'CRYPTO', 'Bitcoin / US Dollar', '65000.00', '0.01', '0.00001', 10),
  instrument('crypto', 'ETHUSD', 'CRYPTO', 'Ethereum / US Dollar', '3200.00', '0.01', '0.0001', 10),
  instrument('stock', 'AAPL', 'NASDAQ', 'Apple Inc.', '190.00', '0.01', '1', 4),
  instrument('forex', 'EURUSD', 'FX', 'Euro / US Dollar', '1.08000', '0.00001', '1000', 50),
];

export interface SimQuote {
  readonly bid: Fixed;
  readonly ask: Fixed;
  readonly last: Fixed;
  readonly open: Fixed;
  readonly high: Fixed;
  readonly low: Fixed;
  readonly volume: number;
  readonly time: number;
}

const MINUTE = 60_000;

/** mulberry32: small, fast, seeded. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hashSeed(...parts: readonly (string | number)[]): number {
  let h = 2166136261;
  for (const char of parts.join('|')) h = Math.imul(h ^ char.charCodeAt(0), 16777619);
  return h >>> 0;
}

/** One step of a walk: ±`volatility` of the price, on the tick, never below one tick. */
export function step(price: Fixed, tick: Fixed, random: () => number, volatilityBp = 5): Fixed {
  const moveBp = Math.round((random() * 2 - 1) * volatilityBp * 100); // hundredths of a basis point
  const next = roundToStep(price + divRound(price * BigInt(moveBp), 1_000_000n), tick);
  return next < tick ? tick : next;
}

export class SimMarket {
  readonly #quotes = new Map<string, SimQuote>();
  readonly #bars = new Map<string, Bar>();
  readonly #random: () => number;

  constructor(seed: number, now: number) {
    this.#random = seededRandom(seed);
    for (const i of SIM_INSTRUMENTS) {
      const spread = i.tickSize * 2n;
      this.#quotes.set(i.symbol, { bid: i.basePrice - spread, ask: i.basePrice + spread, last: i.basePrice, open: i.basePrice, high: i.basePrice, low: i.basePrice, volume: 0, time: now });
      this.#bars.set(i.symbol, this.#newBar(i.basePrice, now));
    }
  }

  instrument(symbol: string): SimInstrument | undefined {
    return SIM_INSTRUMENTS.find((i) => i.symbol === symbol.toUpperCase() || `${i.exchange}:${i.symbol}` === symbol.toUpperCase());
  }

  quote(symbol: string): SimQuote | undefined {
    return this.#quotes.get(symbol);
  }

  bar(symbol: string): Bar | undefined {
    return this.#bars.get(symbol);
  }

  /** Moves every instrument one step; returns the symbols that changed. */
  tick(now: number): string[] {
    for (const i of SIM_INSTRUMENTS) {
      const q = this.#quotes.get(i.symbol);
      if (!q) continue;
      const last = step(q.last, i.tickSize, this.#random);
      const half = i.tickSize * BigInt(1 + Math.floor(this.#random() * 3));
      const volume = Math.round(this.#random() * 10);
      this.#quotes.set(i.symbol, { bid: last - half, ask: last + half, last, open: q.open, high: last > q.high ? last : q.high, low: last < q.low ? last : q.low, volume: q.volume + volume, time: now });
      this.#updateBar(i.symbol, last, volume, now);
    }
    return SIM_INSTRUMENTS.map((i) => i.symbol);
  }

  quoteData(symbol: string): QuoteData {
    const i = this.instrument(symbol);
    const q = i ? this.#quotes.get(i.symbol) : undefined;
    if (!i || !q) return { s: 'error', n: symbol, v: { errmsg: `unknown symbol ${symbol}` } };
    const ch = q.last - q.open;
    return {
      s: 'ok',
      n: i.symbol,
      v: {
        lp: fromFixed(q.last),
        bid: fromFixed(q.bid),
        ask: fromFixed(q.ask),
        ch: fromFixed(ch),
        // A display percentage, not money: a float is fine here.
        chp: Number(((fromFixed(ch) / fromFixed(q.open)) * 100).toFixed(2)),
        volume: q.volume,
        open_price: fromFixed(q.open),
        high_price: fromFixed(q.high),
        low_price: fromFixed(q.low),
        prev_close_price: fromFixed(q.open),
        short_name: i.symbol,
        exchange: i.exchange,
        description: i.description,
        original_name: `${i.exchange}:${i.symbol}`,
        time: q.time,
      },
    };
  }

  #newBar(price: Fixed, now: number): Bar {
    const value = fromFixed(price);
    return { time: now - (now % MINUTE), open: value, high: value, low: value, close: value, volume: 0 };
  }

  #updateBar(symbol: string, price: Fixed, volume: number, now: number): void {
    const bar = this.#bars.get(symbol);
    const value = fromFixed(price);
    if (!bar || now - (now % MINUTE) !== bar.time) {
      this.#bars.set(symbol, { ...this.#newBar(price, now), volume });
      return;
    }
    this.#bars.set(symbol, { time: bar.time, open: bar.open, high: Math.max(bar.high, value), low: Math.min(bar.low, value), close: value, volume: bar.volume + volume });
  }
}
