/**
 * The simulated market: seeded random walks of bid/ask/last/sizes per instrument, advanced by explicit time (no
 * timers), with deterministic history that ends exactly at the price the walk starts from. Equities only quote in
 * session. The same seed, start time and sequence of `step` times always give the same quotes and bars.
 */
import type { Fixed } from '@trading-pro/contracts';
import { BarAggregator, aggregateBars, lowerBound, selectBars } from './bar.ts';
import type { MarketBar } from './bar.ts';
import { catalogOf } from './instrument.ts';
import type { InstrumentCatalog, SimulatedInstrument } from './instrument.ts';
import { BUILTIN_INSTRUMENTS } from './instruments.ts';
import type { MarketQuote } from './quote.ts';
import { createRandom, deriveSeed } from './random.ts';
import type { Random } from './random.ts';
import { resolutionMinutes } from './resolution.ts';
import type { Resolution } from './resolution.ts';
import { sessionWindowAt } from './session-calendar.ts';
import type { SessionWindow } from './session-calendar.ts';
import { generateHistory } from './simulated-history.ts';
import type { DayStats } from './source.ts';
import { WALK_PROFILES, lognormal, lotsFor, scaleOf, stepsToFixed } from './walk-profile.ts';
import type { StepScale, WalkProfile } from './walk-profile.ts';

const MINUTE = 60_000;
/** A longer pause (closed market, stalled clock) moves the price like this much time, not more. */
const MAX_STEP_MINUTES = 5;

export interface SimulatedMarketOptions {
  /** Unix ms when the live walk starts; history ends there. */
  readonly startTime: number;
  readonly seed?: number;
  readonly instruments?: readonly SimulatedInstrument[];
  /** Session days of 1-minute history (default 10). */
  readonly minuteHistoryDays?: number;
  /** Calendar days of daily history (default 400). */
  readonly dailyHistoryDays?: number;
  /** 1-minute bars kept per symbol as the walk runs on; older ones are dropped (default 20,000, about two weeks). */
  readonly maxMinuteBars?: number;
}

/** What a walk needs to make quotes. */
interface Walk {
  readonly instrument: SimulatedInstrument;
  readonly profile: WalkProfile;
  readonly rng: Random;
  readonly tick: StepScale;
  readonly lot: StepScale;
  readonly minLots: number;
}

interface SymbolState extends Walk {
  readonly minutes: MarketBar[];
  readonly daily: MarketBar[];
  readonly minuteRecorder: BarAggregator;
  readonly dailyRecorder: BarAggregator;
  /** Mid price in ticks (a float: the walk is continuous, quotes are rounded). */
  mid: number;
  lastTime: number;
  quote: MarketQuote;
  window: SessionWindow | undefined;
}

export class SimulatedMarket {
  readonly startTime: number;
  readonly seed: number;
  readonly #catalog: InstrumentCatalog;
  readonly #states = new Map<string, SymbolState>();
  readonly #maxMinuteBars: number;

  constructor(options: SimulatedMarketOptions) {
    this.startTime = options.startTime;
    this.seed = options.seed ?? 42;
    this.#maxMinuteBars = Math.max(1, options.maxMinuteBars ?? 20_000);
    const instruments = options.instruments ?? BUILTIN_INSTRUMENTS;
    this.#catalog = catalogOf(instruments);
    for (const instrument of instruments) this.#states.set(instrument.symbol, this.#initialState(instrument, options));
  }

  #initialState(instrument: SimulatedInstrument, options: SimulatedMarketOptions): SymbolState {
    const profile = WALK_PROFILES[instrument.type];
    const tick = scaleOf(instrument.tickSize);
    const lot = scaleOf(instrument.lotStep);
    const anchorTicks = Math.max(1, Math.round(Number(instrument.basePrice) / Number(instrument.tickSize)));
    const historyRng = createRandom(deriveSeed(this.seed, instrument.symbol, 'history', this.startTime));
    const history = generateHistory(
      instrument,
      profile,
      { startTime: this.startTime, anchorTicks, minuteDays: options.minuteHistoryDays ?? 10, dailyDays: options.dailyHistoryDays ?? 400 },
      historyRng,
    );
    const walk: Walk = {
      instrument,
      profile,
      rng: createRandom(deriveSeed(this.seed, instrument.symbol, 'live', this.startTime)),
      tick,
      lot,
      minLots: Math.max(1, Number((instrument.minQty + instrument.lotStep - 1n) / instrument.lotStep)),
    };
    return {
      ...walk,
      minutes: history.minutes,
      daily: history.daily,
      minuteRecorder: new BarAggregator(instrument.session, '1', history.minutes.at(-1)),
      dailyRecorder: new BarAggregator(instrument.session, '1D', history.daily.at(-1)),
      mid: anchorTicks,
      lastTime: this.startTime,
      quote: quoteAt(walk, anchorTicks, this.startTime, 0),
      window: undefined,
    };
  }

  catalog(): InstrumentCatalog {
    return this.#catalog;
  }

  /** Advances every walk to `now` and returns the new quotes (none for markets that are closed at `now`). */
  step(now: number): MarketQuote[] {
    const quotes: MarketQuote[] = [];
    for (const state of this.#states.values()) {
      if (now <= state.lastTime || !this.#isOpen(state, now)) continue;
      const minutes = Math.min(now - state.lastTime, MAX_STEP_MINUTES * MINUTE) / MINUTE;
      state.mid = Math.max(1, state.mid * Math.exp(state.profile.volPerMinute * Math.sqrt(minutes) * state.rng.gaussian()));
      state.lastTime = now;
      state.quote = quoteAt(state, state.mid, now, minutes);
      this.#record(state, state.quote);
      quotes.push(state.quote);
    }
    return quotes;
  }

  #isOpen(state: SymbolState, now: number): boolean {
    const window = state.window;
    if (window && now >= window.open && now < window.close) return true;
    state.window = sessionWindowAt(state.instrument.session, now);
    return state.window !== undefined;
  }

  #record(state: SymbolState, quote: MarketQuote): void {
    const minute = state.minuteRecorder.addQuote(quote);
    if (minute) upsert(state.minutes, minute);
    // Trim in chunks so a long run does not grow without bound nor shift the array every minute.
    if (state.minutes.length > this.#maxMinuteBars * 1.1) state.minutes.splice(0, state.minutes.length - this.#maxMinuteBars);
    const day = state.dailyRecorder.addQuote(quote);
    if (day) upsert(state.daily, day);
  }

  /** Latest quote; before the first step (or while closed) the one at the start time, at the anchor price. */
  quote(symbol: string): MarketQuote | undefined {
    return this.#states.get(symbol)?.quote;
  }

  dayStats(symbol: string): DayStats | undefined {
    const daily = this.#states.get(symbol)?.daily;
    const today = daily?.at(-1);
    if (!daily || !today) return undefined;
    return { open: today.open, high: today.high, low: today.low, volume: today.volume, prevClose: daily.at(-2)?.close };
  }

  /** See `MarketSource.history`; intraday resolutions above one minute are rolled up from the minutes. */
  history(symbol: string, resolution: Resolution, fromMs: number, toMs: number, countback?: number): MarketBar[] {
    const state = this.#states.get(symbol);
    if (!state) return [];
    if (resolution === '1D') return selectBars(state.daily, fromMs, toMs, countback);
    if (resolution === '1') return selectBars(state.minutes, fromMs, toMs, countback);
    const size = resolutionMinutes(resolution);
    // Take whole coarse bars: a margin of one coarse bar on both sides, then cut by the coarse bar times.
    const end = lowerBound(state.minutes, toMs + size * MINUTE);
    const start = countback === undefined ? lowerBound(state.minutes, fromMs - size * MINUTE) : Math.max(0, end - (countback + 2) * size);
    const bars = aggregateBars(state.minutes.slice(start, end), state.instrument.session, resolution);
    // With countback the oldest rolled-up bar may be cut short by the slice; drop it unless it is the first of all.
    return selectBars(countback !== undefined && start > 0 ? bars.slice(1) : bars, fromMs, toMs, countback);
  }

  /** Last traded price, for tests and seeding. */
  lastPrice(symbol: string): Fixed | undefined {
    return this.#states.get(symbol)?.quote.last;
  }
}

/** Replaces the newest bar when it is the same bar, else appends. */
function upsert(bars: MarketBar[], bar: MarketBar): void {
  const index = bars.length - 1;
  if (index >= 0 && bars[index]?.time === bar.time) bars[index] = bar;
  else bars.push(bar);
}

/** Quote around the current mid; `minutes` since the previous quote scale the traded volume. */
function quoteAt(walk: Walk, mid: number, time: number, minutes: number): MarketQuote {
  const { profile, rng, tick, lot, minLots } = walk;
  const spread = Math.max(1, Math.round(mid * (profile.spreadBps / 10_000) * (0.75 + 0.5 * rng.next())));
  const bid = Math.max(1, Math.round(mid - spread / 2));
  const ask = bid + spread;
  const last = Math.min(ask, Math.max(bid, Math.round(mid)));
  const price = last * tick.size;
  const volumeLots = Math.round(((profile.notionalPerMinute * minutes) / price / lot.size) * lognormal(rng, 0.6));
  return {
    symbol: walk.instrument.symbol,
    time,
    bid: stepsToFixed(bid, tick),
    ask: stepsToFixed(ask, tick),
    last: stepsToFixed(last, tick),
    bidSize: stepsToFixed(lotsFor(profile.depthNotional * lognormal(rng, 0.5), price, lot, minLots), lot),
    askSize: stepsToFixed(lotsFor(profile.depthNotional * lognormal(rng, 0.5), price, lot, minLots), lot),
    volume: stepsToFixed(volumeLots, lot),
  };
}
