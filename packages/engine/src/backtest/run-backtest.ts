/**
 * The backtester: replays bars through the same `PaperEngine` the live paper broker runs, at full speed. Per bar:
 * its four quotes (bar-quotes.ts) go to `onQuote`, then the strategy's `onBar` runs at the close quote's time, then
 * the equity is sampled. Orders reach the engine with its latency (default 1 ms), so an order placed in `onBar`
 * fills on the following quotes — a market order at the next bar's open — as in a live session.
 */
import { OrderStatus, toFixed } from '@trading-pro/contracts';
import type { MarketBar } from '../market/bar.ts';
import { catalogOf } from '../market/instrument.ts';
import type { Instrument, InstrumentCatalog } from '../market/instrument.ts';
import { minorUnitOf } from '../paper/accounting.ts';
import { PaperEngine } from '../paper/engine.ts';
import type { CommissionConfig } from '../models/commission.ts';
import type { FillModelName } from '../models/fill.ts';
import type { LatencyConfig } from '../models/latency.ts';
import type { SlippageConfig } from '../models/slippage.ts';
import { BacktestContext } from './backtest-context.ts';
import type { StrategyCommand } from './backtest-context.ts';
import { backtestInstrument, barsOnTick } from './backtest-instrument.ts';
import { BarQuoter, QUOTES_PER_BAR, QuoteSlot, barSpanOf } from './bar-quotes.ts';
import { BarSeries } from './bar-series.ts';
import { buildReport } from './report.ts';
import type { BacktestReport, BacktestSettings } from './report.ts';
import type { BacktestBar, Strategy } from './strategy.ts';
import { TradeLedger } from './trade-ledger.ts';

export interface BacktestOptions<State> {
  readonly symbol: string;
  /** Bars in increasing time order (e.g. from `parseCsvBars`). */
  readonly bars: readonly MarketBar[];
  readonly strategy: Strategy<State>;
  /** Default: the built-in instrument of that symbol, else a 24x7 one ticked by the data (`backtestInstrument`). */
  readonly instrument?: Instrument;
  readonly catalog?: InstrumentCatalog;
  /** Starting cash (default 100,000). */
  readonly initialCash?: number;
  readonly currency?: string;
  readonly commission?: { readonly rate: number; readonly min?: number } | Extract<CommissionConfig, { model: 'perShare' }>;
  readonly slippage?: SlippageConfig;
  /** Between an order and its first possible fill (default 1 ms: after the quote the strategy saw). */
  readonly latencyMs?: number;
  /** Latency model (overrides `latencyMs`), as the paper broker's. */
  readonly latency?: LatencyConfig;
  /** Fill model of resting limits, as the paper broker's (default standard). */
  readonly fill?: FillModelName;
  readonly spreadTicks?: number;
  /** Fixed displayed size per quote (default: a quarter of the bar's volume). */
  readonly quoteSize?: number;
}

export interface BacktestRun {
  readonly report: BacktestReport;
  /** The engine after the last bar: orders, executions, positions, books. */
  readonly engine: PaperEngine;
  /** What the strategy sent, with times, in order. */
  readonly commands: readonly StrategyCommand[];
  readonly quoter: BarQuoter;
}

/** A strategy failed: names the bar, keeps the original error as `cause`. */
export class StrategyError extends Error {
  override readonly name = 'StrategyError';
}

function settingsOf(options: BacktestOptions<unknown>, barSpanMs: number): BacktestSettings {
  return {
    initialCash: options.initialCash ?? 100_000,
    currency: options.currency ?? 'USD',
    commission: options.commission !== undefined && 'model' in options.commission ? options.commission : { rate: options.commission?.rate ?? 0, min: options.commission?.min ?? 0 },
    slippage: options.slippage ?? { model: 'none' },
    latencyMs: options.latencyMs ?? 1,
    spreadTicks: options.spreadTicks ?? 1,
    quoteSize: options.quoteSize ?? 'volume',
    barSpanMs,
  };
}

/** Everything a replay leaves behind; `reportBacktest` turns it into the report. */
export interface BacktestReplay {
  readonly strategy: string;
  readonly instrument: Instrument;
  readonly settings: BacktestSettings;
  readonly bars: readonly MarketBar[];
  readonly series: BarSeries;
  readonly engine: PaperEngine;
  readonly ledger: TradeLedger;
  readonly commands: readonly StrategyCommand[];
  readonly quoter: BarQuoter;
  /** Equity after each bar, in units of 1e-8. */
  readonly equityUnits: Float64Array;
}

/** Replays the bars through the engine and the strategy (the part measured in bars per second). */
export function replayBacktest<State>(options: BacktestOptions<State>): BacktestReplay {
  if (options.bars.length === 0) throw new RangeError('a backtest needs at least one bar');
  const instrument = options.instrument ?? backtestInstrument(options.symbol, options.bars, options.catalog);
  const bars = barsOnTick(options.bars, instrument);
  const settings = settingsOf(options as BacktestOptions<unknown>, barSpanOf(bars));
  const quoter = new BarQuoter(instrument, settings.barSpanMs, options);
  const engine = new PaperEngine({
    accountId: 'BACKTEST',
    accountName: options.strategy.name,
    currency: settings.currency,
    initialBalance: settings.initialCash,
    instruments: catalogOf([instrument]),
    latencyMs: settings.latencyMs,
    ...(options.latency === undefined ? {} : { latency: options.latency }),
    slippage: settings.slippage,
    commission: settings.commission,
    ...(options.fill === undefined ? {} : { fill: options.fill }),
    // The bars are the market: a bar exists only when the market traded.
    checkMarketHours: false,
  });
  const ledger = new TradeLedger(toFixed(settings.initialCash), minorUnitOf(settings.currency));
  const series = new BarSeries(bars, instrument.tickSize);
  const ctx = new BacktestContext(instrument.symbol, engine, series, ledger);
  const equityUnits = replay(bars, series, quoter, engine, ledger, ctx, options.strategy);
  return { strategy: options.strategy.name, instrument, settings, bars, series, engine, ledger, commands: ctx.commands, quoter, equityUnits };
}

/** The report of a finished replay: exact figures from the engine's books, trades from the ledger. */
export function reportBacktest(replay: BacktestReplay): BacktestReport {
  const { engine, series } = replay;
  const orders = engine.orders();
  return buildReport({
    strategy: replay.strategy,
    symbol: replay.instrument.symbol,
    settings: replay.settings,
    ledger: replay.ledger,
    initialCash: toFixed(replay.settings.initialCash),
    minorUnit: minorUnitOf(replay.settings.currency),
    unrealizedPL: engine.books().unrealizedPL,
    orders: orders.length,
    rejectedOrders: orders.filter((o) => o.status === OrderStatus.Rejected).length,
    executions: engine.executions(),
    bars: replay.bars,
    closeAt: (index) => series.close(index),
    equityUnits: replay.equityUnits,
  });
}

/** Replays and reports. */
export function runBacktest<State>(options: BacktestOptions<State>): BacktestRun {
  const replay = replayBacktest(options);
  return { report: reportBacktest(replay), engine: replay.engine, commands: replay.commands, quoter: replay.quoter };
}

/** The hot loop: nothing here allocates per bar but the engine's quotes and what the strategy does. */
function replay<State>(bars: readonly MarketBar[], series: BarSeries, quoter: BarQuoter, engine: PaperEngine, ledger: TradeLedger, ctx: BacktestContext, strategy: Strategy<State>): Float64Array {
  const count = bars.length;
  const equityUnits = new Float64Array(count);
  ctx.now = (bars[0]?.time ?? 0) - 1;
  const state = call(ctx, strategy.name, () => (strategy.init === undefined ? (undefined as State) : strategy.init(ctx)));
  const slot = new QuoteSlot(quoter.instrument.symbol);
  let balance = ledger.balance;
  let balanceUnits = Number(balance);
  for (let i = 0; i < count; i++) {
    const bar = bars[i] as MarketBar;
    const size = quoter.sizeOf(bar);
    for (let k = 0; k < QUOTES_PER_BAR; k++) {
      quoter.write(slot, bar, k, size);
      const events = engine.onQuote(slot);
      if (events.length !== 0) ledger.record(events);
    }
    ctx.barIndex = i;
    ctx.now = quoter.closeTime(bar);
    try {
      strategy.onBar(series.view(i) as BacktestBar, ctx, state);
    } catch (error) {
      throw strategyError(strategy.name, ctx, error);
    }
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
    equityUnits[i] = units;
  }
  return equityUnits;
}

function call<T>(ctx: BacktestContext, name: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    throw strategyError(name, ctx, error);
  }
}

function strategyError(name: string, ctx: BacktestContext, error: unknown): StrategyError {
  const where = ctx.barIndex < 0 ? 'init' : `bar ${ctx.barIndex} (${new Date(ctx.now).toISOString()})`;
  const message = error instanceof Error ? error.message : String(error);
  return new StrategyError(`strategy ${name} failed at ${where}: ${message}`, { cause: error });
}
