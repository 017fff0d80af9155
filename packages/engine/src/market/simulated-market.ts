/**
 * The simulated market: quotes and bars of every instrument read off its deterministic price path (price-path.ts),
 * so they depend on (seed, instrument, time) only. A restart continues from the last quote, bars never change once
 * they are complete, and history reaches back to 2016 at every resolution. Quotes move while the market trades
 * (US equities also in pre- and post-market); bars follow the regular session and its exchange calendar.
 */
import type { Fixed } from '@trading-pro/contracts';
import { lowerBound } from './bar.ts';
import type { MarketBar } from './bar.ts';
import { BarCache } from './bar-cache.ts';
import { catalogOf } from './instrument.ts';
import type { InstrumentCatalog, InstrumentType, SimulatedInstrument } from './instrument.ts';
import { BUILTIN_INSTRUMENTS } from './instruments.ts';
import { PricePath, hashGaussian, hashUniform } from './price-path.ts';
import type { ActivityProfile } from './price-path.ts';
import type { MarketQuote } from './quote.ts';
import { hashString } from './random.ts';
import { resolutionMinutes } from './resolution.ts';
import type { Resolution } from './resolution.ts';
import { extendedWindowsOfDay, sessionDayIndex, sessionWindowAt, sessionWindowsBetween } from './session-calendar.ts';
import type { DayStats } from './source.ts';
import { WALK_PROFILES, lotsFor, scaleOf } from './walk-profile.ts';
import type { StepScale, WalkProfile } from './walk-profile.ts';

const MINUTE = 60_000;
const DAY_MS = 86_400_000;
/** The first bar the simulated market serves. */
export const SIMULATED_HISTORY_START = Date.parse('2016-01-01T00:00:00Z');

export interface SimulatedMarketOptions {
  /** Unix ms of the market's clock when it starts (the first quote is the path's price then). */
  readonly startTime: number;
  readonly seed?: number;
  readonly instruments?: readonly SimulatedInstrument[];
  /** Earliest bar time served (default 2016-01-01). */
  readonly historyStart?: number;
  /** Completed bars kept for reuse across all series (default `DEFAULT_BAR_CACHE_LIMIT`); older series are dropped. */
  readonly barCacheLimit?: number;
}

interface SymbolState {
  readonly instrument: SimulatedInstrument;
  readonly profile: WalkProfile;
  readonly path: PricePath;
  readonly tick: StepScale;
  readonly lot: StepScale;
  readonly minLots: number;
  readonly quoteKey: number;
  readonly volumeKey: number;
  /** Traded lots per active minute on average, at the base price. */
  readonly lotsPerMinute: number;
  quote: MarketQuote;
  /** The trading interval (regular or extended) the last quote fell in. */
  activeUntil: number;
  activeFrom: number;
}

interface Span {
  readonly time: number;
  readonly start: number;
  readonly end: number;
}

function activityOf(type: InstrumentType, spec: string): ActivityProfile {
  if (spec === '24x7') return 'always';
  if (type === 'forex') return 'fx';
  return 'us-equity';
}

export class SimulatedMarket {
  readonly startTime: number;
  readonly seed: number;
  readonly historyStart: number;
  readonly #catalog: InstrumentCatalog;
  readonly #states = new Map<string, SymbolState>();
  readonly #bars: BarCache;
  readonly #dayStats = new Map<string, { readonly key: number; readonly stats: DayStats }>();
  #clock: number;

  constructor(options: SimulatedMarketOptions) {
    this.startTime = options.startTime;
    this.seed = options.seed ?? 42;
    this.historyStart = options.historyStart ?? SIMULATED_HISTORY_START;
    this.#clock = options.startTime;
    this.#bars = new BarCache(options.barCacheLimit);
    const instruments = options.instruments ?? BUILTIN_INSTRUMENTS;
    this.#catalog = catalogOf(instruments);
    for (const instrument of instruments) this.#states.set(instrument.symbol, this.#initialState(instrument));
  }

  #initialState(instrument: SimulatedInstrument): SymbolState {
    const profile = WALK_PROFILES[instrument.type];
    const tick = scaleOf(instrument.tickSize);
    const lot = scaleOf(instrument.lotStep);
    const base = Number(instrument.basePrice) / 1e8;
    const path = new PricePath({ seed: this.seed, symbol: instrument.symbol, basePrice: base, volPerMinute: profile.volPerMinute, activity: activityOf(instrument.type, instrument.session.spec) });
    const state: SymbolState = {
      instrument,
      profile,
      path,
      tick,
      lot,
      minLots: Math.max(1, Number((instrument.minQty + instrument.lotStep - 1n) / instrument.lotStep)),
      quoteKey: hashString(`${this.seed >>> 0}|${instrument.symbol}|quote`),
      volumeKey: hashString(`${this.seed >>> 0}|${instrument.symbol}|volume`),
      lotsPerMinute: profile.notionalPerMinute / base / lot.size,
      quote: undefined as unknown as MarketQuote,
      activeUntil: Number.NEGATIVE_INFINITY,
      activeFrom: Number.POSITIVE_INFINITY,
    };
    const last = lastTradingTime(instrument, this.startTime);
    state.quote = this.#quoteAt(state, last, last - MINUTE);
    return state;
  }

  catalog(): InstrumentCatalog {
    return this.#catalog;
  }

  /** The market's clock: the latest `step` time (or the start time). */
  get clock(): number {
    return this.#clock;
  }

  /** Moves the clock to `now` and returns the new quotes (none for markets not trading at `now`). */
  step(now: number): MarketQuote[] {
    const quotes: MarketQuote[] = [];
    if (now <= this.#clock) return quotes;
    this.#clock = now;
    for (const state of this.#states.values()) {
      if (now <= state.quote.time || !this.#isTrading(state, now)) continue;
      state.quote = this.#quoteAt(state, now, state.quote.time);
      quotes.push(state.quote);
    }
    return quotes;
  }

  #isTrading(state: SymbolState, now: number): boolean {
    if (now >= state.activeFrom && now < state.activeUntil) return true;
    const window = tradingWindowAt(state.instrument, now);
    if (window === undefined) return false;
    state.activeFrom = window.open;
    state.activeUntil = window.close;
    return true;
  }

  /** The quote at `time` on the path; `previous` is the time of the quote before (its traded volume is since then). */
  #quoteAt(state: SymbolState, time: number, previous: number): MarketQuote {
    const { profile, tick, lot, minLots, path } = state;
    const price = path.priceAt(time);
    const mid = price / tick.size;
    const last = Math.max(1, Math.round(mid));
    const second = Math.floor(time / 1000);
    const spread = Math.max(1, Math.round(mid * (profile.spreadBps / 10_000) * (0.75 + 0.5 * hashUniform(state.quoteKey, 3 * second))));
    const bid = Math.max(1, last - Math.floor(spread / 2));
    const ask = bid + spread;
    const depth = (index: number): Fixed => {
      const size = lotsFor(profile.depthNotional * Math.exp(0.5 * hashGaussian(state.quoteKey, index) - 0.125), price, lot, minLots);
      return BigInt(size) * lot.step;
    };
    const elapsed = Math.min(Math.max(0, time - previous), 5 * MINUTE) / MINUTE;
    const volumeLots = Math.round(this.#minuteLots(state, Math.floor(time / MINUTE)) * elapsed);
    return {
      symbol: state.instrument.symbol,
      time,
      bid: BigInt(bid) * tick.step,
      ask: BigInt(ask) * tick.step,
      last: BigInt(last) * tick.step,
      bidSize: depth(3 * second + 1),
      askSize: depth(3 * second + 2),
      volume: BigInt(volumeLots) * lot.step,
    };
  }

  /** Lots traded in wall-clock minute `minute` (deterministic). */
  #minuteLots(state: SymbolState, minute: number): number {
    return state.lotsPerMinute * Math.exp(0.6 * hashGaussian(state.volumeKey, minute) - 0.18);
  }

  /** Latest quote; while the market is closed, the last one before it closed. */
  quote(symbol: string): MarketQuote | undefined {
    return this.#states.get(symbol)?.quote;
  }

  dayStats(symbol: string): DayStats | undefined {
    const state = this.#states.get(symbol);
    if (!state) return undefined;
    const minute = Math.floor(this.#clock / MINUTE);
    const cached = this.#dayStats.get(symbol);
    let stats = cached?.key === minute ? cached.stats : undefined;
    if (stats === undefined) {
      const [previous, today] = this.history(symbol, '1D', this.historyStart, minute * MINUTE + 1, 2);
      if (today === undefined) return undefined;
      stats = { open: today.open, high: today.high, low: today.low, volume: today.volume, prevClose: previous?.close };
      this.#dayStats.set(symbol, { key: minute, stats });
    }
    const last = state.quote.last;
    return { ...stats, high: last > stats.high ? last : stats.high, low: last < stats.low ? last : stats.low };
  }

  /**
   * See `MarketSource.history`: bars with `fromMs` ≤ time < `toMs` (or the newest `countback` before `toMs`) up to
   * the market's clock, the forming bar included (it ends at the clock).
   */
  history(symbol: string, resolution: Resolution, fromMs: number, toMs: number, countback?: number): MarketBar[] {
    const state = this.#states.get(symbol);
    if (!state) return [];
    const now = this.#clock;
    const to = Math.min(toMs, now + 1);
    const floor = Math.max(this.historyStart, countback === undefined ? fromMs : this.historyStart);
    if (to <= floor) return [];
    let spans: Span[];
    if (countback === undefined) spans = spansBetween(state.instrument, resolution, floor, to);
    else {
      let reach = Math.max(7 * DAY_MS, countback * resolutionMinutes(resolution) * MINUTE * 3);
      for (;;) {
        const from = Math.max(floor, to - reach);
        spans = spansBetween(state.instrument, resolution, from, to);
        if (spans.length >= countback || from === floor) break;
        reach *= 4;
      }
      spans = spans.slice(Math.max(0, spans.length - countback));
    }
    return spans.flatMap((span) => (span.start < now ? [this.#bar(state, resolution, span, now)] : []));
  }

  #bar(state: SymbolState, resolution: Resolution, span: Span, now: number): MarketBar {
    const complete = span.end <= now;
    const series = `${state.instrument.symbol}|${resolution}`;
    if (complete) {
      const cached = this.#bars.get(series, span.time);
      if (cached) return cached;
    }
    const closeTime = Math.min(span.end - 1, now);
    const range = state.path.range(span.start, closeTime);
    const toPrice = (value: number): Fixed => BigInt(Math.max(1, Math.round(value / state.tick.size))) * state.tick.step;
    let lots = 0;
    const lastMinute = Math.floor(closeTime / MINUTE);
    for (let minute = Math.floor(span.start / MINUTE); minute <= lastMinute; minute++) lots += this.#minuteLots(state, minute);
    const bar: MarketBar = {
      time: span.time,
      open: toPrice(range.open),
      high: toPrice(range.high),
      low: toPrice(range.low),
      close: toPrice(range.close),
      volume: BigInt(Math.round(lots)) * state.lot.step,
    };
    if (complete) this.#bars.set(series, bar);
    return bar;
  }

  /** Last traded price, for tests and seeding. */
  lastPrice(symbol: string): Fixed | undefined {
    return this.#states.get(symbol)?.quote.last;
  }
}

/** The bars of `resolution` whose time is in [fromMs, toMs), oldest first, as wall-clock spans of the session. */
function spansBetween(instrument: SimulatedInstrument, resolution: Resolution, fromMs: number, toMs: number): Span[] {
  const spans: Span[] = [];
  const session = instrument.session;
  const size = resolutionMinutes(resolution) * MINUTE;
  // Daily bars are stamped 00:00 UTC of their date, which an overnight session opens before: look a day wider.
  for (const window of sessionWindowsBetween(session, fromMs - DAY_MS, toMs + DAY_MS)) {
    if (resolution === '1D') {
      if (window.day >= fromMs && window.day < toMs) spans.push({ time: window.day, start: window.open, end: window.close });
      continue;
    }
    const first = Math.max(window.open, window.open + Math.ceil((fromMs - window.open) / size) * size);
    for (let time = first; time < window.close && time < toMs; time += size) spans.push({ time, start: time, end: Math.min(time + size, window.close) });
  }
  spans.sort((a, b) => a.time - b.time);
  // Neighbouring windows of one trading date (not used by the built-in sessions) would give one daily bar twice.
  return resolution === '1D' ? spans.filter((span, i) => spans[i - 1]?.time !== span.time) : spans;
}

/** The trading interval (regular session, or pre/post-market where the calendar has them) at `timeMs`. */
export function tradingWindowAt(instrument: SimulatedInstrument | { readonly session: SimulatedInstrument['session'] }, timeMs: number): { open: number; close: number } | undefined {
  const session = instrument.session;
  if (session.spec === '24x7') return { open: Math.floor(timeMs / DAY_MS) * DAY_MS, close: Math.floor(timeMs / DAY_MS) * DAY_MS + DAY_MS };
  const extended = extendedWindowsOfDay(session, sessionDayIndex(session, timeMs));
  if (extended !== undefined) return timeMs >= extended.pre.open && timeMs < extended.post.close ? { open: extended.pre.open, close: extended.post.close } : undefined;
  const window = sessionWindowAt(session, timeMs);
  return window === undefined ? undefined : { open: window.open, close: window.close };
}

/** The latest moment at or before `timeMs` when the instrument traded (just before the last close when closed). */
export function lastTradingTime(instrument: SimulatedInstrument, timeMs: number): number {
  if (tradingWindowAt(instrument, timeMs) !== undefined) return timeMs;
  const session = instrument.session;
  const day = sessionDayIndex(session, timeMs);
  for (let d = day; d > day - 15; d--) {
    const extended = extendedWindowsOfDay(session, d);
    if (extended !== undefined && extended.post.close <= timeMs) return extended.post.close - 1;
  }
  const windows = sessionWindowsBetween(session, timeMs - 15 * DAY_MS, timeMs).filter((w) => w.close <= timeMs);
  const last = windows.at(-1);
  return last === undefined ? timeMs : last.close - 1;
}

export { lowerBound };
