/**
 * A backtest over streamed bars: the bars of every symbol come from one iterable in time order (a generator, a
 * file read as it goes, `mergeBarStreams` of `@trading-pro/strategy` over one stream per symbol) and only the
 * latest `history` bars of each symbol stay in memory, so a portfolio of a hundred symbols over a year of minute
 * bars replays in the memory of one day's bars. Each bar time plays exactly as in `replayBacktest`.
 */
import { OrderStatus, toFixed } from '@trading-pro/contracts';
import type { MarketBar } from '../market/bar.ts';
import type { Instrument } from '../market/instrument.ts';
import { minorUnitOf } from '../paper/accounting.ts';
import type { PaperEngine } from '../paper/engine.ts';
import { BacktestContext } from './backtest-context.ts';
import { BarQuoter, QuoteSlot } from './bar-quotes.ts';
import { finishRun, initRun, paperEngineFor, playBarTime, settingsOf } from './replay-core.ts';
import type { ReplayFeed, ReplayOptions } from './replay-core.ts';
import { summaryOf } from './report.ts';
import type { BacktestSettings, BacktestSummary } from './report.ts';
import { RollingBars } from './rolling-bars.ts';
import type { StrategyParams } from './strategy.ts';
import { TimerQueue } from './timer-queue.ts';
import { TradeLedger } from './trade-ledger.ts';

/** A bar of one symbol in a multi-symbol stream. */
export interface SymbolBar extends MarketBar {
  readonly symbol: string;
}

export interface BarStreamOptions<State, Params extends StrategyParams = StrategyParams> extends ReplayOptions<State, Params> {
  /** Every symbol the stream may carry, in the order the strategy sees them (`ctx.symbols`). */
  readonly instruments: readonly Instrument[];
  /** Bars in nondecreasing time order, at most one per symbol and time, prices on each instrument's tick. */
  readonly bars: Iterable<SymbolBar>;
  /** Time one bar covers, in ms: where the bar's four quotes fall (a stream cannot be looked ahead to infer it). */
  readonly barSpanMs: number;
  /** Bars kept per symbol for `ctx.bar(ago)` and `ctx.sma(period)` (default 500). */
  readonly history?: number;
}

export interface BarStreamRun {
  readonly strategy: string;
  readonly settings: BacktestSettings;
  readonly summary: BacktestSummary;
  /** Bars replayed (over every symbol) and bar times (distinct times). */
  readonly bars: number;
  readonly barTimes: number;
  /** First and last bar time (NaN when the stream was empty). */
  readonly from: number;
  readonly to: number;
  /** Equity after each bar time, in units of 1e-8: exact while flat, valued in doubles while positions are open. */
  readonly equityUnits: Float64Array;
  /** The engine after the last bar: orders, executions, positions. */
  readonly engine: PaperEngine;
  readonly stopReason?: string;
}

interface StreamFeed extends ReplayFeed {
  readonly series: RollingBars;
}

const UNIT = 1e8;
const DEFAULT_HISTORY = 500;

/** Replays a stream of bars of several symbols through the engine and the strategy. */
export function replayBarStream<State, Params extends StrategyParams = StrategyParams>(options: BarStreamOptions<State, Params>): BarStreamRun {
  if (options.instruments.length === 0) throw new RangeError('a backtest needs at least one instrument');
  if (!(options.barSpanMs > 0)) throw new RangeError('barSpanMs must be > 0');
  const settings = settingsOf(options as ReplayOptions<unknown, StrategyParams>, options.barSpanMs);
  const history = options.history ?? DEFAULT_HISTORY;
  const feeds = new Map<string, StreamFeed>();
  for (const instrument of options.instruments) {
    if (feeds.has(instrument.symbol)) throw new RangeError(`${instrument.symbol} is listed twice`);
    feeds.set(instrument.symbol, {
      symbol: instrument.symbol,
      series: new RollingBars(instrument.symbol, history, instrument.tickSize),
      quoter: new BarQuoter(instrument, options.barSpanMs, options),
      slot: new QuoteSlot(instrument.symbol),
      index: -1,
      bar: { time: 0, open: 0n, high: 0n, low: 0n, close: 0n, volume: 0n },
      size: 0n,
    });
  }
  const list = [...feeds.values()];
  const engine = paperEngineFor(options as ReplayOptions<unknown, StrategyParams>, settings, options.instruments);
  const initialCash = toFixed(settings.initialCash);
  const ledger = new TradeLedger(initialCash, minorUnitOf(settings.currency));
  const params = (options.params ?? options.strategy.params ?? {}) as Params;
  const ctx = new BacktestContext<Params>(list, engine, ledger, new TimerQueue(), params, options.log ?? (() => undefined));
  const iterator = options.bars[Symbol.iterator]();
  let next = iterator.next();
  const from = next.done === true ? Number.NaN : next.value.time;
  const run = initRun({ engine, ledger, ctx, strategy: options.strategy, first: list[0] as StreamFeed }, from - 1);
  const active: StreamFeed[] = [];
  let equityUnits = new Float64Array(1_024);
  let barTimes = 0;
  let bars = 0;
  let to = Number.NaN;
  while (next.done !== true && ctx.stopReason === undefined) {
    const time = next.value.time;
    let n = 0;
    do {
      const bar = next.value;
      const feed = feeds.get(bar.symbol);
      if (feed === undefined) throw new RangeError(`a bar of ${bar.symbol}, which is not among the instruments`);
      if (feed.index >= 0 && feed.bar.time === time) throw new RangeError(`two bars of ${bar.symbol} at ${new Date(time).toISOString()}`);
      feed.index = feed.series.push(bar);
      feed.bar = bar;
      active[n++] = feed;
      next = iterator.next();
    } while (next.done !== true && next.value.time === time);
    if (next.done !== true && next.value.time < time) throw new RangeError(`bars out of time order: ${new Date(next.value.time).toISOString()} after ${new Date(time).toISOString()}`);
    bars += n;
    to = time;
    playBarTime(run, active, n, time);
    if (barTimes === equityUnits.length) {
      const grown = new Float64Array(equityUnits.length * 2);
      grown.set(equityUnits);
      equityUnits = grown;
    }
    equityUnits[barTimes++] = ledger.openCount === 0 ? Number(ledger.balance) : engine.equityEstimate() * UNIT;
  }
  finishRun(run);
  equityUnits = equityUnits.slice(0, barTimes);
  const orders = engine.orders();
  const summary = summaryOf({
    ledger,
    initialCash,
    minorUnit: minorUnitOf(settings.currency),
    unrealizedPL: engine.books().unrealizedPL,
    orders: orders.length,
    rejectedOrders: orders.filter((o) => o.status === OrderStatus.Rejected).length,
    equityUnits,
  });
  return { strategy: options.strategy.name, settings, summary, bars, barTimes, from, to, equityUnits, engine, ...(ctx.stopReason === undefined ? {} : { stopReason: ctx.stopReason }) };
}
