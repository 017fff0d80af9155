/**
 * The backtester: replays bars through the same `PaperEngine` the live paper broker runs, at full speed. Per bar time:
 * the four quotes (bar-quotes.ts) of every symbol with a bar then go to `onQuote` (quote k of each symbol before quote
 * k + 1 of any), timers due by the close run, then the strategy's `onBar` runs at the close quote's time once per
 * symbol, then the equity is sampled. Orders reach the engine with its latency (default 1 ms), so an order placed in
 * `onBar` fills on the following quotes — a market order at the next bar's open — as in a live session.
 */
import { OrderStatus, toFixed } from '@trading-pro/contracts';
import type { MarketBar } from '../market/bar.ts';
import type { Instrument, InstrumentCatalog } from '../market/instrument.ts';
import { minorUnitOf } from '../paper/accounting.ts';
import type { PaperEngine } from '../paper/engine.ts';
import { BacktestContext } from './backtest-context.ts';
import type { StrategyCommand } from './backtest-context.ts';
import { backtestInstrument, barsOnTick } from './backtest-instrument.ts';
import { BarQuoter, QuoteSlot, barSpanOf } from './bar-quotes.ts';
import { BarSeries } from './bar-series.ts';
import { finishRun, initRun, paperEngineFor, playBarTime, settingsOf } from './replay-core.ts';
import type { ReplayFeed, ReplayOptions, ReplayRun } from './replay-core.ts';
import { buildReport } from './report.ts';
import type { BacktestReport, BacktestSettings } from './report.ts';
import type { StrategyParams } from './strategy.ts';
import { TimerQueue } from './timer-queue.ts';
import { TradeLedger } from './trade-ledger.ts';

export { StrategyError } from './replay-core.ts';
export type { ReplayOptions } from './replay-core.ts';

/** The bars of one symbol. */
export interface BacktestData {
  readonly symbol: string;
  /** Bars in increasing time order (e.g. from `parseCsvBars`). */
  readonly bars: readonly MarketBar[];
  /** Default: the built-in instrument of that symbol, else a 24x7 one ticked by the data (`backtestInstrument`). */
  readonly instrument?: Instrument;
}

export interface BacktestOptions<State, Params extends StrategyParams = StrategyParams> extends ReplayOptions<State, Params> {
  /** One symbol: `symbol` and `bars` (and `instrument`); several: `data`. */
  readonly symbol?: string;
  readonly bars?: readonly MarketBar[];
  readonly instrument?: Instrument;
  /** Several symbols, one entry each; the strategy sees them in this order. */
  readonly data?: readonly BacktestData[];
  readonly catalog?: InstrumentCatalog;
}

export interface BacktestRun {
  readonly report: BacktestReport;
  /** The engine after the last bar: orders, executions, positions, books. */
  readonly engine: PaperEngine;
  /** What the strategy sent, with times, in order. */
  readonly commands: readonly StrategyCommand[];
  /** The quoter of the first symbol. */
  readonly quoter: BarQuoter;
  /** Why the strategy stopped the run early (undefined when it ran to the last bar). */
  readonly stopReason?: string;
}

/** One symbol of a replay: its instrument, bars on the tick, quoter, and where the strategy stands in them. */
interface Feed extends ReplayFeed {
  readonly series: BarSeries;
  readonly instrument: Instrument;
  readonly bars: readonly MarketBar[];
  /** Index of the symbol's latest bar at each bar time of the replay (-1 before its first). */
  readonly barAt: Int32Array;
}

/** Everything a replay leaves behind; `reportBacktest` turns it into the report. */
export interface BacktestReplay {
  readonly strategy: string;
  /** The first symbol's instrument. */
  readonly instrument: Instrument;
  readonly instruments: readonly Instrument[];
  readonly settings: BacktestSettings;
  /** The first symbol's bars. */
  readonly bars: readonly MarketBar[];
  /** Every bar time of the replay (the union over the symbols), up to where it stopped. */
  readonly times: Float64Array;
  /** Per symbol, its close at each of `times` (its first close before its first bar). */
  readonly closes: readonly Float64Array[];
  readonly engine: PaperEngine;
  readonly ledger: TradeLedger;
  readonly commands: readonly StrategyCommand[];
  readonly quoter: BarQuoter;
  /** Equity after each bar time, in units of 1e-8. */
  readonly equityUnits: Float64Array;
  readonly stopReason?: string;
}

function dataOf(options: BacktestOptions<unknown, StrategyParams>): readonly BacktestData[] {
  if (options.data !== undefined) {
    if (options.symbol !== undefined || options.bars !== undefined) throw new RangeError('a backtest takes either symbol and bars, or data');
    if (options.data.length === 0) throw new RangeError('a backtest needs the bars of at least one symbol');
    const symbols = new Set(options.data.map((d) => d.symbol));
    if (symbols.size !== options.data.length) throw new RangeError('each symbol of a backtest needs exactly one series of bars');
    return options.data;
  }
  if (options.symbol === undefined || options.bars === undefined) throw new RangeError('a backtest needs symbol and bars, or data');
  return [{ symbol: options.symbol, bars: options.bars, ...(options.instrument === undefined ? {} : { instrument: options.instrument }) }];
}

/** Every bar time of the symbols, once, in increasing order (typed: a million bars cost 8 MB and no GC work). */
function timelineOf(feeds: readonly { readonly bars: readonly MarketBar[] }[]): Float64Array {
  if (feeds.length === 1) {
    const bars = (feeds[0] as { bars: readonly MarketBar[] }).bars;
    const times = new Float64Array(bars.length);
    for (let i = 0; i < bars.length; i++) times[i] = (bars[i] as MarketBar).time;
    return times;
  }
  return Float64Array.from(new Set(feeds.flatMap((feed) => feed.bars.map((bar) => bar.time)))).sort();
}

/** Replays the bars through the engine and the strategy (the part measured in bars per second). */
export function replayBacktest<State, Params extends StrategyParams = StrategyParams>(options: BacktestOptions<State, Params>): BacktestReplay {
  const data = dataOf(options as BacktestOptions<unknown, StrategyParams>);
  for (const { symbol, bars } of data) if (bars.length === 0) throw new RangeError(`a backtest needs at least one bar${data.length > 1 ? ` of ${symbol}` : ''}`);
  const prepared = data.map((d) => {
    const instrument = d.instrument ?? backtestInstrument(d.symbol, d.bars, options.catalog);
    return { instrument, bars: barsOnTick(d.bars, instrument) };
  });
  const times = timelineOf(prepared);
  const first = prepared[0] as (typeof prepared)[number];
  const settings = settingsOf(options as BacktestOptions<unknown, StrategyParams>, barSpanOf(first.bars));
  const feeds: Feed[] = prepared.map(({ instrument, bars }) => ({
    symbol: instrument.symbol,
    instrument,
    bars,
    series: new BarSeries(instrument.symbol, bars, instrument.tickSize),
    quoter: new BarQuoter(instrument, data.length === 1 ? settings.barSpanMs : barSpanOf(bars), options),
    slot: new QuoteSlot(instrument.symbol),
    index: -1,
    barAt: new Int32Array(times.length),
    bar: bars[0] as MarketBar,
    size: 0n,
  }));
  const engine = paperEngineFor(options as ReplayOptions<unknown, StrategyParams>, settings, feeds.map((feed) => feed.instrument));
  const ledger = new TradeLedger(toFixed(settings.initialCash), minorUnitOf(settings.currency));
  const params = (options.params ?? options.strategy.params ?? {}) as Params;
  const ctx = new BacktestContext<Params>(feeds, engine, ledger, new TimerQueue(), params, options.log ?? (() => undefined));
  const run = initRun({ engine, ledger, ctx, strategy: options.strategy, first: feeds[0] as Feed }, (times[0] ?? 0) - 1);
  const { equityUnits, steps } = replay(times, feeds, run);
  const ran = steps === times.length ? times : times.slice(0, steps);
  return {
    strategy: options.strategy.name,
    instrument: first.instrument,
    instruments: feeds.map((feed) => feed.instrument),
    settings,
    bars: first.bars,
    times: ran,
    closes: feeds.map((feed) => closesOf(feed, steps)),
    engine,
    ledger,
    commands: ctx.commands,
    quoter: (feeds[0] as Feed).quoter,
    equityUnits: steps === times.length ? equityUnits : equityUnits.slice(0, steps),
    ...(ctx.stopReason === undefined ? {} : { stopReason: ctx.stopReason }),
  };
}

/** A symbol's close at each of the first `steps` bar times: its latest bar's, or its first bar's before it has one. */
function closesOf(feed: Feed, steps: number): Float64Array {
  const closes = new Float64Array(steps);
  const { series, barAt } = feed;
  for (let i = 0; i < steps; i++) closes[i] = series.close(Math.max(barAt[i] ?? 0, 0));
  return closes;
}

/** The report of a finished replay: exact figures from the engine's books, trades from the ledger. */
export function reportBacktest(replay: BacktestReplay): BacktestReport {
  const { engine } = replay;
  const orders = engine.orders();
  return buildReport({
    strategy: replay.strategy,
    symbols: replay.instruments.map((instrument) => instrument.symbol),
    settings: replay.settings,
    ledger: replay.ledger,
    initialCash: toFixed(replay.settings.initialCash),
    minorUnit: minorUnitOf(replay.settings.currency),
    unrealizedPL: engine.books().unrealizedPL,
    orders: orders.length,
    rejectedOrders: orders.filter((o) => o.status === OrderStatus.Rejected).length,
    executions: engine.executions(),
    times: replay.times,
    closes: replay.closes,
    equityUnits: replay.equityUnits,
  });
}

/** Replays and reports. */
export function runBacktest<State, Params extends StrategyParams = StrategyParams>(options: BacktestOptions<State, Params>): BacktestRun {
  const replay = replayBacktest(options);
  return {
    report: reportBacktest(replay),
    engine: replay.engine,
    commands: replay.commands,
    quoter: replay.quoter,
    ...(replay.stopReason === undefined ? {} : { stopReason: replay.stopReason }),
  };
}

/** The hot loop: nothing here allocates per bar but the engine's quotes and what the strategy does. */
function replay<State, Params extends StrategyParams>(times: Float64Array, feeds: readonly Feed[], started: ReplayRun<State, Params>): { equityUnits: Float64Array; steps: number } {
  const count = times.length;
  const equityUnits = new Float64Array(count);
  const { engine, ledger, ctx } = started;
  const active: Feed[] = [];
  let balance = ledger.balance;
  let balanceUnits = Number(balance);
  let steps = 0;
  while (steps < count && ctx.stopReason === undefined) {
    const time = times[steps] as number;
    let n = 0;
    for (const feed of feeds) {
      const next = feed.bars[feed.index + 1];
      if (next?.time === time) {
        feed.index += 1;
        feed.bar = next;
        active[n++] = feed;
      }
      feed.barAt[steps] = feed.index;
    }
    playBarTime(started, active, n, time);
    let units: number;
    if (ledger.openCount === 0) {
      if (ledger.balance !== balance) {
        balance = ledger.balance;
        balanceUnits = Number(balance);
      }
      units = balanceUnits;
    } else {
      const books = engine.books();
      units = Number(books.balance + books.unrealizedPL);
    }
    equityUnits[steps] = units;
    steps += 1;
  }
  finishRun(started);
  return { equityUnits, steps };
}
