/**
 * CSV files of OHLCV bars as a `MarketSource` (format in csv-bars.ts). Bars before `replayFrom` are history; the
 * rest replay one timestamp per step, each bar as four quotes (open, then high and low in the likely order, then close)
 * spread over the bar's time. Symbols unknown to the catalog become 24x7 instruments with the tick read from the data.
 */
import { divRound, roundToStep } from '@trading-pro/contracts';
import type { Fixed } from '@trading-pro/contracts';
import { aggregateBars, selectBars } from './bar.ts';
import type { MarketBar } from './bar.ts';
import { inferTickSize, parseCsvBars } from './csv-bars.ts';
import { catalogOf } from './instrument.ts';
import type { Instrument, InstrumentCatalog } from './instrument.ts';
import { builtinCatalog, CRYPTO_SESSION } from './instruments.ts';
import type { MarketQuote } from './quote.ts';
import { resolutionMinutes } from './resolution.ts';
import type { Resolution } from './resolution.ts';
import { DAY_MS, sessionWindowsBetween } from './session-calendar.ts';
import { notifyListeners } from './source.ts';
import type { DayStats, MarketSource, QuoteListener } from './source.ts';

const MINUTE = 60_000;

export interface CsvFile {
  readonly symbol: string;
  readonly text: string;
  /** For error messages (default `<symbol>.csv`). */
  readonly name?: string;
}

export interface CsvSourceOptions {
  readonly files: readonly CsvFile[];
  /** Instruments the symbols are looked up in (default: the built-in list). */
  readonly catalog?: InstrumentCatalog;
  /** Unix ms; bars before it are history from the start (default: the first bar, so everything replays). */
  readonly replayFrom?: number;
  /** Milliseconds between replay steps when started (default 250). */
  readonly intervalMs?: number;
  /** Quoted spread in ticks (default 1). */
  readonly spreadTicks?: number;
  readonly onListenerError?: (error: unknown) => void;
}

interface Series {
  readonly instrument: Instrument;
  readonly bars: readonly MarketBar[];
  /** Resolution the file is in: 1D, or the smallest gap between bars in minutes. */
  readonly baseMinutes: number;
  /** Bars replayed so far (history). */
  revealed: number;
  quote: MarketQuote | undefined;
}

/** An instrument for a symbol no catalog knows: 24x7, lot 1, no leverage, ticked by the data's own precision. */
export function instrumentFromBars(symbol: string, bars: readonly MarketBar[]): Instrument {
  return {
    symbol,
    description: symbol,
    type: 'stock',
    exchange: 'CSV',
    currency: 'USD',
    tickSize: inferTickSize(bars),
    lotStep: 100_000_000n,
    minQty: 100_000_000n,
    session: CRYPTO_SESSION,
    maxLeverage: 1,
    defaultLeverage: 1,
  };
}

function baseMinutesOf(bars: readonly MarketBar[]): number {
  let gap = Infinity;
  for (let i = 1; i < bars.length; i++) gap = Math.min(gap, (bars[i]?.time ?? 0) - (bars[i - 1]?.time ?? 0));
  return gap >= DAY_MS * 0.8 || bars.length < 2 ? 1440 : Math.max(1, Math.round(gap / MINUTE));
}

export class CsvMarketSource implements MarketSource {
  readonly kind = 'csv';
  readonly #series = new Map<string, Series>();
  readonly #catalog: InstrumentCatalog;
  /** Distinct bar times across all files, in order; the replay walks them. */
  readonly #timeline: readonly number[];
  #cursor = 0;
  readonly #listeners = new Set<QuoteListener>();
  readonly #intervalMs: number;
  readonly #spreadTicks: bigint;
  readonly #onListenerError: (error: unknown) => void;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: CsvSourceOptions) {
    const catalog = options.catalog ?? builtinCatalog();
    this.#intervalMs = options.intervalMs ?? 250;
    this.#spreadTicks = BigInt(Math.max(0, Math.round(options.spreadTicks ?? 1)));
    this.#onListenerError = options.onListenerError ?? ((error) => console.error('market quote listener failed', error));
    const times = new Set<number>();
    for (const file of options.files) {
      const parsed = parseCsvBars(file.text, file.name ?? `${file.symbol}.csv`);
      const baseMinutes = baseMinutesOf(parsed);
      const known = catalog.get(file.symbol);
      const instrument = known ?? instrumentFromBars(file.symbol, parsed);
      const bars = parsed.map((bar) => normalize(bar, instrument, baseMinutes, known !== undefined));
      for (const bar of bars) times.add(bar.time);
      this.#series.set(file.symbol, { instrument, bars, baseMinutes, revealed: 0, quote: undefined });
    }
    this.#catalog = catalogOf([...this.#series.values()].map((s) => s.instrument));
    this.#timeline = [...times].sort((a, b) => a - b);
    const replayFrom = options.replayFrom ?? this.#timeline[0] ?? 0;
    while ((this.#timeline[this.#cursor] ?? Infinity) < replayFrom) this.#cursor++;
    for (const series of this.#series.values()) {
      series.revealed = series.bars.filter((bar) => bar.time < replayFrom).length;
      const last = series.bars[series.revealed - 1];
      if (last) series.quote = this.#quoteAt(series, last.close, last.time, 0n);
    }
  }

  instruments(): InstrumentCatalog {
    return this.#catalog;
  }

  quote(symbol: string): MarketQuote | undefined {
    return this.#series.get(symbol)?.quote;
  }

  dayStats(symbol: string): DayStats | undefined {
    const daily = this.#daily(symbol);
    const today = daily.at(-1);
    if (!today) return undefined;
    return { open: today.open, high: today.high, low: today.low, volume: today.volume, prevClose: daily.at(-2)?.close };
  }

  history(symbol: string, resolution: Resolution, fromMs: number, toMs: number, countback?: number): Promise<readonly MarketBar[]> {
    return Promise.resolve(selectBars(this.#bars(symbol, resolution), fromMs, toMs, countback));
  }

  /** Replayed bars of a resolution the file can make: its own, coarser multiples of it, and daily. */
  #bars(symbol: string, resolution: Resolution): readonly MarketBar[] {
    const series = this.#series.get(symbol);
    if (!series) return [];
    if (resolution === '1D') return this.#daily(symbol);
    const minutes = resolutionMinutes(resolution);
    if (series.baseMinutes === 1440 || minutes % series.baseMinutes !== 0) return [];
    const revealed = series.bars.slice(0, series.revealed);
    return minutes === series.baseMinutes ? revealed : aggregateBars(revealed, series.instrument.session, resolution);
  }

  #daily(symbol: string): readonly MarketBar[] {
    const series = this.#series.get(symbol);
    if (!series) return [];
    const revealed = series.bars.slice(0, series.revealed);
    return series.baseMinutes === 1440 ? revealed : aggregateBars(revealed, series.instrument.session, '1D');
  }

  subscribe(listener: QuoteListener): () => void {
    const wrapped: QuoteListener = (quote) => listener(quote);
    this.#listeners.add(wrapped);
    return () => this.#listeners.delete(wrapped);
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.advance(), this.#intervalMs);
    // Node timers can stop holding the process open; browsers have no such thing.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** True once every bar has been replayed. */
  get finished(): boolean {
    return this.#cursor >= this.#timeline.length;
  }

  /** Replays the bars of the next timestamp (one per file that has it) and returns their quotes. */
  advance(): readonly MarketQuote[] {
    const time = this.#timeline[this.#cursor];
    if (time === undefined) return [];
    this.#cursor++;
    const quotes: MarketQuote[] = [];
    for (const series of this.#series.values()) {
      const bar = series.bars[series.revealed];
      if (!bar || bar.time !== time) continue;
      series.revealed++;
      quotes.push(...this.#replay(series, bar));
    }
    for (const quote of quotes) notifyListeners(this.#listeners, quote, this.#onListenerError);
    return quotes;
  }

  #replay(series: Series, bar: MarketBar): MarketQuote[] {
    const [start, length] = replaySpan(series, bar);
    // A bar that closed above its open more likely went down first, and the other way round.
    const path = bar.close >= bar.open ? [bar.open, bar.low, bar.high, bar.close] : [bar.open, bar.high, bar.low, bar.close];
    const share = roundToStep(divRound(bar.volume, 4n, 'down'), series.instrument.lotStep, 'down');
    return path.map((price, i) => {
      const volume = i < 3 ? share : bar.volume - 3n * share;
      series.quote = this.#quoteAt(series, price, start + Math.floor((length * i) / 4), volume);
      return series.quote;
    });
  }

  #quoteAt(series: Series, last: Fixed, time: number, volume: Fixed): MarketQuote {
    const { tickSize, lotStep, minQty } = series.instrument;
    const below = this.#spreadTicks / 2n;
    const bid = last - below * tickSize > 0n ? last - below * tickSize : last;
    const size = roundToStep(divRound(volume, 4n, 'down'), lotStep, 'down');
    const shown = size > minQty ? size : minQty;
    return { symbol: series.instrument.symbol, time, bid, ask: bid + this.#spreadTicks * tickSize, last, bidSize: shown, askSize: shown, volume };
  }
}

/** Keeps daily bars on 00:00 UTC and rounds a known instrument's prices to its tick. */
function normalize(bar: MarketBar, instrument: Instrument, baseMinutes: number, known: boolean): MarketBar {
  const time = baseMinutes === 1440 ? Math.floor(bar.time / DAY_MS) * DAY_MS : bar.time;
  if (!known) return { ...bar, time };
  const tick = instrument.tickSize;
  return { time, open: roundToStep(bar.open, tick), high: roundToStep(bar.high, tick), low: roundToStep(bar.low, tick), close: roundToStep(bar.close, tick), volume: bar.volume };
}

/** When a bar's quotes are stamped: inside the session for a daily bar, over the bar's own minutes otherwise. */
function replaySpan(series: Series, bar: MarketBar): [number, number] {
  if (series.baseMinutes !== 1440) return [bar.time, series.baseMinutes * MINUTE];
  const window = sessionWindowsBetween(series.instrument.session, bar.time - DAY_MS, bar.time + 2 * DAY_MS).find((w) => w.day === bar.time);
  return window ? [window.open, window.close - window.open] : [bar.time, DAY_MS];
}
